import { setTimeout as sleep } from 'node:timers/promises';
import { ParkPaused } from '#app/park-paused';
import type { ProcessBatchDeps } from '#app/process-batch';
import type { ProcessChangeDeps } from '#app/process-change';
import type { readProcessorEnv } from '#config/env';
import { loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import { systemClock } from '#ports/clock';
import type { Metrics } from '#ports/metrics';
import { DynamoDbAuditLog } from './aws/dynamodb-audit-log.ts';
import { DynamoDbFailureLog } from './aws/dynamodb-failure-log.ts';
import { DynamoDbIdempotencyStore } from './aws/dynamodb-idempotency-store.ts';
import { DynamoDbPauseStore } from './aws/dynamodb-pause-store.ts';
import { dynamoDbProbe } from './aws/dynamodb-probe.ts';
import { DynamoDbQuarantineStore } from './aws/dynamodb-quarantine-store.ts';
import { DynamoDbCreditLedger } from './aws/dynamodb-enrich-runs.ts';
import { DynamoDbMatchLabelStore } from './aws/dynamodb-match-label-store.ts';
import { DynamoDbReviewStore } from './aws/dynamodb-review-store.ts';
import { DynamoDbStateStore } from './aws/dynamodb-state-store.ts';
import { resilientDynamoDbDocuments, resilientSqsClient } from './aws/resilient-clients.ts';
import { SqsChangeQueue } from './aws/sqs-change-queue.ts';
import { SqsDeferralQueue } from './aws/sqs-deferral-queue.ts';
import { crmConnectorFor } from './vendors/crm-registry.ts';
import { enricherFor } from './vendors/enricher-registry.ts';
import { RateLimitGate } from './vendors/rate-limit-gate.ts';
import { budgetEnricherCalls, budgetVendorCalls } from './vendor-budget-wiring.ts';
import { countVendorMetricsIn } from './vendors/vendor-metrics.ts';
import { secretSourceFor } from './wiring.ts';

/**
 * Builds the processor's dependencies: the contract, the stores, a reader/writer per connector it may use, its
 * enrichers; and for the batch, a DynamoDB probe, the queue that takes deferred changes back, and the failure log.
 * Every store shares one DynamoDB client with short timeouts that reports an unavailable DynamoDB as such.
 */
export async function buildProcessorDeps(env: ReturnType<typeof readProcessorEnv>, metrics: Metrics): Promise<ProcessBatchDeps> {
  const contract = loadContract(env.contractFile);
  const plan = toSyncPlan(contract);
  const secrets = secretSourceFor(env.secretIds, env.secretsFile);
  const readers: ProcessChangeDeps['readers'] = {};
  const writers: ProcessChangeDeps['writers'] = {};
  const enrichers: NonNullable<ProcessChangeDeps['enrichers']> = {};
  for (const name of Object.keys(env.secretIds)) {
    const enricher = enricherFor(name);
    if (enricher && plan.enrichers?.[name]) enrichers[name] = enricher(await secrets.get(name));
    const connector = crmConnectorFor(name);
    if (!connector?.reader && !connector?.writer) continue;
    const secret = await secrets.get(name);
    // Reads and writes to one vendor share its rate limit, so they share one gate.
    const gate = new RateLimitGate({ backoff: true, backoffBaseMs: env.vendorRetryBaseMs });
    if (connector.reader) readers[name] = gate.wrap(connector.reader(secret));
    if (connector.writer) writers[name] = gate.wrap(connector.writer(secret));
  }
  const documents = resilientDynamoDbDocuments();
  // Every Salesforce and HubSpot request takes a call from the vendor's budget shared by all functions first.
  budgetVendorCalls(Object.keys(env.secretIds), contract, documents, env.stateTable, metrics, env.budgetProbeMs);
  budgetEnricherCalls(Object.keys(enrichers), documents, env.stateTable, metrics);
  countVendorMetricsIn(metrics);
  const change: ProcessChangeDeps = {
    plan,
    readers,
    writers,
    enrichers,
    idempotency: new DynamoDbIdempotencyStore(documents, env.idempotencyTable),
    state: new DynamoDbStateStore(documents, env.stateTable),
    quarantine: new DynamoDbQuarantineStore(documents, env.stateTable),
    reviews: new DynamoDbReviewStore(documents, env.stateTable),
    labels: new DynamoDbMatchLabelStore(documents, env.stateTable),
    credits: new DynamoDbCreditLedger(documents, env.stateTable, metrics),
    audit: new DynamoDbAuditLog(documents, env.auditTable),
    metrics,
    clock: systemClock,
    requests: new SqsChangeQueue(resilientSqsClient(), env.queueUrl),
  };
  return {
    change,
    pauses: new ParkPaused({ plan, pauses: new DynamoDbPauseStore(documents, env.stateTable), clock: systemClock }),
    probes: { dynamodb: dynamoDbProbe(documents, env.idempotencyTable) },
    deferrals: new SqsDeferralQueue(resilientSqsClient(), env.queueUrl),
    failures: new DynamoDbFailureLog(documents, env.stateTable),
    sleep: async (ms) => void (await sleep(ms)),
    random: Math.random,
  };
}
