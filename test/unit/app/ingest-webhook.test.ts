import { describe, expect, it } from 'vitest';
import { ingestWebhook, type IngestWebhookDeps } from '#app/ingest-webhook';
import { hubspotWebhookSource } from '#adapters/vendors/hubspot/webhook-source';
import { hubspotV3Signature } from '#adapters/vendors/hubspot/verify-signature';
import { MetricName } from '#ports/metrics';
import { CountingMetrics, FakeClock, MemoryQueue } from '#test/support/fakes';

const SECRET = 'client-secret';
const URL_ = 'https://hooks.example.com/webhooks/hubspot';
const event = { eventId: 7, subscriptionId: 1, portalId: 2, occurredAt: 1_700_000_000_000, subscriptionType: 'contact.creation', objectId: 42, attemptNumber: 0 };

function setup(maxBodyBytes = 1024) {
  const clock = new FakeClock();
  const queue = new MemoryQueue();
  const metrics = new CountingMetrics();
  const deps: IngestWebhookDeps = { source: hubspotWebhookSource([SECRET]), queue, metrics, clock, maxBodyBytes };
  const request = (body: string, ts = clock.now) => ({
    method: 'POST',
    url: URL_,
    rawBody: body,
    headers: { 'x-hubspot-signature-v3': hubspotV3Signature(SECRET, 'POST', URL_, body, String(ts)), 'x-hubspot-request-timestamp': String(ts) },
  });
  return { deps, queue, metrics, clock, request };
}

describe('ingestWebhook', () => {
  it('enqueues every event of a verified batch and counts them', async () => {
    const { deps, queue, metrics, request } = setup();
    const result = await ingestWebhook(deps, request(JSON.stringify([event, { ...event, eventId: 8 }])));

    expect(result).toEqual({ status: 'accepted', enqueued: 2 });
    expect(queue.events.map((e) => e.eventId)).toEqual(['1-7-1700000000000', '1-8-1700000000000']);
    expect(metrics.of(MetricName.ChangesReceived)).toBe(2);
  });

  it('rejects a bad signature with 401 and enqueues nothing', async () => {
    const { deps, queue, metrics, request } = setup();
    const signedRequest = request(JSON.stringify([event]));
    const result = await ingestWebhook(deps, { ...signedRequest, rawBody: JSON.stringify([{ ...event, objectId: 43 }]) });

    expect(result).toMatchObject({ status: 'rejected', httpStatus: 401, reason: 'bad-signature' });
    expect(queue.events).toEqual([]);
    expect(metrics.of(MetricName.WebhooksRejected)).toBe(1);
  });

  it('rejects a stale timestamp with 401', async () => {
    const { deps, queue, clock, request } = setup();
    const result = await ingestWebhook(deps, request(JSON.stringify([event]), clock.now - 301_000));
    expect(result).toMatchObject({ status: 'rejected', httpStatus: 401, reason: 'stale-timestamp' });
    expect(queue.events).toEqual([]);
  });

  it('rejects a signed but malformed body with 400', async () => {
    const { deps, queue, request } = setup();
    const result = await ingestWebhook(deps, request('{"not":"a batch"}'));
    expect(result).toMatchObject({ status: 'rejected', httpStatus: 400, reason: 'malformed-body' });
    expect(queue.events).toEqual([]);
  });

  it('rejects an oversized body with 413 before looking at the signature', async () => {
    const { deps, queue } = setup(100);
    const result = await ingestWebhook(deps, { method: 'POST', url: URL_, rawBody: 'x'.repeat(101), headers: {} });
    expect(result).toMatchObject({ status: 'rejected', httpStatus: 413, reason: 'body-too-large' });
    expect(queue.events).toEqual([]);
  });
});
