const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * The 3-character case-safe suffix that turns a 15-character Salesforce id into 18: for each 5-character chunk,
 * a bit per upper-case letter, read as an index into A–Z0–5.
 */
export function idSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** Builds an 18-character id from a key prefix (`003`), a pod marker and a sequence number. */
export function makeId(keyPrefix: string, sequence: number): string {
  let n = sequence;
  let tail = '';
  for (let i = 0; i < 7; i++) {
    tail = BASE62.charAt(n % 62) + tail;
    n = Math.floor(n / 62);
  }
  // 3 prefix + 5 instance/reserved ('Dn000') + 7 sequence = 15 characters.
  const id15 = `${keyPrefix}Dn000${tail}`;
  return id15 + idSuffix(id15);
}

/** Normalizes a 15- or 18-character id to 18 characters, or returns undefined when it cannot be an id. */
export function normalizeId(id: string): string | undefined {
  if (/^[a-zA-Z0-9]{15}$/.test(id)) return id + idSuffix(id);
  if (/^[a-zA-Z0-9]{18}$/.test(id)) return id.slice(0, 15) + idSuffix(id.slice(0, 15));
  return undefined;
}

/**
 * The stored form of an id a query names. A 15-character id is case-sensitive: it names the record whose 18-character
 * id it begins, in exactly that case. An 18-character id is case-insensitive: its suffix records which of the first
 * 15 characters are upper case, so any casing of it names one record (the reason the suffix exists). SOQL takes
 * either form in a filter on an Id or lookup field [T]; that it decodes a wrongly cased 18-character id this way [?].
 * Anything else is not an id: `undefined`.
 */
export function queriedId(literal: string): string | undefined {
  if (/^[a-zA-Z0-9]{15}$/.test(literal)) return literal + idSuffix(literal);
  if (!/^[a-zA-Z0-9]{18}$/.test(literal)) return undefined;
  const suffix = literal.slice(15).toUpperCase();
  let id15 = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(suffix.charAt(chunk));
    for (let i = 0; i < 5; i++) {
      const c = literal.charAt(chunk * 5 + i);
      id15 += bits & (1 << i) ? c.toUpperCase() : c.toLowerCase();
    }
  }
  // A suffix that does not describe the 15 characters (an upper-case bit over a digit) names no record.
  return idSuffix(id15) === suffix ? id15 + suffix : undefined;
}
