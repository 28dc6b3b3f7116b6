import { Client } from '@hubspot/api-client';
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/models/Filter';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHubspotSandbox, type HubspotSandbox } from '#local/sandboxes/index';
import { call, startReceiver, waitFor, type Receiver } from './support.ts';

const TOKEN = 'pat-loads-token';
const LOADED_AT = '2022-03-04T05:06:07.000Z';

/** `toObjectId` comes as a number on the wire although the SDK types it as a string. */
const targets = (page: { results: Array<{ toObjectId: unknown; associationTypes: Array<{ typeId: number }> }> }) => page.results.map((r) => [String(r.toObjectId), r.associationTypes.map((t) => t.typeId)]);

interface Event {
  objectId: number;
  subscriptionType: string;
}

describe('HubSpot sandbox: loading records that predate the test', () => {
  let sandbox: HubspotSandbox;
  let receiver: Receiver;
  let client: Client;
  const load = (type: string, body: unknown) => call(sandbox.url, `/__sandbox/records/${type}`, { method: 'POST', body });
  const ids = (res: { json: never }) => (res.json as { ids: string[] }).ids;
  const stored = async (type: string) => ((await call(sandbox.url, `/__sandbox/records/${type}`)).json as { records: Array<{ id: string; properties: Record<string, string> }> }).records;
  const callCount = async () => ((await call(sandbox.url, '/__sandbox/calls')).json as { calls: unknown[] }).calls.length;

  beforeAll(async () => {
    receiver = await startReceiver();
    sandbox = await startHubspotSandbox({ clientSecret: 'secret', accessToken: TOKEN, webhookUrl: receiver.url, webhookBatchDelayMs: 20 });
    client = new Client({ accessToken: TOKEN, basePath: sandbox.url });
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });
  beforeEach(() => call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } }));

  it('stores records dated modifiedAt, in input order, readable through get, list, batch read and search', async () => {
    const companies = ids(await load('companies', { records: [{ properties: { name: 'Old Widgets', domain: 'old-widgets.example' } }, { properties: { name: 'Older Gears', numberofemployees: 40 } }], modifiedAt: LOADED_AT }));
    const contacts = ids(await load('contacts', { records: [{ properties: { email: 'Elder@Old-Widgets.example', firstname: 'Elder' } }] }));
    const company = await client.crm.companies.basicApi.getById(String(companies[0]), ['hs_lastmodifieddate']);
    const batch = await client.crm.companies.batchApi.read({ inputs: companies.map((id) => ({ id })), properties: ['name'], propertiesWithHistory: [] });
    const found = await client.crm.contacts.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ' as FilterOperatorEnum, value: 'elder@old-widgets.example' }] }], sorts: [], properties: ['email', 'lastmodifieddate'], limit: 10, after: '0' });
    const listed = await client.crm.companies.basicApi.getPage(100, undefined, ['name']);
    expect(companies).toEqual(['5009', '5010']);
    // Timestamp properties read as HubSpot writes datetimes: no milliseconds when there are none.
    expect(company.properties).toMatchObject({ name: 'Old Widgets', createdate: '2022-03-04T05:06:07Z', hs_lastmodifieddate: '2022-03-04T05:06:07Z' });
    expect(company.createdAt.toISOString()).toBe(LOADED_AT);
    expect(batch.results.map((r) => r.properties['name']).sort()).toEqual(['Old Widgets', 'Older Gears']);
    expect(found.results.map((r) => [r.id, r.properties['email'], r.properties['createdate'], r.properties['lastmodifieddate']])).toEqual([[contacts[0], 'elder@old-widgets.example', '2024-02-01T08:00:00Z', '2024-02-01T08:00:00Z']]);
    expect(listed.results.map((r) => r.id)).toEqual(expect.arrayContaining(companies));
    expect((await stored('companies')).find((r) => r.id === companies[1])?.properties).toMatchObject({ numberofemployees: '40' });
  });

  it('associates records with the unlabelled type, and a contact’s or deal’s first company also as Primary', async () => {
    const [c1, c2] = ids(await load('companies', { records: [{ properties: { name: 'First' } }, { properties: { name: 'Second' } }] }));
    const [contact] = ids(await load('contacts', { records: [{ properties: { email: 'two.companies@example.com' }, associations: { companies: [String(c1), String(c2)] } }] }));
    const [deal] = ids(await load('deals', { records: [{ properties: { dealname: 'Legacy deal', amount: '900' }, associations: { companies: [String(c2)], contacts: [String(contact)] } }] }));
    const v4 = client.crm.associations.v4.basicApi;
    expect(targets(await v4.getPage('contacts', String(contact), 'companies'))).toEqual([[c1, [1, 279]], [c2, [279]]]);
    expect(targets(await v4.getPage('companies', String(c1), 'contacts'))).toEqual([[contact, [2, 280]]]);
    expect(targets(await v4.getPage('deals', String(deal), 'companies'))).toEqual([[c2, [5, 341]]]);
    expect(targets(await v4.getPage('deals', String(deal), 'contacts'))).toEqual([[contact, [3]]]);
  });

  it('sends no webhook for loaded records, while an API create still sends one', async () => {
    const [silent] = ids(await load('contacts', { records: [{ properties: { email: 'silent@example.com' } }] }));
    const loud = await client.crm.contacts.basicApi.create({ properties: { email: 'loud@example.com' }, associations: [] });
    await waitFor(() => receiver.requests.some((r) => (JSON.parse(r.body) as Event[]).some((e) => String(e.objectId) === loud.id)));
    const events = receiver.requests.flatMap((r) => JSON.parse(r.body) as Event[]);
    expect(events.some((e) => String(e.objectId) === loud.id && e.subscriptionType === 'contact.creation')).toBe(true);
    expect(events.some((e) => String(e.objectId) === silent)).toBe(false);
  });

  it('spends no rate-limit budget and logs no API call', async () => {
    const dailyRemaining = async () => Number((await call(sandbox.url, '/crm/v3/objects/contacts?limit=1', { headers: { authorization: `Bearer ${TOKEN}` } })).headers.get('x-hubspot-ratelimit-daily-remaining'));
    const before = await dailyRemaining();
    const callsBefore = await callCount();
    const loaded = await load('contacts', { records: Array.from({ length: 50 }, (_, i) => ({ properties: { email: `budget${i}@example.com` } })) });
    const callsAfter = await callCount();
    const after = await dailyRemaining();
    expect(loaded.status).toBe(200);
    expect(callsAfter).toBe(callsBefore);
    // Only the second probe is counted between the two readings.
    expect(after).toBe(before - 1);
  });

  it('rejects the whole request at the first record the create API would refuse, and stores nothing', async () => {
    const before = (await stored('contacts')).length;
    const [taken] = await stored('contacts');
    const invalidEmail = await load('contacts', { records: [{ properties: { email: 'fine@example.com' } }, { properties: { email: 'not an address' } }] });
    const readOnly = await load('contacts', { records: [{ properties: { email: 'fine@example.com', createdate: LOADED_AT } }] });
    const duplicate = await load('contacts', { records: [{ properties: { email: 'twin@example.com' } }, { properties: { email: 'TWIN@example.com' } }] });
    const existing = await load('contacts', { records: [{ properties: { email: 'fine@example.com' } }, { properties: { email: taken?.properties['email'] } }] });
    const missingTarget = await load('deals', { records: [{ properties: { dealname: 'Orphan' }, associations: { companies: ['5999'] } }] });
    const wrongType = await load('companies', { records: [{ properties: { name: 'Self' }, associations: { companies: ['5001'] } }] });
    expect(invalidEmail.status).toBe(400);
    expect(invalidEmail.json).toMatchObject({ index: 1, errors: [{ category: 'VALIDATION_ERROR', errors: [{ code: 'INVALID_EMAIL' }] }] });
    expect(readOnly.json).toMatchObject({ index: 0, errors: [{ category: 'VALIDATION_ERROR' }] });
    expect(duplicate.json).toMatchObject({ index: 1, errors: [{ category: 'VALIDATION_ERROR' }] });
    expect(existing.json).toMatchObject({ index: 1, errors: [{ category: 'CONFLICT', message: `Contact already exists. Existing ID: ${taken?.id}` }] });
    expect(missingTarget.json).toMatchObject({ index: 0, errors: [{ category: 'OBJECT_NOT_FOUND' }] });
    expect(wrongType.json).toMatchObject({ index: 0, errors: [{ category: 'VALIDATION_ERROR' }] });
    expect((await stored('contacts')).length).toBe(before);
    expect((await stored('deals')).some((r) => r.properties['dealname'] === 'Orphan')).toBe(false);
    expect(ids(await load('contacts', { records: [{ properties: { email: 'fine@example.com' } }] }))).toEqual(['1026']);
  });

  it('loads 10,000 records at once and refuses 10,001, an unknown type or a bad modifiedAt', async () => {
    const records = Array.from({ length: 10_001 }, (_, i) => ({ properties: { email: `bulk${i}@example.com` } }));
    const tooMany = await load('contacts', { records });
    const full = await load('contacts', { records: records.slice(0, 10_000) });
    const unknown = await load('tickets', { records: [{ properties: {} }] });
    const badInstant = await load('contacts', { records: [{ properties: { email: 'x@example.com' } }], modifiedAt: 1700000000000 });
    expect(tooMany.status).toBe(400);
    expect(full.status).toBe(200);
    expect(new Set(ids(full)).size).toBe(10_000);
    expect(unknown.status).toBe(404);
    expect(badInstant.status).toBe(400);
  });
});
