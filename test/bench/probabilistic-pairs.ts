/**
 * Shared by the probabilistic-model scripts (probabilistic-train.ts, probabilistic-experiment.ts): the generated
 * corpus as match records, its candidate pairs under the shipped person rules' blocking, their level vectors, and
 * training (u from random pairs, then EM).
 */
import { blockingKeys, DEFAULT_MAX_BLOCK_SIZE, finerBlockingKey } from '#domain/identity/blocking';
import { compareLevels, COMPARISON_COUNT, PERSON_COMPARISONS } from '#domain/identity/comparison-levels';

const COMPARISON_NAMES = PERSON_COMPARISONS.map((c) => c.name);
import { MatchKeyCache, toMatchRecord, type MatchRecord } from '#domain/identity/match-record';
import { initialModel, withMinimumU, type ProbabilisticModel } from '#domain/identity/probabilistic';
import { estimateParameters, estimateU, randomPairs, randomPairsWithin, tallyPatterns, type EmOptions, type EmResult, type PatternTable } from '#domain/identity/probabilistic-training';
import { defaultPersonRules } from '#domain/identity/rules';
import { generateLinkageCorpus } from '#test/support/linkage-corpus/generate';
import { generateCorpus, type ContactRecord } from '#test/support/dedupe-corpus/generate';

export interface Corpus {
  readonly contacts: readonly ContactRecord[];
  readonly records: readonly MatchRecord[];
}

/**
 * The generated corpus and its match records, as test/bench/dedupe.ts builds them: the seeded corpus, or with `style`
 * the independent one (test/support/linkage-corpus) in that export style.
 */
export function loadCorpus(seed: number, size: number, style?: 'salesforce' | 'hubspot'): Corpus {
  const contacts: ContactRecord[] = style ? [...generateLinkageCorpus({ records: size, seed, style })] : [...generateCorpus({ records: size, seed })];
  return { contacts, records: matchRecordsOf(contacts) };
}

/** The contacts as match records, US the default country, one key cache for the lot. */
export function matchRecordsOf(contacts: readonly ContactRecord[]): MatchRecord[] {
  const cache = new MatchKeyCache();
  return contacts.map(({ email, firstName, lastName, phone, company, website, country }) =>
    toMatchRecord({ email, firstName, lastName, phone, company, website, country }, { defaultCountry: 'US', cache }),
  );
}

/** A growable list of unsigned 32-bit integers. */
class Uint32List {
  #data = new Uint32Array(1 << 16);
  length = 0;

  push(a: number, b: number): void {
    if (this.length + 2 > this.#data.length) {
      const grown = new Uint32Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.length++] = a;
    this.#data[this.length++] = b;
  }

  toArray(): Uint32Array {
    return this.#data.slice(0, this.length);
  }
}

/**
 * The candidate pairs `dedupeRecords` would compare, as `[a0, b0, a1, b1, ...]` with a > b: records sharing a key
 * of `blockingKeys(defaultPersonRules, ·)`; a block over the cap is split by `finerBlockingKey`, and a record is
 * compared with at most `maxBlockSize` predecessors per block, as the dedupe's window does.
 */
export function candidatePairs(records: readonly MatchRecord[], maxBlockSize = DEFAULT_MAX_BLOCK_SIZE): Uint32Array {
  const keysOf = records.map((r) => blockingKeys(defaultPersonRules, r));
  const sizes = new Map<string, number>();
  for (const keys of keysOf) for (const key of keys) sizes.set(key, (sizes.get(key) ?? 0) + 1);
  const blocks = new Map<string, number[]>();
  const stamp = new Int32Array(records.length).fill(-1);
  const pairs = new Uint32List();
  keysOf.forEach((keys, i) => {
    for (const raw of keys) {
      const key = (sizes.get(raw) ?? 0) > maxBlockSize ? finerBlockingKey(raw, records[i] as MatchRecord) : raw;
      let block = blocks.get(key);
      if (block === undefined) blocks.set(key, (block = []));
      for (let p = Math.max(0, block.length - maxBlockSize); p < block.length; p++) {
        const other = block[p] ?? 0;
        if (stamp[other] === i) continue;
        stamp[other] = i;
        pairs.push(i, other);
      }
      block.push(i);
    }
  });
  return pairs.toArray();
}

/** The level vectors of `pairs`, flat. */
export function levelsOf(records: readonly MatchRecord[], pairs: Uint32Array): Uint8Array {
  const n = pairs.length / 2;
  const levels = new Uint8Array(n * COMPARISON_COUNT);
  for (let p = 0; p < n; p++) compareLevels(records[pairs[2 * p] ?? 0] as MatchRecord, records[pairs[2 * p + 1] ?? 0] as MatchRecord, levels, p * COMPARISON_COUNT);
  return levels;
}

export interface Training {
  readonly em: EmResult;
  readonly randomPairs: number;
  readonly patterns: number;
  /** The share of one person's pairs among random pairs of one employer, as EM estimated it. */
  readonly colleaguePairShare: number;
}

/**
 * u from `samplePairs` random pairs (seeded), and for the same-employer comparisons from as many random pairs of
 * people sharing a company name; then m and λ by EM over the candidates' level vectors.
 */
export function train(records: readonly MatchRecord[], candidateLevels: Uint8Array, seed: number, samplePairs = 1_000_000): Training {
  const sample = randomPairs(records.length, samplePairs, seed);
  const n = records.length;
  const employers = new Map<string, number[]>();
  records.forEach((r, i) => {
    if (r.companyKey === undefined) return;
    let group = employers.get(r.companyKey);
    if (group === undefined) employers.set(r.companyKey, (group = []));
    group.push(i);
  });
  const groups = [...employers.values()].filter((g) => g.length > 1);
  const colleagues = randomPairsWithin(groups, samplePairs, seed + 1);
  const colleagueLevels = levelsOf(records, colleagues);
  const atEmployer = { only: ['emailAtEmployer', 'phoneAtEmployer'] } as const;
  const table = tallyPatterns(candidateLevels, COMPARISON_COUNT);
  const totalPairs = (n * (n - 1)) / 2;
  const first = runSessions(estimateU(estimateU(initialModel(n), levelsOf(records, sample)), colleagueLevels, atEmployer), table, totalPairs);
  // Colleague pairs are often one person: with m known, u of the same-employer comparisons again, each sampled pair
  // weighted by its non-match posterior (λ being the share of matches among colleague pairs), then EM again.
  const colleagueTable = tallyPatterns(colleagueLevels, COMPARISON_COUNT);
  const share = estimateParameters({ ...first.model, lambda: 0.01 }, colleagueTable, { fixM: COMPARISON_NAMES }).model.lambda;
  const discounted = estimateU({ ...first.model, lambda: share }, colleagueLevels, { ...atEmployer, discountMatches: true });
  const second = runSessions({ ...discounted, lambda: first.model.lambda }, table, totalPairs);
  // Last, the least u of levels the random pairs cannot show (PERSON_MIN_U).
  return { em: { ...second, model: withMinimumU(second.model), iterations: first.iterations + second.iterations, converged: first.converged && second.converged }, randomPairs: samplePairs, patterns: table.counts.length, colleaguePairShare: share };
}

/** EM in Splink-style sessions, then λ alone. */
function runSessions(withU: ProbabilisticModel, table: PatternTable, totalPairs: number): EmResult {
  // Splink-style sessions: each leaves out what the candidates share by construction, so that the rest decides. As
  // in Splink, a session's λ is its own (the share of matches among the candidates, from 0.1) and is thrown away.
  const sessions: EmOptions[] = [
    { ignore: ['company', 'domain', 'familyName'] },
    { ignore: ['company', 'domain', 'givenName'] },
    { ignore: ['givenName', 'familyName'] },
  ];
  let model = withU;
  let iterations = 0;
  let converged = true;
  for (const session of sessions) {
    const result = estimateParameters({ ...model, lambda: 0.1 }, table, session);
    model = { ...result.model, lambda: withU.lambda };
    iterations += result.iterations;
    converged &&= result.converged;
  }
  // Then λ alone, with every comparison in the E-step.
  const last = estimateParameters(model, table, { totalPairs, fixM: COMPARISON_NAMES });
  return { model: last.model, iterations: iterations + last.iterations, converged: converged && last.converged };
}
