import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { outreachWebhooks } from '#adapters/vendors/outreach/webhook-source';
import { startOutreachSandbox, type OutreachSandbox, type OutreachSandboxOptions } from '#local/sandboxes/outreach/server';
import type { InboundRequest } from '#ports/webhook-source';
import { call, startReceiver, waitFor, type ReceivedRequest, type Receiver } from './support.ts';

const APP = { clientId: 'outreach-app', clientSecret: 'outreach-app-secret', refreshToken: 'outreach-refresh' };
const TOKEN = 'outreach-webhook-token';
const SECRET = 'outreach-webhook-secret';

interface Delivery {
  data: { type: string; id: number; attributes: Record<string, unknown>; relationships: Record<string, { data: { type: string; id: number } | null }> };
  meta: { deliveredAt: string; eventName: string; jobId: string };
}

const deliveryOf = (r: ReceivedRequest): Delivery => JSON.parse(r.body) as Delivery;
const eventNames = (reqs: ReceivedRequest[]): string[] => reqs.map((r) => deliveryOf(r).meta.eventName);
const inbound = (r: ReceivedRequest, url: string): InboundRequest => ({ method: 'POST', url, rawBody: r.body, headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])) });

/** A receiver that drops the connection of its first `drops` requests without answering, then answers 200. */
async function startFlakyReceiver(drops: number): Promise<{ url: string; seen: () => number; close(): Promise<void> }> {
  let seen = 0;
  const server = createServer((req, res) => {
    seen += 1;
    if (seen <= drops) {
      req.socket.destroy();
      return;
    }
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/webhooks/outreach`, seen: () => seen, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

describe('Outreach sandbox webhook sender', () => {
  let sandbox: OutreachSandbox | undefined;
  let receiver: Receiver | undefined;

  async function start(respond?: (i: number) => number, options: Partial<OutreachSandboxOptions> = {}): Promise<{ sandbox: OutreachSandbox; receiver: Receiver }> {
    receiver = await startReceiver(respond);
    sandbox = await startOutreachSandbox({ ...APP, accessToken: TOKEN, webhookUrl: receiver.url, webhookSecret: SECRET, webhookRetryIntervalMs: 20, ...options });
    return { sandbox, receiver };
  }

  const api = (path: string, method = 'GET', body?: unknown) =>
    call(sandbox!.url, path, { method, body, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/vnd.api+json' } });

  afterEach(async () => {
    await sandbox?.close();
    await receiver?.close();
    sandbox = undefined;
    receiver = undefined;
  });

  it('posts signed JSON:API deliveries for prospect changes that our verifier accepts and a byte change breaks', async () => {
    const { receiver } = await start();
    const created = await api('/api/v2/prospects', 'POST', { data: { type: 'prospect', attributes: { firstName: 'Ada', emails: ['ada@example.com'] } } });
    const id = (created.json as { data: { id: number } }).data.id;
    await api(`/api/v2/prospects/${id}`, 'PATCH', { data: { type: 'prospect', id, attributes: { firstName: 'Ada', title: 'CTO' } } });
    await api(`/api/v2/prospects/${id}`, 'DELETE');
    await waitFor(() => receiver.requests.length === 3);

    const [first, update, destroy] = receiver.requests as [ReceivedRequest, ReceivedRequest, ReceivedRequest];
    expect(first.headers['content-type']).toBe('application/vnd.api+json');
    expect(first.headers['outreach-webhook-id']).toMatch(/^[0-9a-f-]{36}$/);
    for (const r of receiver.requests) expect(await outreachWebhooks.verify({ webhookSecret: SECRET }, inbound(r, receiver.url), Date.now())).toEqual({ ok: true });
    const tampered = { ...inbound(first, receiver.url), rawBody: first.body.replace('Ada', 'Eve') };
    expect(await outreachWebhooks.verify({ webhookSecret: SECRET }, tampered, Date.now())).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(eventNames(receiver.requests)).toEqual(['prospect.created', 'prospect.updated', 'prospect.destroyed']);
    expect(deliveryOf(update).data).toMatchObject({ type: 'prospect', id });
    expect(Object.keys(deliveryOf(update).data.attributes).sort()).toEqual(['title', 'updatedAt']);
    expect(deliveryOf(destroy).data.attributes).toMatchObject({ firstName: 'Ada', title: 'CTO', emails: ['ada@example.com'] });
    expect(new Set(receiver.requests.map((r) => deliveryOf(r).meta.jobId)).size).toBe(3);
  });

  it('turns a sandbox mailing into mailing.created, mailing.delivered and prospect.updated, which parse into a mailing and a prospect change', async () => {
    const { sandbox, receiver } = await start();
    const mailing = await call(sandbox.url, '/__sandbox/mailings', { method: 'POST', body: { prospectId: 1003, subject: 'Renewal terms', deliveredAt: '2024-06-01T12:00:00.000Z' } });
    await waitFor(() => receiver.requests.length === 3);

    expect(mailing.status).toBe(201);
    expect(eventNames(receiver.requests)).toEqual(['mailing.created', 'mailing.delivered', 'prospect.updated']);
    const events = receiver.requests.flatMap((r) => {
      const parsed = outreachWebhooks.parse(r.body);
      return parsed.ok ? parsed.events : [];
    });
    const mailingId = String((mailing.json as { data: { id: number } }).data.id);
    expect(events.map((e) => [e.objectType, e.sourceId, e.kind])).toEqual([
      ['mailing', mailingId, 'upsert'],
      ['prospect', '1003', 'upsert'],
    ]);
    expect(events[0]?.fields).toMatchObject({ state: 'delivered', deliveredAt: '2024-06-01T12:00:00.000Z', prospectId: '1003' });
    expect(events[1]?.fields).toMatchObject({ touchedAt: '2024-06-01T12:00:00.000Z' });
  });

  it('sends sequenceState and call events with the prospect relationship', async () => {
    const { sandbox, receiver } = await start();
    await api('/api/v2/sequenceStates/5001/actions/pause', 'POST');
    await call(sandbox.url, '/__sandbox/logged-calls', { method: 'POST', body: { prospectId: 1005, outcome: 'Not Answered' } });
    await waitFor(() => receiver.requests.length === 3);

    expect(eventNames(receiver.requests)).toEqual(['sequenceState.updated', 'call.created', 'prospect.updated']);
    expect(deliveryOf(receiver.requests[0] as ReceivedRequest).data).toMatchObject({ attributes: { state: 'paused' }, relationships: { prospect: { data: { type: 'prospect', id: 1001 } } } });
    const parsed = outreachWebhooks.parse((receiver.requests[0] as ReceivedRequest).body);
    expect(parsed.ok && parsed.events[0]).toMatchObject({ objectType: 'prospect', sourceId: '1001' });
    expect(deliveryOf(receiver.requests[1] as ReceivedRequest).data).toMatchObject({ type: 'call', attributes: { outcome: 'Not Answered', answeredAt: null }, relationships: { prospect: { data: { id: 1005 } } } });
  });

  it('honours subscriptions created through the API: their own secret, resource and action', async () => {
    const { sandbox } = await start(undefined, { webhookUrl: undefined });
    const second = await startReceiver();
    try {
      const created = await api('/api/v2/webhooks', 'POST', { data: { type: 'webhook', attributes: { url: second.url, resource: 'prospect', action: 'updated', secret: 'api-secret' } } });
      await api('/api/v2/prospects', 'POST', { data: { type: 'prospect', attributes: { lastName: 'Quiet' } } });
      await api('/api/v2/prospects/1004', 'PATCH', { data: { type: 'prospect', id: 1004, attributes: { title: 'Head of Sales' } } });
      await sandbox.webhooksIdle();

      expect(created.status).toBe(201);
      expect((created.json as { data: { attributes: Record<string, unknown> } }).data.attributes).not.toHaveProperty('secret');
      expect(eventNames(second.requests)).toEqual(['prospect.updated']);
      const r = second.requests[0] as ReceivedRequest;
      expect(await outreachWebhooks.verify({ webhookSecret: 'api-secret' }, inbound(r, second.url), Date.now())).toEqual({ ok: true });
      expect(await outreachWebhooks.verify({ webhookSecret: SECRET }, inbound(r, second.url), Date.now())).toMatchObject({ ok: false });
    } finally {
      await second.close();
    }
  });

  it('retries a delivery whose connection failed, with the same bytes and signature', async () => {
    const flaky = await startFlakyReceiver(2);
    try {
      sandbox = await startOutreachSandbox({ ...APP, accessToken: TOKEN, webhookUrl: flaky.url, webhookSecret: SECRET, webhookRetryIntervalMs: 20 });
      await api('/api/v2/prospects/1001', 'PATCH', { data: { type: 'prospect', id: 1001, attributes: { title: 'CIO' } } });
      await sandbox.webhooksIdle();
      const log = (await call(sandbox.url, '/__sandbox/webhooks')).json as { deliveries: Array<{ attempts: Array<{ status: number }> }> };
      expect(flaky.seen()).toBe(3);
      expect(log.deliveries[0]?.attempts.map((a) => a.status)).toEqual([0, 0, 200]);
    } finally {
      await flaky.close();
    }
  });

  it('gives up after three retries when the connection keeps failing', async () => {
    const flaky = await startFlakyReceiver(100);
    try {
      sandbox = await startOutreachSandbox({ ...APP, accessToken: TOKEN, webhookUrl: flaky.url, webhookSecret: SECRET, webhookRetryIntervalMs: 10 });
      await api('/api/v2/prospects/1001', 'PATCH', { data: { type: 'prospect', id: 1001, attributes: { title: 'CIO' } } });
      await sandbox.webhooksIdle();
      expect(flaky.seen()).toBe(4);
    } finally {
      await flaky.close();
    }
  });

  it('does not retry a non-2xx answer', async () => {
    const { sandbox, receiver } = await start(() => 500);
    await api('/api/v2/prospects/1001', 'PATCH', { data: { type: 'prospect', id: 1001, attributes: { title: 'CIO' } } });
    await sandbox.webhooksIdle();
    const log = (await call(sandbox.url, '/__sandbox/webhooks')).json as { deliveries: Array<{ attempts: Array<{ status: number }> }> };
    expect(receiver.requests).toHaveLength(1);
    expect(log.deliveries[0]?.attempts.map((a) => a.status)).toEqual([500]);
  });

  it('redelivers identical bytes and headers, which parse to the same event id', async () => {
    const { sandbox, receiver } = await start();
    await api('/api/v2/prospects/1002', 'PATCH', { data: { type: 'prospect', id: 1002, attributes: { title: 'CPO' } } });
    await sandbox.webhooksIdle();
    const log = (await call(sandbox.url, '/__sandbox/webhooks')).json as { deliveries: Array<{ id: string }> };
    await call(sandbox.url, `/__sandbox/webhooks/${log.deliveries[0]?.id}/redeliver`, { method: 'POST' });
    const [original, duplicate] = receiver.requests as [ReceivedRequest, ReceivedRequest];
    const ids = [original, duplicate].map((r) => {
      const parsed = outreachWebhooks.parse(r.body);
      return parsed.ok ? parsed.events[0]?.eventId : undefined;
    });
    expect(duplicate.body).toBe(original.body);
    expect(duplicate.headers['outreach-webhook-signature']).toBe(original.headers['outreach-webhook-signature']);
    expect(ids[0]).toBeDefined();
    expect(ids[1]).toBe(ids[0]);
  });

  it('sends unsigned deliveries for a subscription without a secret', async () => {
    const { sandbox, receiver } = await start(undefined, { webhookSecret: undefined });
    await api('/api/v2/prospects/1001', 'PATCH', { data: { type: 'prospect', id: 1001, attributes: { title: 'CIO' } } });
    await sandbox.webhooksIdle();
    expect(receiver.requests[0]?.headers['outreach-webhook-signature']).toBeUndefined();
    expect(await outreachWebhooks.verify({ webhookSecret: SECRET }, inbound(receiver.requests[0] as ReceivedRequest, receiver.url), Date.now())).toMatchObject({ ok: false, reason: 'missing-signature' });
  });
});
