import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Connection } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import { salesforceChangeFeed } from '#adapters/vendors/salesforce/change-feed';
import { salesforceOutboundWebhooks } from '#adapters/vendors/salesforce/outbound-message/webhook-source';
import type { ChangeEvent } from '#domain/change-event';
import type { OutboundMessagesOptions } from '#local/sandboxes/salesforce/outbound-messages';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/salesforce/server';
import { call, waitFor } from './support.ts';

const TOKEN = 'outbound-token-0123456789abcdef';
const ACCESS_TOKEN = 'outbound-test-access-token';

interface Listener {
  url: string;
  events: ChangeEvent[];
  answers: number[];
  close(): Promise<void>;
}

/**
 * A listener that runs the connector as the webhook function does: verify, parse, acknowledge. `fail(i)` makes
 * request i answer 500 (or, with 'nack', a 200 SOAP body with Ack false) before the connector sees it.
 */
async function startListener(organizationId: () => string, fail: (index: number) => false | 500 | 'nack' = () => false): Promise<Listener> {
  const events: ChangeEvent[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const index = answers.length;
        const failure = fail(index);
        if (failure === 500) return (answers.push(500), res.writeHead(500).end('boom'));
        if (failure === 'nack') return (answers.push(200), res.writeHead(200, { 'content-type': 'text/xml' }).end('<Envelope><Body><notificationsResponse><Ack>false</Ack></notificationsResponse></Body></Envelope>'));
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
        const request = { method: req.method ?? 'POST', url: `http://${req.headers.host ?? ''}${req.url ?? ''}`, headers, rawBody: Buffer.concat(chunks).toString('utf8') };
        const secret = { organizationId: organizationId(), outboundMessageToken: TOKEN };
        const verified = await salesforceOutboundWebhooks.verify(secret, request, Date.now());
        const parsed = verified.ok ? salesforceOutboundWebhooks.parse(request.rawBody) : verified;
        if (!parsed.ok) return (answers.push(parsed.reason === 'malformed-body' ? 400 : 401), res.writeHead(parsed.reason === 'malformed-body' ? 400 : 401).end(parsed.message));
        events.push(...parsed.events);
        const ack = salesforceOutboundWebhooks.acknowledge?.(parsed.events.length);
        answers.push(ack?.status ?? 202);
        res.writeHead(ack?.status ?? 202, { 'content-type': ack?.contentType ?? 'text/plain' }).end(ack?.body ?? '');
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/webhooks/salesforce?token=${TOKEN}`,
    events,
    answers,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

interface Message {
  id: string;
  state: 'pending' | 'delivered' | 'failed';
  notifications: { id: string; recordId: string }[];
  attempts: { status: number; outcome: string }[];
  body: string;
}

/** The poller's event id of a record's current version: `<Id>-<SystemModstamp ms>`, the stamp as REST writes it. */
async function versionOf(conn: Connection, id: string): Promise<string> {
  const record = (await conn.sobject('Contact').retrieve(id, { fields: ['SystemModstamp'] })) as { SystemModstamp: string };
  return `${id}-${Date.parse(record.SystemModstamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))}`;
}

describe('Salesforce sandbox Outbound Messages → the salesforce webhook connector', () => {
  let sandbox: SalesforceSandbox | undefined;
  let listener: Listener | undefined;

  async function start(fail?: (i: number) => false | 500 | 'nack', timing: OutboundMessagesOptions = {}) {
    let org = '';
    listener = await startListener(() => org, fail);
    sandbox = await startSalesforceSandbox({
      clientId: 'c',
      clientSecret: 's',
      refreshToken: 'r',
      accessToken: ACCESS_TOKEN,
      seed: false,
      outboundMessages: {
        definitions: [{ object: 'Contact', fields: ['Email', 'FirstName', 'LastName', 'Title', 'SystemModstamp', 'Syncline_Deleted__c'], endpointUrl: listener.url }],
        batchDelayMs: 30,
        retryBaseMs: 40,
        maxRetryIntervalMs: 200,
        maxAgeMs: 1500,
        ...timing,
      },
    });
    const state = await call(sandbox.url, '/__sandbox/outbound-messages');
    org = (state.json as { organizationId: string }).organizationId;
    const conn = new Connection({ instanceUrl: sandbox.url, accessToken: ACCESS_TOKEN, version: '62.0' });
    return { sandbox, listener, conn };
  }

  const messages = async (): Promise<Message[]> => ((await call(sandbox?.url ?? '', '/__sandbox/outbound-messages')).json as { messages: Message[] }).messages;

  afterEach(async () => {
    await sandbox?.close();
    await listener?.close();
    sandbox = undefined;
    listener = undefined;
  });

  it('sends changes made close together as one acknowledged message the connector parses into change events', async () => {
    const { listener, conn } = await start();
    const created = await conn.sobject('Contact').create([
      { LastName: 'Lovelace', FirstName: 'Ada', Email: 'ada@example.com', Title: 'R&D <lead>' },
      { LastName: 'Hopper', Email: 'grace@example.com' },
    ]);
    const ids = created.map((r) => (r.success ? r.id : ''));
    await waitFor(() => listener.events.length === 2);
    const [message] = await messages();
    expect(message).toMatchObject({ state: 'delivered', attempts: [{ status: 200, outcome: 'acked' }] });
    expect(message?.body).toContain('<sObject xsi:type="sf:Contact" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">');
    expect(message?.body).toContain('<sf:Title>R&amp;D &lt;lead&gt;</sf:Title>');
    expect(listener.events.map((e) => e.sourceId)).toEqual(ids);
    expect(listener.events[0]).toMatchObject({
      source: 'salesforce',
      objectType: 'Contact',
      kind: 'upsert',
      fields: { Email: 'ada@example.com', FirstName: 'Ada', Title: 'R&D <lead>', Syncline_Deleted__c: false },
    });
    // Named by record version, as the poller names the same change: `<Id>-<SystemModstamp ms>`.
    expect(listener.events[0]?.eventId).toBe(await versionOf(conn, ids[0] ?? ''));
    expect(listener.events[1]?.fields).not.toHaveProperty('FirstName');
    expect(new Set(listener.events.map((e) => e.eventId)).size).toBe(2);
  });

  it('names a change by the same event id whether its Outbound Message or a poll reports it', async () => {
    const { listener, conn } = await start();
    // The poll reads a second once it is over: this one polls as a run a few seconds later would.
    const feed = salesforceChangeFeed(conn, { clock: { nowMs: () => Date.now() + 5_000 }, lookbackMs: 65_000 });
    const created = await conn.sobject('Contact').create({ LastName: 'Lamarr', Email: 'hedy@example.com' });
    await waitFor(() => listener.events.length === 1);

    const polled = await feed.poll('Contact', ['Email', 'LastName'], undefined, 200);

    expect(polled.events.map((e) => e.sourceId)).toEqual([created.success ? created.id : '']);
    expect(listener.events[0]?.eventId).toBe(polled.events[0]?.eventId);
    expect(listener.events[0]?.occurredAt).toBe(polled.events[0]?.occurredAt);
  });

  it('sends an update with the latest data and never a delete', async () => {
    const { listener, conn } = await start();
    const created = await conn.sobject('Contact').create({ LastName: 'Turing', Email: 'alan@example.com' });
    const id = created.success ? created.id : '';
    await waitFor(() => listener.events.length === 1);
    await conn.sobject('Contact').update({ Id: id, Title: 'Mathematician' });
    await waitFor(() => listener.events.length === 2);
    await conn.sobject('Contact').destroy(id);
    await new Promise((r) => setTimeout(r, 150));
    expect(listener.events).toHaveLength(2);
    expect(listener.events[1]).toMatchObject({ sourceId: id, fields: { Title: 'Mathematician' } });
    expect(Date.parse(listener.events[1]?.occurredAt ?? '')).toBeGreaterThan(Date.parse(listener.events[0]?.occurredAt ?? ''));
  });

  it('retries a message the listener fails twice, with the same notification ids, until it is acknowledged', async () => {
    const { listener, conn } = await start((i) => (i === 0 ? 500 : i === 1 ? 'nack' : false));
    const created = await conn.sobject('Contact').create({ LastName: 'Noether', Email: 'emmy@example.com' });
    await waitFor(() => listener.events.length === 1);
    const [message] = await messages();
    expect(message?.state).toBe('delivered');
    expect(message?.attempts.map((a) => a.outcome)).toEqual(['http-error', 'not-acked', 'acked']);
    expect(message?.notifications[0]?.id).toMatch(/^04l[A-Za-z0-9]{15}$/);
    expect(listener.events[0]?.eventId).toBe(await versionOf(conn, created.success ? created.id : ''));
  });

  it('drops a message that is never acknowledged once it is older than maxAgeMs and shows it as failed', async () => {
    const { listener, conn } = await start(() => 500, { maxAgeMs: 400 });
    await conn.sobject('Contact').create({ LastName: 'Curie', Email: 'marie@example.com' });
    await waitFor(() => listener.answers.length >= 1);
    let failed: Message | undefined;
    for (let i = 0; i < 100 && !failed; i++) {
      failed = (await messages()).find((m) => m.state === 'failed');
      if (!failed) await new Promise((r) => setTimeout(r, 50));
    }
    expect(failed?.attempts.length).toBeGreaterThan(1);
    expect(failed?.attempts.every((a) => a.outcome === 'http-error')).toBe(true);
    const tries = listener.answers.length;
    await new Promise((r) => setTimeout(r, 300));
    expect(listener.answers.length).toBe(tries);
    expect(listener.events).toEqual([]);
  });

  it('defines messages over the inspection API and refuses bad definitions', async () => {
    const { sandbox, listener, conn } = await start();
    const defined = await call(sandbox.url, '/__sandbox/outbound-messages', { method: 'POST', body: { object: 'account', fields: ['Name', 'SystemModstamp'], endpointUrl: listener.url, on: 'create' } });
    expect(defined.status).toBe(201);
    expect(defined.json).toMatchObject({ object: 'Account', fields: ['Id', 'Name', 'SystemModstamp'], id: expect.stringMatching(/^04k/) });
    expect((await call(sandbox.url, '/__sandbox/outbound-messages', { method: 'POST', body: { object: 'Account', fields: ['Nope'], endpointUrl: listener.url } })).status).toBe(400);
    const account = await conn.sobject('Account').create({ Name: 'Acme' });
    await waitFor(() => listener.events.some((e) => e.objectType === 'Account'));
    await conn.sobject('Account').update({ Id: account.success ? account.id : '', Name: 'Acme 2' });
    await new Promise((r) => setTimeout(r, 150));
    expect(listener.events.filter((e) => e.objectType === 'Account')).toHaveLength(1);
  });
});
