import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { processBatch } from '#app/process-batch';
import { readProcessorEnv } from '#config/env';
import { EmfMetrics } from '#adapters/aws/powertools-metrics';
import { batchRecordOf } from '#adapters/aws/sqs-deferral-queue';
import { buildProcessorDeps } from '#adapters/processor-deps';
import { logBatch } from '#adapters/processor-log';
import { setCallDeadline } from '#adapters/vendors/call-deadline';
import { once } from '#adapters/wiring';

/**
 * SQS FIFO batch → one change at a time per record group; failures become batch item failures, and changes the
 * infrastructure kept from running are deferred (sent back) rather than failed.
 */
const env = readProcessorEnv();
const logger = new Logger({ serviceName: 'syncline' });
const metrics = new EmfMetrics();
const deps = once(() => buildProcessorDeps(env, metrics));

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  // Vendor calls take timeouts shorter than what this invocation has left.
  setCallDeadline(Date.now() + context.getRemainingTimeInMillis());
  try {
    const records = event.Records.map(batchRecordOf);
    const result = await processBatch(await deps(), records, { remainingMs: () => context.getRemainingTimeInMillis() });
    logBatch(logger, records, result);
    return { batchItemFailures: result.failed.map((itemIdentifier) => ({ itemIdentifier })) };
  } finally {
    setCallDeadline(undefined);
    metrics.flush();
  }
};
