import { Client, Signature } from '@hubspot/api-client';
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
    await waitFor(() => receiver.requests.length === 2);
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
