import type { ProcessChangeDeps } from '#app/process-change';
import type { SyncPlan } from '#domain/mapping';
import { loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import { CountingMetrics, FakeClock, MemoryAudit, MemoryIdempotency, MemoryLabels, MemoryQuarantine, MemoryReader, MemoryReviews, MemoryState, MemoryWriter } from './fakes.ts';

/**
 * The processor's deps over in-memory ports and the shipped contract, with each port at hand for assertions. Only
 * the connectors in `enable` run (by default the two CRMs, whose fakes are here); add fakes for any other.
 */
export function processorSetup(options: { enable?: readonly string[] } = {}) {
  const plan = shippedPlan(options.enable);
  const hubspotRecords = new MemoryReader();
  const salesforceRecords = new MemoryReader();
  const salesforce = new MemoryWriter('003', salesforceRecords);
  const hubspot = new MemoryWriter('9', hubspotRecords);
  const audit = new MemoryAudit();
  const metrics = new CountingMetrics();
  const state = new MemoryState();
  const quarantine = new MemoryQuarantine();
  const reviews = new MemoryReviews();
  const labels = new MemoryLabels();
  const deps: ProcessChangeDeps = {
    plan,
    readers: { hubspot: hubspotRecords, salesforce: salesforceRecords },
    writers: { salesforce, hubspot },
    idempotency: new MemoryIdempotency(),
    state,
    quarantine,
    reviews,
    labels,
    audit,
    metrics,
    clock: new FakeClock(),
  };
  return { deps, hubspotRecords, salesforceRecords, salesforce, hubspot, audit, metrics, state, quarantine, reviews, labels };
}

/** The shipped contract's sync plan with only the connectors in `enable` running (by default the two CRMs). */
export function shippedPlan(enable: readonly string[] = ['hubspot', 'salesforce']): SyncPlan {
  const key = [...enable].sort().join(',');
  const cached = plans.get(key);
  if (cached) return cached;
  const contract = loadContract('syncline.yaml');
  for (const [name, connector] of Object.entries(contract.connectors)) if (connector) connector.enabled = enable.includes(name);
  const plan = toSyncPlan(contract);
  plans.set(key, plan);
  return plan;
}

/** Plans are read-only to the processor, so property tests that set up hundreds of times share one. */
const plans = new Map<string, SyncPlan>();
