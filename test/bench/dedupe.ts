/**
 * The dedupe benchmark, run by `npm run bench` (test/bench/run.ts):
 *
 * - quality: for each seed, a generated corpus with ground truth clustered by the shipped person rules (the exact
 *   e-mail rule, then the probabilistic person model) in this process; pairwise recall, precision and F1 beside the
 *   exact-e-mail baseline and the hand-set fuzzy rules Syncline shipped before the model
 *   (test/support/hand-set-person-rules.ts) on the same records, the goals (recall ≥ 0.98 at precision ≥ 0.995)
 *   marked pass or fail, and the counts by rule. Two corpora: the seeded one the default model was trained on
 *   (test/support/dedupe-corpus), and an independent one written from the record-linkage literature without looking
 *   at the matcher (test/support/linkage-corpus), in its Salesforce and HubSpot export styles, which measures how
 *   the model generalises;
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
import { dedupeRecords } from '#domain/identity/dedupe';
import { defaultPersonRules as rules } from '#domain/identity/rules';
import { matchRecordsOf } from '#test/bench/probabilistic-pairs';
import { handSetPersonRules } from '#test/support/hand-set-person-rules';
import { writeCorpusCsv } from '#test/support/dedupe-corpus/cli';
import { generateCorpus, type ContactRecord } from '#test/support/dedupe-corpus/generate';
import { generateLinkageCorpus } from '#test/support/linkage-corpus/generate';
import { exactEmailBaseline, scorePairwise, type PairwiseScore } from '#test/support/dedupe-corpus/score';

export const GOALS = { recall: 0.98, precision: 0.995 } as const;

type Score = Pick<PairwiseScore, 'recall' | 'precision' | 'f1'>;

/** The corpora a quality run scores: the seeded one, and the independent one in each export style. */
export const CORPORA = ['seeded', 'independent-salesforce', 'independent-hubspot'] as const;
export type Corpus = (typeof CORPORA)[number];

export interface QualityRun {
  corpus: Corpus;
  seed: number;
  records: number;
  engine: Score & { pass: boolean };
  baseline: Score;
  /** The hand-set fuzzy rules on the same records. */
  handSet: Score & { pass: boolean };
  byRule: Record<string, number>;
  reviewPairs: number;
  seconds: number;
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
  const scored = (clusters: Int32Array) => scorePairwise(truth, corpus.map((r, i) => [r.id, String(clusters[i])] as const));
  const engine = scored(result.clusters);
  const handSet = scored(dedupeRecords(handSetPersonRules, matchRecords).clusters);
  const byRule: Record<string, number> = Object.fromEntries([...rules.rules.map((r) => [r.name, 0] as const), ['unique', 0]]);
  for (const index of result.rules) {
    const name = index < 0 ? 'unique' : (rules.rules[index]?.name ?? '?');
    byRule[name] = (byRule[name] ?? 0) + 1;
  }
  return {
    corpus: name, seed, records, engine: { ...scoreOf(engine), pass: passes(engine) }, baseline: scoreOf(scorePairwise(truth, exactEmailBaseline(corpus))),
    handSet: { ...scoreOf(handSet), pass: passes(handSet) }, byRule, reviewPairs: result.reviews.length, seconds: round(seconds, 2),
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
    `dedupe quality (goals: recall ≥ ${GOALS.recall}, precision ≥ ${GOALS.precision}): Syncline's shipped rules (e-mail, then the person model),`,
    'beside the exact-e-mail baseline and the hand-set fuzzy rules shipped before the model, on the same records',
    'corpus                  seed  records   recall  precision  F1      goals  | review pairs | hand-set recall  precision  goals  | baseline recall  precision',
    ...report.quality.map((q) =>
      `${q.corpus.padEnd(22)}  ${String(q.seed).padEnd(4)}  ${String(q.records).padEnd(8)}  ${f(q.engine.recall)}  ${f(q.engine.precision)}     ${f(q.engine.f1)}  ${q.engine.pass ? 'pass' : 'FAIL'}   | ${String(q.reviewPairs).padEnd(12)} | ` +
      `${f(q.handSet.recall)}           ${f(q.handSet.precision)}     ${q.handSet.pass ? 'pass' : 'FAIL'}   | ${f(q.baseline.recall)}           ${f(q.baseline.precision)}`,
    ),
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
