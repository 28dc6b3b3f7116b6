import { describe, expect, it } from 'vitest';
import { ingestWebhook, type IngestWebhookDeps } from '#app/ingest-webhook';
import type { ChangeEvent } from '#domain/change-event';
import { RetryableError } from '#domain/errors';
import type { EnqueueResult, QueueRefusal } from '#ports/change-queue';
import type { QuarantineItem } from '#ports/stores';
import { hubspotWebhooks } from '#adapters/vendors/hubspot/webhook-source';
import { secretBackedWebhookSource } from '#adapters/vendors/secret-backed-webhook-source';
import { hubspotV3Signature } from '#adapters/vendors/hubspot/verify-signature';
import { MetricName } from '#ports/metrics';
import { CountingMetrics, FakeClock, MemoryQuarantine, MemoryQueue, MemorySecrets } from '#test/support/fakes';

const SECRET = 'client-secret';
const URL_ = 'https://hooks.example.com/webhooks/hubspot';
const event = { eventId: 7, subscriptionId: 1, portalId: 2, occurredAt: 1_700_000_000_000, subscriptionType: 'contact.creation', objectId: 42, attemptNumber: 0 };

/** A queue that refuses the records `refuse` names (by source id) with the given code, as SqsChangeQueue reports it. */
class RefusingQueue extends MemoryQueue {
  constructor(private readonly refuse: Record<string, QueueRefusal>) {
    super();
  }
  override async enqueue(events: readonly ChangeEvent[]): Promise<EnqueueResult> {
    const code = (e: ChangeEvent) => this.refuse[e.sourceId];
    await super.enqueue(events.filter((e) => !code(e)));
    return { refused: events.flatMap((event) => (code(event) ? [{ event, code: code(event) as QueueRefusal, reason: `refused: ${code(event)}` }] : [])) };
  }
}

/** A quarantine that is down. */
class UnavailableQuarantine extends MemoryQuarantine {
  override async put(_item: QuarantineItem): Promise<void> {
    throw new RetryableError('dynamodb is unavailable (ECONNREFUSED)');
  }
}

function setup(maxBodyBytes = 1024, queue: MemoryQueue = new MemoryQueue(), quarantine: MemoryQuarantine = new MemoryQuarantine()) {
  const clock = new FakeClock();
  const metrics = new CountingMetrics();
  const secrets = new MemorySecrets({ hubspot: { accessToken: 't', clientSecret: SECRET } });
  const deps: IngestWebhookDeps = { source: secretBackedWebhookSource(hubspotWebhooks, secrets), queue, quarantine, metrics, clock, maxBodyBytes };
  const request = (body: string, ts = clock.now) => ({
    method: 'POST',
    url: URL_,
    rawBody: body,
    headers: { 'x-hubspot-signature-v3': hubspotV3Signature(SECRET, 'POST', URL_, body, String(ts)), 'x-hubspot-request-timestamp': String(ts) },
  });
  return { deps, queue, quarantine, metrics, clock, request, secrets };
}

describe('ingestWebhook', () => {
  it('enqueues every event of a verified batch and counts them', async () => {
    const { deps, queue, metrics, request } = setup();
    const result = await ingestWebhook(deps, request(JSON.stringify([event, { ...event, eventId: 8, objectId: 43 }])));

    expect(result).toEqual({ status: 'accepted', enqueued: 2, skipped: [], refused: [] });
    expect(queue.events.map((e) => e.eventId)).toEqual(['1-7-1700000000000', '1-8-1700000000000']);
    expect(metrics.of(MetricName.ChangesReceived)).toBe(2);
  });

  it("enqueues one change for a record's creation and property events in the same delivery, counting all received", async () => {
    const { deps, queue, metrics, request } = setup();
    const property = { ...event, eventId: 8, subscriptionId: 3, subscriptionType: 'contact.propertyChange', propertyName: 'email', propertyValue: 'a@example.com' };
    const result = await ingestWebhook(deps, request(JSON.stringify([event, property])));

    expect(result).toEqual({ status: 'accepted', enqueued: 1, skipped: [], refused: [] });
    expect(queue.events).toMatchObject([{ sourceId: '42', eventId: '3-8-1700000000000+1', kind: 'upsert', fields: { email: 'a@example.com' } }]);
    expect(metrics.of(MetricName.ChangesReceived)).toBe(2);
  });

  it('quarantines a record the queue refuses, with its reason, and accepts the rest of the delivery', async () => {
    const { deps, queue, quarantine, metrics, clock, request } = setup(1024, new RefusingQueue({ '43': 'MESSAGE_INVALID_CHARACTERS' }));
    const body = JSON.stringify([event, { ...event, eventId: 8, objectId: 43 }, { ...event, eventId: 9, objectId: 44 }]);

    const result = await ingestWebhook(deps, request(body));

    expect(result).toEqual({
      status: 'accepted',
      enqueued: 2,
      skipped: [],
      refused: [{ recordKey: 'hubspot:contacts:43', eventId: '1-8-1700000000000', code: 'MESSAGE_INVALID_CHARACTERS', reason: 'refused: MESSAGE_INVALID_CHARACTERS' }],
    });
    expect(queue.events.map((e) => e.sourceId)).toEqual(['42', '44']);
    expect(quarantine.items.get('hubspot:contacts:43')).toEqual({
      id: 'hubspot:contacts:43',
      event: expect.objectContaining({ sourceId: '43', eventId: '1-8-1700000000000' }),
      code: 'MESSAGE_INVALID_CHARACTERS',
      reason: 'refused: MESSAGE_INVALID_CHARACTERS',
      at: new Date(clock.now).toISOString(),
      attempts: 1,
    });
    expect(metrics.of(MetricName.ChangesRefusedByQueue)).toBe(1);
    expect(metrics.of(MetricName.ChangesReceived)).toBe(3);
  });

  it('quarantines a change too large for the queue without its values, counting one more attempt for the record', async () => {
    const { deps, quarantine, request } = setup(1024, new RefusingQueue({ '42': 'MESSAGE_TOO_LARGE' }));
    const property = { ...event, eventId: 8, subscriptionType: 'contact.propertyChange', propertyName: 'notes', propertyValue: 'long notes' };
    await ingestWebhook(deps, request(JSON.stringify([property])));

    await ingestWebhook(deps, request(JSON.stringify([{ ...property, eventId: 9 }])));

    const item = quarantine.items.get('hubspot:contacts:42');
    expect(item).toMatchObject({ code: 'MESSAGE_TOO_LARGE', attempts: 2, event: { sourceId: '42', eventId: '1-9-1700000000000' } });
    expect(hubspotWebhooks.parse(JSON.stringify([property]))).toMatchObject({ events: [{ fields: { notes: 'long notes' } }] });
    expect(item?.event.fields).toEqual({});
    expect(item?.event.snapshot).toBeUndefined();
    expect(item?.reason).toBe('refused: MESSAGE_TOO_LARGE; the quarantine keeps the change without its values, so a retry reads the record from its source');
  });

  it('quarantines a snapshot too large for the queue saying its values are not kept, never promising a re-read', async () => {
    // Prepare: the queue refuses the change as the snapshot a Stripe or Gong delivery carries.
    const snapshots = new (class extends MemoryQueue {
      override async enqueue(events: readonly ChangeEvent[]): Promise<EnqueueResult> {
        return { refused: events.map((e) => ({ event: { ...e, snapshot: true }, code: 'MESSAGE_TOO_LARGE' as const, reason: 'refused: MESSAGE_TOO_LARGE' })) };
      }
    })();
    const { deps, quarantine, request } = setup(1024, snapshots);

    // Act
    await ingestWebhook(deps, request(JSON.stringify([event])));

    // Assess
    const item = quarantine.items.get('hubspot:contacts:42');
    expect(item?.event.snapshot).toBeUndefined();
    expect(item?.reason).toBe('refused: MESSAGE_TOO_LARGE; the quarantine keeps the change without its values, which were the only copy of the record: hubspot must send it again');
  });

  it('fails the delivery when a refused record cannot be quarantined either, so the vendor sends it again', async () => {
    const { deps, queue, metrics, request } = setup(1024, new RefusingQueue({ '43': 'MESSAGE_TOO_LARGE' }), new UnavailableQuarantine());

    await expect(ingestWebhook(deps, request(JSON.stringify([event, { ...event, eventId: 8, objectId: 43 }])))).rejects.toThrow(RetryableError);
    expect(queue.events.map((e) => e.sourceId)).toEqual(['42']);
    expect(metrics.of(MetricName.ChangesRefusedByQueue)).toBe(0);
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

  it('accepts a delivery signed with a just-rotated secret by re-reading the secret once', async () => {
    const { deps, queue, secrets, clock } = setup();
    secrets.stored['hubspot'] = { accessToken: 't', clientSecret: 'rotated' };
    const body = JSON.stringify([event]);
    const signedWith = (secret: string) => ({ method: 'POST', url: URL_, rawBody: body, headers: { 'x-hubspot-signature-v3': hubspotV3Signature(secret, 'POST', URL_, body, String(clock.now)), 'x-hubspot-request-timestamp': String(clock.now) } });

    expect(await ingestWebhook(deps, signedWith('rotated'))).toEqual({ status: 'accepted', enqueued: 1, skipped: [], refused: [] });
    expect(secrets.freshReads).toBe(1);
    expect(queue.events).toHaveLength(1);
  });

  it('rejects a forged signature after at most one fresh read per 30 seconds', async () => {
    const { deps, secrets, request, clock } = setup();
    const forged = { ...request('[]'), headers: { ...request('[]').headers, 'x-hubspot-signature-v3': 'AAAA' } };
    for (let i = 0; i < 5; i++) expect(await ingestWebhook(deps, forged)).toMatchObject({ status: 'rejected', reason: 'bad-signature' });
    expect(secrets.freshReads).toBe(1);
    clock.now += 30_000;
    await ingestWebhook(deps, forged);
    expect(secrets.freshReads).toBe(2);
  });
});
