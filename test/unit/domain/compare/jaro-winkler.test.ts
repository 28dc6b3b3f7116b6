import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jaro, jaroWinkler } from '#domain/compare/jaro-winkler';

/**
 * The textbook algorithm, written plainly (boolean arrays, no argument swap, no shared buffer) to check the
 * allocation-light implementation against.
 */
function referenceJaro(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const matchedA: boolean[] = Array.from({ length: a.length }, () => false);
  const matchedB: boolean[] = Array.from({ length: b.length }, () => false);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j <= Math.min(b.length - 1, i + window); j++) {
      if (!matchedB[j] && a[i] === b[j]) {
        matchedA[i] = matchedB[j] = true;
        m++;
        break;
      }
    }
  }
  if (m === 0) return 0;
  const fromA = [...a].filter((_, i) => matchedA[i]);
  const fromB = [...b].filter((_, j) => matchedB[j]);
  const halfTranspositions = fromA.filter((ch, k) => ch !== fromB[k]).length;
  return (m / a.length + m / b.length + (m - halfTranspositions / 2) / m) / 3;
}

/** Strings over a small alphabet, so that near-matches and transpositions are common. */
const short = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', 'e'), maxLength: 12 });
const any = fc.oneof(short, fc.string({ maxLength: 20 }), fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 100, maxLength: 300 }));

describe('jaroWinkler', () => {
  it.each([
    ['MARTHA', 'MARHTA', 0.944, 0.961],
    ['DWAYNE', 'DUANE', 0.822, 0.84],
    ['DIXON', 'DICKSONX', 0.767, 0.813],
    ['JELLYFISH', 'SMELLYFISH', 0.896, 0.896],
  ])('scores the reference pair %s / %s (jaro %f, jaro-winkler %f)', (a, b, j, jw) => {
    expect(jaro(a, b)).toBeCloseTo(j, 3);
    expect(jaroWinkler(a, b)).toBeCloseTo(jw, 3);
  });

  it('gives 1 for equal strings, the empty string included, and 0 against an empty string', () => {
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('robert', 'robert')).toBe(1);
    expect(jaroWinkler('', 'robert')).toBe(0);
    expect(jaroWinkler('robert', '')).toBe(0);
  });

  it('gives 0 when no character matches within the window', () => {
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaro('ab', 'ba')).toBe(0);
  });

  it('compares long strings beyond the shared buffer the same way', () => {
    const a = 'a'.repeat(200);
    const b = `${'a'.repeat(199)}b`;
    const j = (199 / 200 + 199 / 200 + 1) / 3;
    expect(jaro(a, b)).toBeCloseTo(j, 12);
    expect(jaroWinkler(a, b)).toBeCloseTo(j + 0.4 * (1 - j), 12);
  });

  it('honours prefixScale, maxPrefix and boostThreshold', () => {
    const j = jaro('MARTHA', 'MARHTA');
    expect(jaroWinkler('MARTHA', 'MARHTA', { prefixScale: 0 })).toBe(j);
    expect(jaroWinkler('MARTHA', 'MARHTA', { maxPrefix: 1 })).toBeCloseTo(j + 0.1 * (1 - j), 12);
    expect(jaroWinkler('MARTHA', 'MARHTA', { boostThreshold: 0.95 })).toBe(j);
    expect(jaroWinkler('abcxyz', 'abcdef', { boostThreshold: 0 })).toBeGreaterThan(jaro('abcxyz', 'abcdef'));
    expect(jaroWinkler('abcxyz', 'abcdef')).toBe(jaro('abcxyz', 'abcdef'));
  });

  it('rejects options that could push the score above 1', () => {
    expect(() => jaroWinkler('a', 'b', { prefixScale: 0.3 })).toThrow(RangeError);
    expect(() => jaroWinkler('a', 'b', { prefixScale: -0.1 })).toThrow(/prefixScale \(-0.1\)/);
    expect(() => jaroWinkler('a', 'b', { maxPrefix: Number.NaN })).toThrow(RangeError);
  });

  it('agrees with the textbook Jaro algorithm', () => {
    fc.assert(
      fc.property(any, any, (a, b) => {
        expect(jaro(a, b)).toBeCloseTo(referenceJaro(a, b), 12);
      }),
      { numRuns: 2000 },
    );
  });

  it('is symmetric, within [0, 1], never below jaro, and 1 exactly for equal strings', () => {
    fc.assert(
      fc.property(any, any, (a, b) => {
        const score = jaroWinkler(a, b);
        expect(jaroWinkler(b, a)).toBe(score);
        expect(jaro(b, a)).toBe(jaro(a, b));
        expect(score).toBeGreaterThanOrEqual(jaro(a, b));
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score <= 1).toBe(true);
        expect(score === 1).toBe(a === b);
        expect(jaroWinkler(a, a)).toBe(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('stays within [0, 1] for any allowed options', () => {
    const options = fc.record({ prefixScale: fc.double({ min: 0, max: 0.25, noNaN: true }), maxPrefix: fc.integer({ min: 0, max: 4 }), boostThreshold: fc.double({ min: 0, max: 1, noNaN: true }) });
    fc.assert(
      fc.property(short, short, options, (a, b, o) => {
        const score = jaroWinkler(a, b, o);
        expect(score >= jaro(a, b) && score <= 1).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
