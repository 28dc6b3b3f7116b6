import {
  COMPANY_POOLS,
  COUNTRIES,
  CULTURES,
  FIRST_NAMES,
  GMAIL_DOMAINS,
  LAST_NAMES,
  NICKNAMES,
  TITLES,
  type CountryProfile,
  type Culture,
  type PhoneArea,
} from '#test/support/dedupe-corpus/names';

/**
 * A seeded, streaming generator of a synthetic CRM contact corpus with ground truth, for measuring a duplicate
 * detection engine. Companies are generated one at a time, staffed with people, and each person yields an original
 * record plus, for about 30% of people, one to three perturbed duplicates. Hard negatives (different people who
 * look alike) are planted and labelled. Records are shuffled in windows of a few thousand and given Salesforce or
 * HubSpot ids. Memory stays bounded: only the current window, the current company, and four sets of 30-bit hashes
 * (company keys, domains, phone numbers, personal mailboxes) that keep those values unique are held.
 *
 * One file on purpose: the PRNG, the generator and the resolvability rule it enforces change together.
 *
 * Resolvability rule (the ground truth's promise, checked by {@link isResolvable}): a duplicate shares with its
 * original either
 *  - the same e-mail key (trimmed, lower-cased, `+tag` dropped, dots ignored at Gmail), or
 *  - a similar name (first names equal, nickname-equivalent or one edit apart; last names equal or one edit apart,
 *    after folding case, spacing and accents) AND the same company (name key without legal form, "The", "&"/"and"
 *    and case, or the same website host) or the same phone (national number, extension ignored).
 * The same rule never holds between records of different people: colleagues never get names within two edits of each
 * other, e-mail keys, phones, company keys and domains are unique, and as a last guard the generator drops any
 * duplicate that would still link two people (none did in 300,000 records). So an engine that implements the rule
 * exactly scores precision and recall 1; real engines see the noise without the rule's hindsight.
 */

// ---------------------------------------------------------------------------------------------------------------
// Public types

/** The perturbations a duplicate may carry, in the order they are applied. */
export const PERTURBATIONS = [
  'email-plus-alias', 'email-gmail-dots', 'email-swapped', 'email-missing',
  'phone-reformatted', 'phone-missing', 'phone-switchboard',
  'first-name-nickname', 'company-variant', 'accents-dropped', 'first-name-typo', 'last-name-typo',
  'website-variant', 'case-whitespace',
] as const;
export type Perturbation = (typeof PERTURBATIONS)[number];

/** Planted look-alikes: different people the engine must keep apart. */
export const HARD_NEGATIVE_KINDS = [
  'same-name-other-company', 'shared-switchboard', 'same-first-name-initial-colleague', 'generational-suffix',
] as const;
export type HardNegativeKind = (typeof HARD_NEGATIVE_KINDS)[number];

/** Which CRM's ids (and, in the CLI, export headers) the corpus carries. */
export type CrmFormat = 'salesforce' | 'hubspot';

/** The fields a CRM export carries. A missing value is the empty string, as in the exported CSV. */
export interface ContactFields {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string;
  readonly company: string;
  readonly website: string;
  readonly country: string;
}

/** One generated contact record with its ground truth and diagnostics. */
export interface ContactRecord extends ContactFields {
  /** 18-character Salesforce id (prefix 003) or a numeric HubSpot record id. */
  readonly id: string;
  readonly title?: string;
  /** Ground truth: records that share it are the same real person. */
  readonly entityId: string;
  /** On a duplicate: the id of the original record it was derived from. */
  readonly originalId?: string;
  /** On a duplicate: what was done to the original. Empty on originals. */
  readonly perturbations: readonly Perturbation[];
  /** Set when this person belongs to a planted hard-negative group. */
  readonly hardNegative?: { readonly kind: HardNegativeKind; readonly group: string };
}

export interface CorpusOptions {
  /** Exact number of records to produce. */
  readonly records: number;
  /** Any integer; the same seed and size give the same records. */
  readonly seed: number;
  /** Shapes the ids; defaults to salesforce. */
  readonly format?: CrmFormat;
}

// ---------------------------------------------------------------------------------------------------------------
// PRNG and sampling

/** sfc32 (Doty-Humphrey's Small Fast Counter, PractRand-clean) seeded through splitmix32. */
class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    let state = (seed ^ Math.floor(seed / 2 ** 32)) >>> 0;
    const splitmix = () => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = Math.imul(state ^ (state >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    [this.#a, this.#b, this.#c, this.#d] = [splitmix(), splitmix(), splitmix(), splitmix()];
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (((this.#c << 21) | (this.#c >>> 11)) + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return at(items, this.int(items.length));
  }

  digits(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += String(this.int(10));
    return out;
  }

  shuffle<T>(items: T[]): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [at(items, j), at(items, i)];
    }
  }
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new RangeError(`index ${index} is outside a list of ${items.length}`);
  return item;
}

/** Items drawn by weight; `zipf` weights by rank so the head of a frequency-ordered list dominates. */
class Weighted<T> {
  readonly #cumulative: number[] = [];

  constructor(readonly items: readonly T[], weights: readonly number[]) {
    let total = 0;
    for (const weight of weights) this.#cumulative.push((total += weight));
  }

  static zipf<T>(items: readonly T[], offset: number, exponent: number): Weighted<T> {
    return new Weighted(items, items.map((_, rank) => 1 / (rank + offset) ** exponent));
  }

  static of<T>(pairs: readonly (readonly [T, number])[]): Weighted<T> {
    return new Weighted(pairs.map(([item]) => item), pairs.map(([, weight]) => weight));
  }

  draw(rng: Rng): T {
    const target = rng.next() * (this.#cumulative.at(-1) ?? 0);
    let [lo, hi] = [0, this.#cumulative.length - 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at(this.#cumulative, mid) > target) hi = mid;
      else lo = mid + 1;
    }
    return at(this.items, lo);
  }
}

/** FNV-1a, folded to 30 bits so V8 keeps set members as small integers. */
function hash30(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

// ---------------------------------------------------------------------------------------------------------------
// Normalization and the resolvability rule

const FOLD_SPECIAL: Readonly<Record<string, string>> = { ß: 'ss', ø: 'o', Ø: 'O', æ: 'ae', Æ: 'Ae', œ: 'oe', Œ: 'Oe', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ı: 'i', þ: 'th' };
const GERMAN_UMLAUTS: Readonly<Record<string, string>> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue' };

/** Strips diacritics, keeping case: José → Jose; German style (Müller → Mueller) when `german`. */
function dropAccents(text: string, german = false): string {
  if (!/[^\p{ASCII}]/u.test(text)) return text;
  const umlauts = german ? text.replace(/[äöüÄÖÜ]/g, (ch) => GERMAN_UMLAUTS[ch] ?? ch) : text;
  return umlauts.normalize('NFD').replace(/\p{M}+/gu, '').replace(/[ßøØæÆœŒłŁđĐıþ]/g, (ch) => FOLD_SPECIAL[ch] ?? ch);
}

/** Case, spacing and accents folded away: the form names are compared in. */
function foldText(text: string): string {
  return dropAccents(text).toLowerCase().trim().replace(/\s+/g, ' ');
}

/** The identity of a mailbox: trimmed, lower-cased, `+tag` dropped, dots ignored at Gmail. */
export function emailKey(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at < 1) return address;
  let local = address.slice(0, at).split('+')[0] ?? '';
  let domain = address.slice(at + 1);
  if ((GMAIL_DOMAINS as readonly string[]).includes(domain)) [local, domain] = [local.replaceAll('.', ''), 'gmail.com'];
  return `${local}@${domain}`;
}

/** One or more trailing legal forms (`gmbh and co kg`, `co ltd`, `inc`), as whole words, longest alternatives first. */
const TRAILING_LEGAL_FORMS = new RegExp(
  `(?: (?:${[...new Set(COUNTRIES.flatMap((c) => c.legalForms.flat()).map(companyWords))].sort((a, b) => b.length - a.length).join('|')}))+$`,
);

function companyWords(name: string): string {
  return foldText(name).replace(/&/g, ' and ').replace(/\./g, '').replace(/[^a-z0-9]+/g, ' ').trim();
}

/** A company name without case, accents, punctuation, a leading "The", "&" vs "and", or a trailing legal form. */
export function companyKey(name: string): string {
  return companyWords(name).replace(/^the /, '').replace(TRAILING_LEGAL_FORMS, '').replaceAll(' ', '');
}

/** The host of a website without scheme, `www.`, path or case. */
export function websiteHost(website: string): string {
  return website.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').split(/[/?#]/)[0] ?? '';
}

const COUNTRY_BY_NAME = new Map(COUNTRIES.map((c) => [c.name, c]));
const EXTENSION = /[,\s]*(?:ext\.?|x)\s*\d+\s*$/i;

/** The national significant number of a phone written in any of the corpus' styles; extensions are ignored. */
export function phoneKey(phone: string, countryName: string): string {
  const text = phone.trim().replace(EXTENSION, '');
  const digits = text.replace(/\D/g, '');
  const country = COUNTRY_BY_NAME.get(countryName);
  if (!country || digits === '') return digits;
  if (text.startsWith('+')) return digits.startsWith(country.callingCode) ? digits.slice(country.callingCode.length) : digits;
  return country.trunk && digits.startsWith(country.trunk) ? digits.slice(country.trunk.length) : digits;
}

const ROWS = [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const;

/** Optimal string alignment distance (insert, delete, substitute, transpose), capped at `max + 1`. */
function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Common prefix and suffix never change the distance; skipping them keeps the table tiny.
  let [start, endA, endB] = [0, a.length, b.length];
  while (start < endA && start < endB && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) [endA, endB] = [endA - 1, endB - 1];
  const [n, m] = [endA - start, endB - start];
  if (n === 0 || m === 0) return Math.min(Math.max(n, m), max + 1);
  if (m + 1 > ROWS[0].length) return editDistanceSlow(a, b, max);
  let [before, previous, current] = ROWS;
  for (let j = 0; j <= m; j++) previous[j] = j;
  for (let i = 1; i <= n; i++) {
    const ca = a.charCodeAt(start + i - 1);
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(start + j - 1);
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(start + j - 2) && a.charCodeAt(start + i - 2) === cb) d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[m]!, max + 1);
}

/** The same distance for the rare string longer than the shared rows. */
function editDistanceSlow(a: string, b: string, max: number): number {
  const rows = [0, 1, 2].map(() => new Array<number>(b.length + 1).fill(0));
  const cell = (i: number, j: number) => rows[i % 3]![j]!;
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[i % 3]![0] = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(cell(i - 1, j) + 1, cell(i, j - 1) + 1, cell(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, cell(i - 2, j - 2) + 1);
      rows[i % 3]![j] = d;
    }
  }
  return Math.min(cell(a.length, b.length), max + 1);
}

/** Folded name → the folded formal names it stands for (itself included). */
const NICKNAME_GROUPS: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const groups = new Map<string, Set<string>>();
  const add = (name: string, formal: string) => groups.set(name, (groups.get(name) ?? new Set([name])).add(formal));
  for (const [formal, nicknames] of Object.entries(NICKNAMES)) {
    add(foldText(formal), foldText(formal));
    for (const nickname of nicknames) add(foldText(nickname), foldText(formal));
  }
  return groups;
})();

function nicknameEquivalent(a: string, b: string): boolean {
  if (a === b) return true;
  const groupA = NICKNAME_GROUPS.get(a);
  const groupB = NICKNAME_GROUPS.get(b);
  if (!groupA || !groupB) return (groupA?.has(b) ?? false) || (groupB?.has(a) ?? false);
  for (const formal of groupA) if (groupB.has(formal)) return true;
  return false;
}

/** The normalized keys the rule compares; computed once per record. */
interface RecordKeys {
  readonly email: string;
  readonly first: string;
  readonly last: string;
  readonly company: string;
  readonly host: string;
  readonly phone: string;
}

function keysOf(record: ContactFields): RecordKeys {
  return {
    email: emailKey(record.email),
    first: foldText(record.firstName),
    last: foldText(record.lastName),
    company: companyKey(record.company),
    host: websiteHost(record.website),
    phone: phoneKey(record.phone, record.country),
  };
}

function similarNames(a: RecordKeys, b: RecordKeys): boolean {
  if (!a.first || !a.last || !b.first || !b.last) return false;
  const lastSimilar = a.last === b.last || editDistance(a.last, b.last, 1) <= 1;
  return lastSimilar && (nicknameEquivalent(a.first, b.first) || editDistance(a.first, b.first, 1) <= 1);
}

/** The identifying signals two records share. */
export type Signal = 'email' | 'name' | 'company' | 'phone';

function signalsOf(a: RecordKeys, b: RecordKeys): Signal[] {
  const shared: Signal[] = [];
  if (a.email && a.email === b.email) shared.push('email');
  if (similarNames(a, b)) shared.push('name');
  if ((a.company && a.company === b.company) || (a.host && a.host === b.host)) shared.push('company');
  if (a.phone && a.phone === b.phone) shared.push('phone');
  return shared;
}

function resolvableKeys(a: RecordKeys, b: RecordKeys): boolean {
  if (a.email && a.email === b.email) return true;
  const sameCompanyOrPhone = (a.company && a.company === b.company) || (a.host && a.host === b.host) || (a.phone && a.phone === b.phone);
  return Boolean(sameCompanyOrPhone) && similarNames(a, b);
}

/** The identifying signals two records share, as the resolvability rule (top of this file) counts them. */
export function sharedSignals(a: ContactFields, b: ContactFields): Signal[] {
  return signalsOf(keysOf(a), keysOf(b));
}

/** Whether the resolvability rule links two records: same e-mail key, or similar name plus same company or phone. */
export function isResolvable(a: ContactFields, b: ContactFields): boolean {
  return resolvableKeys(keysOf(a), keysOf(b));
}

// ---------------------------------------------------------------------------------------------------------------
// Pools

const FIRST_POOLS = Object.fromEntries(CULTURES.map((c) => [c, Weighted.zipf(FIRST_NAMES[c], 10, 0.9)])) as Record<Culture, Weighted<string>>;
const LAST_POOLS = Object.fromEntries(CULTURES.map((c) => [c, Weighted.zipf(LAST_NAMES[c], 15, 0.9)])) as Record<Culture, Weighted<string>>;
const TITLE_POOL = Weighted.zipf(TITLES, 12, 0.7);
const COUNTRY_POOL = new Weighted(COUNTRIES, COUNTRIES.map((c) => c.weight));
const CULTURE_POOLS = new Map(COUNTRIES.map((c) => [c.code, Weighted.of(c.cultures)]));
const FREE_MAIL_POOLS = new Map(COUNTRIES.map((c) => [c.code, Weighted.of(c.freeMail)]));
const GERMAN_COUNTRIES = new Set(['DE', 'CH']);
const FORMAL_COUNTRIES = new Set(['DE', 'NL', 'CH', 'SE', 'JP', 'BR', 'MX', 'IN', 'SG', 'ES', 'IT', 'FR']);

type WorkPattern = 'first.last' | 'flast' | 'first' | 'firstl' | 'first_last';
const WORK_PATTERNS = Weighted.of<WorkPattern>([['first.last', 50], ['flast', 22], ['firstl', 10], ['first_last', 10], ['first', 8]]);
const WEBSITE_STYLES = Weighted.of<(host: string) => string>([
  [(h) => `https://www.${h}`, 35], [(h) => `www.${h}`, 25], [(h) => h, 15], [(h) => `http://www.${h}`, 10], [(h) => `https://${h}`, 10], [(h) => `https://www.${h}/`, 5],
]);
const WEBSITE_VARIANTS: readonly ((host: string) => string)[] = [
  (h) => `https://www.${h}`, (h) => `http://www.${h}`, (h) => `www.${h}`, (h) => h, (h) => `https://${h}`, (h) => `http://${h}/`,
  (h) => `https://www.${h}/en`, (h) => `https://${h}/contact`, (h) => `www.${h}/about-us`, () => '',
];

type PhoneStyle = 'national' | 'international' | 'e164' | 'dotted' | 'extension';
const PHONE_STYLES = Weighted.of<PhoneStyle>([['national', 48], ['international', 30], ['e164', 9], ['dotted', 8], ['extension', 5]]);
const KEYBOARD: Readonly<Record<string, string>> = {
  q: 'wa', w: 'qes', e: 'wrd', r: 'etf', t: 'ryg', y: 'tuh', u: 'yij', i: 'uok', o: 'ipl', p: 'ol', a: 'qsz', s: 'adwx', d: 'sfec',
  f: 'dgrv', g: 'fhtb', h: 'gjyn', j: 'hkum', k: 'jli', l: 'kop', z: 'asx', x: 'zsdc', c: 'xdfv', v: 'cfgb', b: 'vghn', n: 'bhjm', m: 'njk',
};
const PLUS_TAGS = ['crm', 'news', 'sales', 'events', 'work', 'hubspot', 'sf', 'promo', 'webinar', '2024'] as const;
const GENERATIONAL_SUFFIXES = ['Jr.', 'Jr', 'II', 'III'] as const;

/** A perturbation's chance within its group; at most one per group is drawn for each duplicate. */
const PERTURBATION_GROUPS: readonly (readonly (readonly [Perturbation, number])[])[] = [
  [['email-plus-alias', 0.1], ['email-gmail-dots', 0.45], ['email-swapped', 0.18], ['email-missing', 0.08]],
  [['phone-reformatted', 0.3], ['phone-missing', 0.1], ['phone-switchboard', 0.1]],
  [['first-name-typo', 0.08], ['last-name-typo', 0.1]],
  [['first-name-nickname', 0.35]],
  [['accents-dropped', 0.6]],
  [['company-variant', 0.3]],
  [['website-variant', 0.3]],
  [['case-whitespace', 0.3]],
];

const DUPLICATE_RATE = 0.3;
const DUPLICATE_COUNTS = Weighted.of([[1, 72], [2, 20], [3, 8]]);
/** Chance, per staffing slot, of planting a hard-negative pair instead of one person; ≈ 4% of people end up in one. */
const HARD_NEGATIVE_RATE = 0.021;
const HARD_NEGATIVES = Weighted.of<HardNegativeKind>([
  ['same-name-other-company', 35], ['shared-switchboard', 25], ['same-first-name-initial-colleague', 25], ['generational-suffix', 15],
]);
const WINDOW = 4096;
const FIELDS = ['firstName', 'lastName', 'email', 'phone', 'company', 'website'] as const;
const MAX_COMPANY_SIZE = 400;

// ---------------------------------------------------------------------------------------------------------------
// The world: companies, people and their numbers

interface Phone {
  readonly area: PhoneArea;
  readonly nsn: string;
}

interface Company {
  readonly core: string;
  readonly legalForm: readonly string[];
  readonly form: string;
  readonly comma: boolean;
  readonly the: boolean;
  readonly name: string;
  readonly country: CountryProfile;
  readonly domain: string;
  readonly website: string;
  readonly switchboard: Phone;
  readonly pattern: WorkPattern;
  readonly size: number;
  readonly locals: Set<string>;
  readonly staff: Person[];
}

interface Person {
  readonly entityId: string;
  readonly culture: Culture;
  readonly formal: string;
  readonly first: string;
  readonly last: string;
  readonly company: Company;
  readonly work?: string;
  personal?: string;
  readonly phone: 'direct' | 'switchboard' | 'none';
  readonly direct?: Phone;
  readonly title?: string;
  readonly duplicates: number;
  readonly hardNegative?: { readonly kind: HardNegativeKind; readonly group: string };
  /** Folded name forms for the colleague clash check. */
  readonly folded: { readonly firsts: readonly string[]; readonly last: string };
}

/** A record before it has an id; `keys` are filled once its fields are final. */
interface Draft {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  company: string;
  website: string;
  country: string;
  emailKind: 'work' | 'personal' | 'none';
  phoneStyle?: PhoneStyle;
  person: Person;
  original?: Draft;
  perturbations: Perturbation[];
  keys?: RecordKeys;
  id?: string;
}

function phoneGroups(phone: Phone): string[] {
  const groups: string[] = [];
  let offset = 0;
  for (const size of phone.area.groups) groups.push(phone.nsn.slice(offset, (offset += size)));
  return groups;
}

function formatPhone(phone: Phone, country: CountryProfile, style: PhoneStyle, rng: Rng): string {
  const [head = '', ...rest] = phoneGroups(phone);
  const trunkHead = country.trunk + head;
  switch (style) {
    case 'international':
      return `+${country.callingCode} ${[head, ...rest].join(' ')}`;
    case 'e164':
      return `+${country.callingCode}${phone.nsn}`;
    case 'dotted':
      return [trunkHead, ...rest].join('.');
    case 'extension':
      return formatPhone(phone, country, 'national', rng) + rng.pick([' ext. ', ' x', ' ext ', ', ext. ']) + String(10 + rng.int(9990));
    case 'national':
      if (country.style === 'nanp' || country.style === 'paren') return `(${trunkHead}) ${rest.slice(0, -1).join(' ')}-${rest.at(-1) ?? ''}`;
      return [trunkHead, ...rest].join(country.style === 'dash' ? '-' : ' ');
  }
}

/** Lower-case ASCII for an e-mail local part or domain: José → jose, Müller → mueller (German style), O'Brien → obrien. */
function asciiWord(text: string, german: boolean): string {
  return dropAccents(text, german).toLowerCase().replace(/['’\s]/g, '').replace(/[^a-z0-9-]/g, '');
}

function typoable(name: string): boolean {
  return (name.match(/\p{L}/gu)?.length ?? 0) >= 4;
}

/**
 * One keyboard-plausible edit (insert, delete, substitute, transpose) at or after the second letter, so the initial
 * survives; deletion only on names of five letters or more. Returns a name exactly one edit from the original once
 * folded, or the original when no such edit was found.
 */
function typo(name: string, rng: Rng): string {
  const letters = [...name].flatMap((ch, i) => (i > 0 && /\p{L}/u.test(ch) ? [i] : []));
  for (let attempt = 0; attempt < 12; attempt++) {
    const i = rng.pick(letters);
    const ch = name[i] ?? '';
    const near = KEYBOARD[ch.toLowerCase()] ?? 'aeiou';
    const swap = rng.pick([...near]);
    const next = name[i + 1] ?? '';
    const candidates = [
      name.slice(0, i) + (ch === ch.toUpperCase() ? swap.toUpperCase() : swap) + name.slice(i + 1),
      name.slice(0, i) + (rng.chance(0.5) ? ch : swap) + name.slice(i),
      letters.length >= 4 ? name.slice(0, i) + name.slice(i + 1) : name,
      /\p{L}/u.test(next) && next !== ch ? name.slice(0, i) + next + ch + name.slice(i + 2) : name,
    ];
    const result = rng.pick(candidates);
    if (result !== name && editDistance(foldText(result), foldText(name), 1) === 1) return result;
  }
  return name;
}

// ---------------------------------------------------------------------------------------------------------------
// Building the corpus

class CorpusBuilder {
  readonly #rng: Rng;
  readonly #format: CrmFormat;
  readonly #used = { companies: new Set<number>(), domains: new Set<number>(), phones: new Set<number>(), mailboxes: new Set<number>() };
  readonly #queue: Company[] = [];
  #remaining: number;
  #buffer: Draft[] = [];
  #entities = 0;
  #groups = 0;
  #ordinal = 0;

  constructor(options: CorpusOptions) {
    this.#rng = new Rng(options.seed);
    this.#format = options.format ?? 'salesforce';
    this.#remaining = options.records;
  }

  *records(): Generator<ContactRecord> {
    while (this.#remaining > 0 || this.#queue.length > 0) {
      const company = this.#queue.shift() ?? this.#newCompany();
      this.#staff(company);
      this.#buffer.push(...this.#draftsFor(company));
      if (this.#buffer.length >= WINDOW) yield* this.#flush();
    }
    yield* this.#flush();
  }

  // -- companies

  #newCompany(): Company {
    const rng = this.#rng;
    const country = COUNTRY_POOL.draw(rng);
    const core = this.#uniqueCore(country);
    const legalForm = rng.pick(country.legalForms);
    const form = rng.chance(FORMAL_COUNTRIES.has(country.code) ? 0.85 : 0.55) ? at(legalForm, 0) : '';
    const comma = ['US', 'CA'].includes(country.code) && rng.chance(0.3);
    const the = core.includes(' ') && !country.industry && rng.chance(0.04);
    const domain = this.#uniqueDomain(core, country);
    const size = Math.min(MAX_COMPANY_SIZE, Math.floor((1 - rng.next()) ** (-1 / 1.15)));
    return {
      core, legalForm, form, comma, the, country, domain, size,
      name: renderCompany(the, core, form, comma),
      website: WEBSITE_STYLES.draw(rng)(domain),
      switchboard: this.#newPhone(country, rng.pick(country.landlines)),
      pattern: size > 20 ? this.#bigCompanyPattern() : WORK_PATTERNS.draw(rng),
      locals: new Set(), staff: [],
    };
  }

  /** `first@` does not scale past a small team; bigger companies draw again until another pattern comes up. */
  #bigCompanyPattern(): WorkPattern {
    for (;;) {
      const pattern = WORK_PATTERNS.draw(this.#rng);
      if (pattern !== 'first') return pattern;
    }
  }

  #companyCore(country: CountryProfile): string {
    const rng = this.#rng;
    const pools = COMPANY_POOLS;
    const surname = () => LAST_POOLS[CULTURE_POOLS.get(country.code)?.draw(rng) ?? 'anglo'].draw(rng);
    const industry = () => rng.pick(pools.industries);
    const roll = rng.next();
    if (country.industry && roll < 0.3) {
      const word = rng.pick(country.industry.words);
      return country.industry.before ? `${word} ${surname()}` : `${surname()} ${word}`;
    }
    if (roll < 0.55) {
      const brand = rng.pick(pools.brandHeads) + rng.pick(pools.brandTails);
      return rng.chance(0.55) ? `${brand} ${industry()}` : brand;
    }
    if (roll < 0.75) return `${surname()} ${industry()}`;
    if (roll < 0.85) return `${surname()} ${rng.chance(0.7) ? '&' : 'and'} ${surname()}`;
    const [adjective, noun] = [rng.pick(pools.adjectives), rng.pick(pools.nouns)];
    return rng.chance(0.7) ? `${adjective} ${noun} ${industry()}` : `${adjective} ${noun}`;
  }

  /** Company keys are unique across the corpus, so "same company" never links two different companies. */
  #uniqueCore(country: CountryProfile): string {
    for (let attempt = 0; ; attempt++) {
      let core = this.#companyCore(country);
      if (attempt >= 8) core += ` ${this.#rng.pick(COMPANY_POOLS.qualifiers)}`;
      if (attempt >= 40) core += ` ${attempt}`;
      const name = companyKey(core);
      const key = hash30(name);
      if (name && !this.#used.companies.has(key)) {
        this.#used.companies.add(key);
        return core;
      }
    }
  }

  #uniqueDomain(core: string, country: CountryProfile): string {
    const rng = this.#rng;
    const words = core.split(/\s+/).map((w) => asciiWord(w, GERMAN_COUNTRIES.has(country.code))).filter((w) => w && w !== 'and' && w !== '&');
    const joined = words.join('');
    const options = [joined, joined, words.join('-'), at(words, 0).length >= 5 ? at(words, 0) : joined];
    if (words.length >= 3) options.push(words.slice(0, -1).map((w) => w[0]).join('') + (words.at(-1) ?? ''));
    const stems = [rng.pick(options), ...options, ...['get', 'try', 'the'].map((p) => p + joined), ...['hq', 'group', 'global', 'online'].map((s) => joined + s)];
    for (let attempt = 0; ; attempt++) {
      const stem = attempt < stems.length ? at(stems, attempt) : `${joined}${attempt}`;
      const domain = `${stem}.${rng.pick(country.tlds)}`;
      if (!this.#used.domains.has(hash30(domain))) {
        this.#used.domains.add(hash30(domain));
        return domain;
      }
    }
  }

  /** A number not yet used anywhere in the corpus, in an allocated range; NANP exchanges avoid 555 and N11. */
  #newPhone(country: CountryProfile, area: PhoneArea): Phone {
    for (;;) {
      const lead = this.#rng.pick([...(area.leads ?? '23456789')]);
      const nsn = area.prefix + lead + this.#rng.digits(area.length - area.prefix.length - 1);
      const exchange = nsn.slice(3, 6);
      if (country.style === 'nanp' && (exchange === '555' || exchange.endsWith('11'))) continue;
      const key = hash30(country.callingCode + nsn);
      if (!this.#used.phones.has(key)) {
        this.#used.phones.add(key);
        return { area, nsn };
      }
    }
  }

  // -- people

  #staff(company: Company): void {
    while (company.staff.length < company.size && this.#remaining > 0) {
      if (this.#remaining >= 8 && this.#rng.chance(HARD_NEGATIVE_RATE)) this.#plantHardNegative(company);
      else this.#addPerson(company, this.#freshName(company));
    }
  }

  /** A name no colleague's is close to; a big company full of common names may need another culture's pool. */
  #freshName(company: Company): PersonName {
    let culture = CULTURE_POOLS.get(company.country.code)?.draw(this.#rng) ?? 'anglo';
    for (let attempt = 1; ; attempt++) {
      const name = this.#drawName(culture);
      if (!clashesWithStaff(company, name)) return name;
      if (attempt % 50 === 0) culture = this.#rng.pick(CULTURES);
    }
  }

  #drawName(culture: Culture): PersonName {
    const rng = this.#rng;
    const formal = FIRST_POOLS[culture].draw(rng);
    let last = LAST_POOLS[culture].draw(rng);
    // Double-barrelled (Smith-Jones) and Spanish compound (García López) surnames, never the same name twice.
    const second = LAST_POOLS[culture].draw(rng);
    if (second !== last && ['anglo', 'french', 'german'].includes(culture) && rng.chance(0.02)) last += `-${second}`;
    else if (second !== last && culture === 'hispanic' && rng.chance(0.1)) last += ` ${second}`;
    const nicknames = NICKNAMES[formal];
    const first = nicknames && rng.chance(0.15) ? rng.pick(nicknames) : formal;
    return { culture, formal, first, last };
  }

  #addPerson(company: Company, name: PersonName, extra: Partial<Pick<Person, 'hardNegative' | 'phone'>> = {}): Person {
    const rng = this.#rng;
    const duplicates = Math.min(rng.chance(DUPLICATE_RATE) ? DUPLICATE_COUNTS.draw(rng) : 0, this.#remaining - 1);
    this.#remaining -= 1 + duplicates;
    const phone = extra.phone ?? (rng.chance(0.55) ? 'direct' : rng.chance(0.4) ? 'switchboard' : 'none');
    const area = rng.chance(0.55) ? company.switchboard.area : rng.pick(company.country.mobiles);
    const title = rng.chance(0.75) ? TITLE_POOL.draw(rng) : undefined;
    const person: Person = {
      ...name, company, phone, duplicates,
      entityId: `E${String(++this.#entities).padStart(7, '0')}`,
      work: rng.chance(0.92) ? this.#workEmail(company, name) : undefined,
      direct: phone === 'direct' ? this.#newPhone(company.country, area) : undefined,
      ...(title ? { title } : {}),
      ...(extra.hardNegative ? { hardNegative: extra.hardNegative } : {}),
      folded: foldedName(name),
    };
    company.staff.push(person);
    return person;
  }

  #workEmail(company: Company, name: PersonName): string {
    const german = name.culture === 'german';
    const f = asciiWord(this.#rng.chance(0.7) ? name.formal : name.first, german);
    const l = asciiWord(name.last, german);
    const base = { 'first.last': `${f}.${l}`, flast: `${f[0] ?? ''}${l}`, first: f, firstl: `${f}${l[0] ?? ''}`, first_last: `${f}_${l}` }[company.pattern];
    let local = base;
    for (let n = 2; company.locals.has(local); n++) local = n === 2 && company.pattern !== 'first.last' ? `${f}.${l}` : `${base}${n}`;
    company.locals.add(local);
    return `${local}@${company.domain}`;
  }

  #personalEmail(person: Person): string {
    if (person.personal) return person.personal;
    const rng = this.#rng;
    const german = person.culture === 'german';
    const [f, l] = [asciiWord(rng.chance(0.8) ? person.first : person.formal, german), asciiWord(person.last, german).replaceAll('-', '')];
    const year = String(60 + rng.int(46)).slice(-2);
    const local = rng.pick([`${f}.${l}`, `${f}${l}`, `${f}_${l}`, `${f[0] ?? ''}${l}`, `${f}.${l}${year}`, `${f}${l}${year}`, `${l}.${f}`, `${f}${year}`]);
    const domain = FREE_MAIL_POOLS.get(person.company.country.code)?.draw(rng) ?? 'gmail.com';
    for (let n = 0; ; n++) {
      const candidate = `${n === 0 ? local : `${local}${n < 50 ? rng.int(100) : rng.int(100000)}`}@${domain}`;
      const key = hash30(emailKey(candidate));
      if (!this.#used.mailboxes.has(key)) {
        this.#used.mailboxes.add(key);
        return (person.personal = candidate);
      }
    }
  }

  // -- hard negatives

  /** Plants a pair of look-alikes; when no fitting second name exists in this company, one ordinary person instead. */
  #plantHardNegative(company: Company): void {
    const kind = HARD_NEGATIVES.draw(this.#rng);
    const name = this.#freshName(company);
    const second = kind === 'same-name-other-company' ? name : this.#secondColleague(company, kind, name);
    if (!second) {
      this.#addPerson(company, name);
      return;
    }
    const hardNegative = { kind, group: `HN${String(++this.#groups).padStart(6, '0')}` };
    const extra = { hardNegative, ...(kind === 'shared-switchboard' ? { phone: 'switchboard' as const } : {}) };
    this.#addPerson(company, name, extra);
    if (kind !== 'same-name-other-company') {
      this.#addPerson(company, second, extra);
      return;
    }
    const other = this.#newCompany();
    this.#addPerson(other, second, extra);
    this.#queue.push(other);
  }

  /** The look-alike colleague: same first name and last initial, a generational suffix, or anyone else. */
  #secondColleague(company: Company, kind: HardNegativeKind, name: PersonName): PersonName | undefined {
    const fits = (candidate: PersonName) => !clashesWithStaff(company, candidate) && !namesClash(foldedName(name), foldedName(candidate));
    if (kind === 'generational-suffix') {
      const junior = { ...name, last: `${name.last} ${this.#rng.pick(GENERATIONAL_SUFFIXES)}` };
      return fits(junior) ? junior : undefined;
    }
    const initial = foldText(name.last)[0];
    for (let attempt = 0; attempt < 200; attempt++) {
      const candidate = kind === 'shared-switchboard' ? this.#drawName(name.culture) : { ...name, last: LAST_POOLS[name.culture].draw(this.#rng) };
      if ((kind === 'shared-switchboard' || foldText(candidate.last)[0] === initial) && fits(candidate)) return candidate;
    }
    return undefined;
  }

  // -- records

  #draftsFor(company: Company): Draft[] {
    const drafts: Draft[] = [];
    for (const person of company.staff) {
      const original = this.#original(person);
      drafts.push(original);
      for (let k = 0; k < person.duplicates; k++) drafts.push(this.#duplicate(original));
    }
    const kept = dropCrossPersonMatches(drafts);
    this.#remaining += drafts.length - kept.length;
    return kept;
  }

  #original(person: Person): Draft {
    const rng = this.#rng;
    const { company } = person;
    const emailKind = person.work ? (rng.chance(0.85) ? 'work' : rng.chance(0.75) ? 'personal' : 'none') : rng.chance(0.94) ? 'personal' : 'none';
    const number = person.phone === 'direct' ? person.direct : person.phone === 'switchboard' ? company.switchboard : undefined;
    const phoneStyle = number ? PHONE_STYLES.draw(rng) : undefined;
    const draft: Draft = {
      firstName: person.first, lastName: person.last,
      email: emailKind === 'work' ? (person.work ?? '') : emailKind === 'personal' ? this.#personalEmail(person) : '',
      phone: number && phoneStyle ? formatPhone(number, company.country, phoneStyle, rng) : '',
      company: company.name, website: rng.chance(0.94) ? company.website : '', country: company.country.name,
      emailKind, phoneStyle, person, perturbations: [],
    };
    draft.keys = keysOf(draft);
    return draft;
  }

  /** A perturbed copy that still satisfies the resolvability rule against its original; redrawn until it does. */
  #duplicate(original: Draft): Draft {
    for (let attempt = 0; attempt < 10; attempt++) {
      const chosen = this.#choosePerturbations(original);
      const draft: Draft = { ...original, original, perturbations: [], keys: undefined };
      for (const perturbation of PERTURBATIONS) if (chosen.has(perturbation)) this.#apply(perturbation, draft, original);
      draft.keys = keysOf(draft);
      if (draft.perturbations.length > 0 && original.keys && resolvableKeys(original.keys, draft.keys)) return draft;
    }
    const fallback: Draft = { ...original, original, perturbations: [], lastName: `${original.lastName} ` };
    fallback.perturbations.push('case-whitespace');
    fallback.keys = keysOf(fallback);
    return fallback;
  }

  #choosePerturbations(original: Draft): Set<Perturbation> {
    const chosen = new Set<Perturbation>();
    for (const group of PERTURBATION_GROUPS) {
      let roll = this.#rng.next();
      for (const [perturbation, chance] of group) {
        if (!applicable(perturbation, original, chosen)) continue;
        if (roll < chance) {
          chosen.add(perturbation);
          break;
        }
        roll -= chance;
      }
    }
    if (chosen.size === 0) chosen.add(this.#rng.pick(PERTURBATIONS.filter((p) => applicable(p, original, chosen))));
    return chosen;
  }

  /** Applies one perturbation and records it only if it changed something. */
  #apply(perturbation: Perturbation, draft: Draft, original: Draft): void {
    const before = { ...draft };
    this.#perturb[perturbation](draft, original);
    if (FIELDS.some((field) => draft[field] !== before[field])) draft.perturbations.push(perturbation);
  }

  readonly #perturb: Record<Perturbation, (draft: Draft, original: Draft) => void> = {
    'email-plus-alias': (d) => {
      const [local, domain] = splitEmail(d.email);
      d.email = `${local}+${this.#rng.pick(PLUS_TAGS)}@${domain}`;
    },
    'email-gmail-dots': (d) => (d.email = regmail(d.email, this.#rng)),
    'email-swapped': (d, o) => {
      d.email = o.emailKind === 'work' ? this.#personalEmail(o.person) : (o.person.work ?? '');
      d.emailKind = o.emailKind === 'work' ? 'personal' : 'work';
    },
    'email-missing': (d) => (d.email = ''),
    'phone-reformatted': (d, o) => {
      const number = o.person.phone === 'direct' ? o.person.direct : o.person.company.switchboard;
      const style = this.#rng.pick((['national', 'international', 'e164', 'dotted', 'extension'] as const).filter((s) => s !== o.phoneStyle));
      if (number) d.phone = formatPhone(number, o.person.company.country, style, this.#rng);
    },
    'phone-missing': (d) => (d.phone = ''),
    'phone-switchboard': (d, o) => (d.phone = formatPhone(o.person.company.switchboard, o.person.company.country, PHONE_STYLES.draw(this.#rng), this.#rng)),
    'first-name-nickname': (d, o) => {
      const forms = [o.person.formal, ...(NICKNAMES[o.person.formal] ?? [])].filter((f) => f !== o.firstName);
      d.firstName = this.#rng.pick(forms);
    },
    'accents-dropped': (d, o) => {
      const german = o.person.culture === 'german' && this.#rng.chance(0.5);
      [d.firstName, d.lastName, d.company] = [dropAccents(d.firstName, german), dropAccents(d.lastName, german), dropAccents(d.company)];
    },
    'first-name-typo': (d) => (d.firstName = typo(d.firstName, this.#rng)),
    'last-name-typo': (d) => (d.lastName = typo(d.lastName, this.#rng)),
    'company-variant': (d, o) => (d.company = companyVariant(o.person.company, this.#rng)),
    'website-variant': (d, o) => {
      const variants = WEBSITE_VARIANTS.map((v) => v(o.person.company.domain)).filter((w) => w !== o.website);
      d.website = this.#rng.pick(variants);
    },
    'case-whitespace': (d) => caseAndSpacing(d, this.#rng),
  };

  // -- output

  *#flush(): Generator<ContactRecord> {
    const window = this.#buffer;
    this.#buffer = [];
    this.#rng.shuffle(window);
    for (const draft of window) draft.id = recordId(this.#ordinal++, this.#format);
    for (const draft of window) yield toRecord(draft);
  }
}

interface PersonName {
  readonly culture: Culture;
  readonly formal: string;
  readonly first: string;
  readonly last: string;
}

function foldedName(name: PersonName): Person['folded'] {
  const firsts = new Set([foldText(name.formal), foldText(name.first), ...(NICKNAMES[name.formal] ?? []).map(foldText)]);
  return { firsts: [...firsts], last: foldText(name.last) };
}

/**
 * Colleagues whose names are within two edits (first and last) or nickname-equivalent would become
 * indistinguishable after one typo each, so a company never staffs two such people.
 */
function clashesWithStaff(company: Company, name: PersonName): boolean {
  const candidate = foldedName(name);
  return company.staff.some((p) => namesClash(p.folded, candidate));
}

function namesClash(a: Person['folded'], b: Person['folded']): boolean {
  return (
    editDistance(a.last, b.last, 2) <= 2 &&
    a.firsts.some((x) => b.firsts.some((y) => nicknameEquivalent(x, y) || editDistance(x, y, 2) <= 2))
  );
}

/** The string and every one-character deletion of it: two strings within one OSA edit always share a member. */
function deletionNeighbourhood(text: string): Set<string> {
  const keys = new Set([text]);
  for (let i = 0; i < text.length; i++) keys.add(text.slice(0, i) + text.slice(i + 1));
  return keys;
}

/**
 * Drops duplicates that the rule would link to a different person of the same company (the only place that can
 * happen: e-mail keys, phones, company keys and domains are unique across companies). Candidate pairs are those
 * sharing an e-mail key or a one-deletion variant of the folded last name, which every pair of similar names does.
 */
function dropCrossPersonMatches(drafts: readonly Draft[]): Draft[] {
  const dropped = new Set<Draft>();
  const blocks = new Map<string, Draft[]>();
  for (const draft of drafts) {
    const keys = draft.keys ? [...(draft.keys.email ? [`@${draft.keys.email}`] : []), ...deletionNeighbourhood(draft.keys.last)] : [];
    for (const key of keys) {
      const block = blocks.get(key);
      if (!block) blocks.set(key, [draft]);
      else if (!block.includes(draft)) block.push(draft);
    }
  }
  for (const block of blocks.values()) {
    for (let i = 0; i < block.length; i++) {
      for (let j = i + 1; j < block.length; j++) {
        const [a, b] = [at(block, i), at(block, j)];
        if (a.person === b.person || dropped.has(a) || dropped.has(b) || !a.keys || !b.keys || !resolvableKeys(a.keys, b.keys)) continue;
        if (!a.original && !b.original) throw new Error(`generator invariant broken: ${a.person.entityId} and ${b.person.entityId} look like one person`);
        dropped.add(b.original ? b : a);
      }
    }
  }
  return drafts.filter((d) => !dropped.has(d));
}

function applicable(perturbation: Perturbation, original: Draft, chosen: ReadonlySet<Perturbation>): boolean {
  const { person } = original;
  switch (perturbation) {
    case 'email-plus-alias':
    case 'email-missing':
      return original.email !== '';
    case 'email-gmail-dots':
      return original.email.endsWith('@gmail.com') && splitEmail(original.email)[0].replaceAll('.', '').length >= 3;
    case 'email-swapped':
      return original.emailKind === 'work' || (original.emailKind === 'personal' && person.work !== undefined);
    case 'phone-reformatted':
    case 'phone-missing':
      return original.phone !== '';
    case 'phone-switchboard':
      return original.phone !== '' && person.phone === 'direct';
    case 'first-name-nickname':
      return NICKNAMES[person.formal] !== undefined && !chosen.has('first-name-typo');
    case 'accents-dropped':
      return /[^\p{ASCII}]/u.test(original.firstName + original.lastName + original.company);
    case 'first-name-typo':
      return typoable(original.firstName);
    case 'last-name-typo':
      return typoable(original.lastName);
    case 'company-variant':
    case 'website-variant':
    case 'case-whitespace':
      return true;
  }
}

function splitEmail(email: string): [string, string] {
  const at = email.lastIndexOf('@');
  return [email.slice(0, at), email.slice(at + 1)];
}

/** Re-dots a Gmail local part (jane.doe → j.anedoe, or j.a.n.e.d.o.e): the same mailbox to Gmail, not to a string compare. */
function regmail(email: string, rng: Rng): string {
  const [local, domain] = splitEmail(email);
  const bare = local.replaceAll('.', '');
  for (let attempt = 0; attempt < 8; attempt++) {
    const dotted = rng.chance(0.15)
      ? [...bare].join('.')
      : [...bare].map((ch, i) => (i > 0 && rng.chance(1.5 / bare.length) ? `.${ch}` : ch)).join('');
    if (dotted !== local) return `${dotted}@${domain}`;
  }
  return `${[...bare].join('.')}@${domain}`;
}

function renderCompany(the: boolean, core: string, form: string, comma: boolean): string {
  return `${the ? 'The ' : ''}${core}${form ? `${comma ? ',' : ''} ${form}` : ''}`;
}

/** Legal form added, dropped or respelled; "The" toggled; "&" ↔ "and"; or the whole name in one case. */
function companyVariant(company: Company, rng: Rng): string {
  let { the, core, form, comma } = company;
  const ops = ['legal-form', 'the', ...(/ (&|and) /.test(core) ? ['and'] : []), 'case'];
  rng.shuffle(ops);
  const chosen = ops.slice(0, rng.chance(0.35) ? 2 : 1);
  if (chosen.includes('legal-form')) {
    const respell = company.legalForm.filter((f) => f !== form);
    if (form && (respell.length === 0 || rng.chance(0.55))) form = '';
    else [form, comma] = [rng.pick(respell.length ? respell : company.legalForm), rng.chance(0.3)];
  }
  if (chosen.includes('the')) the = !the;
  if (chosen.includes('and')) core = core.includes(' & ') ? core.replace(' & ', ' and ') : core.replace(' and ', ' & ');
  const name = renderCompany(the, core, form, comma);
  if (!chosen.includes('case')) return name;
  return rng.chance(0.5) ? name.toUpperCase() : name.toLowerCase();
}

const CASE_OPS: readonly ((d: Draft, rng: Rng) => void)[] = [
  (d) => (d.lastName = d.lastName.toUpperCase()),
  (d) => ([d.firstName, d.lastName] = [d.firstName.toLowerCase(), d.lastName.toLowerCase()]),
  (d) => (d.firstName = d.firstName.toUpperCase()),
  (d) => (d.email = d.email.replace(/(^|[._@-])([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase())),
  (d) => (d.email = d.email.toUpperCase()),
  (d, rng) => (rng.chance(0.5) ? (d.firstName = ` ${d.firstName}`) : (d.lastName = `${d.lastName} `)),
  (d) => (d.company = d.company.includes(' ') ? d.company.replace(' ', '  ') : `${d.company} `),
  (d) => (d.email = d.email ? ` ${d.email} ` : d.email),
];

function caseAndSpacing(draft: Draft, rng: Rng): void {
  const before = `${draft.firstName}|${draft.lastName}|${draft.email}|${draft.company}`;
  const count = rng.chance(0.3) ? 2 : 1;
  for (let i = 0; i < count; i++) rng.pick(CASE_OPS)(draft, rng);
  if (`${draft.firstName}|${draft.lastName}|${draft.email}|${draft.company}` === before) draft.lastName = `${draft.lastName} `;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const HUBSPOT_FIRST_ID = 10_100_000_001;

/**
 * Salesforce: key prefix 003 (Contact), pod `5g`, a reserved 0, a nine-character base-62 counter, then the
 * three-character case-safe suffix (one bit per upper-case letter in each five-character chunk). HubSpot: numeric.
 */
function recordId(ordinal: number, format: CrmFormat): string {
  if (format === 'hubspot') return String(HUBSPOT_FIRST_ID + ordinal);
  let counter = '';
  for (let n = ordinal + 1_000_000, i = 0; i < 9; i++, n = Math.floor(n / 62)) counter = BASE62[n % 62] + counter;
  const id15 = `0035g0${counter}`;
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) if (/[A-Z]/.test(id15[chunk * 5 + i] ?? '')) bits |= 1 << i;
    suffix += CHECKSUM[bits];
  }
  return id15 + suffix;
}

function toRecord(draft: Draft): ContactRecord {
  const { person } = draft;
  return {
    id: draft.id ?? '',
    firstName: draft.firstName, lastName: draft.lastName, email: draft.email, phone: draft.phone,
    company: draft.company, website: draft.website, country: draft.country,
    ...(person.title ? { title: person.title } : {}),
    entityId: person.entityId,
    ...(draft.original ? { originalId: draft.original.id ?? '' } : {}),
    perturbations: draft.perturbations,
    ...(person.hardNegative ? { hardNegative: person.hardNegative } : {}),
  };
}

/**
 * Streams `records` contact records generated from `seed`. Same options, same records, byte for byte; different
 * seeds give different corpora. See the top of this file for the ground-truth rule.
 */
export function generateCorpus(options: CorpusOptions): Generator<ContactRecord> {
  if (!Number.isSafeInteger(options.records) || options.records < 0) {
    throw new RangeError(`records must be a whole number of at least 0, received ${options.records}`);
  }
  if (!Number.isSafeInteger(options.seed)) throw new RangeError(`seed must be an integer, received ${options.seed}`);
  return new CorpusBuilder(options).records();
}
