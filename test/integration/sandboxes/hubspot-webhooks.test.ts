import { Client, Signature } from '@hubspot/api-client';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHubspotSandbox, type HubspotSandbox, type HubspotSandboxOptions } from '#local/sandboxes/index';
import { call, startReceiver, waitFor, type ReceivedRequest, type Receiver } from './support.ts';

const SECRET = 'webhook-client-secret';
const TOKEN = 'pat-webhook-token';

interface Event {
  eventId: number;
  subscriptionId: number;
  subscriptionType: string;
  objectId: number;
  attemptNumber: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  changeSource: string;
  changeFlag?: string;
  propertyName?: string;
  propertyValue?: string;
}

const eventsOf = (reqs: ReceivedRequest[]): Event[] => reqs.flatMap((r) => JSON.parse(r.body) as Event[]);

function verifiesV3(req: ReceivedRequest, url: string): boolean {
  return Signature.isValid({
    signatureVersion: 'v3',
    signature: String(req.headers['x-hubspot-signature-v3']),
    clientSecret: SECRET,
    requestBody: req.body,
    url,
    method: 'POST',
    timestamp: Number(req.headers['x-hubspot-request-timestamp']),
  });
}

describe('HubSpot sandbox webhook sender', () => {
  let sandbox: HubspotSandbox | undefined;
  let receiver: Receiver | undefined;

  async function start(respond?: (i: number) => number, options: Partial<HubspotSandboxOptions> = {}): Promise<{ sandbox: HubspotSandbox; receiver: Receiver; client: Client }> {
    receiver = await startReceiver(respond);
    sandbox = await startHubspotSandbox({ clientSecret: SECRET, accessToken: TOKEN, webhookUrl: receiver.url, webhookBatchDelayMs: 30, webhookRetryBaseMs: 50, seed: false, appId: 777, portalId: 888, ...options });
    return { sandbox, receiver, client: new Client({ accessToken: TOKEN, basePath: sandbox.url }) };
  }

  afterEach(async () => {
    await sandbox?.close();
    await receiver?.close();
    sandbox = undefined;
    receiver = undefined;
  });

  it('sends property changes only for the subscribed properties of a type, and every change of the others', async () => {
    const { receiver, client } = await start(undefined, { propertySubscriptions: { contacts: ['jobtitle'] } });
    const contact = await client.crm.contacts.basicApi.create({ properties: { email: 'sub@example.com', lastname: 'Sub' }, associations: [] });
    await client.crm.contacts.basicApi.update(contact.id, { properties: { jobtitle: 'CTO', firstname: 'Ada' } });
    const company = await client.crm.companies.basicApi.create({ properties: { name: 'Acme' }, associations: [] });
    await waitFor(() => eventsOf(receiver.requests).some((e) => e.objectId === Number(company.id) && e.subscriptionType === 'company.propertyChange'));
    await waitFor(() => eventsOf(receiver.requests).some((e) => e.propertyName === 'jobtitle'));

    const contactEvents = eventsOf(receiver.requests).filter((e) => e.objectId === Number(contact.id));
    expect(contactEvents.map((e) => e.subscriptionType).filter((t) => t === 'contact.creation')).toHaveLength(1);
    expect(contactEvents.filter((e) => e.subscriptionType === 'contact.propertyChange').map((e) => e.propertyName)).toEqual(['jobtitle']);
  });

  it('posts creation and property events signed with v1 and v3 that the SDK verifies', async () => {
    const { receiver, client } = await start();
    const contact = await client.crm.contacts.basicApi.create({ properties: { email: 'ada@example.com', firstname: 'Ada', lastname: '' }, associations: [] });
    await waitFor(() => receiver.requests.length === 1);
    const [req] = receiver.requests as [ReceivedRequest];
    const events = eventsOf([req]);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['x-hubspot-signature-version']).toBe('v1');
    expect(verifiesV3(req, receiver.url)).toBe(true);
    expect(Signature.isValid({ signatureVersion: 'v1', signature: String(req.headers['x-hubspot-signature']), clientSecret: SECRET, requestBody: req.body })).toBe(true);
    expect(verifiesV3({ ...req, body: req.body.replace('ada@', 'eve@') }, receiver.url)).toBe(false);
    expect(events.map((e) => [e.subscriptionType, e.propertyName ?? null])).toEqual([
      ['contact.creation', null],
      ['contact.propertyChange', 'email'],
      ['contact.propertyChange', 'firstname'],
    ]);
    expect(events[0]).toMatchObject({ changeFlag: 'NEW', objectId: Number(contact.id), portalId: 888, appId: 777, attemptNumber: 0, changeSource: 'CRM' });
    expect(events.map((e) => e.eventId)).toEqual([...events.map((e) => e.eventId)].sort((a, b) => a - b));
  });

  it('sends one propertyChange per changed value on update and a deletion on archive', async () => {
    const { receiver, client } = await start();
    const contact = await client.crm.contacts.basicApi.create({ properties: { email: 'bo@example.com', firstname: 'Bo' }, associations: [] });
    await waitFor(() => receiver.requests.length === 1);
    await client.crm.contacts.basicApi.update(contact.id, { properties: { firstname: 'Bo', jobtitle: 'CTO' } });
    await client.crm.contacts.basicApi.archive(contact.id);
    // The two changes may land in one request or two, depending on how the batch window falls.
    await waitFor(() => eventsOf(receiver.requests.slice(1)).length === 2);
    const events = eventsOf(receiver.requests.slice(1));
    expect(events.map((e) => [e.subscriptionType, e.propertyName ?? null, e.propertyValue ?? null])).toEqual([
      ['contact.propertyChange', 'jobtitle', 'CTO'],
      ['contact.deletion', null, null],
    ]);
    const subscriptionIds = new Set(eventsOf(receiver.requests).filter((e) => e.subscriptionType === 'contact.propertyChange').map((e) => e.subscriptionId));
    expect(subscriptionIds.size).toBe(1);
  });

  it('splits more than 100 queued events into requests of at most 100', async () => {
    const { receiver, client } = await start(undefined, { webhookBatchDelayMs: 60_000 });
    for (let chunk = 0; chunk < 2; chunk++) {
      const inputs = Array.from({ length: 60 }, (_, i) => ({ properties: { email: `c${chunk}-${i}@example.com` }, associations: [] }));
      await client.crm.contacts.batchApi.create({ inputs });
    }
    const flushed = await call(sandbox!.url, '/__sandbox/webhooks/flush', { method: 'POST' });
    const events = eventsOf(receiver.requests);
    expect(flushed.json).toEqual({ deliveries: 3 });
    expect(receiver.requests.map((r) => (JSON.parse(r.body) as unknown[]).length)).toEqual([100, 100, 40]);
    expect(events.filter((e) => e.subscriptionType === 'contact.creation')).toHaveLength(120);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(240);
  });

  it('retries after a 500 with attemptNumber incremented and a fresh valid signature', async () => {
    const { receiver, client } = await start((i) => (i === 0 ? 500 : 200));
    await client.crm.companies.basicApi.create({ properties: { name: 'Retry Ltd' }, associations: [] });
    await waitFor(() => receiver.requests.length === 2);
    const first = eventsOf(receiver.requests.slice(0, 1))[0];
    const second = eventsOf(receiver.requests.slice(1, 2))[0];
    expect(first).toMatchObject({ subscriptionType: 'company.creation', attemptNumber: 0 });
    expect(second).toMatchObject({ subscriptionType: 'company.creation', attemptNumber: 1, eventId: first?.eventId });
    expect(receiver.requests.every((r) => verifiesV3(r, receiver.url))).toBe(true);
    const log = await call(sandbox!.url, '/__sandbox/webhooks');
    const attempts = (log.json as { deliveries: Array<{ attempts: Array<{ status: number }> }> }).deliveries[0]?.attempts;
    expect(attempts?.map((a) => a.status)).toEqual([500, 200]);
  });

  it('fails a delivery for good on 400 without retrying', async () => {
    const { receiver, client } = await start(() => 400);
    await client.crm.deals.basicApi.create({ properties: { dealname: 'No retry' }, associations: [] });
    await waitFor(() => receiver.requests.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.requests).toHaveLength(1);
  });

  it('redelivers the identical bytes and headers as a duplicate', async () => {
    const { receiver, client } = await start((i) => (i === 0 ? 200 : 204));
    await client.crm.contacts.basicApi.create({ properties: { email: 'dup@example.com' }, associations: [] });
    await waitFor(() => receiver.requests.length === 1);
    const log = (await call(sandbox!.url, '/__sandbox/webhooks')).json as { deliveries: Array<{ id: string; body: string }> };
    const answer = await call(sandbox!.url, `/__sandbox/webhooks/${log.deliveries[0]?.id}/redeliver`, { method: 'POST' });
    const [original, duplicate] = receiver.requests as [ReceivedRequest, ReceivedRequest];
    expect(answer.json).toEqual({ status: 204 });
    expect(duplicate.body).toBe(original.body);
    expect(duplicate.body).toBe(log.deliveries[0]?.body);
    for (const h of ['x-hubspot-signature', 'x-hubspot-signature-v3', 'x-hubspot-request-timestamp']) expect(duplicate.headers[h]).toBe(original.headers[h]);
  });

  it('rejects redelivery of an unknown delivery id with 404', async () => {
    const { sandbox } = await start();
    const answer = await call(sandbox.url, '/__sandbox/webhooks/d999/redeliver', { method: 'POST' });
    expect(answer.status).toBe(404);
  });

  it('drops queued events while no webhook URL is set', async () => {
    const { sandbox, receiver, client } = await start(undefined, { webhookBatchDelayMs: 50 });
    sandbox.setWebhookUrl(undefined);
    await client.crm.contacts.basicApi.create({ properties: { email: 'quiet@example.com' }, associations: [] });
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.requests).toHaveLength(0);
  });
});

/** A receiver whose answer (status, headers, or no answer at all) depends on the request index. */
async function startScriptedReceiver(answer: (index: number) => { status: number; headers?: Record<string, string> } | 'hang') {
  const bodies: string[] = [];
  const hung: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const a = answer(bodies.length);
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      if (a === 'hang') hung.push(res);
      else res.writeHead(a.status, a.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    bodies,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('HubSpot sandbox webhook retries', () => {
  let sandbox: HubspotSandbox | undefined;
  let close: (() => Promise<void>) | undefined;

  async function start(answer: Parameters<typeof startScriptedReceiver>[0], options: Partial<HubspotSandboxOptions> = {}) {
    const receiver = await startScriptedReceiver(answer);
    close = receiver.close;
    sandbox = await startHubspotSandbox({ clientSecret: SECRET, accessToken: TOKEN, webhookUrl: receiver.url, webhookBatchDelayMs: 10, webhookRetryBaseMs: 20, seed: false, ...options });
    return { receiver, client: new Client({ accessToken: TOKEN, basePath: sandbox.url }) };
  }
  const attempts = async () => ((await call(sandbox!.url, '/__sandbox/webhooks')).json as { deliveries: Array<{ attempts: Array<{ status: number; attemptNumber: number; retryAfterMs?: number; nextAttemptInMs?: number }> }> }).deliveries[0]?.attempts ?? [];

  afterEach(async () => {
    await sandbox?.close();
    await close?.();
    sandbox = undefined;
    close = undefined;
  });

  it('waits as long as the Retry-After of a 429 says instead of backing off, then succeeds', async () => {
    const { receiver, client } = await start((i) => (i === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : { status: 200 }));
    await client.crm.deals.basicApi.create({ properties: { dealname: 'Later' }, associations: [] });
    await waitFor(() => receiver.bodies.length === 2, 4000);
    const log = await attempts();
    expect(log.map((a) => [a.status, a.attemptNumber])).toEqual([[429, 0], [200, 1]]);
    expect(log[0]).toMatchObject({ retryAfterMs: 1000, nextAttemptInMs: 1000 });
    expect(log[1]?.nextAttemptInMs).toBeUndefined();
  });

  it('caps a long Retry-After at webhookMaxRetryAfterMs', async () => {
    const { receiver, client } = await start((i) => (i === 0 ? { status: 429, headers: { 'Retry-After': '3600' } } : { status: 204 }), { webhookMaxRetryAfterMs: 50 });
    await client.crm.deals.basicApi.create({ properties: { dealname: 'Capped' }, associations: [] });
    await waitFor(() => receiver.bodies.length === 2);
    expect((await attempts())[0]).toMatchObject({ status: 429, retryAfterMs: 3_600_000, nextAttemptInMs: 50 });
  });

  it('backs off exponentially on 503 and gives up after webhookMaxAttempts', async () => {
    const { receiver, client } = await start(() => ({ status: 503 }), { webhookMaxAttempts: 3 });
    await client.crm.deals.basicApi.create({ properties: { dealname: 'Down' }, associations: [] });
    await waitFor(() => receiver.bodies.length === 3);
    await new Promise((r) => setTimeout(r, 150));
    const log = await attempts();
    expect(receiver.bodies).toHaveLength(3);
    expect(log.map((a) => [a.attemptNumber, a.nextAttemptInMs])).toEqual([[0, 20], [1, 40], [2, undefined]]);
    expect(receiver.bodies.map((b) => (JSON.parse(b) as Array<{ attemptNumber: number }>)[0]?.attemptNumber)).toEqual([0, 1, 2]);
  });

  it('retries a delivery that timed out (status 0)', async () => {
    const { receiver, client } = await start((i) => (i === 0 ? 'hang' : { status: 200 }), { webhookTimeoutMs: 100 });
    await client.crm.deals.basicApi.create({ properties: { dealname: 'Slow' }, associations: [] });
    await waitFor(() => receiver.bodies.length === 2);
    const log = await attempts();
    expect(log[0]).toMatchObject({ status: 0, attemptNumber: 0, nextAttemptInMs: 20 });
  });

  it.each([401, 403, 404, 405])('fails a delivery for good on %i without retrying', async (status) => {
    const { receiver, client } = await start(() => ({ status }));
    await client.crm.deals.basicApi.create({ properties: { dealname: 'Refused' }, associations: [] });
    await waitFor(() => receiver.bodies.length === 1);
    await new Promise((r) => setTimeout(r, 120));
    expect(receiver.bodies).toHaveLength(1);
    expect((await attempts())[0]?.nextAttemptInMs).toBeUndefined();
  });
});
