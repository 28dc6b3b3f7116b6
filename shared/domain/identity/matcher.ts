/**
 * The tiered matcher: whether two match records are one person (`compareRecords`), and which of several candidates
 * an incoming record is (`decideMatch`): one match, an ambiguity for a person to resolve (never a guess), or none.
 */
import { jaroWinkler } from '#domain/compare/jaro-winkler';
import { soundsAlike } from '#domain/compare/phonetic';
import { tokenSetRatio } from '#domain/compare/token-set';
import { sameGivenName } from '#domain/normalize/person-name';
import type { MatchRecord } from '#domain/identity/match-record';
import { compareLevels, COMPARISON_COUNT, PERSON_COMPARISONS, type ComparisonName } from '#domain/identity/comparison-levels';
import { compileModel, explainMatch, matchProbability, matchWeight, priorFor, type CompiledModel, type ProbabilisticModel } from '#domain/identity/probabilistic';
import { TIERS, type Comparator, type FieldComparison, type FuzzyRule, type MatchEvidence, type MatchField, type MatchRules, type ProbabilisticRule, type Veto } from '#domain/identity/rules';

/** The value a rule compares for a field. */
export function fieldValue(record: MatchRecord, field: MatchField): string | undefined {
  switch (field) {
    case 'email':
      return record.emailKey;
    case 'phone':
      return record.phone;
    case 'domain':
      return record.domain;
    case 'company':
      return record.companyKey;
    case 'firstName':
      return record.firstName;
    case 'lastName':
      return record.lastName;
    case 'name':
      return record.name;
    case 'country':
      return record.country;
    case 'account':
      return record.account;
    case 'closeDate':
      return record.closeDate;
  }
}

/** Whether two sorted string lists share a member. The lists hold a handful of entries at most. */
function intersects(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) if (b.includes(x)) return true;
  return false;
}

/** Nickname-aware given names: 1 when the forms meet, else the best Jaro-Winkler between formal forms. */
function givenNameScore(a: MatchRecord, b: MatchRecord, va: string, vb: string, field: MatchField): number {
  if (va === vb) return 1;
  const formsA = field === 'firstName' ? a.givenForms : [va];
  const formsB = field === 'firstName' ? b.givenForms : [vb];
  if (field === 'firstName' ? intersects(formsA, formsB) : sameGivenName(va, vb)) return 1;
  let best = jaroWinkler(va, vb);
  for (const x of formsA) for (const y of formsB) best = Math.max(best, jaroWinkler(x, y));
  return best;
}

function phoneticScore(a: MatchRecord, b: MatchRecord, va: string, vb: string, field: MatchField): number {
  if (va === vb) return 1;
  // The family name's codes are precomputed; other fields are encoded per pair (configure sparingly).
  if (field === 'lastName') return intersects(a.lastPhonetic, b.lastPhonetic) ? 1 : 0;
  return soundsAlike(va, vb) ? 1 : 0;
}

/** The score of one comparison in [0, 1], for two present values. */
export function compareValues(comparator: Comparator, field: MatchField, a: MatchRecord, b: MatchRecord, va: string, vb: string): number {
  switch (comparator) {
    case 'exact':
      return va === vb ? 1 : 0;
    case 'jaro-winkler':
      return jaroWinkler(va, vb);
    case 'token-set':
      return va === vb ? 1 : tokenSetRatio(va, vb);
    case 'phonetic':
      return phoneticScore(a, b, va, vb, field);
    case 'given-name':
      return givenNameScore(a, b, va, vb, field);
  }
}

/** The value a veto compares, or `undefined` when the record says nothing about it. */
export function vetoKey(veto: Veto, record: MatchRecord): string | undefined {
  switch (veto) {
    case 'different-work-email':
      return record.emailIsFreeMail ? undefined : record.emailKey;
    case 'different-generational-suffix':
      // No suffix is a value too: "Smith" and "Smith Jr." differ.
      return record.lastName === undefined ? undefined : (record.suffix ?? '');
  }
}

/** Whether a veto holds between two records: both have the value, and the values differ. */
export function vetoHolds(veto: Veto, a: MatchRecord, b: MatchRecord): boolean {
  const ka = vetoKey(veto, a);
  const kb = vetoKey(veto, b);
  return ka !== undefined && kb !== undefined && ka !== kb;
}

function scoreComparison(comparison: FieldComparison, a: MatchRecord, b: MatchRecord): number | undefined {
  const va = fieldValue(a, comparison.field);
  const vb = fieldValue(b, comparison.field);
  if (va === undefined || vb === undefined) return comparison.whenMissing === 'skip' ? undefined : -1;
  return compareValues(comparison.comparator, comparison.field, a, b, va, vb);
}

/** Evaluates one fuzzy rule; cheap comparisons fail fast before any object is allocated. */
function compareFuzzy(rule: FuzzyRule, a: MatchRecord, b: MatchRecord): MatchEvidence | null {
  for (const veto of rule.vetoes) if (vetoHolds(veto, a, b)) return null;
  const values: number[] = [];
  let total = 0;
  let weights = 0;
  for (const comparison of rule.fields) {
    const score = scoreComparison(comparison, a, b);
    values.push(score ?? Number.NaN);
    if (score === undefined) continue;
    if (score < comparison.threshold) return null;
    const weight = comparison.weight ?? 1;
    total += weight * score;
    weights += weight;
  }
  const score = weights === 0 ? 1 : total / weights;
  if (score < rule.threshold) return null;
  const scores: Partial<Record<MatchField, number>> = {};
  rule.fields.forEach((comparison, i) => {
    const value = values[i];
    if (value !== undefined && !Number.isNaN(value)) scores[comparison.field] = value;
  });
  return { rule: rule.name, tier: TIERS.fuzzy, score, scores };
}

/** Compiled models per model and population: a dedupe scores millions of pairs with one. */
const compiled = new WeakMap<ProbabilisticModel, Map<number, CompiledModel>>();

function compiledFor(rule: ProbabilisticRule): CompiledModel {
  let byPopulation = compiled.get(rule.model);
  if (byPopulation === undefined) compiled.set(rule.model, (byPopulation = new Map()));
  let model = byPopulation.get(rule.population);
  if (model === undefined) byPopulation.set(rule.population, (model = compileModel(priorFor(rule.model, rule.population))));
  return model;
}

/** One pair's level vector; the matcher is synchronous, so one buffer serves every call. */
const levels = new Uint8Array(COMPARISON_COUNT);

const bits = (weight: number) => Math.round(weight * 10) / 10;

/**
 * The model's decision on a pair: evidence at or above the review threshold (marked `review` below the match
 * threshold), with each comparison that moved it and by how much; `null` below.
 */
function compareProbabilistic(rule: ProbabilisticRule, a: MatchRecord, b: MatchRecord): MatchEvidence | null {
  compareLevels(a, b, levels);
  const model = compiledFor(rule);
  const probability = matchProbability(matchWeight(model, levels));
  if (probability < rule.review) return null;
  const weights: Partial<Record<ComparisonName, number>> = {};
  for (const c of explainMatch(model.model, levels).contributions) if (c.level !== null) weights[c.comparison] = bits(c.weight);
  return { rule: rule.name, tier: TIERS.probabilistic, score: probability, scores: {}, weights, ...(probability < rule.match ? { review: true as const } : {}) };
}

const LABELS = new Map<string, string>(PERSON_COMPARISONS.map((c) => [c.name, c.label]));

/**
 * Evidence in words, for the audit trail and the review files: `name-and-domain firstName=1.000 lastName=0.933`, or
 * for the model `person-model p=0.9987: e-mail (same employer) +14.9, given name +7.5, family name +10.0`.
 */
export function describeEvidence(evidence: MatchEvidence): string {
  if (evidence.weights === undefined) return `${evidence.rule} ${Object.entries(evidence.scores).map(([field, score]) => `${field}=${(score ?? 0).toFixed(3)}`).join(' ')}`;
  const moved = Object.entries(evidence.weights).filter(([, w]) => w !== 0).map(([name, w = 0]) => `${LABELS.get(name) ?? name} ${w > 0 ? '+' : '−'}${Math.abs(w).toFixed(1)}`);
  return `${evidence.rule} p=${evidence.score.toFixed(4)}: ${moved.join(', ')}`;
}

/**
 * Whether two records are one person: the rules are tried in order and the first that matches gives the evidence
 * (rule, tier, score and per-field scores). Symmetric: `compareRecords(r, a, b)` and `compareRecords(r, b, a)`
 * decide alike. Evidence marked `review` (the model's review band) says a person should look, not that they match.
 *
 * @returns the evidence, or `null` when no rule matches.
 */
export function compareRecords(rules: MatchRules, a: MatchRecord, b: MatchRecord): MatchEvidence | null {
  // A review-band answer does not end the search: a later rule may still match outright.
  let review: MatchEvidence | null = null;
  for (const rule of rules.rules) {
    if (rule.kind === 'exact') {
      const key = fieldValue(a, rule.field);
      if (key !== undefined && key === fieldValue(b, rule.field)) return { rule: rule.name, tier: TIERS.exact, score: 1, scores: { [rule.field]: 1 } };
    } else if (rule.kind === 'external-id') {
      if (a.link !== undefined && a.link === b.link) return { rule: rule.name, tier: TIERS['external-id'], score: 1, scores: { link: 1 } };
    } else {
      const evidence = rule.kind === 'fuzzy' ? compareFuzzy(rule, a, b) : compareProbabilistic(rule, a, b);
      if (evidence?.review === true) review ??= evidence;
      else if (evidence !== null) return evidence;
    }
  }
  return review;
}

/** A record of a known entity; several candidates may share an id (one golden record, several source records). */
export interface MatchCandidate {
  readonly id: string;
  readonly record: MatchRecord;
}

export type MatchDecision =
  | { readonly kind: 'match'; readonly id: string; readonly evidence: MatchEvidence }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly { readonly id: string; readonly evidence: MatchEvidence }[] }
  | { readonly kind: 'none' };

/** Why a person must decide an ambiguous decision: two people alike, or one the model is unsure of. */
export function ambiguityReason(decision: Extract<MatchDecision, { kind: 'ambiguous' }>): { code: 'AMBIGUOUS_MATCH' | 'POSSIBLE_MATCH'; reason: string } {
  const [first] = decision.candidates;
  if (first?.evidence.review === true) {
    const probability = decision.candidates.map((c) => c.evidence.score.toFixed(2)).join(', ');
    return { code: 'POSSIBLE_MATCH', reason: `may be ${decision.candidates.length === 1 ? 'a record' : `one of ${decision.candidates.length} records`} already known (match probability ${probability}, ${first.evidence.rule}): a person decides` };
  }
  return { code: 'AMBIGUOUS_MATCH', reason: `matches ${decision.candidates.length} records equally well (${first?.evidence.rule})` };
}

/** Total order on evidence: a match before a review, lower tier, then higher score, then rule order, then per-field scores. */
export function compareEvidence(rules: MatchRules, a: MatchEvidence, b: MatchEvidence): number {
  if ((a.review === true) !== (b.review === true)) return a.review === true ? 1 : -1;
  if (a.tier !== b.tier) return a.tier - b.tier;
  if (a.score !== b.score) return b.score - a.score;
  if (a.rule !== b.rule) return rules.rules.findIndex((r) => r.name === a.rule) - rules.rules.findIndex((r) => r.name === b.rule);
  const sa = JSON.stringify(Object.entries(a.scores).sort());
  const sb = JSON.stringify(Object.entries(b.scores).sort());
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Decides which candidate entity `record` is. Each candidate is compared with {@link compareRecords}; an entity's
 * evidence is the best of its candidates' (lowest tier, then highest score).
 *
 * - `none` when no candidate matches;
 * - `ambiguous` when two or more distinct entities match at the best tier and the best two scores are within
 *   `margin` of each other: every entity at that tier within `margin` of the best is listed, best first; and when
 *   the best is only in the model's review band (with every candidate within `margin` of it);
 * - `match` otherwise, with the best entity and its evidence.
 *
 * Independent of the candidates' order.
 */
export function decideMatch(rules: MatchRules, record: MatchRecord, candidates: readonly MatchCandidate[], margin = rules.margin): MatchDecision {
  const best = new Map<string, MatchEvidence>();
  for (const candidate of candidates) {
    const evidence = compareRecords(rules, record, candidate.record);
    if (evidence === null) continue;
    const known = best.get(candidate.id);
    if (known === undefined || compareEvidence(rules, evidence, known) < 0) best.set(candidate.id, evidence);
  }
  const ranked = [...best].map(([id, evidence]) => ({ id, evidence }));
  ranked.sort((x, y) => compareEvidence(rules, x.evidence, y.evidence) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const [first, second] = ranked;
  if (first === undefined) return { kind: 'none' };
  const close = (c: { evidence: MatchEvidence }) => c.evidence.tier === first.evidence.tier && first.evidence.score - c.evidence.score <= margin;
  if (first.evidence.review === true) return { kind: 'ambiguous', candidates: ranked.filter(close) };
  if (second === undefined || second.evidence.review === true || !close(second)) return { kind: 'match', id: first.id, evidence: first.evidence };
  return { kind: 'ambiguous', candidates: ranked.filter(close) };
}
