import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { phoneticKeys, soundsAlike } from '#domain/compare/phonetic';

const latinName = fc.stringMatching(/^[A-Za-z]{1,10}$/);

describe('phoneticKeys', () => {
  it('gives the Double Metaphone primary and alternate codes', () => {
    expect(phoneticKeys('Smith')).toEqual({ primary: 'SM0', secondary: 'XMT' });
    expect(phoneticKeys('Schmidt')).toEqual({ primary: 'XMT', secondary: 'SMT' });
  });

  it('ignores case, accents, apostrophes, hyphens and spaces', () => {
    expect(phoneticKeys("O'Brien")).toEqual(phoneticKeys('obrien'));
    expect(phoneticKeys('Mary-Ann')).toEqual(phoneticKeys('MARYANN'));
    expect(phoneticKeys('Zoë')).toEqual(phoneticKeys('zoe'));
  });

  it.each([['an empty string', ''], ['punctuation', "-' ."], ['digits', '1234'], ['null', null]])('rejects %s', (_, raw) => {
    expect(phoneticKeys(raw)).toBeUndefined();
  });
});

describe('soundsAlike', () => {
  it.each([
    ['Smith', 'Schmidt'],
    ['Catherine', 'Kathryn'],
    ['Jon', 'John'],
    ['Philip', 'Filip'],
    ['Thomson', 'Tomson'],
    ['Thomas', 'Tomas'],
    ['Gonzalez', 'Gonzales'],
    ['Shaun', 'Shawn'],
    ['Reid', 'Reed'],
    ['Stephen', 'Steven'],
    ['Meyer', 'Maier'],
  ])('matches %s and %s', (a, b) => {
    expect(soundsAlike(a, b)).toBe(true);
  });

  it.each([
    ['Smith', 'Jones'],
    ['Robert', 'Richard'],
    // A limit of Double Metaphone, kept visible: "mps" encodes as MPS, so Thompson is TMPSN and Thomson TMSN.
    ['Thompson', 'Thomson'],
    ['', ''],
    [null, 'Smith'],
    ['张伟', '张伟'],
  ])('fails to match %s and %s', (a, b) => {
    expect(soundsAlike(a, b)).toBe(false);
  });

  it('is symmetric and agrees with the codes phoneticKeys gives', () => {
    fc.assert(
      fc.property(latinName, latinName, (a, b) => {
        const ka = phoneticKeys(a);
        const kb = phoneticKeys(b);
        const codesA = [ka?.primary, ka?.secondary].filter((c) => c !== undefined && c !== '');
        const shared = [kb?.primary, kb?.secondary].some((c) => c !== undefined && codesA.includes(c));
        expect(soundsAlike(a, b)).toBe(shared);
        expect(soundsAlike(b, a)).toBe(shared);
      }),
      { numRuns: 1000 },
    );
  });

  it('is invariant under case', () => {
    fc.assert(
      fc.property(latinName, (a) => {
        expect(phoneticKeys(a.toUpperCase())).toEqual(phoneticKeys(a.toLowerCase()));
      }),
      { numRuns: 1000 },
    );
  });
});
