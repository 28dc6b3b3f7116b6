import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { failChunk, lookupChunk, selectDue, summarizeRun, type ChunkStatus, type EnrichBatchDeps, type Selection } from '#app/enrich-batch';
import { EnrichRunAction, type EnrichRunEvent } from '#config/enrich-run-event';
import type { EnrichSummary } from '#ports/enrich-runs';
import type { Contract } from '#config/contract-schema';
import { toSyncPlan } from '#config/sync-plan';
import { systemClock, type Clock } from '#ports/clock';
import type { Enricher } from '#ports/enricher';
import type { Metrics } from '#ports/metrics';
import { DynamoDbCreditLedger, DynamoDbEnrichRunStore, DynamoDbEntityScan } from './aws/dynamodb-enrich-runs.ts';
import { DynamoDbDeclinedStore, DynamoDbReviewStore } from './aws/dynamodb-review-store.ts';
import { DynamoDbStateStore } from './aws/dynamodb-state-store.ts';
import { SqsChangeQueue } from './aws/sqs-change-queue.ts';
import { budgetEnricherCalls } from './vendor-budget-wiring.ts';
import { batchEnricherFor } from './vendors/enricher-registry.ts';
import { secretSourceFor } from './wiring.ts';

export interface EnrichRunSettings {
  contract: Contract;
  documents: DynamoDBDocumentClient;
  sqs: SQSClient;
  stateTable: string;
  changesQueueUrl: string;
  /** Connector → secret id of the enabled data vendors. */
  secretIds: Record<string, string>;
  /** The local secrets file, in local mode. */
  secretsFile?: string;
  metrics: Metrics;
  clock?: Clock;
}

/**
 * What the enrichment batch needs: each enabled data vendor built for a batch (25 inputs a request, a 429 waited out
 * longer than inside the pipeline, every request taken from the vendor's budget shared with the processors), the
 * state table's entities, runs and credit ledger, the changes queue, and the review queue for suggested contacts.
 */
export async function buildEnrichRunDeps(settings: EnrichRunSettings): Promise<EnrichBatchDeps> {
  const { contract, documents, stateTable, metrics } = settings;
  const plan = toSyncPlan(contract);
  const secrets = secretSourceFor(settings.secretIds, settings.secretsFile);
  const enrichers: Record<string, Enricher> = {};
  for (const name of Object.keys(plan.enrichers ?? {})) {
    const build = batchEnricherFor(name);
    if (build && settings.secretIds[name] !== undefined) enrichers[name] = build(await secrets.get(name));
  }
  budgetEnricherCalls(Object.keys(enrichers), documents, stateTable, metrics);
  return {
    plan,
    enrichers,
    entities: new DynamoDbEntityScan(documents, stateTable),
    runs: new DynamoDbEnrichRunStore(documents, stateTable),
    credits: new DynamoDbCreditLedger(documents, stateTable, metrics),
    queue: new SqsChangeQueue(settings.sqs, settings.changesQueueUrl),
    metrics,
    clock: settings.clock ?? systemClock,
    suggestions: { reviews: new DynamoDbReviewStore(documents, stateTable), declined: new DynamoDbDeclinedStore(documents, stateTable), state: new DynamoDbStateStore(documents, stateTable) },
  };
}

/** What the machine's tasks answer. */
export type EnrichRunAnswer = Selection | ChunkStatus | EnrichSummary;

/** One task of the enrichment machine, by its event's action (the function's handler and the local runner). */
export async function runEnrichTask(deps: EnrichBatchDeps, event: EnrichRunEvent): Promise<EnrichRunAnswer> {
  switch (event.action) {
    case EnrichRunAction.Select:
      return selectDue(deps, event.request);
    case EnrichRunAction.Chunk:
      return lookupChunk(deps, event.runId, event.chunk);
    case EnrichRunAction.ChunkFailed:
      return failChunk(deps, event.runId, event.chunk, event.error);
    case EnrichRunAction.Summarize:
      return summarizeRun(deps, event.runId, event.chunks);
  }
}
