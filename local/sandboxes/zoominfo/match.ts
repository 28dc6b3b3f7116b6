import { countryCode } from '#domain/normalize/country';
import type { ZoominfoCompany, ZoominfoContact } from './model.ts';
import type { ZoominfoStore } from './store.ts';

/**
 * Match statuses. Only `FULL_MATCH` is seen in vendor material (vendor-apis §3, §6.5); the others are [?] and
 * chosen so a connector has to treat "anything but FULL_MATCH" as no usable data:
 * - `CONTACT_ONLY_MATCH` the person was found but works elsewhere than the company given (data holds the person)
 * - `COMPANY_ONLY_MATCH` the company was found but not the person (data is empty)
 * - `NO_MATCH`           nothing found (data is empty)
 * - `INVALID_INPUT`      the input has no usable combination of match keys (data is empty)
 */
export type MatchStatus = 'FULL_MATCH' | 'CONTACT_ONLY_MATCH' | 'COMPANY_ONLY_MATCH' | 'NO_MATCH' | 'INVALID_INPUT';

/** The outcome for one input. */
export interface MatchOutcome<T> {
  status: MatchStatus;
  records: T[];
}

type Input = Readonly<Record<string, unknown>>;

/** A trimmed non-empty string (numbers allowed: ids and zip codes come as either), else undefined. */
function text(input: Input, key: string): string | undefined {
  const value = input[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

const same = (a: string, b: string): boolean => a.localeCompare(b, 'en', { sensitivity: 'base' }) === 0;

function sameCountry(wanted: string, actual: string): boolean {
  const a = countryCode(wanted);
  return a !== undefined ? a === countryCode(actual) : same(wanted, actual);
}

/** Location inputs narrow the candidates; [?] whether ZoomInfo filters or only ranks by them is unknown. */
function inLocation(company: ZoominfoCompany, input: Input): boolean {
  const country = text(input, 'companyCountry');
  const state = text(input, 'companyState');
  const city = text(input, 'companyCity');
  return (!country || sameCountry(country, company.country)) && (!state || same(state, company.state)) && (!city || same(city, company.city));
}

/** Candidates by the strongest key present: id, then website, ticker, name, phone. `undefined` = no key at all. */
function companyCandidates(store: ZoominfoStore, input: Input): ZoominfoCompany[] | undefined {
  const id = text(input, 'companyId');
  if (id) return [store.company(Number(id))].filter((c): c is ZoominfoCompany => c !== undefined);
  const website = text(input, 'companyWebsite');
  if (website) return store.companiesByDomain(website);
  const ticker = text(input, 'companyTicker');
  if (ticker) return store.companiesByTicker(ticker);
  const name = text(input, 'companyName');
  if (name) return store.companiesByName(name);
  const phone = text(input, 'companyPhone');
  if (phone) return store.companiesByPhone(phone);
  return undefined;
}

/** Company Enrich: FULL_MATCH with the company, NO_MATCH, or INVALID_INPUT when no identifying key is given. */
export function matchCompany(store: ZoominfoStore, input: Input): MatchOutcome<ZoominfoCompany> {
  const candidates = companyCandidates(store, input);
  if (candidates === undefined) return { status: 'INVALID_INPUT', records: [] };
  const found = candidates.find((c) => inLocation(c, input));
  return found ? { status: 'FULL_MATCH', records: [found] } : { status: 'NO_MATCH', records: [] };
}

/** The company a person input names (by companyId or companyName), if it names one. */
function namedCompany(store: ZoominfoStore, input: Input): { given: boolean; company?: ZoominfoCompany } {
  const id = text(input, 'companyId');
  if (id) return { given: true, company: store.company(Number(id)) };
  const name = text(input, 'companyName');
  if (name) return { given: true, company: store.companiesByName(name)[0] };
  return { given: false };
}

function splitFullName(full: string): [string, string] {
  const parts = full.split(/\s+/);
  return [parts[0] ?? '', parts.slice(1).join(' ')];
}

/** Candidates by a key that identifies a person alone; `undefined` when the input has none. */
function personByOwnKey(store: ZoominfoStore, input: Input): ZoominfoContact[] | undefined {
  const id = text(input, 'personId');
  if (id) return [store.contact(Number(id))].filter((c): c is ZoominfoContact => c !== undefined);
  const email = text(input, 'emailAddress');
  if (email) return store.contactsByEmail(email);
  const hashed = text(input, 'hashedEmail');
  if (hashed) return store.contactsByHashedEmail(hashed);
  const phone = text(input, 'phone');
  if (phone) return store.contactsByPhone(phone);
  return undefined;
}

function personByName(store: ZoominfoStore, input: Input, company: ZoominfoCompany | undefined): ZoominfoContact[] {
  const full = text(input, 'fullName');
  const [first, last] = full ? splitFullName(full) : [text(input, 'firstName') ?? '', text(input, 'lastName') ?? ''];
  if (!company) return [];
  return store.contacts().filter((c) => c.companyId === company.id && same(c.firstName, first) && same(c.lastName, last));
}

/**
 * Contact Enrich. Valid inputs (vendor-apis §3): personId | emailAddress | hashedEmail | phone, optionally with a
 * company; or firstName+lastName or fullName, with companyId/companyName.
 */
export function matchPerson(store: ZoominfoStore, input: Input): MatchOutcome<ZoominfoContact> {
  const company = namedCompany(store, input);
  const hasName = text(input, 'fullName') !== undefined || (text(input, 'firstName') !== undefined && text(input, 'lastName') !== undefined);
  let candidates = personByOwnKey(store, input);
  if (candidates === undefined) {
    if (!hasName || !company.given) return { status: 'INVALID_INPUT', records: [] };
    candidates = personByName(store, input, company.company);
  }
  const minScore = Number(text(input, 'contactAccuracyScoreMin') ?? 0);
  const person = candidates.find((c) => c.contactAccuracyScore >= minScore);
  if (!person) return company.company ? { status: 'COMPANY_ONLY_MATCH', records: [] } : { status: 'NO_MATCH', records: [] };
  if (company.given && person.companyId !== company.company?.id) return { status: 'CONTACT_ONLY_MATCH', records: [person] };
  return { status: 'FULL_MATCH', records: [person] };
}
