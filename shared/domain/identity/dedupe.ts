/**
 * Batch dedupe: clusters a list of match records into people, as `syncline dedupe` does for a CRM export.
 *
 * Cost grows near-linearly: each record is compared only with earlier records sharing a blocking key, and each
 * block is capped (see `blocking.ts`). Memory is typed arrays per record and per key (no object per pair, no map
 * of key strings): keys are hashed to 53-bit numbers that carry the record index in their low bits, so one
 * numeric sort of a `Float64Array` lays out every block. A hash collision only puts two blocks together, which
 * costs comparisons, never a wrong match: the matcher decides.
 *
 * Records are taken in order, each as an incoming record against the clusters made so far. A record matching
 * several clusters joins them all (the clusters are the connected components of the matched pairs, as Splink's
 * are), unless a fuzzy rule's veto holds between them (e.g. two different work e-mails): then, when the best two
 * are within the margin at one tier, the record is ambiguous, stays alone and both pairs go to review. A record only
 * in the person model's review band stays alone, its pairs in review. Never a guess.
 */
import { blockingKeys, DEFAULT_MAX_BLOCK_SIZE, finerBlockingKey } from '#domain/identity/blocking';
import { UnionFind } from '#domain/identity/cluster';
import type { MatchRecord } from '#domain/identity/match-record';
import { compareEvidence, compareRecords, vetoKey } from '#domain/identity/matcher';
import { TIERS, withPopulation, type MatchEvidence, type MatchRules, type Veto } from '#domain/identity/rules';

export interface DedupeProgress {
  readonly phase: 'blocking' | 'comparing';
  /** Records done in this phase. */
  readonly records: number;
  readonly total: number;
  /** Pairs compared so far. */
  readonly comparisons: number;
}

export interface DedupeOptions {
  /** Blocks larger than this are split by a finer key, then compared in windows of this size. */
  readonly maxBlockSize?: number;
  /** Called every few thousand records; the caller decides what to show and when (the domain has no clock). */
  readonly onProgress?: (progress: DedupeProgress) => void;
}

/** A pair a person should look at: record `a` matched `b` with this evidence, but so did a contradicting rival. */
export interface ReviewPair {
  readonly a: number;
  readonly b: number;
  readonly evidence: MatchEvidence;
}

export interface DedupeResult {
  /** Per record: its cluster's label, the smallest record index in the cluster. */
  readonly clusters: Int32Array;
  /** Per record: the index in `rules.rules` of the rule that joined it to its cluster, -1 for a record alone. */
  readonly rules: Int8Array;
  /** Per record: the score of that rule's evidence, 0 for a record alone. */
  readonly scores: Float32Array;
  readonly reviews: readonly ReviewPair[];
  readonly comparisons: number;
  /** Blocks over the cap that a finer key split. */
  readonly oversizedBlocks: number;
  /** Blocks still over the cap after splitting, compared in windows. */
  readonly windowedBlocks: number;
}

const PROGRESS_EVERY = 8192;

/** Two 32-bit FNV-style hashes of `text`, joined to `bits` (≤ 52) bits. */
function hashKey(text: string, bits: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x27d4eb2f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
  h1 ^= h1 >>> 13;
  const high = h1 >>> 0;
  const low = (h2 ^ (h2 >>> 15)) >>> 0;
  if (bits <= 32) return Math.floor(high / 2 ** (32 - bits));
  return high * 2 ** (bits - 32) + Math.floor(low / 2 ** (64 - bits));
}

/** A growable list of doubles. */
class Float64List {
  #data: Float64Array;
  length = 0;

  constructor(capacity: number) {
    this.#data = new Float64Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.#data.length) {
      const grown = new Float64Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.length++] = value;
  }

  toArray(): Float64Array {
    return this.#data.slice(0, this.length);
  }
}

/** First position in the sorted `entries` whose value is ≥ `value`. */
function lowerBound(entries: Float64Array, value: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((entries[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The block index: every record's key hashes (`hashes`, record `i` owns `offsets[i] .. offsets[i + 1]`) and the
 * sorted entries `hash × scale + index`, where each block is one run.
 */
interface BlockIndex {
  readonly offsets: Int32Array;
  readonly hashes: Float64Array;
  readonly entries: Float64Array;
  readonly scale: number;
  readonly oversized: number;
  readonly windowed: number;
}

function buildIndex(rules: MatchRules, records: readonly MatchRecord[], maxBlockSize: number, options: DedupeOptions): BlockIndex {
  const n = records.length;
  const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const hashBits = Math.min(52, 53 - indexBits);
  const scale = 2 ** indexBits;
  const offsets = new Int32Array(n + 1);
  const list = new Float64List(n * 8);
  for (let i = 0; i < n; i++) {
    for (const key of blockingKeys(rules, records[i] as MatchRecord)) list.push(hashKey(key, hashBits));
    offsets[i + 1] = list.length;
    if ((i + 1) % PROGRESS_EVERY === 0) options.onProgress?.({ phase: 'blocking', records: i + 1, total: n, comparisons: 0 });
  }
  const hashes = list.toArray();
  const entries = new Float64Array(hashes.length);
  for (let i = 0; i < n; i++) for (let s = offsets[i] ?? 0; s < (offsets[i + 1] ?? 0); s++) entries[s] = (hashes[s] ?? 0) * scale + i;
  entries.sort();
  const refine = (hash: number, index: number): void => {
    const record = records[index] as MatchRecord;
    const key = blockingKeys(rules, record).find((k) => hashKey(k, hashBits) === hash) ?? '';
    const finer = hashKey(finerBlockingKey(key, record), hashBits);
    for (let s = offsets[index] ?? 0; s < (offsets[index + 1] ?? 0); s++) if (hashes[s] === hash) hashes[s] = finer;
  };
  const oversized = forEachOversizedRun(entries, scale, maxBlockSize, refine);
  if (oversized === 0) return { offsets, hashes, entries, scale, oversized, windowed: 0 };
  for (let i = 0; i < n; i++) for (let s = offsets[i] ?? 0; s < (offsets[i + 1] ?? 0); s++) entries[s] = (hashes[s] ?? 0) * scale + i;
  entries.sort();
  const windowed = forEachOversizedRun(entries, scale, maxBlockSize, () => undefined);
  return { offsets, hashes, entries, scale, oversized, windowed };
}

/** Calls `visit(hash, index)` for every member of every run longer than `max`; returns how many runs there were. */
function forEachOversizedRun(entries: Float64Array, scale: number, max: number, visit: (hash: number, index: number) => void): number {
  let runs = 0;
  for (let start = 0; start < entries.length; ) {
    const hash = Math.floor((entries[start] ?? 0) / scale);
    let end = start + 1;
    while (end < entries.length && Math.floor((entries[end] ?? 0) / scale) === hash) end++;
    if (end - start > max) {
      runs++;
      for (let p = start; p < end; p++) visit(hash, (entries[p] ?? 0) - hash * scale);
    }
    start = end;
  }
  return runs;
}

interface Candidate {
  root: number;
  other: number;
  evidence: MatchEvidence;
}

/**
 * Clusters `records` into people under `rules` (see the module comment for how). Deterministic: the same records
 * in the same order give the same clusters, rules, scores and reviews.
 */
export function dedupeRecords(shipped: MatchRules, records: readonly MatchRecord[], options: DedupeOptions = {}): DedupeResult {
  const n = records.length;
  const rules = withPopulation(shipped, n);
  const maxBlockSize = options.maxBlockSize ?? DEFAULT_MAX_BLOCK_SIZE;
  const index = buildIndex(rules, records, maxBlockSize, options);
  const state = new ClusterState(rules, records);
  const stamp = new Int32Array(n).fill(-1);
  let comparisons = 0;
  const candidates: Candidate[] = [];
  for (let i = 0; i < n; i++) {
    candidates.length = 0;
    const record = records[i] as MatchRecord;
    for (let s = index.offsets[i] ?? 0; s < (index.offsets[i + 1] ?? 0); s++) {
      const base = (index.hashes[s] ?? 0) * index.scale;
      const end = lowerBound(index.entries, base + i);
      const start = Math.max(lowerBound(index.entries, base), end - maxBlockSize);
      for (let p = start; p < end; p++) {
        const other = (index.entries[p] ?? 0) - base;
        if (stamp[other] === i) continue;
        stamp[other] = i;
        const root = state.find(other);
        const known = candidates.find((c) => c.root === root);
        if (known !== undefined && known.evidence.tier === TIERS.exact) continue;
        comparisons++;
        const evidence = compareRecords(rules, record, records[other] as MatchRecord);
        if (evidence === null) continue;
        if (known === undefined) candidates.push({ root, other, evidence });
        else if (compareEvidence(rules, evidence, known.evidence) < 0) Object.assign(known, { other, evidence });
      }
    }
    if (candidates.length > 0) state.decide(i, candidates);
    if ((i + 1) % PROGRESS_EVERY === 0) options.onProgress?.({ phase: 'comparing', records: i + 1, total: n, comparisons });
  }
  return { ...state.result(), comparisons, oversizedBlocks: index.oversized, windowedBlocks: index.windowed };
}

/** The clusters so far, with each cluster's veto values (one representative record per veto). */
class ClusterState {
  readonly #sets: UnionFind;
  readonly #vetoes: readonly Veto[];
  /** Per veto, per cluster root: a member whose value for that veto is known, or -1. */
  readonly #representatives: Int32Array[];
  readonly #rules: Int8Array;
  readonly #scores: Float32Array;
  readonly #ruleIndex: ReadonlyMap<string, number>;
  readonly #reviews: ReviewPair[] = [];

  constructor(
    private readonly matchRules: MatchRules,
    private readonly records: readonly MatchRecord[],
  ) {
    const n = records.length;
    this.#sets = new UnionFind(n);
    this.#vetoes = [...new Set(matchRules.rules.flatMap((r) => (r.kind === 'fuzzy' ? r.vetoes : [])))];
    this.#representatives = this.#vetoes.map((veto) => Int32Array.from(records, (r, i) => (vetoKey(veto, r) === undefined ? -1 : i)));
    this.#rules = new Int8Array(n).fill(-1);
    this.#scores = new Float32Array(n);
    this.#ruleIndex = new Map(matchRules.rules.map((r, i) => [r.name, i]));
  }

  find(i: number): number {
    return this.#sets.find(i);
  }

  /** Whether a veto holds between two clusters, judged on their representatives. */
  #conflict(a: number, b: number): boolean {
    return this.#vetoes.some((veto, v) => {
      const reps = this.#representatives[v] as Int32Array;
      const [x = -1, y = -1] = [reps[a], reps[b]];
      return x >= 0 && y >= 0 && vetoKey(veto, this.records[x] as MatchRecord) !== vetoKey(veto, this.records[y] as MatchRecord);
    });
  }

  /** Record `i` (still alone) against the clusters it matched: join them, or send the ambiguity to review. */
  decide(i: number, candidates: Candidate[]): void {
    const fuzzy = (c: Candidate) => c.evidence.tier === TIERS.fuzzy;
    const usable = candidates.filter((c) => c.evidence.review !== true && (!fuzzy(c) || !this.#conflict(i, c.root)));
    if (usable.length === 0) {
      // Only the model's review band: a person decides each pair; nothing is joined on it.
      for (const c of candidates) if (c.evidence.review === true) this.#reviews.push({ a: i, b: c.other, evidence: c.evidence });
      return;
    }
    usable.sort((x, y) => compareEvidence(this.matchRules, x.evidence, y.evidence) || x.root - y.root);
    const [best] = usable;
    if (best === undefined) return;
    const accepted = [best];
    const rivals: Candidate[] = [];
    for (const c of usable.slice(1)) {
      if (!fuzzy(c) || !accepted.some((a) => this.#conflict(a.root, c.root))) accepted.push(c);
      else if (c.evidence.tier === best.evidence.tier && best.evidence.score - c.evidence.score <= this.matchRules.margin) rivals.push(c);
    }
    if (rivals.length > 0) {
      for (const c of [best, ...rivals]) this.#reviews.push({ a: i, b: c.other, evidence: c.evidence });
      return;
    }
    for (const c of accepted) this.#join(i, c);
    this.#label(i, best.evidence);
  }

  #join(i: number, c: Candidate): void {
    const [a, b] = [this.#sets.find(i), this.#sets.find(c.root)];
    const root = this.#sets.union(a, b);
    for (const reps of this.#representatives) reps[root] = (reps[a] ?? -1) >= 0 ? (reps[a] ?? -1) : (reps[b] ?? -1);
    this.#label(c.other, c.evidence);
  }

  /** Records the rule that joined `i` to its cluster, the first time it joins one. */
  #label(i: number, evidence: MatchEvidence): void {
    if (this.#rules[i] !== -1) return;
    this.#rules[i] = this.#ruleIndex.get(evidence.rule) ?? -1;
    this.#scores[i] = evidence.score;
  }

  result(): Pick<DedupeResult, 'clusters' | 'rules' | 'scores' | 'reviews'> {
    return { clusters: this.#sets.labels(), rules: this.#rules, scores: this.#scores, reviews: this.#reviews };
  }
}
