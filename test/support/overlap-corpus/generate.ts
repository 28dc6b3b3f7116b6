import type { Company } from './companies.ts';
import { drawDeals } from './deals.ts';
import { Population, type Person } from './population.ts';
import { SeededRandom } from './random.ts';
import { RATES } from './rates.ts';
import { drawSharedFlags, renderHsCompany, renderHsContact, renderSfAccount, renderSfContact, type PersonFlags } from './render.ts';
import { FATHER_NAMES } from './vocabulary.ts';
import type { KeyPair, OverlapCorpus, OverlapOptions, PersonLookalike } from './types.ts';

export type { OverlapCorpus, OverlapOptions } from './types.ts';

type Side = 'salesforce' | 'hubspot';
const LOOKALIKE_KINDS: readonly PersonLookalike[] = ['same-last-name', 'same-first-name', 'junior'];

/**
 * A Salesforce org and a HubSpot portal that already hold overlapping data, as `syncline sync --initial` meets them,
 * with the ground truth of which records are one company, person or deal (deals: see {@link drawDeals}). The same seed and sizes always give the same
 * corpus. Shared entities differ between their two copies as real data does (see {@link RATES}); one-sided ones
 * are `oneSided*` distinct companies and people split between the systems (Salesforce takes the odd one), some of
 * them look-alikes of records on the other side (`hardNegatives`). Record order and keys say nothing of the truth.
 */
export function generateOverlap(options: OverlapOptions): OverlapCorpus {
  for (const size of ['sharedCompanies', 'oneSidedCompanies', 'sharedPeople', 'oneSidedPeople', 'sharedDeals', 'oneSidedDeals'] as const) {
    const value = options[size] ?? 0;
    if (!Number.isInteger(value) || value < 0) throw new Error(`${size} must be a whole number, 0 or more; got ${value}`);
  }
  const random = new SeededRandom(options.seed);
  const population = new Population(random);
  const companies = drawCompanies(options, population, random);
  const people = drawPeople(options, companies, population, random);

  // Keys follow a shuffled order per system, so neither position nor key pairs a record with its counterpart.
  const sfCompanies = keyed(random.shuffle([...companies.shared, ...companies.salesforce]), 'sf-account');
  const hsCompanies = keyed(random.shuffle([...companies.shared, ...companies.hubspot]), 'hs-company');
  const sfPeople = keyed(random.shuffle([...people.shared, ...people.salesforce]), 'sf-contact');
  const hsPeople = keyed(random.shuffle([...people.shared, ...people.hubspot]), 'hs-contact');

  const misspelledOn = new Map(companies.shared.filter(() => random.chance(RATES.companyNameTypo)).map((c) => [c, random.pick(['salesforce', 'hubspot'] as const)]));
  const flags = new Map(people.shared.map((p) => [p, drawSharedFlags(p, random)]));
  const flagsOn = (p: Person, side: Side): PersonFlags => flags.get(p)?.[side] ?? {};

  const accounts = [...sfCompanies].map(([c, key]) => renderSfAccount(key, c, misspelledOn.get(c) === 'salesforce', random));
  const hsCompanyRecords = [...hsCompanies].map(([c, key]) => renderHsCompany(key, c, misspelledOn.get(c) === 'hubspot', random));
  const sfContacts = [...sfPeople].map(([p, key]) => renderSfContact(key, p, flagsOn(p, 'salesforce'), keyOf(sfCompanies, p.company), random));
  // A look-alike keeps its company: being at the same company as its twin is what makes it look alike.
  const anchored = new Set(people.lookalikes.flatMap((l) => [l.salesforce, l.hubspot]));
  const hsContacts = [...hsPeople].map(([p, key]) => {
    const shared = flags.get(p);
    // Only a contact with an e-mail goes without a company: otherwise nothing would tie it to anyone.
    const without = shared ? shared.withoutCompany : !anchored.has(p) && p.email !== undefined && random.chance(RATES.hubspotContactWithoutCompany);
    return renderHsContact(key, p, flagsOn(p, 'hubspot'), without ? undefined : keyOf(hsCompanies, p.company), random);
  });

  const pairOf = <T>(sf: Map<T, string>, hs: Map<T, string>) => (entity: T, other: T = entity): KeyPair => [keyOf(sf, entity), keyOf(hs, other)];
  const companyPair = pairOf(sfCompanies, hsCompanies);
  const personPair = pairOf(sfPeople, hsPeople);
  // Deals are drawn last, so a corpus without them is the one the same seed always gave.
  const sizes = { shared: options.sharedDeals ?? 0, oneSided: options.oneSidedDeals ?? 0 };
  const deals = sizes.shared + sizes.oneSided === 0
    ? { opportunities: [], deals: [], truth: [], hardNegatives: [] }
    : drawDeals(sizes, { ...companies, accountKey: (c) => keyOf(sfCompanies, c), companyKey: (c) => keyOf(hsCompanies, c) }, random);
  return {
    salesforce: { accounts, contacts: sfContacts, opportunities: deals.opportunities },
    hubspot: { companies: hsCompanyRecords, contacts: hsContacts, deals: deals.deals },
    truth: { companies: sorted(companies.shared.map((c) => companyPair(c))), people: sorted(people.shared.map((p) => personPair(p))), deals: deals.truth },
    hardNegatives: {
      companies: companies.lookalikes.map(([sf, hs]) => companyPair(sf, hs)),
      people: people.lookalikes.map(({ kind, salesforce, hubspot }) => ({ kind, pair: personPair(salesforce, hubspot) })),
      deals: deals.hardNegatives,
    },
  };
}

interface Companies {
  shared: Company[];
  salesforce: Company[];
  hubspot: Company[];
  /** `[held by Salesforce, held by HubSpot]` look-alike pairs. */
  lookalikes: [Company, Company][];
}

function drawCompanies(options: OverlapOptions, population: Population, random: SeededRandom): Companies {
  const shared = times(options.sharedCompanies, () => population.company());
  const size: Record<Side, number> = { salesforce: Math.ceil(options.oneSidedCompanies / 2), hubspot: Math.floor(options.oneSidedCompanies / 2) };
  const wanted = options.oneSidedCompanies === 0 ? 0 : Math.max(1, Math.round(options.oneSidedCompanies * RATES.hardNegativeCompanies));
  // Look-alikes alternate between the systems, HubSpot first, as far as each system's one-sided share allows.
  const lookalikesOn: Record<Side, number> = { salesforce: 0, hubspot: 0 };
  for (let i = 0; i < wanted; i++) {
    const side: Side = i % 2 === 0 ? 'hubspot' : 'salesforce';
    const room = (s: Side) => lookalikesOn[s] < size[s];
    if (room(side)) lookalikesOn[side]++;
    else if (room(other(side))) lookalikesOn[other(side)]++;
  }
  const plain: Record<Side, Company[]> = {
    salesforce: times(size.salesforce - lookalikesOn.salesforce, () => population.company()),
    hubspot: times(size.hubspot - lookalikesOn.hubspot, () => population.company()),
  };
  const lookalikes: [Company, Company][] = [];
  const extra: Record<Side, Company[]> = { salesforce: [], hubspot: [] };
  for (const side of ['hubspot', 'salesforce'] as const) {
    // The original is one-sided on the other system where there is one: then only the name ties the two. Each
    // original has one look-alike until every one has.
    const originals = random.shuffle(plain[other(side)].length > 0 ? plain[other(side)] : shared);
    for (let i = 0; i < lookalikesOn[side]; i++) {
      if (originals.length === 0) {
        extra[side].push(population.company());
        continue;
      }
      const original = originals[i % originals.length] as Company;
      const twin = population.lookalikeOf(original);
      extra[side].push(twin);
      lookalikes.push(side === 'hubspot' ? [original, twin] : [twin, original]);
    }
  }
  return { shared, salesforce: [...plain.salesforce, ...extra.salesforce], hubspot: [...plain.hubspot, ...extra.hubspot], lookalikes };
}

interface People {
  shared: Person[];
  salesforce: Person[];
  hubspot: Person[];
  lookalikes: { kind: PersonLookalike; salesforce: Person; hubspot: Person }[];
}

function drawPeople(options: OverlapOptions, companies: Companies, population: Population, random: SeededRandom): People {
  if (options.sharedPeople > 0 && companies.shared.length === 0) throw new Error('shared people need at least one shared company');
  const shared = times(options.sharedPeople, () => population.person(random.pickSkewed(companies.shared)));
  const size: Record<Side, number> = { salesforce: Math.ceil(options.oneSidedPeople / 2), hubspot: Math.floor(options.oneSidedPeople / 2) };
  const smaller = Math.min(size.salesforce, size.hubspot);
  const pairs = companies.shared.length === 0 ? 0 : Math.min(smaller, Math.max(LOOKALIKE_KINDS.length, Math.round(smaller * RATES.hardNegativePeople)));
  const onSide: Record<Side, Person[]> = { salesforce: [], hubspot: [] };
  const lookalikes: People['lookalikes'] = [];
  for (let i = 0; i < pairs; i++) {
    const kind = LOOKALIKE_KINDS[i % LOOKALIKE_KINDS.length] as PersonLookalike;
    const first = population.person(random.pickSkewed(companies.shared), true, kind === 'junior' ? FATHER_NAMES : undefined);
    const second = population.lookalike(first, kind);
    const [sf, hs] = i % 2 === 0 ? [first, second] : [second, first];
    onSide.salesforce.push(sf);
    onSide.hubspot.push(hs);
    lookalikes.push({ kind, salesforce: sf, hubspot: hs });
  }
  for (const side of ['salesforce', 'hubspot'] as const) {
    const own = companies[side];
    while (onSide[side].length < size[side]) {
      const atShared = companies.shared.length > 0 && (own.length === 0 || random.chance(RATES.oneSidedAtSharedCompany));
      if (!atShared && own.length === 0) throw new Error(`one-sided ${side} people need a company in ${side}`);
      const company = atShared ? random.pickSkewed(companies.shared) : random.pickSkewed(own);
      onSide[side].push(population.person(company, !random.chance(RATES.oneSidedMissingEmail)));
    }
  }
  return { shared, ...onSide, lookalikes };
}

function keyed<T>(entities: readonly T[], prefix: string): Map<T, string> {
  const width = Math.max(4, String(entities.length).length);
  return new Map(entities.map((e, i) => [e, `${prefix}-${String(i + 1).padStart(width, '0')}`]));
}

function keyOf<T>(keys: Map<T, string>, entity: T): string {
  const key = keys.get(entity);
  if (key === undefined) throw new Error('an entity has no record on this side');
  return key;
}

function sorted(pairs: KeyPair[]): KeyPair[] {
  return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function other(side: Side): Side {
  return side === 'salesforce' ? 'hubspot' : 'salesforce';
}

function times<T>(n: number, make: () => T): T[] {
  return Array.from({ length: n }, make);
}
