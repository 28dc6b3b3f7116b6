/** Record ids shaped as each CRM exports them. */

export type LinkageStyle = 'salesforce' | 'hubspot';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * 18-character Salesforce id from a 15-character one: for each 5-character chunk, bit i is set when character i is an
 * upper-case letter, and the 5-bit value indexes A–Z0–5 (the CASESAFEID algorithm, salesforce.stackexchange.com
 * question 1653). [C] Key prefix 003 is Contact. [C]
 */
export function salesforceCaseSafe(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15[chunk * 5 + i] ?? '';
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_CHARS[bits];
  }
  return id15 + suffix;
}

/**
 * Salesforce: key prefix 003, a two-character pod, two reserved zeros, eight base-62 digits, the case-safe suffix.
 * HubSpot: a 10–11-digit number. Unique per sequence number (multiplication by a unit modulo the id space is a bijection). */
export function recordId(style: LinkageStyle, seq: number): string {
  if (style === 'hubspot') return String(1_000_000_001 + ((seq * 7_919) % 9_000_000_000));
  let v = (seq * 1_000_003 + 91_138_451) % 62 ** 8;
  let body = '';
  for (let i = 0; i < 8; i++) {
    body = BASE62[v % 62] + body;
    v = Math.floor(v / 62);
  }
  return salesforceCaseSafe(`003Dn00${body}`);
}
