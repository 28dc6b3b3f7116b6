/**
 * One run of the import scenario against a pair of sandboxes, whoever syncs them (the hub, or the naive client):
 * seed Salesforce, let the syncing side settle, import into HubSpot, then poll the sandboxes until every expected
 * person is in Salesforce and nothing is left to do, or until the timeout, and report what was reached.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { callLog, figuresOf } from './calls.ts';
import { batchFloor, pollerAllowance, type BatchFloor } from './floor.ts';
import type { ImportDataSet } from './generate.ts';
import { importContacts, type ImportOutcome } from './importer.ts';
import { salesforceOutcome } from './outcome.ts';
import { toImportRun, type ImportRun } from './report.ts';
import { createInCollections, salesforceToken } from './vendor-http.ts';

/** The side that syncs HubSpot into Salesforce, as the run sees it. */
export interface SyncSide {
  hubspotUrl: string;
  hubspotToken: string;
  salesforceUrl: string;
  salesforceCredentials: { clientId: string; clientSecret: string; refreshToken: string };
  /** True when it has nothing queued or in flight. */
  drained(): Promise<boolean>;
  deadLetters(): Promise<number>;
  /** HubSpot ids the import just created or updated (a stand-in for webhooks; the hub gets real ones). */
  changed?(ids: readonly string[]): void;
  /** Why it gave up, if it did. */
  stoppedBy?(): string | undefined;
}

export interface RunOptions {
  /** Share of HubSpot's 10-second limit the importing user takes. */
  importPer10s: number;
  timeoutMs: number;
  pollMs: number;
  /** Hears a progress line now and then. */
  log?: (line: string) => void;
}

/** Waits until `side` is drained and neither sandbox's log moved for `quietMs` (at most `maxMs`). */
async function settle(side: SyncSide, quietMs: number, maxMs: number): Promise<void> {
  const until = Date.now() + maxMs;
  let seen = -1;
  let since = Date.now();
  while (Date.now() < until) {
    const count = (await callLog(side.hubspotUrl)).length + (await callLog(side.salesforceUrl)).length;
    if (count !== seen || !(await side.drained())) {
      seen = count;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
    await sleep(500);
  }
}

/** Who brings the rows in: by default the importing user's HubSpot creates, else (`syncline import`) the hub itself. */
export interface Importer {
  run(rows: ImportDataSet['rows']): Promise<ImportOutcome>;
  floor: BatchFloor;
}

/** Runs the scenario named `scenario` with `data` against `side`. */
export async function runImport(scenario: string, side: SyncSide, data: ImportDataSet, o: RunOptions, source?: Importer): Promise<ImportRun> {
  const token = await salesforceToken(side.salesforceUrl, side.salesforceCredentials);
  const { allocation = 15_000 } = await createInCollections(side.salesforceUrl, token, data.salesforce);
  await settle(side, 3_000, 180_000);
  const [hs0, sf0] = [(await callLog(side.hubspotUrl)).length, (await callLog(side.salesforceUrl)).length];
  const t0 = Date.now();
  const seconds = (at: number | undefined) => (at === undefined ? undefined : (at - t0) / 1000);
  const imported = source ? source.run(data.rows) : importContacts(side.hubspotUrl, side.hubspotToken, data.rows, o.importPer10s, side.changed?.bind(side));
  let importDone = false;
  void imported.then(() => (importDone = true), () => (importDone = true));
  let completeAt: number | undefined;
  let drainedAt: number | undefined;
  let stoppedBy: string | undefined;
  let lastCount = -1;
  let reported = t0;
  for (;;) {
    await sleep(o.pollMs);
    const outcome = await salesforceOutcome(side.salesforceUrl, data, t0);
    if (Date.now() - reported >= 15_000) {
      reported = Date.now();
      o.log?.(`  ${scenario} at ${((reported - t0) / 1000).toFixed(0)} s: ${outcome.people}/${data.expectedPeople} people in Salesforce, import ${importDone ? 'done' : 'running'}`);
    }
    if (outcome.missing === 0 && importDone) completeAt ??= Date.now();
    const count = (await callLog(side.hubspotUrl)).length + (await callLog(side.salesforceUrl)).length;
    if (completeAt !== undefined && count === lastCount && (await side.drained())) drainedAt = Date.now();
    lastCount = count;
    stoppedBy = side.stoppedBy?.() ?? (Date.now() - t0 > o.timeoutMs ? `timed out after ${o.timeoutMs / 1000} s` : undefined);
    if (drainedAt !== undefined || stoppedBy !== undefined) break;
  }
  const elapsed = Date.now() - t0;
  const importer = await imported.catch((error: unknown) => ({ calls: {}, rateLimited: {}, byStatus: {}, seconds: Number.NaN, createdIds: [], updatedIds: [], error }));
  const outcome = await salesforceOutcome(side.salesforceUrl, data, t0);
  const hubspotCalls = figuresOf('hubspot', (await callLog(side.hubspotUrl)).slice(hs0), importer);
  const salesforceCalls = figuresOf('salesforce', (await callLog(side.salesforceUrl)).slice(sf0));
  return toImportRun({
    scenario,
    n: data.rows.length,
    expectedPeople: data.expectedPeople,
    salesforceAllocation: allocation,
    completed: drainedAt !== undefined,
    ...(drainedAt === undefined ? { stoppedBy: stoppedBy ?? 'unknown' } : {}),
    outcome,
    salesforceCalls,
    hubspotCalls,
    importer: { calls: importer.calls, rateLimited: importer.rateLimited, byStatus: importer.byStatus, seconds: importer.seconds, ...('error' in importer ? { error: String(importer.error) } : {}) },
    floor: source?.floor ?? batchFloor(data),
    pollerAllowance: pollerAllowance(elapsed / 1000, outcome.created + data.counts.salesforceDuplicates),
    deadLetters: await side.deadLetters(),
    timings: {
      hubspotCreate: importer.seconds,
      ...(outcome.firstCreatedAt === undefined ? {} : { firstArrival: seconds(outcome.firstCreatedAt) }),
      ...(outcome.lastCreatedAt === undefined ? {} : { lastArrival: seconds(outcome.lastCreatedAt) }),
      ...(completeAt === undefined ? {} : { complete: seconds(completeAt) }),
      ...(drainedAt === undefined ? {} : { drained: seconds(drainedAt) }),
      elapsed: elapsed / 1000,
    },
  });
}
