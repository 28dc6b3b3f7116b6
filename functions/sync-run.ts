import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { startRun, stepRun, type RunStatus, type SyncRunDeps } from '#app/sync-run';
import { readSyncRunEnv } from '#config/env';
import { loadContract } from '#config/load-contract';
import { parseSyncRunEvent, SyncRunAction } from '#config/sync-run-event';
import { DynamoDbCursorStore } from '#adapters/aws/dynamodb-cursor-store';
import { EmfMetrics } from '#adapters/aws/powertools-metrics';
import { resilientDynamoDbDocuments, resilientSqsClient } from '#adapters/aws/resilient-clients';
import { buildSyncRunDeps } from '#adapters/sync-run-deps';
import { setCallDeadline } from '#adapters/vendors/call-deadline';
import { once } from '#adapters/wiring';

/**
 * The sync-run state machine's task → start (or resume) a long run over whole CRMs, or do its next step → the run's
 * status, which the machine loops on until `done`.
 */
const env = readSyncRunEnv();
const logger = new Logger({ serviceName: 'syncline' });
const metrics = new EmfMetrics();

/** What a step keeps for saving its position after it stopped waiting on the pipeline. */
const STEP_SAVE_MARGIN_MS = 120_000;

const deps = once(async (): Promise<SyncRunDeps> => {
  const documents = resilientDynamoDbDocuments();
  const built = await buildSyncRunDeps({ contract: loadContract(env.contractFile), documents, sqs: resilientSqsClient(), stateTable: env.stateTable, idempotencyTable: env.idempotencyTable, auditTable: env.auditTable, changesQueueUrl: env.queueUrl, secretIds: env.secretIds, ...(env.secretsFile ? { secretsFile: env.secretsFile } : {}), metrics });
  return { ...built, cursors: new DynamoDbCursorStore(documents, env.stateTable) };
});

export const handler = async (event: unknown, context: Context): Promise<RunStatus> => {
  logger.addContext(context);
  // Every vendor call gives up before the function times out; a step cut short is done again by the machine's retry.
  setCallDeadline(Date.now() + context.getRemainingTimeInMillis());
  try {
    const request = parseSyncRunEvent(event);
    const status =
      request.action === SyncRunAction.Start
        ? await startRun(await deps(), request.job)
        : // Waits for the pipeline while there is time, keeping two minutes to save where the run stands.
          await stepRun(await deps(), request.runId, Date.now() + context.getRemainingTimeInMillis() - STEP_SAVE_MARGIN_MS);
    logger.info('sync run', { correlationId: status.runId, action: request.action, step: status.step, done: status.done, summary: status.summary });
    return status;
  } finally {
    metrics.flush();
  }
};
