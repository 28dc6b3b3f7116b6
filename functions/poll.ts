import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { pollChanges, type PollResult } from '#app/poll-changes';
import { readPollerEnv } from '#config/env';
import { EmfMetrics } from '#adapters/aws/powertools-metrics';
import { buildPollerDeps } from '#adapters/poller-deps';
import { setCallDeadline } from '#adapters/vendors/call-deadline';
import { once } from '#adapters/wiring';

/** EventBridge schedule → poll one source's changes after the stored cursors → changes.fifo. One function per polled source. */
const env = readPollerEnv();
const logger = new Logger({ serviceName: 'syncline', persistentKeys: { source: env.source } });
const metrics = new EmfMetrics();
const deps = once(() => buildPollerDeps(env, metrics));

/** Thrown when an object's poll failed, so the function's Errors metric (and its alarm) shows a stalled feed. */
class PollFailedError extends Error {
  override readonly name = 'PollFailedError';
}

export const handler = async (event: EventBridgeEvent<'Scheduled Event', unknown>, context: Context): Promise<PollResult> => {
  logger.addContext(context);
  // Every vendor call of this run gives up before the function times out (call-deadline).
  setCallDeadline(Date.now() + context.getRemainingTimeInMillis());
  try {
    const result = await pollChanges(await deps(), { source: env.source });
    const failed = Object.keys(result.failed);
    logger.info('poll finished', { correlationId: event.id, polled: result.polled, more: result.more, failed, ...(result.paused ? { paused: result.paused } : {}) });
    if (failed.length > 0) {
      logger.error('poll failed for some objects', { correlationId: event.id, failures: result.failed });
      throw new PollFailedError(`polling ${env.source} failed for ${failed.join(', ')}`);
    }
    return result;
  } finally {
    metrics.flush();
  }
};
