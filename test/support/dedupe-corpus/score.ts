import {
  HARD_NEGATIVE_KINDS,
  PERTURBATIONS,
  type ContactRecord,
  type HardNegativeKind,
  type Perturbation,
} from '#test/support/dedupe-corpus/generate';

/**
 * Measuring a duplicate-detection engine against the corpus' ground truth: pairwise precision and recall, the
 * exact-e-mail baseline to report beside it, and the corpus' own statistics.
 */

/** Pairwise scores: a pair is two records placed in one cluster; it is correct when both are one real person. */
export interface PairwiseScore {
  /** Pairs of records that belong to the same entity. */
  readonly truePairs: number;
  /** Pairs of records the engine put in the same cluster. */
  readonly predictedPairs: number;
  /** Pairs in both. */
  readonly correctPairs: number;
  /** correct / predicted; 1 when nothing was merged (no false merge was made). */
  readonly precision: number;
  /** correct / true; 1 when the truth has no duplicates. */
  readonly recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  readonly f1: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function sumPairs(counts: Map<string, number>): number {
  let total = 0;
  for (const n of counts.values()) total += pairs(n);
  return total;
}

/**
 * Scores a clustering against the truth by contingency counts: true pairs are Σ C(entity size, 2), predicted pairs
 * Σ C(cluster size, 2), correct pairs Σ C(|entity ∩ cluster|, 2). O(n) time and memory, never O(pairs), so it
 * works at millions of records. A truth record the prediction leaves out counts as a singleton cluster.
 *
 * @throws Error when a record id repeats in either input, or the prediction names a record the truth does not have.
 */
export function scorePairwise(
  truth: Iterable<readonly [recordId: string, entityId: string]>,
  predicted: Iterable<readonly [recordId: string, clusterId: string]>,
): PairwiseScore {
  const entityOf = new Map<string, string>();
  const entitySizes = new Map<string, number>();
  for (const [recordId, entityId] of truth) {
    if (entityOf.has(recordId)) throw new Error(`record ${recordId} appears twice in the truth`);
    entityOf.set(recordId, entityId);
    increment(entitySizes, entityId);
  }
  const seen = new Set<string>();
  const clusterSizes = new Map<string, number>();
  const cells = new Map<string, number>();
  for (const [recordId, clusterId] of predicted) {
    const entityId = entityOf.get(recordId);
    if (entityId === undefined) throw new Error(`predicted record ${recordId} is not in the truth`);
    if (seen.has(recordId)) throw new Error(`record ${recordId} appears twice in the prediction`);
    seen.add(recordId);
    increment(clusterSizes, clusterId);
    // Length-prefixed so no pair of ids can run together into another pair's key.
    increment(cells, `${entityId.length}:${entityId}${clusterId}`);
  }
  const truePairs = sumPairs(entitySizes);
  const predictedPairs = sumPairs(clusterSizes);
  const correctPairs = sumPairs(cells);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, correctPairs, precision, recall, f1 };
}

/**
 * The naive CRM rule to compare an engine against: records with the same trimmed, lower-cased e-mail are one
 * cluster; a record without e-mail is a cluster of its own. Streams `[recordId, clusterId]` for {@link scorePairwise}.
 */
export function* exactEmailBaseline(records: Iterable<Pick<ContactRecord, 'id' | 'email'>>): Generator<[string, string]> {
  for (const { id, email } of records) {
    const key = email.trim().toLowerCase();
    yield [id, key ? `email:${key}` : `record:${id}`];
  }
}

/** What a corpus holds, for reports and for checking the generator's rates. */
export interface CorpusStats {
  readonly records: number;
  readonly entities: number;
  readonly duplicateRecords: number;
  readonly entitiesWithDuplicates: number;
  /** Share of entities that have at least one duplicate. */
  readonly duplicateShare: number;
  /** How many duplicates carry each perturbation. */
  readonly perturbations: Readonly<Record<Perturbation, number>>;
  readonly hardNegativeEntities: number;
  /** Share of entities that belong to a planted hard-negative group. */
  readonly hardNegativeShare: number;
  /** Hard-negative groups per kind. */
  readonly hardNegativeGroups: Readonly<Record<HardNegativeKind, number>>;
  readonly recordsWithoutEmail: number;
  readonly recordsWithoutPhone: number;
  /** Entities per country. */
  readonly countries: Readonly<Record<string, number>>;
}

/** Counts a corpus as it streams past; holds only the ids of duplicated entities and hard-negative groups. */
export class CorpusTally {
  #records = 0;
  #entities = 0;
  #duplicates = 0;
  #withoutEmail = 0;
  #withoutPhone = 0;
  #hardNegativeEntities = 0;
  readonly #duplicated = new Set<string>();
  readonly #groups = new Map<string, HardNegativeKind>();
  readonly #perturbations = Object.fromEntries(PERTURBATIONS.map((p) => [p, 0])) as Record<Perturbation, number>;
  readonly #countries: Record<string, number> = {};

  add(record: ContactRecord): void {
    this.#records++;
    if (!record.email.trim()) this.#withoutEmail++;
    if (!record.phone.trim()) this.#withoutPhone++;
    if (record.originalId !== undefined) {
      this.#duplicates++;
      this.#duplicated.add(record.entityId);
      for (const p of record.perturbations) this.#perturbations[p]++;
      return;
    }
    this.#entities++;
    this.#countries[record.country] = (this.#countries[record.country] ?? 0) + 1;
    if (record.hardNegative) {
      this.#hardNegativeEntities++;
      this.#groups.set(record.hardNegative.group, record.hardNegative.kind);
    }
  }

  stats(): CorpusStats {
    const hardNegativeGroups = Object.fromEntries(HARD_NEGATIVE_KINDS.map((k) => [k, 0])) as Record<HardNegativeKind, number>;
    for (const kind of this.#groups.values()) hardNegativeGroups[kind]++;
    const share = (n: number) => (this.#entities === 0 ? 0 : n / this.#entities);
    return {
      records: this.#records,
      entities: this.#entities,
      duplicateRecords: this.#duplicates,
      entitiesWithDuplicates: this.#duplicated.size,
      duplicateShare: share(this.#duplicated.size),
      perturbations: { ...this.#perturbations },
      hardNegativeEntities: this.#hardNegativeEntities,
      hardNegativeShare: share(this.#hardNegativeEntities),
      hardNegativeGroups,
      recordsWithoutEmail: this.#withoutEmail,
      recordsWithoutPhone: this.#withoutPhone,
      countries: { ...this.#countries },
    };
  }
}

/** {@link CorpusTally} over a whole corpus. */
export function summarizeCorpus(records: Iterable<ContactRecord>): CorpusStats {
  const tally = new CorpusTally();
  for (const record of records) tally.add(record);
  return tally.stats();
}
