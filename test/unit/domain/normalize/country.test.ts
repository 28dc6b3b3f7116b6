import fc from 'fast-check';
import { getAlpha2Codes, getName } from 'i18n-iso-countries/index.js';
import { describe, expect, it } from 'vitest';
import { countryCode } from '#domain/normalize/country';

const alpha2ToAlpha3 = Object.entries(getAlpha2Codes());

describe('countryCode', () => {
  it.each([
    ['US', 'US'],
    ['us', 'US'],
    ['USA', 'US'],
    ['U.S.', 'US'],
    ['U.S.A.', 'US'],
    ['United States', 'US'],
    ['United States of America', 'US'],
    ['America', 'US'],
    ['the United States', 'US'],
    ['UK', 'GB'],
    ['U.K.', 'GB'],
    ['GBR', 'GB'],
    ['Great Britain', 'GB'],
    ['United Kingdom', 'GB'],
    ['England', 'GB'],
    ['Scotland', 'GB'],
    ['Wales', 'GB'],
    ['Northern Ireland', 'GB'],
    ['Deutschland', 'DE'],
    ['deu', 'DE'],
    [' GERMANY ', 'DE'],
    ['Holland', 'NL'],
    ['The Netherlands', 'NL'],
    ['South Korea', 'KR'],
    ['Korea, Republic of', 'KR'],
    ['North Korea', 'KP'],
    ['Russia', 'RU'],
    ['Russian Federation', 'RU'],
    ['Czechia', 'CZ'],
    ['Czech Republic', 'CZ'],
    ['Côte d’Ivoire', 'CI'],
    ['Ivory Coast', 'CI'],
    ['México', 'MX'],
    ['Türkiye', 'TR'],
    ['Viet Nam', 'VN'],
    ['Iran, Islamic Republic of', 'IR'],
    ['U.S. Virgin Islands', 'VI'],
    ['UAE', 'AE'],
    ['DRC', 'CD'],
  ])('reads %s as %s', (raw, expected) => {
    expect(countryCode(raw)).toBe(expected);
  });

  it('rejects a name two countries share rather than guess', () => {
    expect(countryCode('Congo')).toBeUndefined();
  });

  it.each([['an unknown name', 'Narnia'], ['an unassigned code', 'XX'], ['an unassigned alpha-3', 'ZZZ'], ['an empty string', ''], ['punctuation', '--'], ['null', null]])(
    'rejects %s',
    (_, raw) => {
      expect(countryCode(raw)).toBeUndefined();
    },
  );

  it('reads every alpha-2 and alpha-3 code, in any case, and every official English name', () => {
    for (const [alpha2, alpha3] of alpha2ToAlpha3) {
      expect(countryCode(alpha2)).toBe(alpha2);
      expect(countryCode(alpha2.toLowerCase())).toBe(alpha2);
      expect(countryCode(alpha3)).toBe(alpha2);
      const name = getName(alpha2, 'en');
      if (name !== undefined && name !== 'Congo') expect(countryCode(name), name).toBe(alpha2);
    }
  });

  it('is insensitive to case, surrounding punctuation and spacing', () => {
    const entry = fc.constantFrom(...alpha2ToAlpha3);
    const pad = fc.constantFrom('', ' ', '. ', ' (', '"', '  ');
    fc.assert(
      fc.property(entry, fc.constantFrom(0, 1, 2), fc.boolean(), pad, pad, ([alpha2, alpha3], which, upper, before, after) => {
        const text = [alpha2, alpha3, getName(alpha2, 'en') ?? alpha2][which] ?? alpha2;
        fc.pre(text !== 'Congo');
        const variant = `${before}${upper ? text.toUpperCase() : text.toLowerCase()}${after}`;
        expect(countryCode(variant)).toBe(alpha2);
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent: a code it returns reads as itself', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 6 }), fc.string({ unit: 'grapheme' })), (raw) => {
        const once = countryCode(raw);
        expect(countryCode(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});
