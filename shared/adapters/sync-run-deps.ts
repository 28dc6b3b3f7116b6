import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { InitialSyncDeps, SyncProgress } from '#app/initial-sync';
import type { ImportDeps } from '#app/import-records';
import type { Contract } from '#config/contract-schema';
import { fullReadSecretOf } from '#config/connector-catalog';
import { enabledConnectors } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import { systemClock } from '#ports/clock';
import type { CrmWriter, RecordLister } from '#ports/crm';
import { DynamoDbAuditLog } from './aws/dynamodb-audit-log.ts';
import { DynamoDbCursorStore } from './aws/dynamodb-cursor-store.ts';
import { noMetrics, type Metrics } from '#ports/metrics';
import { DynamoDbIdempotencyStore } from './aws/dynamodb-idempotency-store.ts';
import { DynamoDbQuarantineStore } from './aws/dynamodb-quarantine-store.ts';
import { DynamoDbReviewStore } from './aws/dynamodb-review-store.ts';
import { DynamoDbStateStore } from './aws/dynamodb-state-store.ts';
import { SqsChangeQueue } from './aws/sqs-change-queue.ts';
import { budgetVendorCalls } from './vendor-budget-wiring.ts';
import { countVendorMetricsIn } from './vendors/vendor-metrics.ts';
import { crmConnectorFor } from './vendors/crm-registry.ts';
import { secretSourceFor } from './wiring.ts';

export interface SyncRunSettings {
  contract: Contract;
  documents: DynamoDBDocumentClient;
  sqs: SQSClient;
  stateTable: string;
  idempotencyTable: string;
  /** The audit table: an import audits the records it creates. */
  auditTable?: string;
  changesQueueUrl: string;
  /** Connector → secret id: the systems read in full; default `syncline/<connector>` for every enabled system that lists. */
  secretIds?: Record<string, string>;
  /** The local secrets file, in local mode. */
  secretsFile?: string;
  metrics?: Metrics;
  progress?: (progress: SyncProgress) => void;
}

/**
 * What a run over whole CRMs (initial sync, reconciliation, import) needs: a full reader for each enabled CRM that has
 * one, a writer for each that creates records by a unique key (an import's first write), the stores and the changes
 * queue. Every vendor call takes from the same daily budget as the hub's functions.
 */
export async function buildSyncRunDeps(settings: SyncRunSettings): Promise<InitialSyncDeps & Omit<ImportDeps, 'audit'> & { audit?: ImportDeps['audit'] }> {
  const { contract, documents, stateTable } = settings;
  // Deployed, the systems whose secrets the stack grants (settings.secretIds); locally, every enabled one.
  const vendors = enabledConnectors(contract).filter((name) => crmConnectorFor(name)?.lister && (!settings.secretIds || settings.secretIds[name] !== undefined));
  const secrets = secretSourceFor(settings.secretIds ?? Object.fromEntries(vendors.map((v) => [v, `syncline/${fullReadSecretOf(v)}`])), settings.secretsFile);
  budgetVendorCalls(vendors, contract, documents, stateTable, settings.metrics ?? noMetrics);
  if (settings.metrics) countVendorMetricsIn(settings.metrics);
  const listers: Record<string, RecordLister> = {};
  const unreadable: Record<string, string> = {};
  for (const vendor of vendors) {
    const connector = crmConnectorFor(vendor);
    try {
      const lister = connector?.lister?.(await secrets.get(vendor));
      if (lister) listers[vendor] = lister;
      else unreadable[vendor] = `its secret holds no API credentials for a full read`;
    } catch (error) {
      // A CRM the run writes to must be there; a system read only for its activity is named in the report instead,
      // so that companies, people and deals still sync.
      if (connector?.createKeys || connector?.writes.length) throw error;
      unreadable[vendor] = `its secret cannot be used (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
    }
  }
  const writers: Record<string, CrmWriter> = {};
  const finders: NonNullable<ImportDeps['finders']> = {};
  const createKeys: ImportDeps['createKeys'] = {};
  for (const vendor of vendors) {
    const connector = crmConnectorFor(vendor);
    if (!connector?.createKeys || !connector.writer) continue;
    writers[vendor] = connector.writer(await secrets.get(vendor));
    if (connector.reader) finders[vendor] = connector.reader(await secrets.get(vendor));
    createKeys[vendor] = connector.createKeys;
  }
  return {
    plan: toSyncPlan(contract),
    listers,
    unreadable,
    state: new DynamoDbStateStore(documents, stateTable),
    reviews: new DynamoDbReviewStore(documents, stateTable),
    quarantine: new DynamoDbQuarantineStore(documents, stateTable),
    idempotency: new DynamoDbIdempotencyStore(documents, settings.idempotencyTable),
    queue: new SqsChangeQueue(settings.sqs, settings.changesQueueUrl),
    writers,
    finders,
    createKeys,
    cursors: new DynamoDbCursorStore(documents, stateTable),
    ...(settings.auditTable ? { audit: new DynamoDbAuditLog(documents, settings.auditTable) } : {}),
    clock: systemClock,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    ...(settings.progress ? { progress: settings.progress } : {}),
  };
}
