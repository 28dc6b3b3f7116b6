/**
 * The dedupe benchmark, run by `npm run bench` (test/bench/run.ts):
 *
 * - quality: for each seed, a generated corpus with ground truth clustered by the shipped person rules in this
 *   process; pairwise recall, precision and F1 beside the exact-e-mail baseline on the same records, the goals
 *   (recall ≥ 0.98 at precision ≥ 0.995) marked pass or fail, and the counts by rule. Two corpora: the seeded one
 *   the rules were tuned on (test/support/dedupe-corpus), and an independent one written from the record-linkage
 *   literature without looking at the matcher (test/support/linkage-corpus), in its Salesforce and HubSpot export
 *   styles, which measures how the rules generalise. Beside the rules, on the same match records, the probabilistic
 *   person model (`defaultPersonModel`, λ rescaled to the corpus size): the rules' candidate pairs scored, pairs at
 *   or above a match probability of 0.99 (the shipped merge threshold) and of 0.999 joined by union-find, each
 *   scored and checked against the same goals;
 * - scale: `syncline dedupe` on a generated export of 100,000 and 1,000,000 rows, as an operator runs it (its
 *   own process, with the heap it sets); throughput, peak RSS and heap, the quality at that size, and the cost
 *   growth ratio (time per record at the largest size ÷ at 100,000; near 1 is near-linear).
 *
 * `BENCH_DEDUPE_MAX=100000` skips the sizes above it (the 1M run takes a minute or two); `BENCH_DEDUPE_SEEDS=1,2,3`
 * and `BENCH_DEDUPE_RECORDS=100000` set the quality runs.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { UnionFind } from '#domain/identity/cluster';
import { COMPARISON_COUNT } from '#domain/identity/comparison-levels';
import { dedupeRecords } from '#domain/identity/dedupe';
import type { MatchRecord } from '#domain/identity/match-record';
import { compileModel, defaultPersonModel, matchProbability, matchWeight, priorFor } from '#domain/identity/probabilistic';
import { defaultPersonRules as rules } from '#domain/identity/rules';
import { candidatePairs, levelsOf, matchRecordsOf } from '#test/bench/probabilistic-pairs';
import { writeCorpusCsv } from '#test/support/dedupe-corpus/cli';
import { generateCorpus, type ContactRecord } from '#test/support/dedupe-corpus/generate';
import { generateLinkageCorpus } from '#test/support/linkage-corpus/generate';
import { exactEmailBaseline, scorePairwise, type PairwiseScore } from '#test/support/dedupe-corpus/score';

export const GOALS = { recall: 0.98, precision: 0.995 } as const;

type Score = Pick<PairwiseScore, 'recall' | 'precision' | 'f1'>;

/** The corpora a quality run scores: the seeded one, and the independent one in each export style. */
export const CORPORA = ['seeded', 'independent-salesforce', 'independent-hubspot'] as const;
export type Corpus = (typeof CORPORA)[number];

/** The match-probability thresholds the probabilistic model is scored at: the shipped merge band, and a stricter one. */
export const PROBABILISTIC_THRESHOLDS = ['0.99', '0.999'] as const;
export type ProbabilisticThreshold = (typeof PROBABILISTIC_THRESHOLDS)[number];

/** The probabilistic model on a quality run's records: a score per threshold. */
export type ProbabilisticRun = Record<ProbabilisticThreshold, Score & { pass: boolean }> & {
  candidatePairs: number;
  /** Blocking, comparing, scoring and clustering at every threshold; the match records are the rules' (their time is in the rules' seconds). */
  seconds: number;
};

export interface QualityRun {
  corpus: Corpus;
  seed: number;
  records: number;
  engine: Score & { pass: boolean };
  baseline: Score;
  byRule: Record<string, number>;
  reviewPairs: number;
  seconds: number;
  probabilistic: ProbabilisticRun;
}

export interface ScaleRun {
  records: number;
  seconds: number;
  recordsPerSecond: number;
  peakRssMb: number;
  peakHeapMb: number;
  comparisons: number;
  reviewPairs: number;
  engine: Score & { pass: boolean };
  byRule: Record<string, number>;
}

export interface DedupeBenchReport {
  goals: typeof GOALS;
  quality: QualityRun[];
  scale: ScaleRun[];
  /** Time per record at the largest size ÷ time per record at the smallest; absent with one size. */
  costGrowthRatio?: number;
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));
const scoreOf = (s: PairwiseScore): Score => ({ recall: round(s.recall), precision: round(s.precision), f1: round(s.f1) });
const passes = (s: PairwiseScore) => s.recall >= GOALS.recall && s.precision >= GOALS.precision;

function* corpusRecords(corpus: Corpus, seed: number, records: number): Generator<ContactRecord> {
  if (corpus === 'seeded') yield* generateCorpus({ records, seed });
  else yield* generateLinkageCorpus({ records, seed, style: corpus === 'independent-hubspot' ? 'hubspot' : 'salesforce' });
}

/**
 * The shipped default model on `records`: the candidate pairs of the rules' blocking, each pair's match
 * probability with λ for this many records, and per threshold the pairs at or above it joined by union-find.
 */
function probabilisticRun(records: readonly MatchRecord[], ids: readonly string[], truth: readonly (readonly [string, string])[]): ProbabilisticRun {
  const started = performance.now();
  const pairs = candidatePairs(records);
  const levels = levelsOf(records, pairs);
  const compiled = compileModel(priorFor(defaultPersonModel, records.length));
  const probabilities = new Float64Array(pairs.length / 2);
  for (let p = 0; p < probabilities.length; p++) probabilities[p] = matchProbability(matchWeight(compiled, levels, p * COMPARISON_COUNT));
  let elapsed = performance.now() - started;
  const scores = PROBABILISTIC_THRESHOLDS.map((threshold) => {
    const clustered = performance.now();
    const sets = new UnionFind(records.length);
    for (let p = 0; p < probabilities.length; p++) if ((probabilities[p] ?? 0) >= Number(threshold)) sets.union(pairs[2 * p] ?? 0, pairs[2 * p + 1] ?? 0);
    const labels = sets.labels();
    elapsed += performance.now() - clustered;
    const score = scorePairwise(truth, ids.map((id, i) => [id, String(labels[i])] as const));
    return [threshold, { ...scoreOf(score), pass: passes(score) }] as const;
  });
  return { ...(Object.fromEntries(scores) as Record<ProbabilisticThreshold, Score & { pass: boolean }>), candidatePairs: probabilities.length, seconds: round(elapsed / 1000, 2) };
}

/**
 * One quality run in this process: the corpus is small enough to hold. `contacts` is the corpus when the caller
 * has generated it already (it must be `corpusRecords(name, seed, records)`); both engines score the same records.
 */
export function qualityRun(seed: number, records: number, name: Corpus = 'seeded', contacts?: readonly ContactRecord[]): QualityRun {
  const corpus: readonly ContactRecord[] = contacts ?? [...corpusRecords(name, seed, records)];
  const started = performance.now();
  const matchRecords = matchRecordsOf(corpus);
  const result = dedupeRecords(rules, matchRecords);
  const seconds = (performance.now() - started) / 1000;
  const truth = corpus.map((r) => [r.id, r.entityId] as const);
  const engine = scorePairwise(truth, corpus.map((r, i) => [r.id, String(result.clusters[i])] as const));
  const byRule: Record<string, number> = Object.fromEntries([...rules.rules.map((r) => [r.name, 0] as const), ['unique', 0]]);
  for (const index of result.rules) {
    const name = index < 0 ? 'unique' : (rules.rules[index]?.name ?? '?');
    byRule[name] = (byRule[name] ?? 0) + 1;
  }
  return {
    corpus: name, seed, records, engine: { ...scoreOf(engine), pass: passes(engine) }, baseline: scoreOf(scorePairwise(truth, exactEmailBaseline(corpus))),
    byRule, reviewPairs: result.reviews.length, seconds: round(seconds, 2),
    probabilistic: probabilisticRun(matchRecords, corpus.map((r) => r.id), truth),
  };
}

function csvPairs(file: string): [string, string][] {
  // Ids and cluster ids are Salesforce ids: no commas or quotes to unquote.
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(1).map((line) => {
    const [a = '', b = ''] = line.split(',');
    return [a, b];
  });
}

/** Runs `syncline dedupe` the way an operator would; resolves its JSON summary. */
async function runCli(input: string, out: string): Promise<Record<string, unknown>> {
  const child = spawn(process.execPath, [...process.execArgv, 'cli/syncline.ts', 'dedupe', input, '--out', out, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`syncline dedupe exited with ${code}`);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

/** One scale run: writes the export and its truth, runs the CLI on it, scores its clusters. */
export async function scaleRun(records: number, seed: number, dir: string): Promise<ScaleRun> {
  const [input, truth, out] = ['export.csv', 'truth.csv', 'clusters.csv'].map((f) => join(dir, `${records}-${f}`)) as [string, string, string];
  process.stderr.write(`bench: writing a ${records.toLocaleString('en-US')}-row export\n`);
  await writeCorpusCsv(generateCorpus({ records, seed }), createWriteStream(input), { format: 'salesforce', truth: createWriteStream(truth) });
  const summary = await runCli(input, out);
  const engine = scorePairwise(csvPairs(truth), csvPairs(out));
  return {
    records, seconds: round(Number(summary['seconds']), 2), recordsPerSecond: Math.round(Number(summary['recordsPerSecond'])),
    peakRssMb: Number(summary['peakRssMb']), peakHeapMb: Number(summary['peakHeapMb']), comparisons: Number(summary['comparisons']),
    reviewPairs: Number(summary['reviewPairs']), engine: { ...scoreOf(engine), pass: passes(engine) }, byRule: summary['byRule'] as Record<string, number>,
  };
}

function envList(name: string, fallback: readonly number[]): number[] {
  const text = process.env[name];
  return text ? text.split(',').map(Number).filter((n) => Number.isSafeInteger(n)) : [...fallback];
}

/** The whole dedupe benchmark, configured from the environment (see the module comment). */
export async function dedupeBench(): Promise<DedupeBenchReport> {
  const seeds = envList('BENCH_DEDUPE_SEEDS', [1, 2, 3]);
  const [qualityRecords = 100_000] = envList('BENCH_DEDUPE_RECORDS', [100_000]);
  const [max = 1_000_000] = envList('BENCH_DEDUPE_MAX', [1_000_000]);
  const quality = CORPORA.flatMap((corpus) =>
    seeds.map((seed) => {
      process.stderr.write(`bench: dedupe quality, ${corpus} corpus, seed ${seed}, ${qualityRecords.toLocaleString('en-US')} records\n`);
      return qualityRun(seed, qualityRecords, corpus);
    }),
  );
  const dir = mkdtempSync(join(tmpdir(), 'syncline-bench-dedupe-'));
  const scale: ScaleRun[] = [];
  try {
    for (const records of [100_000, 1_000_000].filter((n) => n <= max)) scale.push(await scaleRun(records, 42, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const [first, last] = [scale[0], scale.at(-1)];
  const perRecord = (r: ScaleRun) => r.seconds / r.records;
  return { goals: GOALS, quality, scale, ...(first && last && last !== first ? { costGrowthRatio: round(perRecord(last) / perRecord(first), 2) } : {}) };
}

/** The report as text for the console. */
export function formatDedupeReport(report: DedupeBenchReport): string {
  const f = (x: number) => x.toFixed(4);
  const lines = [
    `dedupe quality (goals: recall ≥ ${GOALS.recall}, precision ≥ ${GOALS.precision}), Syncline's matcher vs the exact-e-mail baseline on the same records;`,
    'below each run, the probabilistic model (shipped default) on the same candidate pairs, merging pairs at or above match probability p',
    'corpus                  seed  records   recall  precision  F1      goals  |  baseline recall  precision  F1      | review pairs',
    ...report.quality.flatMap((q) => [
      `${q.corpus.padEnd(22)}  ${String(q.seed).padEnd(4)}  ${String(q.records).padEnd(8)}  ${f(q.engine.recall)}  ${f(q.engine.precision)}     ${f(q.engine.f1)}  ${q.engine.pass ? 'pass' : 'FAIL'}   |  ${f(q.baseline.recall)}           ${f(q.baseline.precision)}     ${f(q.baseline.f1)}  | ${q.reviewPairs}`,
      ...PROBABILISTIC_THRESHOLDS.map((t, i) => {
        const s = q.probabilistic[t];
        const note = i === 0 ? `   |  ${q.probabilistic.candidatePairs} candidate pairs, ${q.probabilistic.seconds} s (rules ${q.seconds} s)` : '';
        return `${`  probabilistic, p ≥ ${t}`.padEnd(38)}  ${f(s.recall)}  ${f(s.precision)}     ${f(s.f1)}  ${s.pass ? 'pass' : 'FAIL'}${note}`;
      }),
    ]),
    ...report.quality.map((q) => `counts by rule, ${q.corpus} corpus, seed ${q.seed}: ${Object.entries(q.byRule).map(([rule, n]) => `${rule} ${n}`).join(', ')}`),
    '',
    'syncline dedupe at scale (CSV in and out, its own process):',
    ...report.scale.map((s) =>
      `${s.records.toLocaleString('en-US').padStart(9)} records  ${s.seconds} s  ${s.recordsPerSecond.toLocaleString('en-US')} records/s  peak RSS ${s.peakRssMb} MB, heap ${s.peakHeapMb} MB  ` +
      `${s.comparisons.toLocaleString('en-US')} pairs compared  recall ${f(s.engine.recall)} precision ${f(s.engine.precision)} ${s.engine.pass ? 'pass' : 'FAIL'}`,
    ),
    ...(report.costGrowthRatio === undefined ? [] : [`cost growth ratio (time per record, largest ÷ 100,000): ${report.costGrowthRatio}`]),
  ];
  return lines.join('\n');
}
