import type { Logger } from '@aws-lambda-powertools/logger';
import type { BatchRecord, BatchResult } from '#app/process-batch';
import { recordKey } from '#domain/change-event';
import { InfrastructureUnavailable, PermanentError, SynclineError } from '#domain/errors';

/**
 * The processor's log lines for one batch: one per change processed or failed (keys, outcome, error class and code;
 * never a body or a field value), and one naming the cause when Syncline's own infrastructure failed, with how
 * many changes were deferred and how long the batch waited.
 */
export function logBatch(logger: Pick<Logger, 'info' | 'warn' | 'error'>, records: readonly BatchRecord[], result: BatchResult): void {
  if (result.prefetchError) logger.warn('prefetch failed; reading one by one', { error: result.prefetchError });
  for (const record of records) {
    const outcome = result.outcomes.get(record.messageId);
    const event = record.event;
    const keys = event ? { correlationId: event.eventId, source: event.source, recordKey: recordKey(event.source, event.objectType, event.sourceId) } : { messageId: record.messageId };
    if (outcome?.status === 'processed') {
      const { result: r } = outcome;
      logger.info('change processed', { ...keys, status: r.status, ...(r.status === 'ignored' ? { reason: r.reason } : {}), ...(r.status === 'synced' ? { written: r.writes.length, ...(r.enrichment ? { enrichment: r.enrichment } : {}) } : {}) });
    } else if (outcome?.status === 'parked') {
      logger.info('change parked', { ...keys, connector: outcome.connector });
    } else if (outcome?.status === 'failed') {
      const error = outcome.error;
      const code = error instanceof PermanentError ? error.code : error instanceof InfrastructureUnavailable ? `${error.service}:${error.reason}` : undefined;
      logger.warn('change failed', { ...keys, error: error instanceof SynclineError ? error.name : 'UnexpectedError', code, receiveCount: record.receiveCount });
    }
  }
  if (result.outage) {
    const { service, reason, waitedMs, resolved } = result.outage;
    // `awsService`, not `service`: Powertools' own `service` key (the function's service name) would hide it.
    logger.error('infrastructure unavailable', { awsService: service, reason, deferred: result.deferred, waitedMs, resolved, failed: result.failed.length });
  } else if (result.deferred > 0) {
    logger.warn('changes deferred: another claim holds them', { deferred: result.deferred });
  }
}
