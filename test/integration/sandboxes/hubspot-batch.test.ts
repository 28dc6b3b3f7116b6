import { Client } from '@hubspot/api-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHubspotSandbox, type HubspotSandbox } from '#local/sandboxes/index';
import { call, sdkError } from './support.ts';

const TOKEN = 'pat-batch-token';
const auth = { authorization: `Bearer ${TOKEN}` };

interface StandardError {
  status: string;
  category: string;
  message: string;
  context: Record<string, string[]>;
  errors: unknown[];
}

const errorsOf = (response: unknown): StandardError[] => (response as { errors?: StandardError[] }).errors ?? [];

describe('HubSpot sandbox batch API with @hubspot/api-client', () => {
  let sandbox: HubspotSandbox;
  let client: Client;
  const statuses = async () => ((await call(sandbox.url, '/__sandbox/calls')).json as { calls: Array<{ endpoint: string; status: number }> }).calls.map((c) => `${c.endpoint}:${c.status}`);

  beforeAll(async () => {
    // erp_id is a custom unique property; syncline_salesforce_id is unique in the seeded catalogue.
    sandbox = await startHubspotSandbox({ clientSecret: 'secret', accessToken: TOKEN, customProperties: { contacts: { erp_id: { unique: true }, nickname: {} } } });
    client = new Client({ accessToken: TOKEN, basePath: sandbox.url });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } }));

  it('refuses a single create with a taken email with 409 CONFLICT naming the existing id', async () => {
    const first = await client.crm.contacts.basicApi.create({ properties: { email: 'taken@example.com' }, associations: [] });
    const error = await sdkError(client.crm.contacts.basicApi.create({ properties: { email: 'Taken@Example.com' }, associations: [] }));
    expect(error.code).toBe(409);
    expect(error.body).toMatchObject({ status: 'error', category: 'CONFLICT', message: `Contact already exists. Existing ID: ${first.id}` });
  });

  it('fails a whole batch create without trace ids when one email is taken, writing nothing', async () => {
    const seeded = await client.crm.contacts.basicApi.getById('1001');
    const before = (await client.crm.contacts.basicApi.getPage(100)).results.length;
    const error = await sdkError(
      client.crm.contacts.batchApi.create({ inputs: [{ properties: { email: 'new1@example.com' }, associations: [] }, { properties: { email: String(seeded.properties['email']) }, associations: [] }] }),
    );
    expect(error.code).toBe(409);
    expect(error.body['message']).toBe('Contact already exists. Existing ID: 1001');
    expect((await client.crm.contacts.basicApi.getPage(100)).results.length).toBe(before);
  });

  it('answers a batch create with distinct objectWriteTraceIds with 207: the taken input fails alone and the SDK parses it', async () => {
    const seeded = await client.crm.contacts.basicApi.getById('1001');
    const response = await client.crm.contacts.batchApi.create({
      inputs: [
        { properties: { email: 'fresh1@example.com' }, associations: [], objectWriteTraceId: 't-1' },
        { properties: { email: String(seeded.properties['email']) }, associations: [], objectWriteTraceId: 't-2' },
        { properties: { email: 'fresh3@example.com' }, associations: [], objectWriteTraceId: 't-3' },
      ],
    });
    expect(response.results.map((r) => r.properties['email']).sort()).toEqual(['fresh1@example.com', 'fresh3@example.com']);
    expect(response.results.map((r) => r.objectWriteTraceId).sort()).toEqual(['t-1', 't-3']);
    expect(errorsOf(response)).toEqual([{ status: 'error', category: 'CONFLICT', message: 'Contact already exists. Existing ID: 1001', context: { objectWriteTraceId: ['t-2'] }, errors: [] }]);
    expect(await statuses()).toEqual(['getObject:200', 'batchCreate:207']);
  });

  it('answers a clean batch create with 201 and a read by idProperty with 200', async () => {
    const created = await client.crm.contacts.batchApi.create({ inputs: [1, 2].map((i) => ({ properties: { email: `c${i}@example.com`, erp_id: `E-${i}` }, associations: [] })) });
    const read = await client.crm.contacts.batchApi.read({ inputs: [{ id: 'E-2' }, { id: 'E-1' }], idProperty: 'erp_id', properties: ['erp_id'], propertiesWithHistory: [] });
    expect(created.results).toHaveLength(2);
    expect(read.results.map((r) => r.properties['erp_id']).sort()).toEqual(['E-1', 'E-2']);
    expect(await statuses()).toEqual(['batchCreate:201', 'batchRead:200']);
  });

  it('answers a batch update with 207 for a missing id and for an input that takes another record\'s email, writing the rest', async () => {
    const other = await client.crm.contacts.basicApi.getById('1002');
    const response = await client.crm.contacts.batchApi.update({
      inputs: [
        { id: '1001', properties: { jobtitle: 'Updated' } },
        { id: '424242', properties: { jobtitle: 'Nobody' } },
        { id: '1003', properties: { email: String(other.properties['email']) } },
      ],
    });
    expect(response.results.map((r) => r.id)).toEqual(['1001']);
    const errors = errorsOf(response);
    expect(errors.map((e) => [e.category, e.context['ids']])).toEqual([
      ['OBJECT_NOT_FOUND', ['424242']],
      ['CONFLICT', ['1003']],
    ]);
    expect(errors[1]?.message).toBe('Contact already exists. Existing ID: 1002');
    expect(await statuses()).toEqual(['getObject:200', 'batchUpdate:207']);
  });

  it('upserts by a unique custom property with new true, then false, keeping the id', async () => {
    const first = await client.crm.contacts.batchApi.upsert({ inputs: [{ idProperty: 'erp_id', id: 'E-9', properties: { firstname: 'Nine', email: 'nine@example.com' } }] });
    const second = await client.crm.contacts.batchApi.upsert({ inputs: [{ idProperty: 'erp_id', id: 'E-9', properties: { firstname: 'Nine again' } }] });
    expect(first.results[0]).toMatchObject({ _new: true, properties: { erp_id: 'E-9', firstname: 'Nine' } });
    expect(second.results[0]).toMatchObject({ _new: false, id: first.results[0]?.id, properties: { firstname: 'Nine again' } });
  });

  it('upserts by the seeded unique syncline_salesforce_id on companies and deals', async () => {
    const company = await client.crm.companies.batchApi.upsert({ inputs: [{ idProperty: 'syncline_salesforce_id', id: '001A', properties: { name: 'Initech' } }] });
    const deal = await client.crm.deals.batchApi.upsert({ inputs: [{ idProperty: 'syncline_salesforce_id', id: '006A', properties: { dealname: 'Initech pilot' } }] });
    expect([company.results[0]?._new, deal.results[0]?._new]).toEqual([true, true]);
  });

  it('rejects upsert by a property that is not unique with 400 VALIDATION_ERROR', async () => {
    const error = await sdkError(client.crm.contacts.batchApi.upsert({ inputs: [{ idProperty: 'nickname', id: 'Ace', properties: {} }] }));
    expect(error.code).toBe(400);
    expect(error.body['category']).toBe('VALIDATION_ERROR');
    expect(String(error.body['message'])).toContain("idProperty 'nickname' is not a unique-value property");
  });

  it('answers an upsert with 207 when one input would take another record\'s unique value; the SDK returns both parts', async () => {
    await client.crm.contacts.batchApi.upsert({ inputs: [{ idProperty: 'erp_id', id: 'E-1', properties: { email: 'one@example.com' } }] });
    const response = await client.crm.contacts.batchApi.upsert({
      inputs: [
        { idProperty: 'email', id: 'two@example.com', properties: { erp_id: 'E-1' } },
        { idProperty: 'email', id: 'three@example.com', properties: { firstname: 'Three' } },
      ],
    });
    expect(response.results.map((r) => [r.properties['email'], r._new])).toEqual([['three@example.com', true]]);
    expect(errorsOf(response)).toHaveLength(1);
    expect(errorsOf(response)[0]).toMatchObject({ category: 'CONFLICT', context: { ids: ['two@example.com'] } });
    expect(String(errorsOf(response)[0]?.message)).toMatch(/erp_id "E-1" already exists\. Existing ID: \d+$/);
  });

  it('refuses a single create that reuses a unique property value with 409 CONFLICT', async () => {
    await client.crm.deals.basicApi.create({ properties: { dealname: 'A', syncline_salesforce_id: '006X' }, associations: [] });
    const error = await sdkError(client.crm.deals.basicApi.create({ properties: { dealname: 'B', syncline_salesforce_id: '006X' }, associations: [] }));
    expect(error.code).toBe(409);
    expect(error.body['category']).toBe('CONFLICT');
  });

  it('archives in batch with 204; archived ids then 207 on read', async () => {
    await client.crm.contacts.batchApi.archive({ inputs: [{ id: '1001' }, { id: '1002' }] });
    const read = await client.crm.contacts.batchApi.read({ inputs: [{ id: '1001' }, { id: '1003' }], properties: [], propertiesWithHistory: [] });
    expect(read.results.map((r) => r.id)).toEqual(['1003']);
    expect(errorsOf(read)[0]?.context['ids']).toEqual(['1001']);
    expect(await statuses()).toEqual(['batchArchive:204', 'batchRead:207']);
  });

  it('rejects a batch update or upsert naming one record twice with 400', async () => {
    const update = await sdkError(client.crm.contacts.batchApi.update({ inputs: [{ id: '1001', properties: {} }, { id: '1001', properties: {} }] }));
    const upsert = await sdkError(client.crm.contacts.batchApi.upsert({ inputs: [{ idProperty: 'email', id: 'a@x.com', properties: {} }, { idProperty: 'email', id: 'A@x.com', properties: {} }] }));
    expect([update.code, upsert.code]).toEqual([400, 400]);
    expect(update.body['message']).toBe('Duplicate IDs found in batch input.');
  });

  it.each(['read', 'create', 'update', 'upsert', 'archive'])('rejects a batch %s of 101 inputs with 400 VALIDATION_ERROR and accepts 100', async (op) => {
    const input = (i: number) => (op === 'create' ? { properties: { email: `cap${i}@example.com` } } : op === 'upsert' ? { idProperty: 'email', id: `cap${i}@example.com`, properties: {} } : op === 'update' ? { id: String(1001 + i), properties: {} } : { id: String(1001 + i) });
    const over = await call(sandbox.url, `/crm/v3/objects/contacts/batch/${op}`, { method: 'POST', headers: auth, body: { inputs: Array.from({ length: 101 }, (_, i) => input(i)) } });
    expect(over.status).toBe(400);
    expect(over.json).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', message: 'Too many inputs: got 101, but a batch request accepts at most 100.' });
    const atCap = await call(sandbox.url, `/crm/v3/objects/contacts/batch/${op}`, { method: 'POST', headers: auth, body: { inputs: Array.from({ length: 100 }, (_, i) => input(i)) } });
    expect(atCap.status).not.toBe(400);
  });
});
