/**
 * Phone normalization for identity resolution: any spelling of a number becomes its E.164 form.
 *
 * Metadata: the default `libphonenumber-js` entry point carries the "min" metadata (about 80 kB), which knows each
 * country's possible lengths and the leading digits that tell countries sharing a calling code apart (+1 US/CA/...,
 * +44 GB/JE/GG/IM), but not the full per-type digit patterns. The "max" metadata (+65 kB per bundle) would also
 * reject numbers in unallocated ranges, at the price of rejecting newly allocated ranges until the package is
 * upgraded. For matching, the min set is the better trade: a false "invalid" silently loses a match, while the
 * placeholder numbers that cause false merges (`0000000000`, `1234567890`) already fail with the min set.
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Where to read a number's country from when the number itself does not say (`+CC`). */
export interface PhoneContext {
  /** The record's own ISO 3166-1 alpha-2 country (see `countryCode`), when it has one. */
  country?: string | undefined;
  /** The configured default ISO 3166-1 alpha-2 country, used when the record has none or an unknown one. */
  defaultCountry: string;
}

/** The ISO code as libphonenumber's type, or `undefined` when it has no metadata for it. */
function supported(code: string | undefined): CountryCode | undefined {
  if (code === undefined) return undefined;
  const upper = code.trim().toUpperCase();
  return isSupportedCountry(upper) ? upper : undefined;
}

/**
 * `isValid()` and not `isPossible()`: with the min metadata (see the module comment) validity is possible length
 * plus the leading digits that pick the country, so `isPossible()` alone would accept `1234567890` in the US (no
 * area code starts with 1) and numbers like `+44 7700 900123` that no +44 country owns.
 */
function e164(text: string, country: CountryCode | undefined): string | undefined {
  const parsed = parsePhoneNumberFromString(text, country === undefined ? undefined : { defaultCountry: country });
  return parsed !== undefined && parsed.isValid() ? parsed.number : undefined;
}

/**
 * The E.164 form of a phone number (`+14155550123`), for matching and storage.
 *
 * A number written with its calling code (`+44 20 7946 0958`, `tel:+1-415-555-0123`) keeps its own country; a
 * national number (`(415) 555-0123`, `415.555.0123`, `020 7946 0958`) is read in the record's country, else in the
 * default. `00` followed by a calling code is read as an international number whatever the country, as people
 * write it that way everywhere; the country's own international prefix works too (`011 44 ...` in the US).
 * Extensions (`x12`, `ext. 5`, `;ext=12`) are dropped: the key names the line; that colleagues share a switchboard
 * line is for the matcher to weigh, as it weighs any shared phone.
 *
 * @returns the E.164 string, or `undefined` for text that is not a valid number (too short or long, a leading
 * digit no country uses, placeholders such as `0000000000`).
 */
export function normalizePhone(raw: string | null | undefined, context: PhoneContext): string | undefined {
  if (!raw) return undefined;
  const text = raw.trim();
  if (text.length === 0) return undefined;
  const country = supported(context.country) ?? supported(context.defaultCountry);
  // `00` is tried as the international prefix first: it is one in most of the world, and some national plans give
  // `00...` numbers a meaning of their own (Japan's `0012...` parses as a valid +81 number). If that fails, the
  // number is read in the country, which covers other prefixes that start with 00 (`0011` in Australia).
  const international = text.startsWith('00') ? e164(`+${text.slice(2)}`, undefined) : undefined;
  return international ?? e164(text, country);
}

/** The country calling code of an E.164 number (`+44 20 …` → `44`), or `undefined` when it does not parse. */
export function callingCodeOf(e164: string): string | undefined {
  return parsePhoneNumberFromString(e164)?.countryCallingCode;
}
