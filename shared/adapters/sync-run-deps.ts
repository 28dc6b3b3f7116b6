import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { InitialSyncDeps, SyncProgress } from '#app/initial-sync';
import type { Contract } from '#config/contract-schema';
import { enabledConnectors } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import { systemClock } from '#ports/clock';
import type { RecordLister } from '#ports/crm';
import type { Metrics } from '#ports/metrics';
import { DynamoDbIdempotencyStore } from './aws/dynamodb-idempotency-store.ts';
import { DynamoDbQuarantineStore } from './aws/dynamodb-quarantine-store.ts';
import { DynamoDbReviewStore } from './aws/dynamodb-review-store.ts';
import { DynamoDbStateStore } from './aws/dynamodb-state-store.ts';
import { SqsChangeQueue } from './aws/sqs-change-queue.ts';
import { budgetVendorCalls } from './vendor-budget-wiring.ts';
import { crmConnectorFor } from './vendors/crm-registry.ts';
import { secretSourceFor } from './wiring.ts';

export interface SyncRunSettings {
  contract: Contract;
  documents: DynamoDBDocumentClient;
  sqs: SQSClient;
  stateTable: string;
  idempotencyTable: string;
  changesQueueUrl: string;
  /** Connector → secret id; default `syncline/<connector>` (the stack's secret names) for every CRM that lists. */
  secretIds?: Record<string, string>;
  /** The local secrets file, in local mode. */
  secretsFile?: string;
  metrics?: Metrics;
  progress?: (progress: SyncProgress) => void;
}

/**
 * What a run over whole CRMs (initial sync, reconciliation) needs: a full reader for each enabled CRM that has one,
 * the stores and the changes queue. Every vendor call takes from the same daily budget as the hub's functions.
 */
export async function buildSyncRunDeps(settings: SyncRunSettings): Promise<InitialSyncDeps> {
  const { contract, documents, stateTable } = settings;
  const vendors = enabledConnectors(contract).filter((name) => crmConnectorFor(name)?.lister);
  const secrets = secretSourceFor(settings.secretIds ?? Object.fromEntries(vendors.map((v) => [v, `syncline/${v}`])), settings.secretsFile);
  budgetVendorCalls(vendors, contract, documents, stateTable, settings.metrics ?? { count: () => undefined });
  const listers: Record<string, RecordLister> = {};
  for (const vendor of vendors) {
    const lister = crmConnectorFor(vendor)?.lister;
    if (lister) listers[vendor] = lister(await secrets.get(vendor));
  }
  return {
    plan: toSyncPlan(contract),
    listers,
    state: new DynamoDbStateStore(documents, stateTable),
    reviews: new DynamoDbReviewStore(documents, stateTable),
    quarantine: new DynamoDbQuarantineStore(documents, stateTable),
    idempotency: new DynamoDbIdempotencyStore(documents, settings.idempotencyTable),
    queue: new SqsChangeQueue(settings.sqs, settings.changesQueueUrl),
    clock: systemClock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    ...(settings.progress ? { progress: settings.progress } : {}),
  };
}
