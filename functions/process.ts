import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { prefetchBatch } from '#app/prefetch-batch';
import { processChange, type ProcessChangeDeps } from '#app/process-change';
import { ChangeEvent, recordKey } from '#domain/change-event';
import { PermanentError, SynclineError } from '#domain/errors';
import { readProcessorEnv } from '#config/env';
import { EmfMetrics } from '#adapters/aws/powertools-metrics';
import { buildProcessorDeps } from '#adapters/processor-deps';
import { once } from '#adapters/wiring';

/** SQS FIFO batch → one change at a time per record group; failures become batch item failures. */
const env = readProcessorEnv();
const logger = new Logger({ serviceName: 'syncline' });
const metrics = new EmfMetrics();
const deps = once(() => buildProcessorDeps(env, metrics));
const processor = new SqsFifoPartialProcessorAsync();

function parseEvent(record: SQSRecord): ChangeEvent | undefined {
  try {
    return ChangeEvent.parse(JSON.parse(record.body));
  } catch {
    return undefined;
  }
}

/** What the batch needs, read in a few calls; if that fails, each change reads its own as usual. */
async function withPrefetchedBatch(events: readonly ChangeEvent[]): Promise<ProcessChangeDeps> {
  const base = await deps();
  try {
    return await prefetchBatch(base, events);
  } catch (error) {
    logger.warn('prefetch failed; reading one by one', { error: error instanceof SynclineError ? error.name : 'UnexpectedError' });
    return base;
  }
}

async function processRecord(batchDeps: ProcessChangeDeps, record: SQSRecord, event: ChangeEvent | undefined): Promise<void> {
  if (!event) throw new PermanentError('BAD_MESSAGE', `message ${record.messageId} is not a change event`);
  const keys = { correlationId: event.eventId, source: event.source, recordKey: recordKey(event.source, event.objectType, event.sourceId) };
  try {
    const result = await processChange(batchDeps, event, { attempt: Number(record.attributes.ApproximateReceiveCount) || 1 });
    logger.info('change processed', { ...keys, status: result.status, ...(result.status === 'synced' ? { written: result.writes.length, ...(result.enrichment ? { enrichment: result.enrichment } : {}) } : {}) });
  } catch (error) {
    const name = error instanceof SynclineError ? error.name : 'UnexpectedError';
    logger.warn('change failed', { ...keys, error: name, code: error instanceof PermanentError ? error.code : undefined, receiveCount: record.attributes.ApproximateReceiveCount });
    throw error;
  }
}

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  try {
    // skipGroupOnError: a failed record holds back only later records of its own group (its own record), not the batch.
    // Each message is parsed once, for the prefetch and for its own processing.
    const events = new Map(event.Records.map((record) => [record.messageId, parseEvent(record)]));
    const batchDeps = await withPrefetchedBatch([...events.values()].flatMap((e) => e ?? []));
    return await processPartialResponse(event, (record: SQSRecord) => processRecord(batchDeps, record, events.get(record.messageId)), processor, { context, skipGroupOnError: true, throwOnFullBatchFailure: false });
  } finally {
    metrics.flush();
  }
};
