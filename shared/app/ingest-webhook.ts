import { coalesceUpserts } from '#domain/coalesce';
import type { ChangeQueue } from '#ports/change-queue';
import type { Clock } from '#ports/clock';
import { MetricName, type Metrics } from '#ports/metrics';
import type { QuarantineStore } from '#ports/stores';
import type { InboundRequest, Rejection, SkippedEvent, WebhookSource } from '#ports/webhook-source';
import { countReceived } from './count-received.ts';
import { quarantineRefused, type RefusedRecord } from './quarantine-refused.ts';

export type { RefusedRecord } from './quarantine-refused.ts';

export interface IngestWebhookDeps {
  source: WebhookSource;
  queue: ChangeQueue;
  /** Where a change the queue refuses waits with its reason. */
  quarantine: QuarantineStore;
  metrics: Metrics;
  clock: Clock;
  maxBodyBytes: number;
}

export type IngestResult =
  | { status: 'accepted'; enqueued: number; skipped: SkippedEvent[]; refused: RefusedRecord[] }
  | { status: 'rejected'; httpStatus: 400 | 401 | 413; reason: Rejection['reason'] | 'body-too-large'; message: string };

const statusOf: Record<Rejection['reason'], 400 | 401> = {
  'missing-signature': 401,
  'bad-signature': 401,
  'stale-timestamp': 401,
  'malformed-body': 400,
};

/**
 * Verifies a vendor webhook, parses it into change events and enqueues them; a change the queue refuses is
 * quarantined with the reason and the rest of the delivery is accepted.
 * Order matters: the size cap is checked before anything reads the body, the signature before parsing,
 * so an unsigned or oversized request costs nothing and nothing of it reaches the queue.
 */
export async function ingestWebhook(deps: IngestWebhookDeps, request: InboundRequest): Promise<IngestResult> {
  const size = Buffer.byteLength(request.rawBody, 'utf8');
  if (size > deps.maxBodyBytes) {
    return reject(deps, { reason: 'body-too-large', httpStatus: 413, message: `Request body is ${size} bytes; the limit is ${deps.maxBodyBytes} bytes.` });
  }
  const verified = await deps.source.verify(request, deps.clock.nowMs());
  if (!verified.ok) return reject(deps, { reason: verified.reason, httpStatus: statusOf[verified.reason], message: verified.message });

  const parsed = deps.source.parse(request.rawBody);
  if (!parsed.ok) return reject(deps, { reason: parsed.reason, httpStatus: statusOf[parsed.reason], message: parsed.message });

  // A record's creation and its property events in one delivery are one change to process.
  const changes = coalesceUpserts(parsed.events);
  const { refused } = await deps.queue.enqueue(changes);
  // One record the queue will not take must not cost the delivery's others: it waits in the quarantine instead.
  // If that fails too, the error fails the delivery and the vendor sends it again; nothing is lost either way.
  const quarantined = await quarantineRefused(deps, refused);
  countReceived(deps.metrics, parsed.events);
  if (parsed.skipped.length > 0) deps.metrics.count(MetricName.WebhookEventsSkipped, parsed.skipped.length);
  if (quarantined.length > 0) deps.metrics.count(MetricName.ChangesRefusedByQueue, quarantined.length);
  return { status: 'accepted', enqueued: changes.length - refused.length, skipped: parsed.skipped, refused: quarantined };
}

function reject(deps: IngestWebhookDeps, rejection: Omit<Extract<IngestResult, { status: 'rejected' }>, 'status'>): IngestResult {
  deps.metrics.count(MetricName.WebhooksRejected);
  return { status: 'rejected', ...rejection };
}
