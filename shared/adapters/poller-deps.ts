import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PollChangesDeps } from '#app/poll-changes';
import type { readPollerEnv } from '#config/env';
import { loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import { systemClock } from '#ports/clock';
import type { Metrics } from '#ports/metrics';
import { DynamoDbCursorStore } from './aws/dynamodb-cursor-store.ts';
import { DynamoDbPauseStore } from './aws/dynamodb-pause-store.ts';
import { DynamoDbQuarantineStore } from './aws/dynamodb-quarantine-store.ts';
import { SqsChangeQueue } from './aws/sqs-change-queue.ts';
import { crmConnectorFor } from './vendors/crm-registry.ts';
import { budgetVendorCalls } from './vendor-budget-wiring.ts';
import { countVendorMetricsIn } from './vendors/vendor-metrics.ts';
import { secretSourceFor } from './wiring.ts';

/** Builds the poller's dependencies: the contract, the source's change feed, the cursor store and the changes queue. */
export async function buildPollerDeps(env: ReturnType<typeof readPollerEnv>, metrics: Metrics): Promise<PollChangesDeps> {
  const connector = crmConnectorFor(env.source);
  if (!connector?.changeFeed) throw new Error(`connector "${env.source}" cannot be polled: it has no change feed`);
  const secret = await secretSourceFor(env.secretIds, env.secretsFile).get(env.source);
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  const contract = loadContract(env.contractFile);
  // The poller's calls share the vendor's budget with the processor's.
  budgetVendorCalls([env.source], contract, documents, env.stateTable, metrics, env.budgetProbeMs);
  countVendorMetricsIn(metrics);
  return {
    plan: toSyncPlan(contract),
    feed: connector.changeFeed(secret, { clock: systemClock, lookbackMs: env.lookbackMs }),
    cursors: new DynamoDbCursorStore(documents, env.stateTable),
    pauses: new DynamoDbPauseStore(documents, env.stateTable),
    queue: new SqsChangeQueue(new SQSClient({}), env.queueUrl),
    quarantine: new DynamoDbQuarantineStore(documents, env.stateTable),
    clock: systemClock,
    metrics,
  };
}
