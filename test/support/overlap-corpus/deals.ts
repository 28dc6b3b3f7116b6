import type { Company } from './companies.ts';
import type { SeededRandom } from './random.ts';
import type { DealLookalike, HsDeal, KeyPair, SfOpportunity } from './types.ts';

/**
 * How the two copies of one deal differ, and how often (per shared deal unless it says otherwise). Deals are typed
 * once by a rep and then carried across by hand or by an older integration, so they differ far less than people do:
 * the name's case or spacing, and how each CRM stores the amount. The close date and the stage are the same deal's
 * facts on both sides; a differing one would be a conflict for review, not a matching question.
 */
export const DEAL_RATES = {
  /** One copy's name in other capitals ("BLUE HARBOR - Renewal", "blue harbor platform upgrade"). */
  nameCase: 0.2,
  /** One copy's name with a doubled inner space or a trailing space, as pasted. */
  nameWhitespace: 0.2,
  /** Per HubSpot rendering: the amount with two decimals ("48000.00"), as a spreadsheet import sends it. */
  hubspotAmountDecimals: 0.25,
  /** A shared company's second deal is next year's renewal of its first (same name, a year later). */
  nextRenewal: 0.3,
  /** Share of the smaller side's one-sided deals spent on look-alike pairs; at least one of each kind when sizes allow. */
  hardNegativeDeals: 0.25,
  /** One-sided deal at a company both CRMs hold (the rest at a company of its own side). */
  oneSidedAtSharedCompany: 0.5,
} as const;

/**
 * Opportunity stages as the Salesforce sandbox seeds them (local/sandboxes/salesforce/seed.ts, values of the standard
 * StageName picklist), each beside the HubSpot default pipeline's internal stage id that syncline.yaml's
 * `objects.deal.fields.stage` maps it to. HubSpot's API takes and returns the internal id, never the label.
 */
const STAGES: readonly (readonly [salesforce: string, hubspot: string])[] = [
  ['Qualification', 'qualifiedtobuy'],
  ['Proposal/Price Quote', 'presentationscheduled'],
  ['Negotiation/Review', 'decisionmakerboughtin'],
  ['Closed Won', 'closedwon'],
];

/** The part of a deal name after the account: a sales motion set off by " - ", or a project. */
const MOTIONS = ['Renewal', 'New Business', 'Expansion', 'Upsell', 'Add-on Seats'] as const;
const PROJECTS = ['platform upgrade', 'pilot', 'multi-site rollout', 'lab expansion', 'data migration', 'support plan'] as const;
/** Names without the account in them, so that two accounts can hold one. */
const GENERIC = ['Enterprise License', 'Annual Subscription', 'Premium Support', 'Professional Services'] as const;

/** A deal as it really is: each CRM holds a rendering of it. */
interface Deal {
  company: Company;
  /** The name up to its suffix; a rendering may vary its case and spacing. */
  head: string;
  /** " - Renewal" and the like: part of the name, kept verbatim by every rendering. */
  suffix: string;
  /** `YYYY-MM-DD`. */
  closeDate: string;
  amount: number;
  stage: readonly [string, string];
}

type NameVariant = 'none' | 'case' | 'whitespace';

/** The deals each side holds, which pairs are one deal, and which look alike but are two. */
export interface DealDraw {
  opportunities: SfOpportunity[];
  deals: HsDeal[];
  truth: KeyPair[];
  hardNegatives: { kind: DealLookalike; pair: KeyPair }[];
}

/** Companies per side, and their record keys. */
export interface DealCompanies {
  shared: readonly Company[];
  salesforce: readonly Company[];
  hubspot: readonly Company[];
  accountKey: (company: Company) => string;
  companyKey: (company: Company) => string;
}

/**
 * `shared` deals held by both CRMs (0 to 2 at each shared company) and `oneSided` deals split between the systems
 * (Salesforce takes the odd one), some of them look-alike pairs (`hardNegatives`): one name at one account closing a
 * year apart (this year's renewal and next year's), or one name without the account in it at two accounts on the
 * same day. No side holds two deals with one name at one account on one day.
 */
export function drawDeals(sizes: { shared: number; oneSided: number }, companies: DealCompanies, random: SeededRandom): DealDraw {
  if (sizes.shared > 2 * companies.shared.length) throw new Error(`${sizes.shared} shared deals need at least ${Math.ceil(sizes.shared / 2)} shared companies`);
  const registry = new Set<string>();
  const shared = drawShared(sizes.shared, companies.shared, registry, random);
  const side = { salesforce: Math.ceil(sizes.oneSided / 2), hubspot: Math.floor(sizes.oneSided / 2) };
  const smaller = Math.min(side.salesforce, side.hubspot);
  const pairs = companies.shared.length < 2 ? 0 : Math.min(smaller, Math.max(2, Math.round(smaller * DEAL_RATES.hardNegativeDeals)));
  const lookalikes = Array.from({ length: pairs }, (_, i) => lookalikePair(i % 2 === 0 ? 'other-close-date' : 'other-account', companies.shared, registry, random));
  const own = (s: 'salesforce' | 'hubspot') => {
    const deals = lookalikes.map((l) => l[s]);
    while (deals.length < side[s]) {
      const atShared = companies.shared.length > 0 && (companies[s].length === 0 || random.chance(DEAL_RATES.oneSidedAtSharedCompany));
      if (!atShared && companies[s].length === 0) throw new Error(`one-sided ${s} deals need a company in ${s}`);
      deals.push(freshDeal(random.pickSkewed(atShared ? companies.shared : companies[s]), registry, random));
    }
    return deals;
  };
  const sfDeals = keyed(random.shuffle([...shared.map((d) => d.deal), ...own('salesforce')]), 'sf-opportunity');
  const hsDeals = keyed(random.shuffle([...shared.map((d) => d.deal), ...own('hubspot')]), 'hs-deal');
  const variantOn = new Map(shared.map((d) => [d.deal, d.variant]));
  const opportunities = [...sfDeals].map(([d, key]) => renderOpportunity(key, d, variantOn.get(d)?.salesforce ?? 'none', companies.accountKey(d.company), random));
  const deals = [...hsDeals].map(([d, key]) => renderHsDeal(key, d, variantOn.get(d)?.hubspot ?? 'none', companies.companyKey(d.company), random));
  const pair = (sf: Deal, hs: Deal = sf): KeyPair => [keyOf(sfDeals, sf), keyOf(hsDeals, hs)];
  return {
    opportunities,
    deals,
    truth: shared.map((d) => pair(d.deal)).sort(([a], [b]) => (a < b ? -1 : 1)),
    hardNegatives: lookalikes.map((l) => ({ kind: l.kind, pair: pair(l.salesforce, l.hubspot) })),
  };
}

function drawShared(n: number, companies: readonly Company[], registry: Set<string>, random: SeededRandom): { deal: Deal; variant: Record<'salesforce' | 'hubspot', NameVariant> }[] {
  // Two slots per company, shuffled: the first n give each company 0, 1 or 2 deals.
  const slots = random.shuffle(companies.flatMap((c) => [c, c])).slice(0, n);
  const first = new Map<Company, Deal>();
  return slots.map((company) => {
    const before = first.get(company);
    const deal = before && before.suffix === ' - Renewal' && random.chance(DEAL_RATES.nextRenewal) ? nextYear(before, registry) : freshDeal(company, registry, random);
    if (!before) first.set(company, deal);
    const kind = random.weighted<NameVariant>({ none: 1 - DEAL_RATES.nameCase - DEAL_RATES.nameWhitespace, case: DEAL_RATES.nameCase, whitespace: DEAL_RATES.nameWhitespace });
    const onSalesforce = random.chance(0.5);
    return { deal, variant: { salesforce: onSalesforce ? kind : 'none', hubspot: onSalesforce ? 'none' : kind } };
  });
}

function lookalikePair(kind: DealLookalike, companies: readonly Company[], registry: Set<string>, random: SeededRandom): { kind: DealLookalike; salesforce: Deal; hubspot: Deal } {
  const [a, b] = random.shuffle(companies) as [Company, Company];
  if (kind === 'other-close-date') {
    const renewal = freshDeal(a, registry, random, ' - Renewal');
    const later = nextYear(renewal, registry);
    return random.chance(0.5) ? { kind, salesforce: renewal, hubspot: later } : { kind, salesforce: later, hubspot: renewal };
  }
  for (let attempt = 0; attempt < 100; attempt++) {
    const head = random.pick(GENERIC);
    const closeDate = drawCloseDate(random);
    if (registry.has(dealKey(a, head, '', closeDate)) || registry.has(dealKey(b, head, '', closeDate))) continue;
    const [one, other] = [a, b].map((company) => register(registry, { company, head, suffix: '', closeDate, amount: drawAmount(random), stage: random.pick(STAGES) })) as [Deal, Deal];
    return { kind, salesforce: one, hubspot: other };
  }
  throw new Error('no free generic deal name left');
}

function freshDeal(company: Company, registry: Set<string>, random: SeededRandom, suffix?: string): Deal {
  for (let attempt = 0; attempt < 100; attempt++) {
    const style = suffix === undefined ? random.weighted({ motion: 50, project: 25, dated: 15, generic: 10 }) : 'motion';
    const closeDate = drawCloseDate(random);
    const [head, tail] = {
      motion: () => [company.stem, suffix ?? ` - ${random.pick(MOTIONS)}`],
      project: () => [`${company.stem} ${random.pick(PROJECTS)}`, ''],
      dated: () => [`${company.stem} ${random.pick(PROJECTS)} ${closeDate.slice(0, 4)}`, ''],
      generic: () => [random.pick(GENERIC), ''],
    }[style]() as [string, string];
    if (registry.has(dealKey(company, head, tail, closeDate))) continue;
    return register(registry, { company, head, suffix: tail, closeDate, amount: drawAmount(random), stage: random.pick(STAGES) });
  }
  throw new Error(`no free deal name left at ${company.domain}`);
}

/** The same deal a year on: next year's renewal is another deal with the same name. */
function nextYear(deal: Deal, registry: Set<string>): Deal {
  let closeDate = deal.closeDate;
  do closeDate = aYearLater(closeDate);
  while (registry.has(dealKey(deal.company, deal.head, deal.suffix, closeDate)));
  return register(registry, { ...deal, closeDate, stage: STAGES[0] as readonly [string, string] });
}

/** The same day a year later; the 29th of February becomes the 28th. */
function aYearLater(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(year + 1, month, 0)).getUTCDate();
  return `${year + 1}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

function register(registry: Set<string>, deal: Deal): Deal {
  registry.add(dealKey(deal.company, deal.head, deal.suffix, deal.closeDate));
  return deal;
}

/** One real deal per name (case and spacing aside), account and close date. */
function dealKey(company: Company, head: string, suffix: string, closeDate: string): string {
  return [company.domain, (head + suffix).toLowerCase().replace(/\s+/g, ' ').trim(), closeDate].join('|');
}

/** Deals close mostly at a month's or a quarter's end, in the years a CRM's history and pipeline span. */
function drawCloseDate(random: SeededRandom): string {
  const year = 2024 + random.int(4);
  const month = random.chance(0.5) ? 3 * (1 + random.int(4)) : 1 + random.int(12);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = random.chance(0.7) ? last : 1 + random.int(28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function drawAmount(random: SeededRandom): number {
  return 500 * (10 + random.int(790));
}

function renderName(deal: Deal, variant: NameVariant, random: SeededRandom): string {
  let head = deal.head;
  if (variant === 'case') head = random.chance(0.5) ? head.toUpperCase() : head.toLowerCase();
  if (variant === 'whitespace') head = head.includes(' ') && random.chance(0.6) ? head.replace(' ', '  ') : `${head} `;
  // A trailing space after the head would sit inside the name when a suffix follows: it goes to the end instead.
  return head.endsWith(' ') && deal.suffix ? `${head.trimEnd()}${deal.suffix} ` : head + deal.suffix;
}

/** The Salesforce Opportunity of `deal`, under the Account `accountKey`. */
function renderOpportunity(key: string, deal: Deal, variant: NameVariant, accountKey: string, random: SeededRandom): SfOpportunity {
  return { key, Name: renderName(deal, variant, random), StageName: deal.stage[0], CloseDate: deal.closeDate, Amount: deal.amount, accountKey };
}

/**
 * The HubSpot deal of `deal`, with `companyKey` its primary company. HubSpot's `closedate` is a datetime property:
 * a deal closing on a day is that day's midnight UTC (as the HubSpot sandbox seeds it); every property travels as a
 * string, `amount` among them.
 */
function renderHsDeal(key: string, deal: Deal, variant: NameVariant, companyKey: string, random: SeededRandom): HsDeal {
  const amount = random.chance(DEAL_RATES.hubspotAmountDecimals) ? deal.amount.toFixed(2) : String(deal.amount);
  return {
    key,
    properties: { dealname: renderName(deal, variant, random), dealstage: deal.stage[1], pipeline: 'default', closedate: `${deal.closeDate}T00:00:00.000Z`, amount },
    companyKey,
  };
}

function keyed(deals: readonly Deal[], prefix: string): Map<Deal, string> {
  const width = Math.max(4, String(deals.length).length);
  return new Map(deals.map((d, i) => [d, `${prefix}-${String(i + 1).padStart(width, '0')}`]));
}

function keyOf(keys: Map<Deal, string>, deal: Deal): string {
  const key = keys.get(deal);
  if (key === undefined) throw new Error('a deal has no record on this side');
  return key;
}
