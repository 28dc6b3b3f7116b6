/**
 * `syncline dedupe <export.csv>`: clusters the people in a Salesforce or HubSpot export with the contract's match
 * rules, writes `record_id,cluster_id,rule,score` for every record and the pairs for a person to decide.
 *
 * The heavy part runs in a child Node process with `--max-old-space-size=3584`, so a million rows stay within a
 * 4 GB budget whatever heap the machine's default would give; the rest is streaming CSV and typed arrays.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { ContractError, loadContract } from '#config/load-contract';
import { ESCAPED_CELL_QUOTING, escapeCsvCell } from './csv-cell.ts';
import { matchRulesFor, PERSON_OBJECT } from '#config/match-rules';
import type { Contract } from '#config/contract-schema';
import { dedupeRecords, type DedupeProgress, type DedupeResult } from '#domain/identity/dedupe';
import { MatchKeyCache, toMatchRecord, type MatchRecord } from '#domain/identity/match-record';
import { defaultPersonRules, type MatchEvidence, type MatchRules } from '#domain/identity/rules';

/** The old-space heap the dedupe runs with: with code, stacks and buffers it stays under 4 GB. */
export const DEDUPE_HEAP_MB = 3584;
const PROGRESS_MS = 5000;

/**
 * The values the matcher reads (and an import writes), and the header spellings that stand for them (compared
 * without case or punctuation).
 */
export const COLUMNS = {
  id: ['id', 'recordid', 'contactid', 'leadid', 'hubspotid', 'salesforceid'],
  firstName: ['firstname', 'givenname'],
  lastName: ['lastname', 'surname', 'familyname', 'fullname', 'name'],
  email: ['email', 'emailaddress', 'workemail'],
  phone: ['phone', 'phonenumber', 'businessphone', 'workphone', 'mobilephone', 'mobilephonenumber', 'mobile'],
  company: ['company', 'companyname', 'accountname', 'account', 'organization'],
  website: ['website', 'websiteurl', 'companydomainname', 'url'],
  country: ['mailingcountry', 'country', 'countryregion', 'billingcountry'],
  title: ['title', 'jobtitle', 'position'],
  externalId: ['externalid'],
} as const;
export type Column = keyof typeof COLUMNS;

/** A problem with the command line or the input: exit code 2. */
export class DedupeInputError extends Error {
  override readonly name = 'DedupeInputError';
}

export interface DedupeCliOptions {
  readonly input: string;
  readonly out: string;
  readonly reviewOut: string;
  readonly object: string;
  /** The contract file; `undefined` when none was named and syncline.yaml is absent (the shipped person rules). */
  readonly config: string | undefined;
  readonly columns: Readonly<Partial<Record<Column, string>>>;
  readonly defaultCountry: string | undefined;
  readonly json: boolean;
}

export interface DedupeSummary {
  readonly input: string;
  readonly out: string;
  readonly reviewOut: string;
  readonly object: string;
  readonly records: number;
  readonly skippedWithoutId: number;
  readonly clusters: number;
  readonly duplicateRate: number;
  readonly byRule: Readonly<Record<string, number>>;
  readonly reviewPairs: number;
  readonly comparisons: number;
  readonly oversizedBlocks: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
  /** The heap this process may grow to (V8's limit, old and young space). */
  readonly heapLimitMb: number;
}

const key = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

function columnOf(name: string): Column {
  const wanted = key(name) === 'mailingcountry' ? 'country' : key(name);
  const column = (Object.keys(COLUMNS) as Column[]).find((c) => key(c) === wanted);
  if (!column) throw new DedupeInputError(`--columns: unknown column "${name}"; expected one of Id, FirstName, LastName, Email, Phone, Company, Website, Country, Title, ExternalId`);
  return column;
}

/** `Id=Record ID,FirstName=First Name` → { id: 'Record ID', firstName: 'First Name' }. */
export function parseColumns(text: string): Partial<Record<Column, string>> {
  const columns: Partial<Record<Column, string>> = {};
  for (const pair of text.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new DedupeInputError(`--columns: expected Name=Header pairs separated by commas, received "${pair}"`);
    columns[columnOf(pair.slice(0, eq).trim())] = pair.slice(eq + 1).trim();
  }
  return columns;
}

function withoutCsv(path: string): string {
  return path.toLowerCase().endsWith('.csv') ? path.slice(0, -4) : path;
}

/** Parses `dedupe`'s arguments; every problem is a {@link DedupeInputError}. */
export function parseDedupeArgs(args: readonly string[]): DedupeCliOptions {
  const values = new Map<string, string>();
  const positional: string[] = [];
  const flags = new Set(['--json']);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (flags.has(arg)) values.set(arg, 'true');
    else if (arg.startsWith('--')) {
      if (!['--out', '--object', '--config', '--columns', '--default-country'].includes(arg)) throw new DedupeInputError(`unknown option ${arg}`);
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new DedupeInputError(`${arg} needs a value`);
      values.set(arg, value);
    } else positional.push(arg);
  }
  const [input, ...extra] = positional;
  if (input === undefined) throw new DedupeInputError('expected the export to dedupe: syncline dedupe <export.csv>');
  if (extra.length > 0) throw new DedupeInputError(`expected one export, received ${positional.join(', ')}`);
  const country = values.get('--default-country');
  if (country !== undefined && !/^[A-Za-z]{2}$/.test(country)) throw new DedupeInputError(`--default-country: expected an ISO 3166 alpha-2 code such as US, received "${country}"`);
  const out = values.get('--out') ?? `${withoutCsv(input)}.clusters.csv`;
  const config = values.get('--config') ?? (existsSync('syncline.yaml') ? 'syncline.yaml' : undefined);
  return {
    input, out, reviewOut: `${withoutCsv(out)}.review.csv`, object: values.get('--object') ?? PERSON_OBJECT, config,
    columns: values.has('--columns') ? parseColumns(values.get('--columns') ?? '') : {},
    defaultCountry: country?.toUpperCase(), json: values.has('--json'),
  };
}

/** `contact`, `Lead` or `contacts` name the contract object whose systems hold them (`person`). */
function resolveObject(contract: Contract, name: string): string {
  if (contract.objects[name]) return name;
  const wanted = key(name).replace(/s$/, '');
  const found = Object.entries(contract.objects).find(([, o]) => Object.values(o.systems).some((b) => b?.objects.some((v) => key(v).replace(/s$/, '') === wanted)));
  if (!found) throw new DedupeInputError(`--object: "${name}" is neither an object of the contract (${Object.keys(contract.objects).join(', ')}) nor one of their vendor objects`);
  return found[0];
}

function rulesOf(options: DedupeCliOptions): { object: string; rules: MatchRules; defaultCountry: string } {
  if (options.config === undefined) {
    if (options.object !== PERSON_OBJECT && key(options.object).replace(/s$/, '') !== 'contact') throw new DedupeInputError(`no syncline.yaml here to find "${options.object}" in; pass --config`);
    return { object: PERSON_OBJECT, rules: defaultPersonRules, defaultCountry: options.defaultCountry ?? 'US' };
  }
  const contract = loadContract(options.config);
  const object = resolveObject(contract, options.object);
  const rules = matchRulesFor(contract, object);
  if (!rules) throw new DedupeInputError(`${options.config}: objects.${object} has no match section, so it cannot be deduplicated`);
  // Ids carried between systems are not in an export's columns: with nothing else to compare, nothing can be found.
  if (rules.rules.every((r) => r.kind === 'external-id')) throw new DedupeInputError(`${options.config}: objects.${object} is matched only by the ids its records carry between systems, so an export cannot be deduplicated`);
  return { object, rules, defaultCountry: options.defaultCountry ?? contract.defaults.phoneCountry };
}

/** Which CSV column holds each value: --columns first, then the recognised export headers. */
export function locateColumns(header: readonly string[], mapped: DedupeCliOptions['columns'], file: string, requireId = true): Partial<Record<Column, number>> {
  const positions: Partial<Record<Column, number>> = {};
  const keys = header.map(key);
  for (const [column, name] of Object.entries(mapped) as [Column, string][]) {
    const exact = header.findIndex((h) => h.trim() === name);
    const loose = exact === -1 ? keys.indexOf(key(name)) : exact;
    if (loose === -1) throw new DedupeInputError(`${file}: --columns maps ${column} to "${name}", which is not a column (columns: ${header.join(', ')})`);
    positions[column] = loose;
  }
  for (const column of Object.keys(COLUMNS) as Column[]) {
    if (positions[column] !== undefined || column === 'externalId') continue;
    for (const alias of COLUMNS[column]) {
      const at = keys.indexOf(alias);
      if (at !== -1) {
        positions[column] = at;
        break;
      }
    }
  }
  if (requireId && positions.id === undefined) throw new DedupeInputError(`${file}: no record id column (looked for Id, Record ID, ...; columns: ${header.join(', ')}); name it with --columns Id=<header>`);
  return positions;
}

interface Loaded {
  readonly ids: string[];
  readonly records: MatchRecord[];
  readonly skippedWithoutId: number;
}

/** Streams the export into match records; keeps only the id and the compact match record of each row. */
async function readExport(options: DedupeCliOptions, defaultCountry: string, progress: (text: string) => void): Promise<Loaded> {
  const ids: string[] = [];
  const records: MatchRecord[] = [];
  const cache = new MatchKeyCache();
  let positions: Partial<Record<Column, number>> | undefined;
  let skippedWithoutId = 0;
  const source = createReadStream(options.input);
  const parser = source.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  source.on('error', (error) => parser.destroy(error));
  try {
    for await (const row of parser as AsyncIterable<string[]>) {
      if (positions === undefined) {
        positions = locateColumns(row, options.columns, options.input);
        continue;
      }
      const at = positions;
      const id = row[at.id ?? 0]?.trim() ?? '';
      if (id === '') {
        skippedWithoutId++;
        continue;
      }
      const values: Record<string, string | undefined> = {};
      for (const column of Object.keys(at) as Column[]) if (column !== 'id') values[column] = row[at[column] ?? 0];
      ids.push(id);
      records.push(toMatchRecord(values, { defaultCountry, cache }));
      if (ids.length % 4096 === 0) progress(`read ${ids.length.toLocaleString('en-US')} records`);
    }
  } catch (error) {
    if (error instanceof DedupeInputError) throw error;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new DedupeInputError(`cannot read ${options.input}: ${reason}`, { cause: error });
  }
  if (positions === undefined) throw new DedupeInputError(`${options.input}: the file is empty; expected a header row and records`);
  return { ids, records, skippedWithoutId };
}

/**
 * Writes a CSV. Every cell is made spreadsheet-safe first ({@link escapeCsvCell}): ids come from the export, and a
 * record id such as `=HYPERLINK(...)` must not run as a formula when the operator opens the file.
 */
async function writeRows(path: string, header: readonly string[], rows: Iterable<readonly (string | number)[]>): Promise<void> {
  const file = createWriteStream(path);
  const csv = stringify(ESCAPED_CELL_QUOTING);
  csv.pipe(file);
  const write = async (stream: Writable, row: readonly (string | number)[]) => {
    if (!stream.write(row.map((cell) => escapeCsvCell(String(cell))))) await once(stream, 'drain');
  };
  await write(csv, header);
  for (const row of rows) await write(csv, row);
  csv.end();
  await once(file, 'finish');
}

const scoreText = (n: number) => String(Math.round(n * 1000) / 1000);
// Per field for a fuzzy rule; per comparison, in bits, for the person model.
const scoresText = (evidence: MatchEvidence) => Object.entries(evidence.weights ?? evidence.scores).map(([f, s]) => `${f}=${scoreText(s ?? 0)}`).join(';');

function* clusterRows(loaded: Loaded, result: DedupeResult, rules: MatchRules): Generator<(string | number)[]> {
  for (let i = 0; i < loaded.ids.length; i++) {
    const rule = result.rules[i] ?? -1;
    const cluster = loaded.ids[result.clusters[i] ?? i] ?? '';
    yield [loaded.ids[i] ?? '', cluster, rule < 0 ? 'unique' : (rules.rules[rule]?.name ?? ''), rule < 0 ? '' : scoreText(result.scores[i] ?? 0)];
  }
}

function* reviewRows(loaded: Loaded, result: DedupeResult): Generator<(string | number)[]> {
  for (const pair of result.reviews) yield [loaded.ids[pair.a] ?? '', loaded.ids[pair.b] ?? '', pair.evidence.rule, scoreText(pair.evidence.score), scoresText(pair.evidence)];
}

/** Dedupes one export (in this process) and writes both files. `log` receives progress lines. */
export async function dedupeExport(options: DedupeCliOptions, log: (line: string) => void = () => undefined): Promise<DedupeSummary> {
  const started = performance.now();
  let peakHeap = 0;
  let lastProgress = started;
  const progress = (text: string) => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    if (performance.now() - lastProgress < PROGRESS_MS) return;
    lastProgress = performance.now();
    log(`dedupe: ${text} (${((lastProgress - started) / 1000).toFixed(0)} s)`);
  };
  const { object, rules, defaultCountry } = rulesOf(options);
  const loaded = await readExport(options, defaultCountry, progress);
  const onProgress = (p: DedupeProgress) => progress(p.phase === 'blocking' ? `indexed ${p.records.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} records` : `compared ${p.records.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} records (${p.comparisons.toLocaleString('en-US')} pairs)`);
  const result = dedupeRecords(rules, loaded.records, { onProgress });
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  await writeRows(options.out, ['record_id', 'cluster_id', 'rule', 'score'], clusterRows(loaded, result, rules));
  await writeRows(options.reviewOut, ['record_id', 'candidate_id', 'rule', 'score', 'scores'], reviewRows(loaded, result));
  // Rule order, then `unique`; a rule that joined nothing shows 0.
  const byRule: Record<string, number> = Object.fromEntries([...rules.rules.map((r) => [r.name, 0] as const), ['unique', 0]]);
  for (let i = 0; i < loaded.ids.length; i++) {
    const name = (result.rules[i] ?? -1) < 0 ? 'unique' : (rules.rules[result.rules[i] ?? 0]?.name ?? '');
    byRule[name] = (byRule[name] ?? 0) + 1;
  }
  let clusters = 0;
  for (let i = 0; i < result.clusters.length; i++) if (result.clusters[i] === i) clusters++;
  const records = loaded.ids.length;
  const seconds = (performance.now() - started) / 1000;
  return {
    input: options.input, out: options.out, reviewOut: options.reviewOut, object, records, skippedWithoutId: loaded.skippedWithoutId, clusters,
    duplicateRate: records === 0 ? 0 : (records - clusters) / records, byRule, reviewPairs: result.reviews.length, comparisons: result.comparisons,
    oversizedBlocks: result.oversizedBlocks, seconds, recordsPerSecond: seconds === 0 ? 0 : records / seconds,
    // resourceUsage().maxRSS is in kilobytes.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), peakHeapMb: Math.round(peakHeap / 2 ** 20),
    heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
  };
}

/** The summary an operator reads. */
export function formatSummary(s: DedupeSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const rules = Object.entries(s.byRule).map(([rule, count]) => `${rule} ${n(count)}`);
  return [
    `${s.input}: ${n(s.records)} records (${s.object})${s.skippedWithoutId > 0 ? `, ${n(s.skippedWithoutId)} rows without an id skipped` : ''}`,
    `  clusters        ${n(s.clusters)}`,
    `  duplicate rate  ${(s.duplicateRate * 100).toFixed(1)}% (${n(s.records - s.clusters)} records joined another record's cluster)`,
    `  by rule         ${rules.join(', ')}`,
    `  review          ${n(s.reviewPairs)} pairs for a person to decide${s.reviewPairs > 0 ? ` in ${s.reviewOut}` : ''}`,
    `  wrote ${s.out} in ${s.seconds.toFixed(1)} s (${n(Math.round(s.recordsPerSecond))} records/s, peak memory ${n(s.peakRssMb)} MB)`,
  ].join('\n');
}

/** Runs the dedupe here and prints its summary; the exit code. */
export async function runDedupe(args: readonly string[]): Promise<number> {
  const options = parseDedupeArgs(args);
  const summary = await dedupeExport(options, (line) => process.stderr.write(`${line}\n`));
  console.log(options.json ? JSON.stringify(summary) : formatSummary(summary));
  return 0;
}

/**
 * `syncline dedupe`: runs {@link runDedupe} in a child Node process with a {@link DEDUPE_HEAP_MB} MB heap (the
 * same loader flags as this process), unless this process already has it.
 */
export async function dedupeCommand(args: readonly string[]): Promise<number> {
  const heapFlag = `--max-old-space-size=${DEDUPE_HEAP_MB}`;
  if (process.execArgv.includes(heapFlag)) return runDedupe(args);
  const child = spawn(process.execPath, [...process.execArgv, heapFlag, fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return code ?? (signal ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = await runDedupe(process.argv.slice(2));
  } catch (error) {
    // Operator-facing: the message, not a stack trace.
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = error instanceof ContractError ? 1 : 2;
  }
}
