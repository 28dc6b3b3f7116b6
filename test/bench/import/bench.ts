/**
 * The CRM import benchmark: N HubSpot contacts (default 40,000, about a fifth of them duplicates) synced into
 * Salesforce by the local hub, and by a naive client for comparison, each against sandboxes at the vendors' real
 * limits. Per run: calls per record by kind against the batch floor, 429s and REQUEST_LIMIT_EXCEEDED, duplicates
 * and dead letters, records per second and where the time goes; each goal marked PASS or FAIL.
 *
 * Settings (environment): `IMPORT_N` rows (default 40000); `IMPORT_SEED` (42); `IMPORT_TIMEOUT_S` per run (default
 * N/5, at least 600); `IMPORT_USER_PER_10S`, the importing user's share of HubSpot's 100 per 10 s (25);
 * `IMPORT_NAIVE=0` skips the naive client, `IMPORT_HUB=0` the hub fed by HubSpot creates, `IMPORT_COMMAND=0` the same rows
 * brought in by `syncline import` (a CSV file of the rows). `npm run bench:import` runs only this; `npm run bench` runs it too unless
 * IMPORT_N is 0.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { batchFloor } from './floor.ts';
import { generateImport, type ImportDataSet } from './generate.ts';
import { importThroughHub } from './hub-scenario.ts';
import { importNaively } from './naive.ts';
import { formatImportReport, type ImportRun } from './report.ts';
import type { RunOptions } from './run-import.ts';

export interface ImportBench {
  n: number;
  seed: number;
  data: ImportDataSet['counts'] & { expectedPeople: number; salesforceSeeded: number };
  floor: ReturnType<typeof batchFloor>;
  runs: ImportRun[];
}

const setting = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number; got "${raw}"`);
  return value;
};

/** Runs the benchmark as the environment sets it; `log` hears progress. */
export async function importBench(log: (line: string) => void = () => undefined): Promise<ImportBench> {
  const n = Math.round(setting('IMPORT_N', 40_000));
  const seed = setting('IMPORT_SEED', 42);
  const options: RunOptions = {
    importPer10s: setting('IMPORT_USER_PER_10S', 25),
    timeoutMs: setting('IMPORT_TIMEOUT_S', Math.max(600, n / 5)) * 1000,
    // Reading every Contact and Lead each poll costs the sandbox time at large N.
    pollMs: Math.min(5_000, Math.max(1_000, n / 8)),
    log,
  };
  const data = generateImport(n, seed);
  const runs: ImportRun[] = [];
  log(`import bench: ${n} rows, ${data.expectedPeople} people expected in Salesforce, ${data.salesforce.length} seeded there`);
  const scenarios = [
    { name: 'hub', skip: process.env['IMPORT_HUB'] === '0', run: (d: ImportDataSet, o: RunOptions) => importThroughHub(d, o) },
    { name: 'syncline import', skip: process.env['IMPORT_COMMAND'] === '0', run: (d: ImportDataSet, o: RunOptions) => importThroughHub(d, o, true) },
    { name: 'naive', skip: process.env['IMPORT_NAIVE'] === '0', run: importNaively },
  ];
  for (const s of scenarios.filter((x) => !x.skip)) {
    const run = await s.run(data, options);
    runs.push(run);
    log(`import bench: ${s.name} run done in ${run.timings.elapsed.toFixed(1)} s`);
  }
  return { n, seed, data: { ...data.counts, expectedPeople: data.expectedPeople, salesforceSeeded: data.salesforce.length }, floor: batchFloor(data), runs };
}

/** Writes bench-results/import.json and import.txt; answers the table. */
export function writeImportResults(bench: ImportBench): string {
  const table = formatImportReport(bench.runs);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/import.json', `${JSON.stringify({ at: new Date().toISOString(), node: process.version, ...bench }, null, 2)}\n`);
  writeFileSync('bench-results/import.txt', `${table}\n`);
  return table;
}
