import type { ContactFields, ContactRecord, HardNegativeKind } from '#test/support/dedupe-corpus/generate';
import { hasLinkingEvidence } from '#test/support/linkage-corpus/evidence';
import {
  EMAIL_FORMAT_NAMES, EMAIL_FORMAT_WEIGHTS, WEBSITE_STYLES, formatPhone, mailboxName, renderEmail,
  type EmailFormat, type PhoneNumber, type PhoneStyle,
} from '#test/support/linkage-corpus/formats';
import { GIVEN_NAMES, MALE_GIVEN_NAMES, NICKNAMES } from '#test/support/linkage-corpus/nicknames';
import { COMPANY_PREFIXES, COMPANY_ROOTS, COMPANY_SUFFIXES, COUNTRIES, PERSONAL_DOMAINS, SURNAMES, type Country } from '#test/support/linkage-corpus/pools';
import { recordId, type LinkageStyle } from '#test/support/linkage-corpus/ids';
import { Rng } from '#test/support/linkage-corpus/random';
import { VARIATIONS, VARIATION_NAMES, drawVariations, type Draft, type VariationContext, type VariationName } from '#test/support/linkage-corpus/variations';

/**
 * A second, independent evaluation corpus for contact duplicate detection, built from the record-linkage literature
 * (FEBRL's generator, GeCo) and from how CRM contact data goes wrong, without reference to the matcher it evaluates.
 * See README.md in this folder for the catalogue, rates and sources.
 *
 * Records stream out of a generator: people are made company by company (a company's staff, their duplicates and the
 * hard negatives planted among them, at most a few hundred records), pushed into a shuffle window of `window` records
 * and drawn from it at random. Memory is O(window), whatever `records` is.
 */

export { salesforceCaseSafe, type LinkageStyle } from '#test/support/linkage-corpus/ids';

export const NEGATIVE_KINDS = ['colleague-same-surname', 'colleague-same-given-name', 'sibling', 'father-son', 'switchboard', 'namesake'] as const;
export type NegativeKind = (typeof NEGATIVE_KINDS)[number];

/**
 * A generated record. `perturbations` is always empty (that union belongs to the other corpus); the variations this
 * corpus applied are in `variations`. `hardNegative.kind` holds a {@link NegativeKind} cast to the other corpus' type
 * so that its CSV writer prints it; `negativeKind` carries it typed.
 */
export type LinkageRecord = ContactRecord & { readonly variations: readonly VariationName[]; readonly negativeKind?: NegativeKind };

export interface LinkageOptions {
  /** Exact number of records to produce. */
  readonly records: number;
  /** Any integer; the same seed, size and style give the same records. */
  readonly seed: number;
  /** Shapes ids and export conventions; defaults to salesforce. */
  readonly style?: LinkageStyle;
  /** Records held for shuffling; defaults to 4096. */
  readonly window?: number;
}

/** Duplicates per person: most people once, some two to four times. An assumption; FEBRL leaves it a parameter. [?] */
const DUPLICATE_COUNTS = [0, 1, 2, 3] as const;
const DUPLICATE_WEIGHTS = [80, 13, 5, 2];

/** Staff per company in the CRM: many one-contact accounts, a long tail of large ones. [?] */
const COMPANY_SIZES = [[1, 1], [2, 5], [6, 20], [21, 60]] as const;
const COMPANY_SIZE_WEIGHTS = [35, 40, 20, 5];

/** Chance per company of planting each hard-negative group. [?] */
const PLANT_RATES: Readonly<Record<NegativeKind, number>> = {
  // father-son is tried at 0.016 and kept only for a male anchor (about half the given names): ~0.008 net.
  'colleague-same-surname': 0.05, 'colleague-same-given-name': 0.03, sibling: 0.012, 'father-son': 0.016, switchboard: 0.04, namesake: 0.03,
};

/**
 * Export conventions per CRM. Salesforce: the Account carries Website, so most contacts export one; phones are as a
 * rep typed them (national forms). HubSpot: the contact's Website URL is a contact property often left empty when
 * the company lives on the associated company record, and numbers arrive from forms, more often in + form. [?] both.
 */
const STYLE = {
  salesforce: { websiteShare: 0.85, phoneStyles: ['national', 'dashes', 'international', 'e164', 'dots'] as PhoneStyle[], phoneWeights: [55, 15, 15, 10, 5], emailCaseKept: true },
  hubspot: { websiteShare: 0.35, phoneStyles: ['e164', 'international', 'national', 'dashes'] as PhoneStyle[], phoneWeights: [40, 25, 25, 10], emailCaseKept: false },
} as const;

interface Company {
  readonly name: string;
  readonly domain: string;
  readonly country: Country;
  readonly format: EmailFormat;
  readonly switchboard: PhoneNumber;
  readonly website: string;
}

/** What is taken at one company: mailboxes (address → entity) and full names. */
interface Staff {
  readonly emails: Map<string, string>;
  readonly names: Set<string>;
}

const newStaff = (): Staff => ({ emails: new Map(), names: new Set() });

interface Person {
  readonly given: string;
  first: string;
  last: string;
  readonly baseLast: string;
  readonly company: Company;
  phone: PhoneNumber | undefined;
  readonly email: string;
  readonly personalEmail: string;
  readonly personalPrimary: boolean;
  readonly entityId: string;
  negative?: { kind: NegativeKind; group: string };
}

const COMPANY_COMBOS = COMPANY_PREFIXES.length * COMPANY_ROOTS.length * COMPANY_SUFFIXES.length;
const MAX_PHONES = 8_000_000;

class CorpusBuilder {
  readonly #rng: Rng;
  readonly #style: LinkageStyle;
  #seq = { record: 0, entity: 0, company: 0, phone: 0, group: 0 };

  constructor(seed: number, style: LinkageStyle) {
    this.#rng = new Rng(seed);
    this.#style = style;
  }

  #newPhone(country: Country): PhoneNumber {
    if (this.#seq.phone >= MAX_PHONES) throw new Error(`the corpus has unique numbers for ${MAX_PHONES} lines; ask for fewer records`);
    const v = (this.#seq.phone++ * 7_919) % MAX_PHONES;
    const extra = country.phone.subscriberDigits === 8 ? String(this.#rng.int(10)) : '';
    const subscriber = `${2 + Math.floor(v / 1_000_000)}${String(v % 1_000_000).padStart(6, '0')}${extra}`;
    return { country, area: this.#rng.pick(country.phone.areas), subscriber };
  }

  /** Company names come from a bijective walk of prefix × root × suffix, so domains never repeat. */
  #newCompany(): Company {
    const rng = this.#rng;
    const idx = this.#seq.company++;
    const k = (idx * 7_919) % COMPANY_COMBOS;
    const round = Math.floor(idx / COMPANY_COMBOS);
    const prefix = COMPANY_PREFIXES[k % COMPANY_PREFIXES.length] as string;
    const root = COMPANY_ROOTS[Math.floor(k / COMPANY_PREFIXES.length) % COMPANY_ROOTS.length] as string;
    const suffix = COMPANY_SUFFIXES[Math.floor(k / (COMPANY_PREFIXES.length * COMPANY_ROOTS.length))] as string;
    const country = rng.weighted(COUNTRIES, COUNTRIES.map((c) => c.weight));
    const legal = rng.chance(0.75) ? ` ${rng.pick(country.legalForms)[0]}` : '';
    const domain = `${mailboxName(prefix)}${mailboxName(root)}${mailboxName(suffix)}${round > 0 ? round + 1 : ''}.${country.tld}`;
    const website = rng.chance(STYLE[this.#style].websiteShare) ? rng.pick(WEBSITE_STYLES.slice(0, 4))(domain) : '';
    return {
      name: `${[prefix, root, suffix].filter(Boolean).join(' ')}${legal}`,
      domain, country, website,
      format: rng.weighted(EMAIL_FORMAT_NAMES, EMAIL_FORMAT_WEIGHTS),
      switchboard: this.#newPhone(country),
    };
  }

  /**
   * A person at `company`. Without a planted name, two people at one company never share given name and surname:
   * nothing in a contact record could tell such a pair apart, so they would be noise in the ground truth.
   */
  #newPerson(company: Company, staff: Staff, planted?: { given: string; last: string }, emailTag = ''): Person {
    const rng = this.#rng;
    let given = planted?.given ?? rng.pick(GIVEN_NAMES);
    let last = planted?.last ?? rng.pick(SURNAMES);
    for (let tries = 0; !planted && staff.names.has(`${given} ${last}`) && tries < 50; tries++) [given, last] = [rng.pick(GIVEN_NAMES), rng.pick(SURNAMES)];
    staff.names.add(`${given} ${last}`);
    const emails = staff.emails;
    const entityId = `E${this.#seq.entity++}`;
    const personalEmail = `${mailboxName(given)}${rng.pick(['.', '', '_'])}${mailboxName(last)}${this.#seq.entity}@${rng.pick(PERSONAL_DOMAINS)}`;
    const personalPrimary = emailTag === '' && rng.chance(0.06);
    let email = personalEmail;
    if (!personalPrimary) {
      // One in ten people go by a nickname in their mailbox name (bob.smith@ for Robert Smith). [?]
      const mailGiven = rng.chance(0.1) ? rng.pick(NICKNAMES[given] ?? [given]) : given;
      email = renderEmail(company.format, mailGiven, last, company.domain, emailTag);
      // Mail administrators number a clashing mailbox (john.smith2@); a clash would make two people one address.
      for (let n = 2; emails.has(email); n++) email = renderEmail(company.format, mailGiven, last, company.domain, `${emailTag}${n}`);
    }
    emails.set(email, entityId);
    const roll = rng.next();
    const phone = roll < 0.7 ? this.#newPhone(company.country) : roll < 0.85 ? { ...company.switchboard, extension: String(100 + rng.int(900)) } : undefined;
    const first = given[0]?.toUpperCase() + given.slice(1);
    return { given, first, last, baseLast: last, company, phone, email, personalEmail, personalPrimary, entityId };
  }

  #label(kind: NegativeKind, members: Person[]): void {
    const group = `G${this.#seq.group++}`;
    for (const m of members) m.negative = { kind, group };
  }

  /** Plants hard-negative groups among a company's people; each person joins at most one group. */
  #plant(people: Person[], company: Company, staff: Staff): void {
    const rng = this.#rng;
    const free = () => people.filter((p) => !p.negative && !p.personalPrimary);
    const anchor = () => {
      const options = free();
      return options.length > 0 ? rng.pick(options) : undefined;
    };
    let x: Person | undefined;
    if (rng.chance(PLANT_RATES['colleague-same-surname']) && (x = anchor())) {
      const other = this.#newPerson(company, staff, { given: rng.pick(GIVEN_NAMES.filter((g) => g !== x?.given)), last: x.baseLast });
      people.push(other);
      this.#label('colleague-same-surname', [x, other]);
    }
    if (rng.chance(PLANT_RATES['colleague-same-given-name']) && (x = anchor())) {
      const other = this.#newPerson(company, staff, { given: x.given, last: rng.pick(SURNAMES.filter((s) => s !== x?.baseLast)) });
      people.push(other);
      this.#label('colleague-same-given-name', [x, other]);
    }
    if (rng.chance(PLANT_RATES.sibling) && (x = anchor())) {
      // Twins or siblings at one firm: same surname, given names sharing the initial where the list allows,
      // so flast-style mailboxes differ only by the number the mail administrator added.
      const initial = GIVEN_NAMES.filter((g) => g !== x?.given && g[0] === x?.given[0]);
      const other = this.#newPerson(company, staff, { given: rng.pick(initial.length > 0 ? initial : GIVEN_NAMES.filter((g) => g !== x?.given)), last: x.baseLast });
      people.push(other);
      this.#label('sibling', [x, other]);
    }
    if (rng.chance(PLANT_RATES['father-son']) && (x = anchor()) && MALE_GIVEN_NAMES.has(x.given)) {
      // Family firm: the son shares his father's name and line; "Jr." on the son (and often "Sr." on the father)
      // and his own mailbox (…jr@) tell them apart, as a careful reader would.
      const son = this.#newPerson(company, staff, { given: x.given, last: x.baseLast }, 'jr');
      son.last = `${x.baseLast} Jr.`;
      if (rng.chance(0.5)) x.last = `${x.baseLast} Sr.`;
      x.phone ??= { ...company.switchboard };
      son.phone = x.phone;
      people.push(son);
      this.#label('father-son', [x, son]);
    }
    if (rng.chance(PLANT_RATES.switchboard) && free().length >= 2) {
      const members = free().slice(0, 2 + rng.int(2));
      for (const m of members) m.phone = rng.chance(0.5) ? { ...company.switchboard } : { ...company.switchboard, extension: String(100 + rng.int(900)) };
      this.#label('switchboard', members);
    }
    if (rng.chance(PLANT_RATES.namesake) && (x = anchor())) {
      const elsewhere = this.#newCompany();
      const other = this.#newPerson(elsewhere, newStaff(), { given: x.given, last: x.baseLast });
      people.push(other);
      this.#label('namesake', [x, other]);
    }
  }

  #fields(person: Person): ContactFields {
    const rng = this.#rng;
    const style = STYLE[this.#style];
    const phoneStyle = rng.weighted(style.phoneStyles, style.phoneWeights);
    return {
      firstName: person.first,
      lastName: person.last,
      email: person.email,
      phone: person.phone ? formatPhone(person.phone, phoneStyle, rng.int(2)) : '',
      company: person.company.name,
      website: person.company.website,
      country: person.company.country.names[0],
    };
  }

  #duplicate(person: Person, original: ContactFields, emails: Map<string, string>): { fields: ContactFields; variations: VariationName[] } {
    const rng = this.#rng;
    const ctx: VariationContext = {
      rng, givenName: person.given, surname: person.baseLast, country: person.company.country, phone: person.phone,
      companyDomain: person.company.domain, companyFormat: person.company.format, personalEmail: person.personalEmail,
      personalPrimary: person.personalPrimary, emailCaseKept: STYLE[this.#style].emailCaseKept,
      emailTaken: (email) => (emails.get(email.toLowerCase()) ?? person.entityId) !== person.entityId,
    };
    const draft: Draft = { ...original };
    const applied: VariationName[] = [];
    const tryApply = (name: VariationName) => {
      const before = { ...draft };
      if (VARIATIONS[name].apply(draft, ctx) && hasLinkingEvidence(original, draft)) {
        applied.push(name);
        return;
      }
      Object.assign(draft, before);
    };
    // A hard-negative member's duplicates keep the address that tells the members apart (evidence.ts).
    for (const name of drawVariations(rng, person.negative !== undefined)) tryApply(name);
    // A duplicate that kept nothing of its draw gets classes picked by rate until one applies, so none is a verbatim copy.
    for (let tries = 0; applied.length === 0 && tries < 20; tries++) {
      tryApply(rng.weighted(VARIATION_NAMES, VARIATION_NAMES.map((n) => (person.negative && n.includes('email') ? 0 : VARIATIONS[n].rate))));
    }
    if (draft.email) emails.set(draft.email.toLowerCase(), person.entityId);
    return { fields: draft, variations: applied };
  }

  #record(person: Person, fields: ContactFields, variations: VariationName[], originalId?: string): LinkageRecord {
    const negative = person.negative;
    return {
      id: recordId(this.#style, this.#seq.record++),
      ...fields,
      entityId: person.entityId,
      ...(originalId === undefined ? {} : { originalId }),
      perturbations: [],
      variations,
      ...(negative ? { hardNegative: { kind: negative.kind as unknown as HardNegativeKind, group: negative.group }, negativeKind: negative.kind } : {}),
    };
  }

  #records(people: Person[], emails: Map<string, string>, withDuplicates: boolean): LinkageRecord[] {
    const out: LinkageRecord[] = [];
    for (const person of people) {
      const fields = this.#fields(person);
      const original = this.#record(person, fields, []);
      out.push(original);
      const count = withDuplicates ? this.#rng.weighted(DUPLICATE_COUNTS, DUPLICATE_WEIGHTS) : 0;
      for (let i = 0; i < count; i++) {
        const dup = this.#duplicate(person, fields, emails);
        out.push(this.#record(person, dup.fields, dup.variations, original.id));
      }
    }
    return out;
  }

  /** One company's records, or `remaining` plain one-record people when a full company would overshoot. */
  block(remaining: number): LinkageRecord[] {
    const rng = this.#rng;
    const company = this.#newCompany();
    const staff = newStaff();
    const [min, max] = rng.weighted(COMPANY_SIZES, COMPANY_SIZE_WEIGHTS);
    const people = Array.from({ length: min + rng.int(max - min + 1) }, () => this.#newPerson(company, staff));
    this.#plant(people, company, staff);
    const records = this.#records(people, staff.emails, true);
    if (records.length <= remaining) return records;
    const tail = newStaff();
    return this.#records(Array.from({ length: remaining }, () => this.#newPerson(company, tail)), tail.emails, false);
  }
}

/**
 * Streams exactly `options.records` contact records. Deterministic for a given seed, size, style and window.
 *
 * @throws Error when `records` is not a whole number or asks for more distinct phone lines than the corpus has.
 */
export function* generateLinkageCorpus(options: LinkageOptions): Generator<LinkageRecord> {
  const { records, seed, style = 'salesforce', window = 4096 } = options;
  if (!Number.isSafeInteger(records) || records < 0) throw new Error(`records: expected a whole number, received ${records}`);
  const builder = new CorpusBuilder(seed, style);
  const shuffle = new Rng(seed ^ 0x5bd1e995);
  const buffer: LinkageRecord[] = [];
  const take = (): LinkageRecord => {
    const i = shuffle.int(buffer.length);
    const picked = buffer[i] as LinkageRecord;
    buffer[i] = buffer[buffer.length - 1] as LinkageRecord;
    buffer.pop();
    return picked;
  };
  let made = 0;
  while (made < records) {
    const block = builder.block(records - made);
    made += block.length;
    for (const record of block) {
      buffer.push(record);
      if (buffer.length > window) yield take();
    }
  }
  while (buffer.length > 0) yield take();
}
