/**
 * `npm run bench`: throughput of the hot paths, measured in one run on this machine. Writes
 * bench-results/results.json (machine-readable) and prints a table. Timing goals live here, never in tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { processChange, type ProcessChangeDeps } from '#app/process-change';
import { hubspotV3Signature, verifyHubspotSignature } from '#adapters/vendors/hubspot/verify-signature';
import { parseHubspotWebhook } from '#adapters/vendors/hubspot/parse-webhook';
import type { ChangeEvent } from '#domain/change-event';
import { loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import { dedupeBench, formatDedupeReport } from '#test/bench/dedupe';
import { importBench, writeImportResults } from '#test/bench/import/bench';
import { CountingMetrics, FakeClock, MemoryAudit, MemoryIdempotency, MemoryQuarantine, MemoryReader, MemoryReviews, MemoryState, MemoryWriter } from '#test/support/fakes';

interface Result {
  name: string;
  unit: string;
  operations: number;
  seconds: number;
  perSecond: number;
}

async function measure(name: string, unit: string, operations: number, run: (i: number) => unknown): Promise<Result> {
  for (let i = 0; i < Math.min(200, operations); i++) await run(i); // warm-up
  const start = performance.now();
  for (let i = 0; i < operations; i++) await run(i);
  const seconds = (performance.now() - start) / 1000;
  return { name, unit, operations, seconds: Number(seconds.toFixed(3)), perSecond: Math.round(operations / seconds) };
}

async function webhookBench(): Promise<Result[]> {
  const secret = 'bench-secret';
  const url = 'https://hooks.example.com/webhooks/hubspot';
  const now = Date.parse('2026-11-23T10:00:00Z');
  const body = JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ eventId: i, subscriptionId: 1, portalId: 2, occurredAt: now, subscriptionType: 'contact.propertyChange', objectId: 1000 + i, propertyName: 'email', propertyValue: `p${i}@example.com`, attemptNumber: 0 })));
  const headers = { 'x-hubspot-signature-v3': hubspotV3Signature(secret, 'POST', url, body, String(now)), 'x-hubspot-request-timestamp': String(now) };
  // One after the other: measurements must not share the CPU.
  const verify = await measure('verify a v3-signed 100-event HubSpot batch', 'batches', 20_000, () => verifyHubspotSignature({ method: 'POST', url, rawBody: body, headers }, [secret], now));
  const parse = await measure('parse a 100-event HubSpot batch into change events', 'batches', 5_000, () => parseHubspotWebhook(body));
  return [verify, parse];
}

async function processorBench(): Promise<Result> {
  const hubspot = new MemoryReader();
  const deps: ProcessChangeDeps = {
    plan: toSyncPlan(loadContract('syncline.yaml')),
    readers: { hubspot },
    writers: { salesforce: new MemoryWriter() },
    idempotency: new MemoryIdempotency(),
    state: new MemoryState(),
    quarantine: new MemoryQuarantine(),
    reviews: new MemoryReviews(),
    audit: new MemoryAudit(),
    metrics: new CountingMetrics(),
    clock: new FakeClock(),
  };
  for (let i = 0; i < 2_000; i++) hubspot.records.set(String(i), { email: `p${i}@example.com`, firstname: 'Bench', lastname: `Person ${i}`, hubspotscore: String(i % 100) });
  const event = (i: number): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId: String(i % 2_000), eventId: `e${i}`, occurredAt: '2026-11-23T10:00:00Z', kind: 'upsert', fields: {} });
  return measure('process a change (map, merge, write, audit) with in-memory ports', 'changes', 20_000, (i) => processChange(deps, event(i + 200)));
}

const results = await webhookBench();
results.push(await processorBench());
const dedupe = await dedupeBench();
// The 40,000-contact import through the local hub (test/bench/import/bench.ts) takes about half an hour here:
// `IMPORT_N=0` leaves it out, `IMPORT_N=2000` runs a smaller one.
const imported = process.env['IMPORT_N'] === '0' ? undefined : await importBench((line) => console.log(line));
results.push(...dedupe.scale.map((s) => ({ name: `syncline dedupe, ${s.records.toLocaleString('en-US')}-row CSV export`, unit: 'records', operations: s.records, seconds: s.seconds, perSecond: s.recordsPerSecond })));
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/results.json', `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results, dedupe, import: imported }, null, 2)}\n`);
const width = Math.max(...results.map((r) => r.name.length));
console.log(`${'benchmark'.padEnd(width)}  ${'per second'.padStart(12)}  operations  seconds`);
for (const r of results) console.log(`${r.name.padEnd(width)}  ${`${r.perSecond} ${r.unit}`.padStart(12)}  ${String(r.operations).padStart(10)}  ${r.seconds}`);
console.log(`\n${formatDedupeReport(dedupe)}`);
if (imported) console.log(`\n${writeImportResults(imported)}`);
console.log('\nwrote bench-results/results.json');
