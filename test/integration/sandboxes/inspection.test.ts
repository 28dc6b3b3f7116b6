import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHubspotSandbox, startSalesforceSandbox, type HubspotSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call } from './support.ts';

const HS_TOKEN = 'pat-inspect';
const SF_TOKEN = 'sf-inspect';
const hs = { authorization: `Bearer ${HS_TOKEN}` };
const sf = { authorization: `Bearer ${SF_TOKEN}` };

describe('sandbox inspection API and faults', () => {
  let hubspot: HubspotSandbox;
  let salesforce: SalesforceSandbox;

  beforeAll(async () => {
    hubspot = await startHubspotSandbox({ clientSecret: 's', accessToken: HS_TOKEN });
    salesforce = await startSalesforceSandbox({ clientId: 'c', clientSecret: 's', refreshToken: 'r', accessToken: SF_TOKEN });
  });
  afterAll(async () => {
    await hubspot.close();
    await salesforce.close();
  });
  beforeEach(async () => {
    await call(hubspot.url, '/__sandbox/reset', { method: 'POST' });
    await call(salesforce.url, '/__sandbox/reset', { method: 'POST' });
  });

  it('lists seeded records with ids and system fields', async () => {
    const contacts = (await call(hubspot.url, '/__sandbox/records/contacts')).json as { records: Array<{ id: string; properties: Record<string, string> }> };
    const companies = (await call(hubspot.url, '/__sandbox/records/companies')).json as { records: unknown[] };
    const deals = (await call(hubspot.url, '/__sandbox/records/deals')).json as { records: unknown[] };
    const sfContacts = (await call(salesforce.url, '/__sandbox/records/Contact')).json as { records: Array<Record<string, unknown>> };
    const accounts = (await call(salesforce.url, '/__sandbox/records/Account')).json as { records: unknown[] };
    expect([contacts.records.length, companies.records.length, deals.records.length]).toEqual([25, 8, 5]);
    expect(contacts.records[0]?.properties).toMatchObject({ hs_object_id: contacts.records[0]?.id, createdate: '2024-03-01T17:00:00Z' });
    expect([sfContacts.records.length, accounts.records.length]).toEqual([20, 10]);
    expect(sfContacts.records[0]).toMatchObject({ Id: expect.stringMatching(/^003\w{15}$/), IsDeleted: false, SystemModstamp: expect.any(String) });
    expect(sfContacts.records.filter((r) => r['HubSpot_Id__c'] === undefined || r['HubSpot_Id__c'] === null).length).toBeGreaterThan(0);
  });

  it('seeds identical data on every start', async () => {
    const other = await startSalesforceSandbox({ clientId: 'c', clientSecret: 's', refreshToken: 'r' });
    try {
      const a = (await call(salesforce.url, '/__sandbox/records/Contact')).json;
      const b = (await call(other.url, '/__sandbox/records/Contact')).json;
      expect(b).toEqual(a);
    } finally {
      await other.close();
    }
  });

  it('rejects an unknown object with 404', async () => {
    expect((await call(hubspot.url, '/__sandbox/records/tickets')).status).toBe(404);
    expect((await call(salesforce.url, '/__sandbox/records/Case')).status).toBe(404);
  });

  it('counts vendor calls per endpoint and never counts inspection calls', async () => {
    await call(hubspot.url, '/crm/v3/objects/contacts?limit=2', { headers: hs });
    await call(hubspot.url, '/crm/v3/objects/contacts/1001', { headers: hs });
    await call(hubspot.url, '/crm/v3/objects/contacts/1001', { headers: hs });
    await call(hubspot.url, '/__sandbox/records/contacts');
    const body = (await call(hubspot.url, '/__sandbox/calls')).json as { calls: Array<Record<string, unknown>>; counts: Record<string, number> };
    expect(body.counts).toEqual({ listObjects: 1, getObject: 2 });
    expect(body.calls[1]).toMatchObject({ endpoint: 'getObject', method: 'GET', path: '/crm/v3/objects/contacts/1001', status: 200, at: expect.any(String) });
  });

  it('resets without seed to an empty store and clears calls and faults', async () => {
    await call(salesforce.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: '*', kind: 'status', status: 500, count: 5 } });
    await call(salesforce.url, '/services/data/v62.0/limits', { headers: sf });
    const reset = await call(salesforce.url, '/__sandbox/reset', { method: 'POST', body: { seed: false } });
    const records = (await call(salesforce.url, '/__sandbox/records/Account')).json as { records: unknown[] };
    const calls = (await call(salesforce.url, '/__sandbox/calls')).json as { calls: unknown[] };
    const after = await call(salesforce.url, '/services/data/v62.0/limits', { headers: sf });
    expect(reset.status).toBe(200);
    expect(records.records).toEqual([]);
    expect(calls.calls).toEqual([]);
    expect(after.status).toBe(200);
  });

  it.each([
    ['not JSON', '{nope', /not valid JSON/],
    ['an unknown endpoint', { endpoint: 'teleport', kind: 'drop' }, /Unknown endpoint 'teleport'/],
    ['an unknown kind', { endpoint: '*', kind: 'explode' }, /'kind' must be one of/],
    ['a status fault without status', { endpoint: '*', kind: 'status' }, /needs a 'status'/],
    ['a negative count', { endpoint: '*', kind: 'drop', count: -1 }, /'count' must be an integer/],
  ])('rejects a fault that is %s with 400', async (_label, body, message) => {
    const answer = await call(hubspot.url, '/__sandbox/faults', { method: 'POST', body });
    expect(answer.status).toBe(400);
    expect((answer.json as { error: string }).error).toMatch(message);
  });

  it('rejects a reset whose seed is not a boolean with 400', async () => {
    const answer = await call(hubspot.url, '/__sandbox/reset', { method: 'POST', body: { seed: 'yes' } });
    expect(answer.status).toBe(400);
  });

  it('rejects a 429 fault on Salesforce, which limits with 403 instead', async () => {
    const answer = await call(salesforce.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'query', kind: 'status', status: 429 } });
    expect(answer.status).toBe(400);
  });

  it('applies a fault to count matching requests, then stops; DELETE disarms the rest', async () => {
    await call(hubspot.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'getObject', kind: 'status', status: 502, count: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(hubspot.url, '/crm/v3/objects/contacts/1001', { headers: hs })).status);
    await call(hubspot.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: '*', kind: 'status', status: 500, count: 10 } });
    const cleared = await call(hubspot.url, '/__sandbox/faults', { method: 'DELETE' });
    const after = await call(hubspot.url, '/crm/v3/objects/contacts/1001', { headers: hs });
    expect(statuses).toEqual([502, 502, 200]);
    expect(cleared.status).toBe(204);
    expect(after.status).toBe(200);
  });

  it('answers a Salesforce 503 fault with the SERVER_UNAVAILABLE array and the usage header', async () => {
    await call(salesforce.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'limits', kind: 'status', status: 503 } });
    const answer = await call(salesforce.url, '/services/data/v62.0/limits', { headers: sf });
    expect(answer.status).toBe(503);
    expect(answer.json).toEqual([{ message: expect.any(String), errorCode: 'SERVER_UNAVAILABLE' }]);
    expect(answer.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/15000$/);
  });

  it('answers a malformed fault with 200 and truncated JSON', async () => {
    await call(salesforce.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'query', kind: 'malformed' } });
    const answer = await call(salesforce.url, '/services/data/v62.0/query?q=SELECT+Id+FROM+Account', { headers: sf });
    expect(answer.status).toBe(200);
    expect(() => JSON.parse(answer.text)).toThrow();
  });

  it('uses a custom fault body when one is given', async () => {
    await call(hubspot.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'search', kind: 'status', status: 400, body: { status: 'error', message: 'custom' } } });
    const answer = await call(hubspot.url, '/crm/v3/objects/contacts/search', { method: 'POST', body: {}, headers: hs });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ status: 'error', message: 'custom' });
  });

  it('fails HubSpot requests with 401 after a token-expiry fault, for count requests only', async () => {
    await call(hubspot.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'listObjects', kind: 'token-expiry' } });
    const first = await call(hubspot.url, '/crm/v3/objects/contacts', { headers: hs });
    const second = await call(hubspot.url, '/crm/v3/objects/contacts', { headers: hs });
    expect([first.status, second.status]).toEqual([401, 200]);
  });

  it('never answers a hung request, and close() still ends promptly', async () => {
    const sandbox = await startHubspotSandbox({ clientSecret: 's', accessToken: HS_TOKEN, seed: false });
    await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: '*', kind: 'hang' } });
    const pending = fetch(`${sandbox.url}/crm/v3/objects/contacts`, { headers: hs }).then(
      () => 'answered',
      () => 'failed',
    );
    const raced = await Promise.race([pending, new Promise((r) => setTimeout(() => r('still waiting'), 200))]);
    const started = Date.now();
    await sandbox.close();
    expect(raced).toBe('still waiting');
    expect(await pending).toBe('failed');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('restarts on the same port after close()', async () => {
    const first = await startSalesforceSandbox({ clientId: 'c', clientSecret: 's', refreshToken: 'r', seed: false });
    await call(first.url, '/services/data', {});
    await first.close();
    const second = await startSalesforceSandbox({ clientId: 'c', clientSecret: 's', refreshToken: 'r', seed: false, port: first.port });
    try {
      expect(second.port).toBe(first.port);
      expect((await call(second.url, '/services/data')).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('rejects unknown Salesforce routes with 404 NOT_FOUND and wrong methods with 405', async () => {
    const missing = await call(salesforce.url, '/services/data/v62.0/nothing/here', { headers: sf });
    const wrongMethod = await call(salesforce.url, '/services/data/v62.0/limits', { method: 'PUT', headers: sf });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    expect(wrongMethod.status).toBe(405);
  });

  it('rejects an unauthenticated Salesforce call with INVALID_SESSION_ID', async () => {
    const answer = await call(salesforce.url, '/services/data/v62.0/limits');
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });
});
