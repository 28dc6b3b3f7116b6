/**
 * Linking two systems' records before anything is written (an initial sync): which record of the anchor system
 * (Salesforce) each record of another system (HubSpot) is. One record per entity on each side: a record two others
 * claim goes to the one that matches it best, and the others to review; a close call goes to review, never to a
 * guess. Candidates come only from shared blocking keys, so the cost stays near-linear.
 */
import { blockingKeys } from './blocking.ts';
import { ambiguityReason, compareEvidence, decideMatch } from './matcher.ts';
import type { MatchRecord } from './match-record.ts';
import { TIERS, withPopulation, type MatchEvidence, type MatchRules } from './rules.ts';

/** A record to link, by its key (`system:Object:id`). */
export interface LinkRecord {
  readonly key: string;
  readonly record: MatchRecord;
  /** The anchor record this one is known to be already: it carries its id, or Syncline linked them before. */
  readonly named?: string;
}

/** Two records found to be one entity, and why. */
export interface LinkedPair {
  readonly anchor: string;
  readonly other: string;
  readonly evidence: MatchEvidence;
}

/** A record that could not be linked without a person: the anchor records it might be, and why. */
export interface HeldLink {
  readonly other: string;
  readonly candidates: readonly string[];
  readonly code: 'AMBIGUOUS_MATCH' | 'POSSIBLE_MATCH' | 'DUPLICATE_IN_SOURCE';
  readonly reason: string;
}

export interface LinkOutcome {
  pairs: LinkedPair[];
  held: HeldLink[];
}

/** The evidence of a pair the records themselves name (a carried id, an earlier link). */
const NAMED: MatchEvidence = { rule: 'external-id', tier: TIERS['external-id'], score: 1, scores: { link: 1 } };

/** Blocks larger than this are not compared all-pairs: a record meets at most this many candidates per key. */
const MAX_CANDIDATES_PER_KEY = 200;

/**
 * Links each of `others` to at most one of `anchors`, and each anchor to at most one other. Records with `named`
 * are paired as named (when that anchor exists); the rest by the rules, against the anchors no other took by name.
 * Deterministic: the outcome does not depend on the order of either list.
 */
export function linkRecords(shipped: MatchRules, anchors: readonly LinkRecord[], others: readonly LinkRecord[]): LinkOutcome {
  // Each record of the other system is one of the anchors' people or none: its prior is one in the anchors' count.
  const rules = withPopulation(shipped, anchors.length);
  const anchorKeys = new Set(anchors.map((a) => a.key));
  const held: HeldLink[] = [];
  const claims = new Map<string, { other: string; evidence: MatchEvidence }[]>();
  const claim = (anchor: string, other: string, evidence: MatchEvidence) => {
    const list = claims.get(anchor) ?? [];
    list.push({ other, evidence });
    claims.set(anchor, list);
  };

  const sortedOthers = [...others].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const named = new Set<string>();
  for (const other of sortedOthers) {
    if (other.named === undefined || !anchorKeys.has(other.named)) continue;
    claim(other.named, other.key, NAMED);
    named.add(other.key);
  }
  const takenByName = new Set(claims.keys());

  // Anchors by blocking key, for the others no link names.
  const byKey = new Map<string, LinkRecord[]>();
  for (const anchor of anchors) {
    if (takenByName.has(anchor.key)) continue;
    for (const key of blockingKeys(rules, anchor.record)) {
      const block = byKey.get(key) ?? [];
      if (block.length < MAX_CANDIDATES_PER_KEY) block.push(anchor);
      byKey.set(key, block);
    }
  }
  for (const other of sortedOthers) {
    if (named.has(other.key)) continue;
    const candidates = new Map<string, LinkRecord>();
    for (const key of blockingKeys(rules, other.record)) for (const anchor of byKey.get(key) ?? []) candidates.set(anchor.key, anchor);
    const decision = decideMatch(rules, other.record, [...candidates.values()].map((c) => ({ id: c.key, record: c.record })));
    if (decision.kind === 'match') claim(decision.id, other.key, decision.evidence);
    else if (decision.kind === 'ambiguous') {
      held.push({ other: other.key, candidates: decision.candidates.map((c) => c.id), ...ambiguityReason(decision) });
    }
  }

  // One other per anchor: the best claim wins; a tie within the margin at one tier is for a person.
  const pairs: LinkedPair[] = [];
  for (const [anchor, list] of [...claims].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const ranked = [...list].sort((x, y) => compareEvidence(rules, x.evidence, y.evidence) || (x.other < y.other ? -1 : 1));
    const [best, second] = ranked;
    if (!best) continue;
    const close = second !== undefined && second.evidence.tier === best.evidence.tier && best.evidence.score - second.evidence.score <= rules.margin;
    if (close) {
      for (const c of ranked) held.push({ other: c.other, candidates: [anchor], code: 'DUPLICATE_IN_SOURCE', reason: `${ranked.length} records are the same as ${anchor}` });
      continue;
    }
    pairs.push({ anchor, other: best.other, evidence: best.evidence });
    for (const c of ranked.slice(1)) held.push({ other: c.other, candidates: [anchor], code: 'DUPLICATE_IN_SOURCE', reason: `the same as ${anchor}, which ${best.other} matches better` });
  }
  return { pairs, held: held.sort((a, b) => (a.other < b.other ? -1 : a.other > b.other ? 1 : 0)) };
}
