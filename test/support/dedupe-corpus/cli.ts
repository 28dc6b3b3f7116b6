/**
 * Writes a synthetic contact corpus as a CRM export CSV, with its ground truth beside it:
 *
 *   npx tsx test/support/dedupe-corpus/cli.ts --records 100000 --seed 42 --out /tmp/x.csv \
 *     [--format salesforce|hubspot] [--truth /tmp/truth.csv] [--debug] [--stats] [--baseline]
 *
 * `--debug` adds the diagnostic columns (title, entity, original, perturbations, hard negative); `--stats` prints
 * timing, peak RSS and the corpus statistics as JSON on stderr; `--baseline` adds the exact-e-mail baseline's
 * pairwise scores to them (it keeps every id and e-mail in memory, so mind it at millions of records).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { generateCorpus, type ContactRecord, type CrmFormat } from '#test/support/dedupe-corpus/generate';
import { CorpusTally, exactEmailBaseline, scorePairwise } from '#test/support/dedupe-corpus/score';

/** Column headers of each CRM's contact export. Salesforce's Company is the account name. */
export const CSV_HEADERS = {
  salesforce: ['Id', 'FirstName', 'LastName', 'Email', 'Phone', 'Company', 'Website', 'MailingCountry'],
  hubspot: ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Company Name', 'Website URL', 'Country/Region'],
} as const satisfies Record<CrmFormat, readonly string[]>;

/** Diagnostic columns appended with `--debug`; perturbations are joined with `|`. */
export const DEBUG_HEADERS = ['Title', 'entity_id', 'original_id', 'perturbations', 'hard_negative', 'hard_negative_group'] as const;

export const TRUTH_HEADERS = ['record_id', 'entity_id'] as const;

export interface WriteCorpusOptions {
  readonly format: CrmFormat;
  /** Receives `record_id,entity_id` rows. */
  readonly truth?: Writable;
  readonly debug?: boolean;
  /** Sees every record as it is written (statistics, baselines). */
  readonly onRecord?: (record: ContactRecord) => void;
}

const BATCH = 1000;

function row(record: ContactRecord, debug: boolean): string[] {
  const fields = [record.id, record.firstName, record.lastName, record.email, record.phone, record.company, record.website, record.country];
  if (!debug) return fields;
  const { title = '', entityId, originalId = '', perturbations, hardNegative } = record;
  return [...fields, title, entityId, originalId, perturbations.join('|'), hardNegative?.kind ?? '', hardNegative?.group ?? ''];
}

/** Writes and waits for the stream to take more when it asks to (backpressure), so memory stays flat. */
async function write(stream: Writable, chunk: string): Promise<number> {
  if (!stream.write(chunk)) await once(stream, 'drain');
  return Buffer.byteLength(chunk);
}

async function finish(stream: Writable): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

/**
 * Streams records to `out` as CSV (header first, RFC 4180 quoting by csv-stringify) and, when given, the truth
 * CSV to `options.truth`; ends both streams. Returns how many records and corpus bytes were written.
 */
export async function writeCorpusCsv(records: Iterable<ContactRecord>, out: Writable, options: WriteCorpusOptions): Promise<{ records: number; bytes: number }> {
  const debug = options.debug ?? false;
  const { truth } = options;
  let bytes = await write(out, stringify([[...CSV_HEADERS[options.format], ...(debug ? DEBUG_HEADERS : [])]]));
  if (truth) await write(truth, stringify([[...TRUTH_HEADERS]]));
  let [count, rows, truthRows] = [0, [] as string[][], [] as string[][]];
  const flush = async () => {
    bytes += await write(out, stringify(rows));
    if (truth) await write(truth, stringify(truthRows));
    [rows, truthRows] = [[], []];
  };
  for (const record of records) {
    options.onRecord?.(record);
    rows.push(row(record, debug));
    truthRows.push([record.id, record.entityId]);
    if (++count % BATCH === 0) await flush();
  }
  if (rows.length > 0) await flush();
  await Promise.all([finish(out), ...(truth ? [finish(truth)] : [])]);
  return { records: count, bytes };
}

const USAGE = 'usage: cli.ts --records <n> --seed <integer> --out <file.csv> [--format salesforce|hubspot] [--truth <file.csv>] [--debug] [--stats] [--baseline]';

interface CliOptions {
  readonly records: number;
  readonly seed: number;
  readonly out: string;
  readonly format: CrmFormat;
  readonly truth?: string;
  readonly debug: boolean;
  readonly stats: boolean;
  readonly baseline: boolean;
}

/** Parses the arguments and reports every problem at once. */
const OPTIONS = {
  records: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, format: { type: 'string', default: 'salesforce' },
  truth: { type: 'string' }, debug: { type: 'boolean', default: false }, stats: { type: 'boolean', default: false }, baseline: { type: 'boolean', default: false },
} as const;

function parseCli(args: readonly string[]): CliOptions {
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS }>>['values'];
  try {
    ({ values } = parseArgs({ args: [...args], options: OPTIONS }));
  } catch (error) {
    throw new UsageError([error instanceof Error ? error.message : String(error)]);
  }
  const problems: string[] = [];
  const records = Number(values.records);
  const seed = Number(values.seed);
  if (!/^\d+$/.test(values.records ?? '') || !Number.isSafeInteger(records)) problems.push(`--records: expected a whole number, received ${values.records ?? 'nothing'}`);
  if (!/^-?\d+$/.test(values.seed ?? '') || !Number.isSafeInteger(seed)) problems.push(`--seed: expected an integer, received ${values.seed ?? 'nothing'}`);
  if (!values.out) problems.push('--out: expected a file to write the CSV to');
  if (values.format !== 'salesforce' && values.format !== 'hubspot') problems.push(`--format: expected salesforce or hubspot, received ${values.format}`);
  if (problems.length > 0) throw new UsageError(problems);
  return { records, seed, out: values.out ?? '', format: values.format as CrmFormat, truth: values.truth, debug: values.debug, stats: values.stats, baseline: values.baseline };
}

class UsageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'UsageError';
  }
}

async function main(args: readonly string[]): Promise<void> {
  const options = parseCli(args);
  const started = performance.now();
  const tally = new CorpusTally();
  const truth: [string, string][] = [];
  const emails: { id: string; email: string }[] = [];
  const result = await writeCorpusCsv(generateCorpus(options), createWriteStream(options.out), {
    format: options.format,
    debug: options.debug,
    ...(options.truth ? { truth: createWriteStream(options.truth) } : {}),
    onRecord: (record) => {
      if (options.stats) tally.add(record);
      if (!options.baseline) return;
      truth.push([record.id, record.entityId]);
      emails.push({ id: record.id, email: record.email });
    },
  });
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`wrote ${result.records} records (${(result.bytes / 1e6).toFixed(1)} MB) to ${options.out} in ${seconds.toFixed(1)} s\n`);
  if (!options.stats && !options.baseline) return;
  const report = {
    records: result.records, bytes: result.bytes, seconds: Number(seconds.toFixed(2)),
    // resourceUsage().maxRSS is in kilobytes (getrusage ru_maxrss on Linux).
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(options.stats ? { corpus: tally.stats() } : {}),
    ...(options.baseline ? { exactEmailBaseline: scorePairwise(truth, exactEmailBaseline(emails)) } : {}),
  };
  process.stderr.write(`${JSON.stringify(report, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.problems.join('\n')}\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
