import { Client } from '@hubspot/api-client';
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/models/Filter';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHubspotSandbox, type HubspotSandbox } from '#local/sandboxes/index';
import { call, sdkError } from './support.ts';

const TOKEN = 'pat-test-token';
const op = (o: string): FilterOperatorEnum => o as FilterOperatorEnum;

describe('HubSpot sandbox with @hubspot/api-client', () => {
  let sandbox: HubspotSandbox;
  let client: Client;

  beforeAll(async () => {
    // Search sees each write at once here; the lag has tests of its own (hubspot-portal-fidelity).
    sandbox = await startHubspotSandbox({ clientSecret: 'secret', accessToken: TOKEN, searchLagMs: 0, searchUpdateLagMs: 0 });
    client = new Client({ accessToken: TOKEN, basePath: sandbox.url });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } }));

  it('creates, reads, updates and archives a contact', async () => {
    // Prepare / Act
    const created = await client.crm.contacts.basicApi.create({ properties: { email: 'Grace.Hopper@Navy.example', firstname: 'Grace' }, associations: [] });
    const read = await client.crm.contacts.basicApi.getById(created.id, ['jobtitle']);
    const updated = await client.crm.contacts.basicApi.update(created.id, { properties: { jobtitle: 'Rear Admiral', lastname: 'Hopper' } });
    await client.crm.contacts.basicApi.archive(created.id);
    const gone = await sdkError(client.crm.contacts.basicApi.getById(created.id));
    // Assess
    expect(created.properties).toMatchObject({ email: 'grace.hopper@navy.example', firstname: 'Grace', hs_object_id: created.id });
    expect(Object.keys(read.properties).sort()).toEqual(['createdate', 'email', 'firstname', 'hs_object_id', 'jobtitle', 'lastmodifieddate', 'lastname']);
    expect(read.properties['jobtitle']).toBeNull();
    expect(updated.properties).toMatchObject({ jobtitle: 'Rear Admiral', lastname: 'Hopper' });
    expect(gone.code).toBe(404);
    expect(gone.body['category']).toBe('OBJECT_NOT_FOUND');
    const { json } = await call(sandbox.url, '/__sandbox/calls');
    expect((json as { counts: Record<string, number> }).counts).toMatchObject({ createObject: 1, getObject: 2, updateObject: 1, archiveObject: 1 });
  });

  it('rejects a contact whose email exists with 409 CONFLICT naming the existing id', async () => {
    const first = await client.crm.contacts.basicApi.create({ properties: { email: 'dup@example.com' }, associations: [] });
    const error = await sdkError(client.crm.contacts.basicApi.create({ properties: { email: 'DUP@example.com' }, associations: [] }));
    expect(error.code).toBe(409);
    expect(error.body).toMatchObject({ category: 'CONFLICT', message: `Contact already exists. Existing ID: ${first.id}` });
  });

  it('rejects unknown and read-only properties with 400 VALIDATION_ERROR', async () => {
    const unknown = await sdkError(client.crm.contacts.basicApi.create({ properties: { favourite_colour: 'teal' }, associations: [] }));
    const readOnly = await sdkError(client.crm.contacts.basicApi.create({ properties: { hs_object_id: '1' }, associations: [] }));
    expect(unknown.code).toBe(400);
    expect(String(unknown.body['message'])).toContain('PROPERTY_DOESNT_EXIST');
    expect(String(readOnly.body['message'])).toContain('READ_ONLY_VALUE');
  });

  it('batch-creates with 201, then reads, updates and reports missing ids with 207', async () => {
    const inputs = [1, 2, 3].map((i) => ({ properties: { email: `batch${i}@example.com`, firstname: `B${i}` }, associations: [] }));
    const created = await client.crm.contacts.batchApi.create({ inputs });
    const ids = created.results.map((r) => r.id);
    const updated = await client.crm.contacts.batchApi.update({ inputs: ids.map((id) => ({ id, properties: { lifecyclestage: 'lead' } })) });
    const read = await client.crm.contacts.batchApi.read({ inputs: [...ids, '999999'].map((id) => ({ id })), properties: ['lifecyclestage'], propertiesWithHistory: [] });
    expect(created.status).toBe('COMPLETE');
    expect(updated.results.every((r) => r.properties['lifecyclestage'] === 'lead')).toBe(true);
    expect(read.results.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect((read as unknown as { errors: Array<{ context: { ids: string[] } }> }).errors[0]?.context.ids).toEqual(['999999']);
    const { json } = await call(sandbox.url, '/__sandbox/calls');
    const statuses = (json as { calls: Array<{ endpoint: string; status: number }> }).calls.map((c) => `${c.endpoint}:${c.status}`);
    expect(statuses).toEqual(['batchCreate:201', 'batchUpdate:200', 'batchRead:207']);
  });

  it('batch-upserts by email and marks each result new or not', async () => {
    const seeded = (await client.crm.contacts.basicApi.getPage(1)).results[0];
    const email = String(seeded?.properties['email']);
    const result = await client.crm.contacts.batchApi.upsert({
      inputs: [
        { idProperty: 'email', id: email, properties: { jobtitle: 'Chief Upserter' } },
        { idProperty: 'email', id: 'fresh@example.com', properties: { firstname: 'Fresh' } },
      ],
    });
    const byEmail = new Map(result.results.map((r) => [r.properties['email'], r]));
    expect(byEmail.get(email)?._new).toBe(false);
    expect(byEmail.get(email)?.id).toBe(seeded?.id);
    expect(byEmail.get('fresh@example.com')?._new).toBe(true);
  });

  it('rejects a batch of more than 100 inputs with 400 VALIDATION_ERROR', async () => {
    const inputs = Array.from({ length: 101 }, (_, i) => ({ properties: { email: `many${i}@example.com` }, associations: [] }));
    const error = await sdkError(client.crm.contacts.batchApi.create({ inputs }));
    expect(error.code).toBe(400);
    expect(error.body['category']).toBe('VALIDATION_ERROR');
  });

  it('pages a lastmodifieddate GTE search with after until every match is seen', async () => {
    const since = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    const created = await client.crm.contacts.batchApi.create({ inputs: Array.from({ length: 7 }, (_, i) => ({ properties: { email: `page${i}@example.com` }, associations: [] })) });
    const seen: string[] = [];
    let after: string | undefined = '0';
    let pages = 0;
    while (after !== undefined) {
      const page = await client.crm.contacts.searchApi.doSearch({
        filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: op('GTE'), value: String(since) }] }],
        sorts: ['lastmodifieddate'],
        properties: ['email'],
        limit: 3,
        after,
      });
      expect(page.total).toBe(7);
      seen.push(...page.results.map((r) => r.id));
      after = page.paging?.next?.after;
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(created.results.map((r) => r.id).sort());
  });

  it('applies IN, NOT_HAS_PROPERTY and object-form sorts in search', async () => {
    const body = {
      filterGroups: [{ filters: [{ propertyName: 'lifecyclestage', operator: 'IN', values: ['lead', 'customer'] }, { propertyName: 'phone', operator: 'NOT_HAS_PROPERTY' }] }],
      sorts: [{ propertyName: 'hubspotscore', direction: 'DESCENDING' }],
      properties: ['lifecyclestage', 'phone', 'hubspotscore'],
      limit: 200,
    };
    const { status, json } = await call(sandbox.url, '/crm/v3/objects/contacts/search', { method: 'POST', body, headers: { authorization: `Bearer ${TOKEN}` } });
    const results = (json as { results: Array<{ properties: Record<string, string | null> }> }).results;
    expect(status).toBe(200);
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => ['lead', 'customer'].includes(String(r.properties['lifecyclestage'])) && r.properties['phone'] === null)).toBe(true);
    const scores = results.map((r) => Number(r.properties['hubspotscore']));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('rejects a search limit above 200', async () => {
    const error = await sdkError(client.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 201, after: '0' }));
    expect(error.code).toBe(400);
  });

  it('fails with 401 INVALID_AUTHENTICATION for a wrong token', async () => {
    const wrong = new Client({ accessToken: 'not-the-token', basePath: sandbox.url });
    const error = await sdkError(wrong.crm.contacts.basicApi.getPage(1));
    expect(error.code).toBe(401);
    expect(error.body['category']).toBe('INVALID_AUTHENTICATION');
    expect(String(error.body['message'])).toMatch(/^Authentication credentials not found/);
  });

  it('fails with the TEN_SECONDLY_ROLLING 429 from a status fault', async () => {
    await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'search', kind: 'status', status: 429, retryAfterSeconds: 3 } });
    const error = await sdkError(client.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 1, after: '0' }));
    expect(error.code).toBe(429);
    expect(error.body).toMatchObject({ policyName: 'TEN_SECONDLY_ROLLING', errorType: 'RATE_LIMIT', message: 'You have reached your ten_secondly_rolling limit.' });
    expect(error.headers).toMatchObject({ 'retry-after': '3', 'x-hubspot-ratelimit-remaining': '0', 'x-hubspot-ratelimit-interval-milliseconds': '10000' });
  });

  it('retries a 503 fault by itself when numberOfApiCallRetries is set', async () => {
    await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'getObject', kind: 'status', status: 503 } });
    const retrying = new Client({ accessToken: TOKEN, basePath: sandbox.url, numberOfApiCallRetries: 2 });
    const contact = await retrying.crm.contacts.basicApi.getById('1001');
    expect(contact.id).toBe('1001');
    const { json } = await call(sandbox.url, '/__sandbox/calls');
    expect((json as { calls: Array<{ status: number }> }).calls.map((c) => c.status)).toEqual([503, 200]);
  });
});

describe('HubSpot sandbox rolling rate limit', () => {
  it('fails the request past rateLimitPer10s with a real 429 and counts down the headers', async () => {
    const sandbox = await startHubspotSandbox({ clientSecret: 'secret', accessToken: TOKEN, rateLimitPer10s: 3, seed: false });
    try {
      const headers = { authorization: `Bearer ${TOKEN}` };
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await call(sandbox.url, '/crm/v3/objects/contacts', { headers }));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
      expect(answers.map((a) => a.headers.get('x-hubspot-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
      expect(answers[0]?.headers.get('x-hubspot-ratelimit-max')).toBe('3');
      expect((answers[3]?.json as unknown as { policyName: string }).policyName).toBe('TEN_SECONDLY_ROLLING');
      expect(Number(answers[3]?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await sandbox.close();
    }
  });
});
