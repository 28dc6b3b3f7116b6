import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { reconcile, type Reconciliation } from '#app/reconcile';
import { readReconcileEnv } from '#config/env';
import { loadContract } from '#config/load-contract';
import { DynamoDbCursorStore } from '#adapters/aws/dynamodb-cursor-store';
import { EmfMetrics } from '#adapters/aws/powertools-metrics';
import { resilientDynamoDbDocuments, resilientSqsClient } from '#adapters/aws/resilient-clients';
import { buildSyncRunDeps } from '#adapters/sync-run-deps';
import { setCallDeadline } from '#adapters/vendors/call-deadline';

/** EventBridge daily schedule → compare the CRMs, link and send through what is missing or differs → drift metric. */
const env = readReconcileEnv();
const logger = new Logger({ serviceName: 'syncline' });
const metrics = new EmfMetrics();

export const handler = async (event: EventBridgeEvent<'Scheduled Event', unknown>, context: Context): Promise<Reconciliation> => {
  logger.addContext(context);
  // Every vendor call gives up before the function times out; the changes sent are the pipeline's from then on.
  setCallDeadline(Date.now() + context.getRemainingTimeInMillis());
  try {
    const documents: DynamoDBDocumentClient = resilientDynamoDbDocuments();
    const deps = await buildSyncRunDeps({ contract: loadContract(env.contractFile), documents, sqs: resilientSqsClient(), stateTable: env.stateTable, idempotencyTable: env.idempotencyTable, changesQueueUrl: env.queueUrl, secretIds: env.secretIds, ...(env.secretsFile ? { secretsFile: env.secretsFile } : {}), metrics });
    // Waits for the changes it sent while it has time, keeping two minutes to record its drift; the pipeline finishes
    // the rest alone.
    const result = await reconcile({ ...deps, cursors: new DynamoDbCursorStore(documents, env.stateTable), metrics }, { deadline: Date.now() + context.getRemainingTimeInMillis() - 120_000 });
    logger.info('reconciliation finished', { correlationId: event.id, drift: result.drift, enqueued: result.enqueued, objects: result.objects });
    return result;
  } finally {
    metrics.flush();
  }
};
