/*
 * Salesforce's own check of an Email field, written from its documentation and kept apart from Syncline's checks, so
 * the sandbox judges the product's addresses independently. Sources, and how sure each rule is:
 * - Help 000384328 "Salesforce Email Address Format Technical Standards Validation" (2025, 2026 editions) [C]:
 *   most Email fields hold 80 characters (the field length, checked before the format: STRING_TOO_LONG);
 *   consecutive periods are allowed in the middle and at the end of the local part (a..a@test.jp, a..@test.jp) but
 *   not at its beginning (.a@test.jp); comments in parentheses are ignored (john.doe@(comment)example.com equals
 *   john.doe@example.com); non-Latin addresses need Email Address Internationalization, which an org turns on in
 *   Setup, so a default org takes ASCII only [?].
 * - Help 000001145 "How does Salesforce qualify an email address?" (older) [C]: the local part takes
 *   a–z A–Z 0–9 and ! # $ % & ' * / = ? ^ _ + - ` { | } ~ and the period; the domain takes 0–9 A–Z a–z and the
 *   dash (with periods between its labels). So a comma, a space, an underscore in the domain or a second @ fails.
 * - RFC 5321 §4.5.3.1: a local part of at most 64 octets, a domain label of at most 63 (RFC 1035) [?] whether
 *   Salesforce enforces either (000384328 says it follows the RFCs' sizes).
 * - A domain of at least two labels, labels that neither start nor end with a dash, and no quoted local part or
 *   IP-literal domain (000384328 lists RFC features Salesforce is "likely out of full compliance with") [?].
 */

/** Characters of a local part besides letters and digits (Help 000001145). */
const LOCAL_CHARACTERS = /^[A-Za-z0-9!#$%&'*/=?^_+`{|}~.-]+$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
/** A comment at either end of a part, which Salesforce ignores (000384328). */
const EDGE_COMMENTS = /^\([^()]*\)|\([^()]*\)$/g;

export const MAX_LOCAL_PART = 64;
export const MAX_DOMAIN_LABEL = 63;

/** Why Salesforce refuses `address` for an Email field, or `undefined` when it takes it. Length is the field's to check. */
export function salesforceEmailProblem(address: string): string | undefined {
  const at = address.indexOf('@');
  if (at < 0 || address.indexOf('@', at + 1) >= 0) return 'needs exactly one @';
  const local = address.slice(0, at).replace(EDGE_COMMENTS, '');
  const domain = address.slice(at + 1).replace(EDGE_COMMENTS, '');
  if (local === '') return 'empty local part';
  if (local.length > MAX_LOCAL_PART) return `local part over ${MAX_LOCAL_PART} characters`;
  if (!LOCAL_CHARACTERS.test(local)) return 'character not allowed in the local part';
  if (local.startsWith('.')) return 'local part starts with a period';
  const labels = domain.split('.');
  if (labels.length < 2) return 'domain needs at least two labels';
  for (const label of labels) {
    if (label.length > MAX_DOMAIN_LABEL) return `domain label over ${MAX_DOMAIN_LABEL} characters`;
    if (!DOMAIN_LABEL.test(label)) return 'domain label empty or with a character not allowed';
  }
  return undefined;
}
