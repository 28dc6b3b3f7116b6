import type { ProcessChangeDeps } from '#app/process-change';
import { loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import { CountingMetrics, FakeClock, MemoryAudit, MemoryIdempotency, MemoryQuarantine, MemoryReader, MemoryReviews, MemoryState, MemoryWriter } from './fakes.ts';

/** The processor's deps over in-memory ports and the shipped contract, with each port at hand for assertions. */
export function processorSetup() {
  const hubspotRecords = new MemoryReader();
  const salesforceRecords = new MemoryReader();
  const salesforce = new MemoryWriter('003');
  const hubspot = new MemoryWriter('9');
  const audit = new MemoryAudit();
  const metrics = new CountingMetrics();
  const state = new MemoryState();
  const quarantine = new MemoryQuarantine();
  const reviews = new MemoryReviews();
  const deps: ProcessChangeDeps = {
    plan: toSyncPlan(loadContract('syncline.yaml')),
    readers: { hubspot: hubspotRecords, salesforce: salesforceRecords },
    writers: { salesforce, hubspot },
    idempotency: new MemoryIdempotency(),
    state,
    quarantine,
    reviews,
    audit,
    metrics,
    clock: new FakeClock(),
  };
  return { deps, hubspotRecords, salesforceRecords, salesforce, hubspot, audit, metrics, state, quarantine, reviews };
}
