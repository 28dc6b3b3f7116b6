import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startGongSandbox,
  startHubspotSandbox,
  startOutreachSandbox,
  startSalesforceSandbox,
  startSlackSandbox,
  startStripeSandbox,
  startZoominfoSandbox,
} from '#local/sandboxes/index';
import { call } from './support.ts';

const SLACK_PATH = '/services/T0TEST/B0TEST/EverySandboxWebhookSecret01';

/** One authenticated call to each sandbox's API, by its endpoint name: enough to see faults and counters apply. */
interface Probe {
  name: string;
  start(): Promise<{ url: string; close(): Promise<void> }>;
  endpoint: string;
  request: { method: string; path: string; body?: unknown; headers?: Record<string, string> };
  /** An object `/__sandbox/records/{object}` lists, and whether the seed fills it. */
  records: { object: string; seeded: boolean };
}

const PROBES: Probe[] = [
  {
    name: 'HubSpot',
    start: () => startHubspotSandbox({ clientSecret: 's', accessToken: 'hs-token' }),
    endpoint: 'listObjects',
    request: { method: 'GET', path: '/crm/v3/objects/contacts', headers: { authorization: 'Bearer hs-token' } },
    records: { object: 'contacts', seeded: true },
  },
  {
    name: 'Salesforce',
    start: () => startSalesforceSandbox({ clientId: 'c', clientSecret: 's', refreshToken: 'r', accessToken: 'sf-token' }),
    endpoint: 'limits',
    request: { method: 'GET', path: '/services/data/v62.0/limits', headers: { authorization: 'Bearer sf-token' } },
    records: { object: 'Contact', seeded: true },
  },
  {
    name: 'Outreach',
    start: () => startOutreachSandbox({ clientId: 'c', clientSecret: 's', refreshToken: 'r', webhookSecret: 'w', accessToken: 'or-token' }),
    endpoint: 'listProspects',
    request: { method: 'GET', path: '/api/v2/prospects', headers: { authorization: 'Bearer or-token' } },
    records: { object: 'prospect', seeded: true },
  },
  {
    name: 'Gong',
    start: () => startGongSandbox({}),
    endpoint: 'listCalls',
    request: { method: 'GET', path: '/v2/calls', headers: { authorization: `Basic ${Buffer.from('sandbox-access-key:sandbox-access-secret').toString('base64')}` } },
    records: { object: 'calls', seeded: true },
  },
  {
    name: 'Stripe',
    start: () => startStripeSandbox({ webhookSecret: 'whsec_every_sandbox' }),
    endpoint: 'listCustomers',
    request: { method: 'GET', path: '/v1/customers', headers: { authorization: 'Bearer sk_test_syncline' } },
    records: { object: 'customers', seeded: true },
  },
  {
    name: 'ZoomInfo',
    // Looser than ZoomInfo's one /authenticate per second, which the probe calls back to back.
    start: () => startZoominfoSandbox({ username: 'u', password: 'p', authenticatePerSecond: 100 }),
    endpoint: 'authenticate',
    request: { method: 'POST', path: '/authenticate', body: { username: 'u', password: 'p' } },
    records: { object: 'companies', seeded: true },
  },
  {
    name: 'Slack',
    start: () => startSlackSandbox({ webhooks: [SLACK_PATH] }),
    endpoint: 'incomingWebhook',
    request: { method: 'POST', path: SLACK_PATH, body: { text: 'hello' } },
    records: { object: 'messages', seeded: false },
  },
];

describe.each(PROBES)('the $name sandbox', (probe) => {
  let sandbox: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    sandbox = await probe.start();
  });
  afterAll(() => sandbox.close());
  const send = () => call(sandbox.url, probe.request.path, probe.request);
  const counts = async () => ((await call(sandbox.url, '/__sandbox/calls')).json as { counts: Record<string, number> }).counts;

  it('answers its API, counting each call under the endpoint name', async () => {
    const before = (await counts())[probe.endpoint] ?? 0;
    const answer = await send();
    expect(answer.status).toBeLessThan(300);
    expect((await counts())[probe.endpoint]).toBe(before + 1);
  });

  it('injects a fault on that endpoint for exactly as many calls as asked, then answers again', async () => {
    const fault = await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: probe.endpoint, kind: 'status', status: 503, count: 2 } });
    expect(fault.status).toBeLessThan(300);
    expect((await send()).status).toBe(503);
    expect((await send()).status).toBe(503);
    expect((await send()).status).toBeLessThan(300);
  });

  it('lists its records, and a reset brings back the seed and clears the counters', async () => {
    const listed = await call(sandbox.url, `/__sandbox/records/${probe.records.object}`);
    expect(listed.status).toBe(200);
    const records = (listed.json as { records: unknown[] }).records;
    // Seeded, or (Slack) holding the messages the tests above sent.
    expect(records.length).toBeGreaterThan(0);

    expect((await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } })).status).toBeLessThan(300);
    expect((await counts())[probe.endpoint] ?? 0).toBe(0);
    const after = (((await call(sandbox.url, `/__sandbox/records/${probe.records.object}`)).json ?? { records: [] }) as { records: unknown[] }).records;
    expect(after.length > 0).toBe(probe.records.seeded);
  });
});
