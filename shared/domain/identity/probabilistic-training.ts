/**
 * Training the Fellegi–Sunter person model of `probabilistic.ts`.
 *
 * Training follows Splink's recommended hybrid (Splink docs, "Model training" [C]): u from random pairs
 * ({@link randomPairs}, {@link estimateU}), m and λ by expectation maximisation over the blocked candidate pairs
 * ({@link estimateParameters}) with u held fixed, as Splink's EM does by default (`fix_u_probabilities=True` [?]),
 * in sessions that each leave out what the candidates share by construction. Review decisions refine m
 * ({@link updateFromLabels}). `initialModel` in probabilistic.ts is the starting point.
 */
import { NULL_LEVEL, type ComparisonName } from '#domain/identity/comparison-levels';
import {
  clampLambda, compileModel, matchProbability, matchWeight, normalise, PROBABILITY_FLOOR,
  type LevelParameters, type ProbabilisticModel,
} from '#domain/identity/probabilistic';

/** Distinct level vectors with their counts: EM runs over these, never over the pairs (reclin2's `tabulate_patterns` does the same [C]; fastLink too [?]). */
export interface PatternTable {
  readonly comparisons: number;
  /** `patterns[p * comparisons + k]`. */
  readonly patterns: Uint8Array;
  readonly counts: Float64Array;
}

/** Counts the distinct level vectors of `levels` (pairs × `comparisons` levels, flat). */
export function tallyPatterns(levels: Uint8Array, comparisons: number): PatternTable {
  const index = new Map<string, number>();
  const counts: number[] = [];
  const firsts: number[] = [];
  const decoder = new TextDecoder('latin1');
  for (let offset = 0; offset + comparisons <= levels.length; offset += comparisons) {
    const key = decoder.decode(levels.subarray(offset, offset + comparisons));
    const p = index.get(key);
    if (p === undefined) {
      index.set(key, counts.length);
      counts.push(1);
      firsts.push(offset);
    } else counts[p] = (counts[p] ?? 0) + 1;
  }
  const patterns = new Uint8Array(firsts.length * comparisons);
  firsts.forEach((offset, p) => patterns.set(levels.subarray(offset, offset + comparisons), p * comparisons));
  return { comparisons, patterns, counts: Float64Array.from(counts) };
}

/**
 * `count` pairs of distinct record indices below `records`, drawn uniformly with replacement from a seeded PRNG
 * (mulberry32), as `[a0, b0, a1, b1, ...]`: the same seed gives the same sample.
 */
export function randomPairs(records: number, count: number, seed: number): Uint32Array {
  if (records < 2) return new Uint32Array(0);
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pairs = new Uint32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const a = Math.floor(next() * records);
    const b = (a + 1 + Math.floor(next() * (records - 1))) % records;
    pairs[2 * i] = a;
    pairs[2 * i + 1] = b;
  }
  return pairs;
}

/**
 * `count` pairs of distinct records drawn uniformly from the pairs inside `groups` (each a list of record indices:
 * the people of one employer), seeded like {@link randomPairs}: a group is chosen in proportion to its number of
 * pairs, then a pair inside it. For the u of comparisons that apply only within such groups.
 */
export function randomPairsWithin(groups: readonly (readonly number[])[], count: number, seed: number): Uint32Array {
  const cumulative = new Float64Array(groups.length);
  let total = 0;
  groups.forEach((g, i) => (cumulative[i] = total += (g.length * (g.length - 1)) / 2));
  if (total === 0) return new Uint32Array(0);
  const draws = randomPairs(2 ** 31, count * 2, seed);
  const pairs = new Uint32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const target = ((draws[4 * i] ?? 0) / 2 ** 31) * total;
    let lo = 0;
    let hi = groups.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) <= target) lo = mid + 1;
      else hi = mid;
    }
    const group = groups[lo] ?? [];
    const a = Math.floor(((draws[4 * i + 1] ?? 0) / 2 ** 31) * group.length);
    const b = (a + 1 + Math.floor(((draws[4 * i + 2] ?? 0) / 2 ** 31) * (group.length - 1))) % group.length;
    pairs[2 * i] = group[a] ?? 0;
    pairs[2 * i + 1] = group[b] ?? 0;
  }
  return pairs;
}

/** Per comparison, how often each level occurs in `table`, weighted per pattern (1 when no weights are given). */
function levelCounts(model: ProbabilisticModel, table: PatternTable, weightOf: (p: number) => number): number[][] {
  const k = table.comparisons;
  const counts = model.comparisons.map((c) => new Array<number>(c.levels.length).fill(0));
  for (let p = 0; p < table.counts.length; p++) {
    const w = (table.counts[p] ?? 0) * weightOf(p);
    for (let c = 0; c < k; c++) {
      const level = table.patterns[p * k + c] ?? NULL_LEVEL;
      const row = counts[c];
      if (level !== NULL_LEVEL && row !== undefined && level < row.length) row[level] = (row[level] ?? 0) + w;
    }
  }
  return counts;
}

function withLevels(model: ProbabilisticModel, update: (c: number, levels: readonly LevelParameters[]) => LevelParameters[], lambda = model.lambda): ProbabilisticModel {
  return { version: 1, lambda, records: model.records, comparisons: model.comparisons.map((c, k) => ({ ...c, levels: update(k, c.levels) })) };
}

export interface UOptions {
  /** Estimate u of these comparisons only: those a stratified sample ({@link randomPairsWithin}) is drawn for. */
  readonly only?: readonly ComparisonName[];
  /**
   * Weight each sampled pair by its non-match posterior under `model` (λ included: the share of matches in the
   * sample). Random pairs within one employer are often one person (duplicates sit at their company), and counted
   * as non-matches they inflate u of "same address" and "same number"; uniform random pairs almost never are,
   * which is why Splink does not bother [?]. Needs m from a first round of EM.
   */
  readonly discountMatches?: boolean;
}

/**
 * u from the level vectors of random pairs (Splink's `estimate_u_using_random_sampling` [C]): per comparison, the
 * share of each level among the pairs where neither side lacks the value. A level never seen counts as half a pair,
 * so that its u says "rarer than one in this many" instead of 0.
 */
export function estimateU(model: ProbabilisticModel, sample: Uint8Array, options: UOptions = {}): ProbabilisticModel {
  const table = tallyPatterns(sample, model.comparisons.length);
  const gamma = options.discountMatches === true ? posteriors(model, table, []) : undefined;
  const counts = levelCounts(model, table, (p) => 1 - (gamma?.[p] ?? 0));
  const { only } = options;
  return withLevels(model, (k, levels) => {
    if (only !== undefined && !only.includes(model.comparisons[k]?.name as ComparisonName)) return [...levels];
    const row = (counts[k] ?? []).map((n) => (n < 0.5 ? 0.5 : n));
    const total = row.reduce((s, n) => s + n, 0);
    const u = normalise(row.map((n) => n / total));
    return levels.map((l, i) => ({ ...l, u: u[i] ?? PROBABILITY_FLOOR }));
  });
}

export interface EmOptions {
  /** Stop when no parameter moves by more than this between iterations; 1e-5 by default. */
  readonly tolerance?: number;
  /** 100 by default (Splink stops at 25 [?]; patterns make iterations cheap here). */
  readonly maxIterations?: number;
  /** Re-estimate u too; off by default, as u from random pairs is the better estimate. */
  readonly estimateU?: boolean;
  /**
   * All the pairs the candidates were blocked from (`n(n − 1) / 2` for a dedupe of n records). λ is then the
   * expected matches among the candidates over all pairs: blocking is assumed to find (nearly) every match, as
   * Splink's `estimate_probability_two_random_records_match` assumes a recall [?]. Without it, λ is the mean
   * posterior of the table's own pairs (the table is then all pairs, or a random sample of them).
   */
  readonly totalPairs?: number;
  /**
   * Comparisons left out of this session: not in the E-step, m kept. Splink leaves out the comparisons of the
   * session's blocking rule the same way, and trains the model in several sessions [?]: a comparison that the
   * candidates agree on by construction (employer, family name) otherwise becomes the latent class EM finds.
   */
  readonly ignore?: readonly ComparisonName[];
  /** Comparisons that inform the E-step but keep their m (a session that estimates only λ fixes them all). */
  readonly fixM?: readonly ComparisonName[];
}

export interface EmResult {
  readonly model: ProbabilisticModel;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Per pattern, the posterior probability that it is a match under `model`. */
function posteriors(model: ProbabilisticModel, table: PatternTable, ignore: readonly ComparisonName[]): Float64Array {
  const compiled = compileModel(model);
  model.comparisons.forEach((c, k) => {
    if (ignore.includes(c.name)) compiled.weights.fill(0, k * compiled.stride, (k + 1) * compiled.stride);
  });
  const out = new Float64Array(table.counts.length);
  for (let p = 0; p < out.length; p++) out[p] = matchProbability(matchWeight(compiled, table.patterns, p * table.comparisons));
  return out;
}

/**
 * m and λ by expectation maximisation over the candidate pairs' patterns, from `model` as the starting point
 * (Splink's `estimate_parameters_using_expectation_maximisation` [C]). E-step: each pattern's match posterior.
 * M-step: λ is the mean posterior; m of a level is the posterior-weighted share of the pairs at that level among
 * those where the comparison is not null (Splink's `compute_new_parameters` does the same [C]). Levels marked
 * `fixedM` keep their m and the others share the rest; u is kept unless `estimateU`. Every probability is floored
 * at {@link PROBABILITY_FLOOR}. Iterates until no parameter moves more than `tolerance`, or `maxIterations`.
 */
export function estimateParameters(model: ProbabilisticModel, table: PatternTable, options: EmOptions = {}): EmResult {
  const tolerance = options.tolerance ?? 1e-5;
  const maxIterations = options.maxIterations ?? 100;
  const total = table.counts.reduce((s, n) => s + n, 0);
  const ignore = options.ignore ?? [];
  const kept = [...ignore, ...(options.fixM ?? [])];
  let current = model;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const gamma = posteriors(current, table, ignore);
    const matches = levelCounts(current, table, (p) => gamma[p] ?? 0);
    const nonMatches = options.estimateU === true ? levelCounts(current, table, (p) => 1 - (gamma[p] ?? 0)) : undefined;
    let expected = 0;
    for (let p = 0; p < gamma.length; p++) expected += (gamma[p] ?? 0) * (table.counts[p] ?? 0);
    const lambda = clampLambda(total === 0 ? current.lambda : expected / (options.totalPairs ?? total));
    const next = withLevels(current, (k, levels) => {
      if (kept.includes(current.comparisons[k]?.name as ComparisonName)) return [...levels];
      const fixed = levels.map((l) => l.fixedM === true);
      const m = normalise(shares(matches[k], levels.map((l) => l.m), fixed), fixed);
      const u = nonMatches === undefined ? undefined : normalise(shares(nonMatches[k], levels.map((l) => l.u)));
      return levels.map((l, i) => ({ ...l, m: m[i] ?? l.m, u: u?.[i] ?? l.u }));
    }, lambda);
    if (largestChange(current, next) < tolerance) return { model: next, iterations: iteration, converged: true };
    current = next;
  }
  return { model: current, iterations: maxIterations, converged: false };
}

/** Each level's share of the expected counts among the levels not fixed; fixed levels (and an empty row) keep `current`. */
function shares(row: readonly number[] | undefined, current: readonly number[], fixed: readonly boolean[] = []): number[] {
  const sum = (row ?? []).reduce((s, n, i) => s + (fixed[i] === true ? 0 : n), 0);
  return current.map((value, i) => (fixed[i] === true || sum === 0 ? value : (row?.[i] ?? 0) / sum));
}

function largestChange(a: ProbabilisticModel, b: ProbabilisticModel): number {
  let change = Math.abs(a.lambda - b.lambda);
  a.comparisons.forEach((c, k) =>
    c.levels.forEach((l, i) => {
      const o = b.comparisons[k]?.levels[i];
      if (o !== undefined) change = Math.max(change, Math.abs(l.m - o.m), Math.abs(l.u - o.u));
    }),
  );
  return change;
}

/** Pairs a person decided in review: approve is a match, reject a non-match. */
export interface LabelledPairs {
  /** Level vectors, pairs × comparisons, flat. */
  readonly levels: Uint8Array;
  /** Per pair: 1 approved (match), 0 rejected. */
  readonly matches: Uint8Array;
}

export interface LabelOptions {
  /**
   * How many labelled pairs the current (EM) estimate is worth; 200 by default. The blend per comparison is
   * `m' = (n_l + s·m) / (n + s)` with `n_l` the approved pairs at level l, `n` the approved pairs where the
   * comparison is not null and `s` this strength: the current m is a Dirichlet prior of `s` pseudo-pairs. A few
   * reviews nudge the weights; hundreds outweigh EM, which is right, since they are ground truth.
   */
  readonly strength?: number;
  /**
   * Blend u with the rejected pairs the same way; off by default. Review sees look-alikes, not random pairs, so
   * rejects describe hard negatives rather than non-matches at large; random sampling estimates u better.
   */
  readonly updateU?: boolean;
}

/** Re-estimates m (and optionally u) from review decisions, blended with the current estimate (see {@link LabelOptions}). */
export function updateFromLabels(model: ProbabilisticModel, labels: LabelledPairs, options: LabelOptions = {}): ProbabilisticModel {
  const strength = options.strength ?? 200;
  const k = model.comparisons.length;
  const table = (want: number): PatternTable => {
    const chosen: number[] = [];
    for (let p = 0; p < labels.matches.length; p++) if (labels.matches[p] === want) chosen.push(p);
    const levels = new Uint8Array(chosen.length * k);
    chosen.forEach((p, i) => levels.set(labels.levels.subarray(p * k, p * k + k), i * k));
    return tallyPatterns(levels, k);
  };
  const approved = levelCounts(model, table(1), () => 1);
  const rejected = options.updateU === true ? levelCounts(model, table(0), () => 1) : undefined;
  const blend = (row: readonly number[] | undefined, prior: readonly number[]) => {
    const n = (row ?? []).reduce((s, x) => s + x, 0);
    return normalise(prior.map((p, i) => ((row?.[i] ?? 0) + strength * p) / (n + strength)));
  };
  return withLevels(model, (c, levels) => {
    const m = blend(approved[c], levels.map((l) => l.m));
    const u = rejected === undefined ? undefined : blend(rejected[c], levels.map((l) => l.u));
    return levels.map((l, i) => ({ ...l, m: m[i] ?? l.m, u: u?.[i] ?? l.u }));
  });
}
