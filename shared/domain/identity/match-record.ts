/**
 * The match record: a person's identifying values, normalized once, so that comparing two records is cheap.
 * Normalizers cost microseconds (a phone number ~10 µs); a dedupe compares millions of pairs, so every key is
 * computed here, once per record, and never per pair.
 */
import { phoneticKeys } from '#domain/compare/phonetic';
import { companyDomainFromEmail, companyDomainFromWebsite, isFreeMailDomain } from '#domain/normalize/company-domain';
import { normalizeCompanyName } from '#domain/normalize/company-name';
import { countryCode } from '#domain/normalize/country';
import { emailMatchKey } from '#domain/normalize/email';
import { foldName, givenNameForms, splitFullName } from '#domain/normalize/person-name';
import { normalizePhone } from '#domain/normalize/phone';

/**
 * A person's match keys. Every property is always present (`undefined` when unknown) so that all records share
 * one shape: a dedupe holds a million of them.
 */
export interface MatchRecord {
  /** `emailMatchKey` of the address: case, `+tag` and Gmail dots ignored. */
  readonly emailKey: string | undefined;
  /** Whether the address is at a free-mail provider (it then says nothing about the employer). */
  readonly emailIsFreeMail: boolean;
  /** E.164 (`+14155550123`), read in the record's country, else the default country. */
  readonly phone: string | undefined;
  /** The company domain: the website's host, else the domain of a work (non-free-mail) address. */
  readonly domain: string | undefined;
  /** `normalizeCompanyName` of the company: legal forms, `The`, `&`/`and`, case and accents ignored. */
  readonly companyKey: string | undefined;
  /** The folded given name (`foldName`). */
  readonly firstName: string | undefined;
  /** The folded family name without its generational suffix (`smith` for `Smith Jr.`). */
  readonly lastName: string | undefined;
  /** The generational suffix of the family name (`jr`, `sr`, `ii`, `iii`, `iv`), when it has one. */
  readonly suffix: string | undefined;
  /** The formal names the given name may stand for (`givenNameForms`: Bob → robert), sorted. */
  readonly givenForms: readonly string[];
  /** The family name's distinct, non-empty Double Metaphone codes. */
  readonly lastPhonetic: readonly string[];
  /** A link to another system's record (`externalId`), when the caller knows one. */
  readonly link: string | undefined;
  /** A company's or a deal's own name, as `normalizeCompanyName` folds it. */
  readonly name: string | undefined;
  /** ISO 3166-1 alpha-2 of the record's country. */
  readonly country: string | undefined;
  /** The company a deal belongs to, as its canonical reference (`entity:<id>`). */
  readonly account: string | undefined;
  /** A deal's close date, `YYYY-MM-DD`. */
  readonly closeDate: string | undefined;
}

/** Canonical field values, as the mapper produces them (`email`, `firstName`, `lastName`, `phone`, ...). */
export type MatchValues = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface MatchRecordOptions {
  /** ISO 3166-1 alpha-2 country for phone numbers written without a calling code when the record has no country. */
  readonly defaultCountry: string;
  /** Shares the per-name work and the strings between records of one batch (see {@link MatchKeyCache}). */
  readonly cache?: MatchKeyCache;
}

const GENERATIONAL_SUFFIXES: ReadonlySet<string> = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
const NO_STRINGS: readonly string[] = Object.freeze([]);

interface FamilyName {
  readonly last: string;
  readonly suffix: string | undefined;
  readonly phonetic: readonly string[];
}

function familyName(folded: string): FamilyName {
  const space = folded.lastIndexOf(' ');
  const tail = space === -1 ? '' : folded.slice(space + 1);
  const [last, suffix] = GENERATIONAL_SUFFIXES.has(tail) ? [folded.slice(0, space), tail] : [folded, undefined];
  const keys = phoneticKeys(last);
  const codes = keys === undefined ? [] : [keys.primary, keys.secondary].filter((c, i, all) => c.length > 0 && all.indexOf(c) === i);
  return { last, suffix, phonetic: codes.length === 0 ? NO_STRINGS : Object.freeze(codes) };
}

function formsOf(folded: string): readonly string[] {
  return Object.freeze([...givenNameForms(folded)].sort());
}

/**
 * Memoizes the per-name work (nickname forms, Double Metaphone) and interns repeated strings (domains, company
 * keys, phonetic codes) across the records of one batch, so that a million records hold each distinct value once.
 * Owned by the caller and dropped with the batch: it grows with the number of distinct names and companies.
 */
export class MatchKeyCache {
  readonly #given = new Map<string, readonly string[]>();
  readonly #family = new Map<string, FamilyName>();
  readonly #strings = new Map<string, string>();

  givenForms(folded: string): readonly string[] {
    let forms = this.#given.get(folded);
    if (forms === undefined) this.#given.set(folded, (forms = formsOf(folded)));
    return forms;
  }

  family(folded: string): FamilyName {
    let family = this.#family.get(folded);
    if (family === undefined) this.#family.set(folded, (family = familyName(folded)));
    return family;
  }

  intern(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    const known = this.#strings.get(text);
    if (known !== undefined) return known;
    this.#strings.set(text, text);
    return text;
  }
}

function text(value: string | number | boolean | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const s = String(value).trim();
  return s.length === 0 ? undefined : s;
}

/** The given and family names, splitting a full name found in `lastName` alone (`Smith, John`, `John Smith`). */
function names(values: MatchValues): { first: string | undefined; last: string | undefined } {
  const first = text(values['firstName']);
  const last = text(values['lastName']);
  if (first !== undefined || last === undefined || !/[,\s]/.test(last)) return { first, last };
  const parts = splitFullName(last);
  return { first: parts?.first, last: parts?.last };
}

/**
 * The match record of a record's canonical values: a person's `email`, `firstName`, `lastName`, `phone`, `company`,
 * `website`, `country`; a company's `name`, `website` and `country`; a deal's `name`, `account` and `closeDate`;
 * and `externalId` (a link to another system's record). Missing or unparseable values
 * become `undefined`; nothing throws. A full name in `lastName` with no `firstName` (`Smith, John`) is split.
 */
export function toMatchRecord(values: MatchValues, options: MatchRecordOptions): MatchRecord {
  const { cache } = options;
  const intern = (s: string | undefined) => (cache === undefined ? s : cache.intern(s));
  const email = text(values['email']);
  const emailKey = emailMatchKey(email);
  const emailDomainOfKey = emailKey === undefined ? undefined : emailKey.slice(emailKey.lastIndexOf('@') + 1);
  const website = companyDomainFromWebsite(text(values['website']));
  const { first, last } = names(values);
  const firstName = foldName(first);
  const folded = foldName(last);
  const family = folded === undefined ? undefined : cache === undefined ? familyName(folded) : cache.family(folded);
  return {
    emailKey,
    emailIsFreeMail: emailDomainOfKey !== undefined && isFreeMailDomain(emailDomainOfKey),
    phone: normalizePhone(text(values['phone']), { country: countryCode(text(values['country'])), defaultCountry: options.defaultCountry }),
    domain: intern(website ?? companyDomainFromEmail(email)),
    companyKey: intern(normalizeCompanyName(text(values['company']))),
    firstName: intern(firstName),
    lastName: intern(family?.last),
    suffix: family?.suffix,
    givenForms: firstName === undefined ? NO_STRINGS : cache === undefined ? formsOf(firstName) : cache.givenForms(firstName),
    lastPhonetic: family?.phonetic ?? NO_STRINGS,
    link: text(values['externalId']),
    name: intern(normalizeCompanyName(text(values['name']))),
    country: countryCode(text(values['country'])),
    account: text(values['account']),
    closeDate: text(values['closeDate'])?.slice(0, 10),
  };
}
