import fc from 'fast-check';
import { getExampleNumber, parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { normalizePhone } from '#domain/normalize/phone';

const us = { defaultCountry: 'US' };
/** E.164: a plus, a calling code not starting with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{1,14}$/;
const countries: readonly CountryCode[] = ['US', 'CA', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'AU', 'IN', 'JP', 'BR', 'MX', 'SG', 'ZA'];

/**
 * Valid numbers of several countries: each country's example mobile number with its last four digits replaced,
 * kept only when libphonenumber still calls it valid, so the same number can then be written every way.
 */
const validNumber = fc
  .tuple(fc.constantFrom(...countries), fc.integer({ min: 0, max: 9999 }))
  .map(([country, tail]) => {
    const example = getExampleNumber(country, examples);
    const national = `${example?.nationalNumber.slice(0, -4)}${String(tail).padStart(4, '0')}`;
    return { country, number: parsePhoneNumberFromString(national, country) };
  })
  .filter((x): x is { country: CountryCode; number: PhoneNumber } => x.number?.isValid() === true);

describe('normalizePhone', () => {
  it.each([
    ['(415) 555-0123'],
    ['415.555.0123'],
    ['415-555-0123'],
    ['1 415 555 0123'],
    ['+1 415 555 0123 x12'],
    ['(415) 555-0123 ext. 5'],
    ['tel:+1-415-555-0123;ext=12'],
    ['+14155550123'],
  ])('gives one E.164 for the US spelling %s, extensions dropped', (raw) => {
    expect(normalizePhone(raw, us)).toBe('+14155550123');
  });

  it("reads a national number in the record's country before the default", () => {
    expect(normalizePhone('020 7946 0958', { country: 'GB', defaultCountry: 'US' })).toBe('+442079460958');
    expect(normalizePhone('030 123456', { country: 'de', defaultCountry: 'US' })).toBe('+4930123456');
  });

  it('keeps the own country of a number written with its calling code', () => {
    expect(normalizePhone('+44 20 7946 0958', { country: 'US', defaultCountry: 'US' })).toBe('+442079460958');
    expect(normalizePhone('+1 (415) 555-0123', { country: 'GB', defaultCountry: 'DE' })).toBe('+14155550123');
  });

  it('accepts the 00 international prefix from any country, and the default country’s own prefix', () => {
    expect(normalizePhone('0044 20 7946 0958', us)).toBe('+442079460958');
    expect(normalizePhone('00 44 20 7946 0958', { defaultCountry: 'DE' })).toBe('+442079460958');
    expect(normalizePhone('011 44 20 7946 0958', us)).toBe('+442079460958');
    expect(normalizePhone('0011 44 20 7946 0958', { defaultCountry: 'AU' })).toBe('+442079460958');
  });

  it('falls back to the default country when the record’s country is unknown', () => {
    expect(normalizePhone('415 555 0123', { country: 'ZZ', defaultCountry: 'US' })).toBe('+14155550123');
    expect(normalizePhone('415 555 0123', { country: '', defaultCountry: 'US' })).toBe('+14155550123');
  });

  it.each([
    ['too short', '555-0123'],
    ['a placeholder of zeros', '0000000000'],
    ['a counting placeholder', '1234567890'],
    ['a +44 number no +44 country owns', '+44 7700 900123'],
    ['text', 'n/a'],
    ['a lone plus', '+'],
    ['a bare 00', '00'],
    ['an empty string', ''],
    ['blanks', '   '],
  ])('rejects %s', (_, raw) => {
    expect(normalizePhone(raw, us)).toBeUndefined();
  });

  it('rejects null and undefined', () => {
    expect(normalizePhone(null, us)).toBeUndefined();
    expect(normalizePhone(undefined, us)).toBeUndefined();
  });

  it('gives the same E.164 for one number in national, international, RFC 3966 and 00 spellings', () => {
    const elsewhere = fc.constantFrom<string>('US', 'GB', 'DE', 'JP');
    fc.assert(
      fc.property(validNumber, elsewhere, ({ country, number }, other) => {
        const international = number.formatInternational();
        expect(normalizePhone(number.formatNational(), { country, defaultCountry: other })).toBe(number.number);
        expect(normalizePhone(number.formatNational(), { defaultCountry: country })).toBe(number.number);
        expect(normalizePhone(international, { country: other, defaultCountry: other })).toBe(number.number);
        expect(normalizePhone(number.getURI(), { defaultCountry: other })).toBe(number.number);
        expect(normalizePhone(`00${international.slice(1)}`, { defaultCountry: other })).toBe(number.number);
        expect(normalizePhone(`${international} ext. 42`, { defaultCountry: other })).toBe(number.number);
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent and gives E.164 or nothing', () => {
    const text = fc.oneof(fc.stringMatching(/^[+0-9 ().x-]{0,20}$/), fc.string({ unit: 'grapheme-ascii' }));
    fc.assert(
      fc.property(text, fc.constantFrom(...countries), (raw, country) => {
        const once = normalizePhone(raw, { defaultCountry: country });
        if (once !== undefined) expect(once).toMatch(E164);
        expect(normalizePhone(once, { defaultCountry: country })).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});
