/**
 * The match rule model: how the identity matcher decides that two person records are one person.
 *
 * Rules are tried in order and the first that matches wins (see `compareRecords`). Three kinds, which are also the
 * tiers a decision is ranked by:
 *  - `exact`: one match key is equal on both sides (the normalized e-mail key). Tier 0.
 *  - `external-id`: both records carry the same link to a record of another system (a Salesforce id held by a
 *    HubSpot contact). At write time the caller supplies the links it knows; in a CSV dedupe the rule applies when
 *    a column is mapped to `externalId`, and is skipped otherwise. Tier 1.
 *  - `fuzzy`: a composite rule. Candidates come from its blocking keys only (never all pairs); every field
 *    comparison must reach its own threshold, the weighted mean of their scores must reach the rule's threshold,
 *    and no veto may hold. Tier 2.
 *  - `probabilistic`: the person model (`probabilistic.ts`) weighs every comparison of two people and gives the
 *    probability that they are one; at or above `match` they are, from `review` up a person decides. Candidates come
 *    from its blocking keys. Tier 2, beside the fuzzy rules: both weigh evidence, where the first two kinds are keys.
 *
 * Plain data (no zod here, the domain is pure): `shared/config/match-rules.ts` builds it from `syncline.yaml`.
 */
import type { ComparisonName } from '#domain/identity/comparison-levels';
import { DEFAULT_THRESHOLDS, defaultPersonModel, type ProbabilisticModel } from '#domain/identity/probabilistic';

/**
 * Match-record values a rule can compare (see `MatchRecord`). People use the first six; companies `domain`, `name`
 * and `country`; deals `name`, `account` (the company they belong to, as its entity) and `closeDate`.
 */
export const MATCH_FIELDS = ['email', 'phone', 'domain', 'company', 'firstName', 'lastName', 'name', 'country', 'account', 'closeDate'] as const;
export type MatchField = (typeof MATCH_FIELDS)[number];

/**
 * How two values are scored, each in [0, 1]:
 *  - `exact`: 1 when equal, else 0.
 *  - `jaro-winkler`: Jaro-Winkler similarity of the folded values (typos).
 *  - `token-set`: token-set ratio (word order, extra words); costs ~6.5 µs, so only for pairs blocking narrowed.
 *  - `phonetic`: 1 when the Double Metaphone codes meet, else 0.
 *  - `given-name`: 1 when the names may be one (nicknames: Bob/Robert), else the best Jaro-Winkler similarity
 *    between their formal forms (typos in a formal name: Jonathon/Jonathan).
 */
export const COMPARATORS = ['exact', 'jaro-winkler', 'token-set', 'phonetic', 'given-name'] as const;
export type Comparator = (typeof COMPARATORS)[number];

/**
 * Parts a blocking key is built from; a part with several values (two phonetic codes) gives one key per value.
 * `namePair` is the given and the family name as an unordered pair: records whose names were written the wrong way
 * round (`Harrison Philip`, `Philip Harrison`) meet on it.
 */
export const BLOCKING_PARTS = ['email', 'phone', 'domain', 'company', 'lastName', 'lastNamePhonetic', 'givenName', 'namePair', 'link', 'name', 'country', 'account', 'closeDate'] as const;
export type BlockingPart = (typeof BLOCKING_PARTS)[number];

/**
 * Facts that mean two records are two people, whatever else they share. They hold between records and, in a batch
 * dedupe, between clusters: a cluster never takes in a record that one of them contradicts.
 *  - `different-work-email`: both have e-mail keys at non-free-mail domains, and the keys differ
 *    (`jane.doe@acme.com` and `john.doe@acme.com`). Free-mail addresses do not count: people keep one beside work.
 *  - `different-generational-suffix`: the family names carry different suffixes, or one carries one and the
 *    other not (`John Smith` and `John Smith Jr.` at one company are father and son).
 *
 * Two different phone numbers are deliberately not a veto: a switchboard and a direct line are one person's.
 */
export const VETOES = ['different-work-email', 'different-generational-suffix'] as const;
export type Veto = (typeof VETOES)[number];

/** One field comparison of a fuzzy rule. */
export interface FieldComparison {
  readonly field: MatchField;
  readonly comparator: Comparator;
  /** The least score this comparison must reach, in [0, 1]. */
  readonly threshold: number;
  /** Weight in the rule's combined score; 1 by default. 0 makes the comparison a gate only. */
  readonly weight?: number;
  /**
   * When either side lacks the value: `fail` (default) fails the rule; `skip` leaves the comparison out, so it only
   * guards against a conflict (e.g. "the same company name, unless the websites say two companies").
   */
  readonly whenMissing?: 'fail' | 'skip';
}

/** A blocking key: the parts whose values two records must share to be compared by this rule at all. */
export type BlockingKey = readonly BlockingPart[];

/** The keys that identify a record alone: a person's e-mail key (`emailMatchKey`), a company's domain. */
export const EXACT_FIELDS = ['email', 'domain'] as const;
export type ExactField = (typeof EXACT_FIELDS)[number];

export interface ExactRule {
  readonly kind: 'exact';
  readonly name: string;
  /** The key compared. */
  readonly field: ExactField;
}

export interface ExternalIdRule {
  readonly kind: 'external-id';
  readonly name: string;
}

export interface FuzzyRule {
  readonly kind: 'fuzzy';
  readonly name: string;
  /** Keys that bring candidates together; a record is compared only with records sharing one of them. */
  readonly blocking: readonly BlockingKey[];
  readonly fields: readonly FieldComparison[];
  /** The least weighted mean of the field scores, in [0, 1]. */
  readonly threshold: number;
  readonly vetoes: readonly Veto[];
}

export interface ProbabilisticRule {
  readonly kind: 'probabilistic';
  readonly name: string;
  readonly blocking: readonly BlockingKey[];
  readonly model: ProbabilisticModel;
  /** Match probability at or above which two records are one person. */
  readonly match: number;
  /** Match probability at or above which (below `match`) a person decides. */
  readonly review: number;
  /**
   * How many people the records are matched among, which sets the prior (see `priorFor`): at write time the
   * contract's estimate of the CRM's size, in a dedupe the number of records.
   */
  readonly population: number;
}

export type MatchRule = ExactRule | ExternalIdRule | FuzzyRule | ProbabilisticRule;

/** The rules of one object, in the order they are tried. */
export interface MatchRules {
  readonly rules: readonly MatchRule[];
  /**
   * Two candidates matched at the same tier whose scores are this close are ambiguous: the decision goes to review,
   * never to a guess. In [0, 1].
   */
  readonly margin: number;
}

/** The tier of a rule kind: decisions are ranked by tier first, then by score. */
export const TIERS: Readonly<Record<MatchRule['kind'], number>> = { exact: 0, 'external-id': 1, fuzzy: 2, probabilistic: 2 };

/**
 * Evidence behind a match: the rule that matched, its tier, its score and the per-field scores behind it. For the
 * probabilistic rule the score is the match probability, and `weights` says which comparisons moved it.
 */
export interface MatchEvidence {
  readonly rule: string;
  readonly tier: number;
  readonly score: number;
  /** Field → score, for every comparison a fuzzy rule made (an exact rule reports its one key). */
  readonly scores: Readonly<Partial<Record<MatchField | 'link', number>>>;
  /**
   * The person model's comparisons that had a value on both sides → weight in bits (`log2(m / u)`, one decimal):
   * +14.9 for two addresses at one company that spell the name, −13.8 for two different family names.
   */
  readonly weights?: Readonly<Partial<Record<ComparisonName, number>>>;
  /** Set when the match probability is in the review band: a person decides, the matcher never joins on it. */
  readonly review?: true;
}

/**
 * The blocking keys of the person model: a name (its sound, its given name) at one employer or number, and both names
 * in either order at one domain. At write time each key is one query of the index.
 */
export const PERSON_BLOCKING: readonly BlockingKey[] = [
  ['domain', 'lastNamePhonetic'],
  ['domain', 'givenName'],
  ['domain', 'namePair'],
  ['account', 'lastNamePhonetic'],
  ['account', 'givenName'],
  ['phone', 'lastNamePhonetic'],
  ['phone', 'givenName'],
  ['company', 'lastNamePhonetic'],
  ['company', 'givenName'],
];

/** The people a CRM is assumed to hold when the contract does not say: it sets the model's prior at write time. */
export const DEFAULT_POPULATION = 100_000;

/**
 * The shipped person rules (also spelled out, with comments, under `objects.person.match` in syncline.yaml):
 *
 * 1. `email`: the same e-mail key (case, `+tags` and Gmail dots ignored) is the same person.
 * 2. `external-id`: the same link to another system's record.
 * 3. `person-model`: the probabilistic person model (`defaultPersonModel`) over every record sharing a name at one
 *    company domain, linked company, company name or phone number: one person at a match probability of 0.99 or
 *    more (odds of 99 to 1), a person reviews the pair from 0.5.
 */
export const defaultPersonRules: MatchRules = {
  margin: 0.05,
  rules: [
    { kind: 'exact', name: 'email', field: 'email' },
    { kind: 'external-id', name: 'external-id' },
    { kind: 'probabilistic', name: 'person-model', blocking: PERSON_BLOCKING, model: defaultPersonModel, ...DEFAULT_THRESHOLDS, population: DEFAULT_POPULATION },
  ],
};

/**
 * The rules with every probabilistic rule's prior set for at least `population` people: a dedupe of a million records
 * judges each pair among a million. Never for fewer than the contract says: fifty rows of a trade-show list are still
 * matched as if among the CRM's people, not as if one in fifty were the same person.
 */
export function withPopulation(rules: MatchRules, population: number): MatchRules {
  if (!rules.rules.some((r) => r.kind === 'probabilistic' && r.population < population)) return rules;
  return { ...rules, rules: rules.rules.map((r) => (r.kind === 'probabilistic' ? { ...r, population: Math.max(r.population, population) } : r)) };
}

/**
 * The shipped company rules (spelled out under `objects.company.match` in syncline.yaml):
 *
 * 1. `domain`: the same website domain (scheme, `www.`, path and case ignored) is the same company. Two accounts
 *    sharing a domain (a subsidiary kept apart) make any record of that domain ambiguous: it goes to review.
 * 2. `external-id`: the same link to another system's record.
 * 3. `name-and-country`: the same company name (legal form, `The`, `&`/`and`, case and accents ignored, near-equal
 *    by token set) where the countries, and the domains, do not say two companies.
 */
export const defaultCompanyRules: MatchRules = {
  margin: 0.02,
  rules: [
    { kind: 'exact', name: 'domain', field: 'domain' },
    { kind: 'external-id', name: 'external-id' },
    {
      kind: 'fuzzy',
      name: 'name-and-country',
      blocking: [['name']],
      fields: [
        { field: 'name', comparator: 'token-set', threshold: 0.95 },
        { field: 'country', comparator: 'exact', threshold: 1, weight: 0, whenMissing: 'skip' },
        { field: 'domain', comparator: 'exact', threshold: 1, weight: 0, whenMissing: 'skip' },
      ],
      threshold: 0.95,
      vetoes: [],
    },
  ],
};

/**
 * The shipped deal rules (spelled out under `objects.deal.match` in syncline.yaml): a deal carrying a link to a
 * record Syncline knows is that record's (`external-id`, and the ids a record carries); otherwise the same name at
 * the same account closing the same day. A deal without a close date matches on name and account alone; two close
 * dates that differ (this year's renewal and next year's) are two deals.
 */
export const defaultDealRules: MatchRules = {
  margin: 0.02,
  rules: [
    { kind: 'external-id', name: 'external-id' },
    {
      kind: 'fuzzy',
      name: 'name-account-close-date',
      blocking: [['account', 'name']],
      fields: [
        { field: 'name', comparator: 'token-set', threshold: 0.95 },
        { field: 'account', comparator: 'exact', threshold: 1, weight: 0 },
        { field: 'closeDate', comparator: 'exact', threshold: 1, weight: 0, whenMissing: 'skip' },
      ],
      threshold: 0.95,
      vetoes: [],
    },
  ],
};

/**
 * The shipped activity rules (spelled out under `objects.activity.match` in syncline.yaml): an activity is its
 * source's, by the source's id a Task carries (`Outreach_Activity_Id__c`, `Gong_Call_Id__c`); nothing is guessed.
 */
export const defaultActivityRules: MatchRules = { margin: 0.05, rules: [{ kind: 'external-id', name: 'source-id' }] };
