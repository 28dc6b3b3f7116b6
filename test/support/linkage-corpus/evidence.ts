import type { ContactFields } from '#test/support/dedupe-corpus/generate';
import { COMPANY_ABBREVIATIONS, COUNTRIES, PERSONAL_DOMAINS } from '#test/support/linkage-corpus/pools';

/**
 * The corpus' ground-truth rule, written for this corpus alone (it is not the matcher under test and shares no code
 * with it): what a duplicate must keep so that a careful human reading the two records would accept them as one
 * person, and what planted hard negatives must keep so that the same human would keep them apart.
 *
 * A duplicate keeps LINKING EVIDENCE with its original:
 *   (E1) the same e-mail address (case and surrounding space ignored), or
 *   (E2) name agreement — the same given name or the same surname, possibly swapped between the two fields — and
 *        at least one of: the same telephone number (same national number, formatting and extension ignored) or
 *        organisation agreement (same work e-mail domain, same website host, or the same company name once case,
 *        punctuation, legal form and the abbreviations the corpus uses are set aside).
 * Name agreement alone is never enough (namesakes exist), nor is a shared phone or company alone (switchboards,
 * colleagues). The generator checks the rule after each variation it applies to a duplicate and undoes a variation
 * that would break it, so no duplicate is unresolvable.
 *
 * Members of a hard-negative group can be TOLD APART: their originals have different, non-empty e-mail addresses,
 * and differ in the given name, the surname (a Jr./Sr. suffix counts) or the organisation; duplicates of a member
 * keep the member's e-mail address exactly, so the address that tells them apart survives every variation.
 */

const LEGAL_WORDS = new Set(
  COUNTRIES.flatMap((c) => c.legalForms.flat()).flatMap((form) => normalizeWords(form).split(' ')).filter((w) => w.length > 0),
);
const EXPANSIONS = new Map(COMPANY_ABBREVIATIONS.map(([full, short]) => [normalizeWords(short), normalizeWords(full)]));
const PERSONAL = new Set(PERSONAL_DOMAINS);
const CALLING_CODES = [...new Set(COUNTRIES.map((c) => c.phone.cc))].sort((a, b) => b.length - a.length);

function normalizeWords(value: string): string {
  return value.toLowerCase().replace(/[.,']/g, '').replace(/&/g, ' and ').replace(/\s+/g, ' ').trim();
}

function nameKey(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** The domain of a work address; '' for a personal provider or no address. */
export function workDomain(email: string): string {
  const at = emailKey(email).lastIndexOf('@');
  if (at < 0) return '';
  const domain = emailKey(email).slice(at + 1);
  return PERSONAL.has(domain) ? '' : domain;
}

export function websiteHost(website: string): string {
  return website.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '');
}

/** Company name with case, punctuation, legal-form words and the corpus' abbreviations set aside. */
export function companyCore(company: string): string {
  let words = normalizeWords(company);
  for (const [short, full] of EXPANSIONS) words = ` ${words} `.replace(` ${short} `, ` ${full} `).trim();
  return words.split(' ').filter((w) => !LEGAL_WORDS.has(w) && w !== 'the').join(' ');
}

/** The national significant number: extension cut off, calling code or trunk "0" removed; '' when absent. */
export function phoneKey(phone: string): string {
  const main = phone.split(/\s*(?:x|ext\.?|#|;ext=)\s*\d+\s*$/i)[0] ?? '';
  const digits = main.replace(/\D/g, '');
  if (main.trim().startsWith('+')) {
    const cc = CALLING_CODES.find((code) => digits.startsWith(code));
    return cc ? digits.slice(cc.length) : digits;
  }
  return digits.replace(/^0/, '');
}

export function nameAgreement(a: ContactFields, b: ContactFields): boolean {
  const [af, al, bf, bl] = [nameKey(a.firstName), nameKey(a.lastName), nameKey(b.firstName), nameKey(b.lastName)];
  const same = (x: string, y: string) => x.length > 0 && x === y;
  return same(af, bf) || same(al, bl) || same(af, bl) || same(al, bf);
}

export function phoneAgreement(a: ContactFields, b: ContactFields): boolean {
  const [pa, pb] = [phoneKey(a.phone), phoneKey(b.phone)];
  return pa.length >= 6 && pa === pb;
}

export function organisationAgreement(a: ContactFields, b: ContactFields): boolean {
  const [da, db] = [workDomain(a.email), workDomain(b.email)];
  if (da && da === db) return true;
  const [wa, wb] = [websiteHost(a.website), websiteHost(b.website)];
  if (wa && wa === wb) return true;
  const [ca, cb] = [companyCore(a.company), companyCore(b.company)];
  return ca.length > 0 && ca === cb;
}

/** Which evidence rule links `a` and `b`, or undefined when none does. */
export function linkingEvidence(a: ContactFields, b: ContactFields): 'email' | 'name+phone' | 'name+organisation' | undefined {
  if (emailKey(a.email) && emailKey(a.email) === emailKey(b.email)) return 'email';
  if (!nameAgreement(a, b)) return undefined;
  if (phoneAgreement(a, b)) return 'name+phone';
  return organisationAgreement(a, b) ? 'name+organisation' : undefined;
}

export function hasLinkingEvidence(a: ContactFields, b: ContactFields): boolean {
  return linkingEvidence(a, b) !== undefined;
}

/** True when two hard-negative originals can be told apart by the rule above. */
export function canTellApart(a: ContactFields, b: ContactFields): boolean {
  const [ea, eb] = [emailKey(a.email), emailKey(b.email)];
  if (!ea || !eb || ea === eb) return false;
  const orgDiffers = workDomain(a.email) !== workDomain(b.email) || companyCore(a.company) !== companyCore(b.company);
  return nameKey(a.firstName) !== nameKey(b.firstName) || nameKey(a.lastName) !== nameKey(b.lastName) || orgDiffers;
}
