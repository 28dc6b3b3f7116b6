/**
 * `syncline import <file.csv> [--object person] [--columns Email=E-mail,...] [--dry-run]`: a list from outside the
 * CRMs (a conference's attendees) becomes records everywhere the contract syncs the object, without duplicates.
 * Headers are recognised as `dedupe` recognises them; `--columns` names the others.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { importRecords, type ImportReport, type ImportRow } from '#app/import-records';
import { saveImportRows } from '#app/sync-run';
import type { FieldValues } from '#domain/change-event';
import { normalizeEmail } from '#domain/normalize/email';
import { loadContract } from '#config/load-contract';
import type { HubConnection } from '#local/hub-file';
import { DedupeInputError, locateColumns, parseColumns, type Column } from './dedupe.ts';
import { runDeps, runJob } from './sync.ts';

export interface ImportCommandOptions {
  file: string;
  object?: string;
  /** `Email=E-mail,FirstName=Given name`: headers the recognised spellings miss. */
  columns?: string;
  dryRun: boolean;
  contractFile?: string;
  out?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Columns only compared when looking for the person, never written. */
const MATCH_ONLY: ReadonlySet<Column> = new Set(['id', 'externalId', 'website', 'country']);

/** The file's rows in canonical form: each recognised column whose value the contract's object has a field for. */
export function rowsOf(text: string, file: string, fields: ReadonlySet<string>, columns: Partial<Record<Column, string>>): ImportRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    throw new DedupeInputError(`${file}: not a CSV file: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const [header, ...body] = records;
  if (!header) throw new DedupeInputError(`${file}: the file is empty; expected a header row and rows`);
  const positions = locateColumns(header.record, columns, file, false);
  if (positions.email === undefined && positions.lastName === undefined) throw new DedupeInputError(`${file}: no e-mail or name column (columns: ${header.record.join(', ')}); name them with --columns Email=<header>,LastName=<header>`);
  const width = header.record.length;
  return body.map(({ record, info }) => {
    // `info.lines` is the line the row ends on (a quoted cell may span lines).
    if (record.length > width && record.slice(width).some((cell) => cell.trim() !== '')) {
      // An unquoted comma (`Acme, Inc.`) shifts every later cell into the wrong column: nothing of the row is trusted.
      return { line: info.lines, canonical: {}, match: {}, unreadable: `${record.length} cells under ${width} columns: quote a cell that holds a comma` };
    }
    const canonical: FieldValues = {};
    const match: Record<string, string> = {};
    for (const [column, at] of Object.entries(positions) as [Column, number][]) {
      const raw = record[at]?.trim() ?? '';
      if (raw === '') continue;
      const value = column === 'email' ? (normalizeEmail(raw) ?? raw.toLowerCase()) : raw;
      match[column] = value;
      if (!MATCH_ONLY.has(column) && fields.has(column)) canonical[column] = value;
    }
    return { line: info.lines, canonical, match };
  });
}

/** Runs the import through the running hub (or a deployed stack); returns its report as text. */
export async function importCommand(c: HubConnection, options: ImportCommandOptions): Promise<{ text: string; report: ImportReport }> {
  const object = options.object ?? 'person';
  const contract = loadContract(options.contractFile ?? c.contractFile ?? 'syncline.yaml');
  const spec = contract.objects[object];
  if (!spec) throw new DedupeInputError(`--object: the contract has no object ${object}; expected one of ${Object.keys(contract.objects).join(', ')}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(options.file);
  } catch (error) {
    throw new DedupeInputError(`cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}`, { cause: error });
  }
  const rows = rowsOf(bytes.toString('utf8'), options.file, new Set(Object.keys(spec.fields)), options.columns ? parseColumns(options.columns) : {});
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const file = basename(options.file);
  if (options.dryRun) {
    // A dry run writes nothing, not even a run: it reads and reports here.
    const { deps, progress } = await runDeps(c, options.contractFile, options.out ?? process.stderr);
    const report = await importRecords({ ...deps, audit: { append: async () => undefined } }, { object, file, digest, rows, dryRun: true });
    progress.done();
    return { text: renderImport(report, true), report };
  }
  const job = { kind: 'import', object, file, digest } as const;
  const { reports } = await runJob(c, { ...job, rows: rows.length }, options, (cursors) => saveImportRows({ cursors }, job, rows));
  const report = reports.at(-1) as ImportReport;
  return { text: renderImport(report, false), report };
}

const n = (x: number) => x.toLocaleString('en-US');
const perSystem = (values: Record<string, number>) => Object.entries(values).map(([s, v]) => `${s} ${n(v)}`).join(', ') || 'none';

/** The final report. */
export function renderImport(r: ImportReport, dryRun: boolean): string {
  const [refused, held] = [r.totals?.rejected ?? r.rejected.length, r.totals?.held ?? r.held.length];
  const lines = [
    `Import of ${r.file} (${r.object})${dryRun ? ', dry run: nothing was written' : ''}${r.resumed ? ', resumed where the last run stopped' : ''}: ${n(r.rows)} row(s).`,
    `  new people          ${n(r.toCreate)}${dryRun ? ' (would be created)' : ''}`,
  ];
  if (!dryRun) lines.push(`  created             ${perSystem(r.created)}`);
  lines.push(
    `  already held        ${perSystem(r.existing)} (${n(r.alreadyEverywhere)} everywhere): left as they are`,
    `  duplicate rows      ${n(r.duplicatesInFile)} (the same person as an earlier row of the file)`,
    `  held for a person   ${n(held)}`,
  );
  for (const h of r.held.slice(0, 10)) lines.push(`    line ${h.line}: ${h.reason}`);
  lines.push(`  refused             ${n(refused)}${dryRun ? '' : ' (in the quarantine: syncline quarantine list)'}`);
  for (const x of r.rejected.slice(0, 10)) lines.push(`    line ${x.line}: ${x.code} ${x.reason}`);
  if (refused > 10) lines.push(`    ... and ${n(refused - 10)} more`);
  if (!dryRun && r.unsettled > 0) lines.push(`  still in the pipeline when the run stopped waiting: ${n(r.unsettled)}`);
  if (refused + held > 0) lines.push('Fix the refused rows in the file and import it again: the rows already imported are skipped.');
  return lines.join('\n');
}
