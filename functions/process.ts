import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { BATCH_TIMING, processBatch, type BatchResult, type TimeBudget } from '#app/process-batch';
import { readProcessorEnv } from '#config/env';
import { EmfMetrics } from '#adapters/aws/powertools-metrics';
import { resilientSqsClient } from '#adapters/aws/resilient-clients';
import { logWindow, SqsBatchWindows } from '#adapters/aws/sqs-batch-window';
import { batchRecordOf } from '#adapters/aws/sqs-deferral-queue';
import { buildProcessorDeps } from '#adapters/processor-deps';
import { logBatch } from '#adapters/processor-log';
import { setCallDeadline } from '#adapters/vendors/call-deadline';
import { once } from '#adapters/wiring';

/**
 * SQS FIFO batch → one change at a time per record group; failures become batch item failures, and changes the
 * infrastructure kept from running are deferred (sent back) rather than failed. A full batch (a backlog) is topped
 * up from the same queue into a larger window, so vendors are written in their own batch sizes; the window settles
 * the messages it received itself, and only the mapping's own messages are reported as batch item failures.
 */
const env = readProcessorEnv();
const logger = new Logger({ serviceName: 'syncline' });
const metrics = new EmfMetrics();
const deps = once(() => buildProcessorDeps(env, metrics));
const windows = new SqsBatchWindows(resilientSqsClient(), env.queueUrl, env.windowMaxRecords, { releaseBaseSeconds: env.windowReleaseBaseSeconds });

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  const invocation: TimeBudget = { remainingMs: () => context.getRemainingTimeInMillis() };
  // Vendor calls take timeouts shorter than what this invocation has left.
  setCallDeadline(Date.now() + invocation.remainingMs());
  try {
    const batchDeps = await deps();
    const window = await windows.open(event.Records.map(batchRecordOf), invocation);
    const budget = window.budget(invocation);
    // The time kept for settling the window is not the vendor calls' to take.
    setCallDeadline(Date.now() + budget.remainingMs());
    let outcomes: BatchResult['outcomes'] = new Map();
    try {
      const workMs = budget.remainingMs() - BATCH_TIMING.reserveMs;
      const started = Date.now();
      const result = await processBatch(batchDeps, window.records, budget);
      windows.observe(window.records.length, Date.now() - started, workMs);
      outcomes = result.outcomes;
      logBatch(logger, window.records, result);
      return { batchItemFailures: window.mappingFailures(result.failed).map((itemIdentifier) => ({ itemIdentifier })) };
    } finally {
      // Whatever became of the batch, the messages the window received are settled: a missing outcome returns to the queue.
      logWindow(logger, window, await window.settle(outcomes));
    }
  } finally {
    setCallDeadline(undefined);
    metrics.flush();
  }
};
