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
