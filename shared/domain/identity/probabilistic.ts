/**
 * A Fellegi–Sunter model for person records: whether two records are one person, as a probability with the
 * evidence behind it, instead of hand-set thresholds and vetoes.
 *
 * Each pair is a level vector (`compareLevels`, one level per comparison). Per comparison and level the model holds
 * m = P(level | match) and u = P(level | non-match), and λ, the prior probability that two random records match
 * (see {@link ProbabilisticModel.lambda} for why not a candidate pair).
 * The match weight is `log2(λ / (1 − λ)) + Σ log2(m / u)` over the comparisons at their levels (a null level adds
 * 0), and the match probability `2^w / (1 + 2^w)` (I. Fellegi and A. Sunter, "A Theory for Record Linkage", JASA
 * 1969; Splink's "The mathematics of the Fellegi Sunter model" and fastLink's paper, Enamorado, Fifield and Imai
 * 2019, use the same form [C]).
 *
 * This file holds the model, its scoring, explanations and decisions, and its storage; `probabilistic-training.ts`
 * estimates it. The model is plain JSON ({@link parseModel} reads it back).
 *
 * Conditional independence is assumed, as in every Fellegi–Sunter model. Where it fails worst, the comparisons are
 * shaped around it (see `comparison-levels.ts`): the domain speaks only where company names cannot, and e-mail and
 * phone are compared separately between people of one employer, with u measured among colleagues. What remains:
 * given name, family name and a shared switchboard are still weighed as independent among colleagues.
 */
import { PermanentError } from '#domain/errors';
import { NULL_LEVEL, PERSON_COMPARISONS, type ComparisonName } from '#domain/identity/comparison-levels';
import { DEFAULT_PERSON_MODEL } from '#domain/identity/probabilistic-default';

export interface LevelParameters {
  readonly name: string;
  /** P(level | match). */
  readonly m: number;
  /** P(level | non-match). */
  readonly u: number;
  /**
   * m set by hand and kept by EM: for a level the training data cannot show (Splink lets a level's m be fixed the
   * same way, its `fix_m_probability` [?]). Labels still update it.
   */
  readonly fixedM?: boolean;
}

export interface ComparisonParameters {
  readonly name: ComparisonName;
  readonly label: string;
  readonly levels: readonly LevelParameters[];
}

/** The model as stored and shipped: plain JSON. */
export interface ProbabilisticModel {
  readonly version: 1;
  /**
   * Prior probability that two records drawn at random from a dataset of {@link ProbabilisticModel.records} records
   * are one person. Splink's `probability_two_random_records_match` [C]: the prior must describe the same population
   * as u (random pairs). A prior for candidate pairs instead would count the blocking keys' agreement twice, once
   * in the prior and once in the domain/company/phone weights (fitting it so drove λ to 1 on the corpus).
   */
  readonly lambda: number;
  /** The dataset size λ was estimated at; {@link priorFor} rescales λ to another size. */
  readonly records: number;
  readonly comparisons: readonly ComparisonParameters[];
}

/** No probability is ever 0 or 1: a log-ratio must stay finite, and one unseen level must not veto a pair. */
export const PROBABILITY_FLOOR = 1e-6;

const log2 = Math.log2;
/**
 * λ has a floor of its own, far below m's and u's: two random records of a million match about once in a million
 * pairs and fewer at larger sizes, so the level floor would overstate the prior. Training clamps λ the same way.
 */
export const clampLambda = (p: number) => Math.min(1 - 1e-12, Math.max(1e-15, p));

/** Floors a distribution and renormalises it, leaving fixed entries as they are (initial models and training). */
export function normalise(values: readonly number[], fixed: readonly boolean[] = []): number[] {
  const floored = values.map((v) => Math.max(PROBABILITY_FLOOR, Number.isFinite(v) ? v : 0));
  const fixedSum = floored.reduce((s, v, i) => s + (fixed[i] === true ? v : 0), 0);
  const freeSum = floored.reduce((s, v, i) => s + (fixed[i] === true ? 0 : v), 0);
  const scale = freeSum === 0 ? 0 : Math.max(0, 1 - fixedSum) / freeSum;
  return floored.map((v, i) => (fixed[i] === true ? v : Math.max(PROBABILITY_FLOOR, v * scale)));
}

// ---------------------------------------------------------------------------------------------------------------
// Scoring

/**
 * The model with λ for a dataset of `records` records. The expected matches per record stay what they were, so
 * λ scales with `1 / (records − 1)`: at write time, pass the number of people the incoming record is matched
 * against. A pair among 1,000,000 records starts 3.3 bits lower than among 100,000, which is right: each record
 * has ten times as many strangers to be confused with.
 */
export function priorFor(model: ProbabilisticModel, records: number): ProbabilisticModel {
  const lambda = clampLambda((model.lambda * (model.records - 1)) / Math.max(1, records - 1));
  return { ...model, lambda, records };
}

/** The model's weights laid out for scoring millions of pairs: one `log2(m / u)` per comparison and level. */
export interface CompiledModel {
  readonly model: ProbabilisticModel;
  readonly priorWeight: number;
  /** `weights[k * stride + level]`. */
  readonly weights: Float64Array;
  readonly stride: number;
}

export function compileModel(model: ProbabilisticModel): CompiledModel {
  const stride = Math.max(...model.comparisons.map((c) => c.levels.length));
  const weights = new Float64Array(model.comparisons.length * stride);
  model.comparisons.forEach((c, k) => c.levels.forEach((l, i) => (weights[k * stride + i] = log2(l.m / l.u))));
  return { model, priorWeight: log2(model.lambda / (1 - model.lambda)), weights, stride };
}

/** The match weight of the level vector at `levels[offset ..]`: the prior plus each comparison's `log2(m / u)`. */
export function matchWeight(compiled: CompiledModel, levels: Uint8Array, offset = 0): number {
  const { weights, stride } = compiled;
  const k = compiled.model.comparisons.length;
  let w = compiled.priorWeight;
  for (let c = 0; c < k; c++) {
    const level = levels[offset + c] ?? NULL_LEVEL;
    if (level !== NULL_LEVEL) w += weights[c * stride + level] ?? 0;
  }
  return w;
}

/** `2^w / (1 + 2^w)`, written so that large weights do not overflow. */
export function matchProbability(weight: number): number {
  return 1 / (1 + 2 ** -weight);
}

/** How much one comparison moved a decision. */
export interface Contribution {
  readonly comparison: ComparisonName;
  readonly label: string;
  /** The level index, or `null` when a side lacked the value. */
  readonly level: number | null;
  readonly levelName: string;
  /** `log2(m / u)` at the level; 0 for a null level. */
  readonly weight: number;
}

export interface MatchExplanation {
  /** `log2(λ / (1 − λ))`. */
  readonly priorWeight: number;
  /** The prior plus every contribution. */
  readonly weight: number;
  readonly probability: number;
  readonly contributions: readonly Contribution[];
}

/** The decision and, per comparison, its level and weight: what evidence reporting shows. */
export function explainMatch(model: ProbabilisticModel, levels: Uint8Array, offset = 0): MatchExplanation {
  const priorWeight = log2(model.lambda / (1 - model.lambda));
  const contributions = model.comparisons.map((c, k): Contribution => {
    const level = levels[offset + k] ?? NULL_LEVEL;
    const parameters = level === NULL_LEVEL ? undefined : c.levels[level];
    if (parameters === undefined) return { comparison: c.name, label: c.label, level: null, levelName: 'missing', weight: 0 };
    return { comparison: c.name, label: c.label, level, levelName: parameters.name, weight: log2(parameters.m / parameters.u) };
  });
  const weight = contributions.reduce((s, c) => s + c.weight, priorWeight);
  return { priorWeight, weight, probability: matchProbability(weight), contributions };
}

/** `e-mail: same domain, local part agrees with the name: +6.1`. */
export function formatContribution(c: Contribution): string {
  return `${c.label}: ${c.levelName}: ${c.weight >= 0 ? '+' : '−'}${Math.abs(c.weight).toFixed(1)}`;
}

/** Probability thresholds: at or above `match` a pair is one person; at or above `review` a person decides. */
export interface DecisionThresholds {
  readonly match: number;
  readonly review: number;
}

/**
 * The shipped bands. 0.99 to merge: a false merge is costly and hard to undo, so a pair merges alone only at
 * odds of 99 to 1 or better (match weight ≥ 6.6). From 0.5 (the model thinks a match likelier than not) a person
 * reviews the pair; below, it is no match.
 */
export const DEFAULT_THRESHOLDS: DecisionThresholds = { match: 0.99, review: 0.5 };

export type ProbabilisticDecision = 'match' | 'review' | 'no-match';

export function decide(probability: number, thresholds: DecisionThresholds = DEFAULT_THRESHOLDS): ProbabilisticDecision {
  if (probability >= thresholds.match) return 'match';
  return probability >= thresholds.review ? 'review' : 'no-match';
}

// ---------------------------------------------------------------------------------------------------------------
// The starting model, storage and the shipped default

/**
 * The m of levels that the generated training corpus (test/support/dedupe-corpus) never produces among true
 * matches, so EM cannot estimate them; set by hand and kept fixed by EM (labels from review still move them).
 * The corpus gives each person one work address, never an initial for a given name, never swapped names, and reads
 * every phone in its own country. The values are judgement, sized against the levels EM did estimate: an alias
 * format at one company (`c.roberts@` beside `caleb.roberts@`) in 3% of matched pairs with two addresses, an
 * initial in 2% of matched pairs, swapped names and a number read under another calling code in 0.5%. Two
 * addresses at one company that name two different people are one person's in 1 matched pair in 100,000: this
 * level also says "same employer", and EM, left to it, learned colleagues as matches. A work address that spells its
 * owner and not the other record's names, beside a personal one, in 1 matched pair in 1,000 (a name mangled beyond a
 * typo on the personal record's side): EM, left to it, again counted the colleagues it sees there as matches. A generational suffix on one
 * side only (or two different ones) at the floor: EM counted the planted fathers and sons as matches, and a plain
 * `John Smith` beside a `John Smith Jr.` at one firm is the father as often as not: the names and the employer alone
 * must not merge them (at most a review).
 */
export const PERSON_EXPERT_M: Readonly<Partial<Record<ComparisonName, Readonly<Record<number, number>>>>> = {
  email: { 1: 0.03, 2: 0.00001, 5: 0.001 },
  emailAtEmployer: { 1: 0.03, 2: 0.00001, 5: 0.001 },
  givenName: { 3: 0.02, 5: 0.005 },
  familyName: { 4: 0.005 },
  suffix: { 1: PROBABILITY_FLOOR },
  phone: { 1: 0.005 },
  phoneAtEmployer: { 1: 0.005 },
};

/**
 * The least u of levels that the training corpus's random pairs cannot show, so that u would rest on the floor and
 * the level weigh as much as the same address. A bare initial is one: the generated corpus never writes one, yet
 * among strangers an initial agrees with a given name's first letter as often as one record in fifty carries an
 * initial (about 2% of records in CRM exports [?]) times two first letters agreeing (about 7% for given names): about
 * 1 in 10,000 pairs. At that u an initial weighs about as much as a nickname (+7.6 bits), not as much as the name.
 */
export const PERSON_MIN_U: Readonly<Partial<Record<ComparisonName, Readonly<Record<number, number>>>>> = {
  givenName: { 3: 1e-4 },
  // The same last seven digits under two calling codes: the corpus reads every number in its own country, so
  // strangers never show it there; real exports do now and then (and every test number in a 555-01xx range). At a u
  // of 1 in 1,000 it is a hint (+2.3 bits), not the same number (+12).
  phone: { 1: 1e-3 },
  phoneAtEmployer: { 1: 1e-3 },
};

/** The model with each level's u raised to at least `minimum` where given, the comparison's other u scaled to sum to 1. */
export function withMinimumU(model: ProbabilisticModel, minimum = PERSON_MIN_U): ProbabilisticModel {
  return {
    ...model,
    comparisons: model.comparisons.map((c) => {
      const floors = minimum[c.name];
      if (floors === undefined) return c;
      const raised = c.levels.map((l, i) => Math.max(l.u, floors[i] ?? 0));
      const u = normalise(raised, c.levels.map((_, i) => floors[i] !== undefined));
      return { ...c, levels: c.levels.map((l, i) => ({ ...l, u: u[i] ?? l.u })) };
    }),
  };
}

/**
 * A model over {@link PERSON_COMPARISONS} to start training from: λ, m per level, u uniform until
 * `estimateU` (probabilistic-training.ts) replaces it. m starts high on the first level and falls off, as Splink's defaults do.
 * `fixed` gives the hand-set m of levels EM must keep (see {@link LevelParameters.fixedM}).
 */
export function initialModel(records: number, lambda = 1 / Math.max(1, records), fixed: Readonly<Partial<Record<ComparisonName, Readonly<Record<number, number>>>>> = PERSON_EXPERT_M): ProbabilisticModel {
  return {
    version: 1,
    lambda,
    records,
    comparisons: PERSON_COMPARISONS.map((c) => {
      const pinned = fixed[c.name] ?? {};
      const free = c.levels.map((_, i) => (pinned[i] === undefined ? 0.9 * 0.25 ** i : 0));
      const m = normalise(c.levels.map((_, i) => pinned[i] ?? free[i] ?? 0), c.levels.map((_, i) => pinned[i] !== undefined));
      return {
        name: c.name,
        label: c.label,
        levels: c.levels.map((name, i) => ({ name, m: m[i] ?? PROBABILITY_FLOOR, u: 1 / c.levels.length, ...(pinned[i] === undefined ? {} : { fixedM: true }) })),
      };
    }),
  };
}

const isProbability = (x: unknown): x is number => typeof x === 'number' && x > 0 && x < 1 + 1e-9;

/**
 * Reads a stored model: the same comparisons and levels as {@link PERSON_COMPARISONS}, in order, every m and u
 * in (0, 1] and summing to 1 per comparison, λ in (0, 1).
 *
 * @throws PermanentError `INVALID_MATCH_MODEL` naming the first value that is wrong.
 */
export function parseModel(value: unknown): ProbabilisticModel {
  const fail = (what: string): never => {
    throw new PermanentError('INVALID_MATCH_MODEL', `match model: ${what}`);
  };
  const model = value as Partial<ProbabilisticModel> | null;
  if (typeof model !== 'object' || model === null || model.version !== 1) return fail('expected an object with version 1');
  if (!isProbability(model.lambda) || model.lambda >= 1) return fail(`lambda must be in (0, 1), got ${String(model.lambda)}`);
  if (typeof model.records !== 'number' || !(model.records >= 2)) return fail(`records must be a number ≥ 2, got ${String(model.records)}`);
  if (!Array.isArray(model.comparisons) || model.comparisons.length !== PERSON_COMPARISONS.length) return fail(`expected ${PERSON_COMPARISONS.length} comparisons`);
  PERSON_COMPARISONS.forEach((expected, k) => {
    const c = model.comparisons?.[k];
    if (c?.name !== expected.name || !Array.isArray(c.levels) || c.levels.length !== expected.levels.length) return fail(`comparisons[${k}] must be ${expected.name} with ${expected.levels.length} levels`);
    for (const key of ['m', 'u'] as const) {
      if (!c.levels.every((l) => isProbability(l[key]))) fail(`comparisons[${k}] (${expected.name}): every ${key} must be in (0, 1]`);
      const sum = c.levels.reduce((s, l) => s + l[key], 0);
      if (Math.abs(sum - 1) > 1e-3) fail(`comparisons[${k}] (${expected.name}): ${key} sums to ${sum.toFixed(4)}, expected 1`);
    }
  });
  return model as ProbabilisticModel;
}

/** The shipped person model (see `probabilistic-default.ts` for how it was estimated). */
export const defaultPersonModel: ProbabilisticModel = parseModel(DEFAULT_PERSON_MODEL);