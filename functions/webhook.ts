import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ingestWebhook } from '#app/ingest-webhook';
import { RetryableError } from '#domain/errors';
import { readWebhookEnv } from '#config/env';
import { jsonResponse, toInboundRequest } from '#adapters/aws/api-gateway';
import { EmfMetrics } from '#adapters/aws/powertools-metrics';
import { buildWebhookDeps } from '#adapters/webhook-deps';

/** `POST /webhooks/{source}`: verify, parse, enqueue (or quarantine what the queue refuses). One function per source, each with its own secret. */
const env = readWebhookEnv();
const logger = new Logger({ serviceName: 'syncline', persistentKeys: { source: env.source } });
const metrics = new EmfMetrics();
const deps = buildWebhookDeps(env, metrics);

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const request = toInboundRequest(event);
  try {
    const result = await ingestWebhook(deps, request);
    if (result.status === 'rejected') {
      logger.warn('webhook rejected', { reason: result.reason, bodyBytes: Buffer.byteLength(request.rawBody) });
      return jsonResponse(result.httpStatus, { error: result.reason, message: result.message });
    }
    // Record keys, codes and reasons only: never the refused values.
    for (const refused of result.refused) logger.warn('change refused by the queue, quarantined', { correlationId: refused.eventId, recordKey: refused.recordKey, code: refused.code, reason: refused.reason });
    logger.info('webhook accepted', { enqueued: result.enqueued, ...(result.skipped.length > 0 ? { skipped: result.skipped } : {}), ...(result.refused.length > 0 ? { quarantined: result.refused.length } : {}) });
    const ack = deps.source.acknowledge?.(result.enqueued);
    if (ack) return { statusCode: ack.status, headers: { 'content-type': ack.contentType }, body: ack.body };
    return jsonResponse(202, { accepted: result.enqueued, skipped: result.skipped });
  } catch (error) {
    logger.error('webhook failed', { error: error instanceof Error ? error.name : 'unknown', retryable: error instanceof RetryableError });
    // 503 makes vendors redeliver; the body never carries internal text.
    return jsonResponse(503, { error: 'unavailable', message: 'Syncline could not accept the delivery right now; please retry.' });
  } finally {
    metrics.flush();
  }
};
