import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indelRatio, tokenSetRatio } from '#domain/compare/token-set';

const token = fc.stringMatching(/^[a-z0-9]{1,6}$/);
const tokens = fc.array(token, { minLength: 1, maxLength: 6 });
const text = fc.oneof(tokens.map((t) => t.join(' ')), fc.string({ maxLength: 30 }));

describe('indelRatio', () => {
  it('is 2·LCS / total length', () => {
    expect(indelRatio('kitten', 'sitting')).toBeCloseTo(8 / 13, 12);
    expect(indelRatio('abc', 'abc')).toBe(1);
    expect(indelRatio('abc', 'xyz')).toBe(0);
    expect(indelRatio('', '')).toBe(1);
    expect(indelRatio('', 'a')).toBe(0);
  });
});

describe('tokenSetRatio', () => {
  it('gives 1 when one word set contains the other, in any order and with repeats', () => {
    expect(tokenSetRatio('fuzzy was a bear', 'fuzzy fuzzy was a bear')).toBe(1);
    expect(tokenSetRatio('Acme Widgets', 'Widgets Acme Holdings')).toBe(1);
    expect(tokenSetRatio('José García', 'garcia, JOSE')).toBe(1);
  });

  it('compares the remainders when neither set contains the other', () => {
    // sect "acme"; "acme corp" vs "acme inc" share "acme " and "c": LCS 6 of 17 characters.
    expect(tokenSetRatio('Acme Corp', 'Acme Inc')).toBeCloseTo(12 / 17, 12);
    expect(tokenSetRatio('acme', 'zeta')).toBeCloseTo(2 / 8, 12);
  });

  it('rejects texts without a word as no evidence: 0', () => {
    expect(tokenSetRatio('', '')).toBe(0);
    expect(tokenSetRatio('acme', '  ,. ')).toBe(0);
  });

  it('fails to match texts with no character in common; the space between words counts as one', () => {
    expect(tokenSetRatio('abcdef', 'xyzuvw')).toBe(0);
    expect(tokenSetRatio('abc def', 'xyz uvw')).toBeCloseTo(2 / 14, 12);
  });

  it('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const score = tokenSetRatio(a, b);
        expect(tokenSetRatio(b, a)).toBe(score);
        expect(score >= 0 && score <= 1).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives 1 when one token set is contained in the other', () => {
    fc.assert(
      fc.property(tokens, fc.array(token, { maxLength: 4 }), (base, extra) => {
        expect(tokenSetRatio(base.join(' '), [...extra, ...base].join(' '))).toBe(1);
      }),
      { numRuns: 1000 },
    );
  });

  it('is invariant under token order, repetition and case', () => {
    fc.assert(
      fc.property(tokens, tokens, fc.nat(), (a, b, seed) => {
        const shuffled = [...a, a[seed % a.length] ?? ''].sort((x, y) => (x.length * 31 + seed) % 7 - (y.length * 31 + seed) % 7);
        expect(tokenSetRatio(shuffled.join('  ').toUpperCase(), b.join(' '))).toBe(tokenSetRatio(a.join(' '), b.join(' ')));
      }),
      { numRuns: 1000 },
    );
  });

  it('scores below 1 when each side has a word the other lacks', () => {
    fc.assert(
      fc.property(tokens, token, token, (common, x, y) => {
        fc.pre(x !== y && !common.includes(x) && !common.includes(y));
        expect(tokenSetRatio([...common, x].join(' '), [...common, y].join(' '))).toBeLessThan(1);
      }),
      { numRuns: 1000 },
    );
  });
});
