import { Client } from '@hubspot/api-client';
import { PropertyCreateFieldTypeEnum as Field, PropertyCreateTypeEnum as Type, type PropertyCreate } from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import { SubscriptionCreateRequestEventTypeEnum as EventType } from '@hubspot/api-client/lib/codegen/webhooks/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHubspotSandbox, type HubspotSandbox, type HubspotSandboxOptions } from '#local/sandboxes/index';
import { call, startReceiver, waitFor, type Receiver } from './support.ts';

const TOKEN = 'pat-setup-token';
const DEV_KEY = 'dev-key-setup';
const APP_ID = 4242;

/** The status and parsed body of an SDK error (the SDK throws ApiException with `code` and the raw `body`). */
function failure(e: unknown): { code: number; body: Record<string, unknown> } {
  const err = e as { code: number; body: unknown };
  return { code: err.code, body: (typeof err.body === 'string' ? JSON.parse(err.body) : err.body) as Record<string, unknown> };
}

async function refusal(p: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return failure(e);
  }
  throw new Error('expected the call to be refused');
}

const prop = (name: string, type: Type, fieldType: Field, extra: Partial<PropertyCreate> = {}): PropertyCreate => ({ name, label: name, type, fieldType, groupName: 'contactinformation', ...extra });

describe('HubSpot sandbox setup APIs (properties and webhook subscriptions)', () => {
  const sandboxes: HubspotSandbox[] = [];
  let receiver: Receiver | undefined;

  async function start(options: Partial<HubspotSandboxOptions> = {}): Promise<{ sandbox: HubspotSandbox; client: Client; developer: Client }> {
    const sandbox = await startHubspotSandbox({ clientSecret: 'secret', accessToken: TOKEN, developerApiKey: DEV_KEY, appId: APP_ID, seed: false, synclineProperties: false, webhookBatchDelayMs: 20, searchLagMs: 0, searchUpdateLagMs: 0, ...options });
    sandboxes.push(sandbox);
    return { sandbox, client: new Client({ accessToken: TOKEN, basePath: sandbox.url }), developer: new Client({ developerApiKey: DEV_KEY, basePath: sandbox.url }) };
  }

  afterEach(async () => {
    await Promise.all(sandboxes.splice(0).map((s) => s.close()));
    await receiver?.close();
    receiver = undefined;
  });

  it('starts without the syncline properties and refuses a write naming one', async () => {
    const { client } = await start();
    const names = (await client.crm.properties.coreApi.getAll('contacts')).results.map((p) => p.name);
    expect(names).toContain('email');
    expect(names.filter((n) => n.startsWith('syncline_'))).toEqual([]);

    const refused = await refusal(client.crm.contacts.basicApi.create({ properties: { email: 'a@example.com', syncline_salesforce_id: '003X' }, associations: [] }));
    expect(refused.code).toBe(400);
    expect(refused.body['category']).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(refused.body)).toContain('PROPERTY_DOESNT_EXIST');
  });

  it('keeps the syncline properties by default', async () => {
    const { client } = await start({ synclineProperties: undefined });
    const names = (await client.crm.properties.coreApi.getAll('deals')).results.map((p) => p.name);
    expect(names).toContain('syncline_salesforce_id');
  });

  it('creates properties of each type that records then take with the seeded checks', async () => {
    const { client } = await start();
    const created = await client.crm.properties.coreApi.create('contacts', prop('syncline_salesforce_id', Type.String, Field.Text, { hasUniqueValue: true }));
    expect(created).toMatchObject({ name: 'syncline_salesforce_id', type: 'string', fieldType: 'text', hasUniqueValue: true, groupName: 'contactinformation' });
    await client.crm.properties.coreApi.create('contacts', prop('syncline_score', Type.Number, Field.Number));
    await client.crm.properties.coreApi.create('contacts', prop('syncline_synced_at', Type.Datetime, Field.Date));
    await client.crm.properties.coreApi.create('contacts', prop('syncline_deleted', Type.Bool, Field.Booleancheckbox));
    await client.crm.properties.coreApi.create('contacts', prop('syncline_tier', Type.Enumeration, Field.Select, { options: [{ label: 'Gold', value: 'gold', hidden: false }, { label: 'Silver', value: 'silver', hidden: false }] }));
    expect((await client.crm.properties.coreApi.getByName('contacts', 'syncline_tier')).options.map((o) => o.value)).toEqual(['gold', 'silver']);

    const contact = await client.crm.contacts.basicApi.create({
      properties: { email: 'ada@example.com', syncline_salesforce_id: '003A', syncline_score: '7.50', syncline_synced_at: '1735689600000', syncline_deleted: 'TRUE', syncline_tier: 'gold' },
      associations: [],
    });
    const read = await client.crm.contacts.basicApi.getById(contact.id, ['syncline_score', 'syncline_synced_at', 'syncline_deleted', 'syncline_tier']);
    expect(read.properties).toMatchObject({ syncline_score: '7.5', syncline_synced_at: '2025-01-01T00:00:00Z', syncline_deleted: 'true', syncline_tier: 'gold' });
    const found = await client.crm.contacts.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'syncline_score', operator: 'GT' as never, value: '7' }] }], properties: ['email'], limit: 10, after: '0', sorts: [] });
    expect(found.results.map((r) => r.id)).toEqual([contact.id]);

    const badOption = await refusal(client.crm.contacts.basicApi.update(contact.id, { properties: { syncline_tier: 'bronze' } }));
    expect(badOption.code).toBe(400);
    expect(JSON.stringify(badOption.body)).toContain('INVALID_OPTION');
    const badNumber = await refusal(client.crm.contacts.basicApi.update(contact.id, { properties: { syncline_score: 'seven' } }));
    expect(JSON.stringify(badNumber.body)).toContain('INVALID_INTEGER');
    // The created unique property keys batch upsert and refuses a second record with the same value.
    const taken = await refusal(client.crm.contacts.basicApi.create({ properties: { email: 'eve@example.com', syncline_salesforce_id: '003A' }, associations: [] }));
    expect(taken.code).toBe(409);
    const upserted = await client.crm.contacts.batchApi.upsert({ inputs: [{ id: '003A', idProperty: 'syncline_salesforce_id', properties: { firstname: 'Ada' } }] });
    expect(upserted.results.map((r) => r.id)).toEqual([contact.id]);
  });

  it('rejects a duplicate property with 409 OBJECT_ALREADY_EXISTS, and only in its own sandbox', async () => {
    const { client } = await start();
    const { client: other } = await start();
    await client.crm.properties.coreApi.create('contacts', prop('syncline_deleted', Type.Bool, Field.Booleancheckbox));
    const duplicate = await refusal(client.crm.properties.coreApi.create('contacts', prop('syncline_deleted', Type.Bool, Field.Booleancheckbox)));
    expect(duplicate.code).toBe(409);
    expect(duplicate.body).toMatchObject({ status: 'error', category: 'OBJECT_ALREADY_EXISTS' });
    expect(typeof duplicate.body['correlationId']).toBe('string');
    expect((await other.crm.properties.coreApi.getAll('contacts')).results.map((p) => p.name)).not.toContain('syncline_deleted');
    const builtIn = await refusal(client.crm.properties.coreApi.create('contacts', prop('email', Type.String, Field.Text)));
    expect(builtIn.code).toBe(409);
  });

  it('rejects invalid definitions with 400 VALIDATION_ERROR', async () => {
    const { client } = await start();
    const cases: PropertyCreate[] = [
      prop('Bad Name', Type.String, Field.Text),
      prop('1st', Type.String, Field.Text),
      prop('flag', Type.Bool, Field.Text),
      prop('tier', Type.Enumeration, Field.Select),
      prop('score', Type.Number, Field.Number, { groupName: 'nosuchgroup' }),
      prop('score', Type.Number, Field.Number, { hasUniqueValue: true }),
    ];
    for (const body of cases) {
      const refused = await refusal(client.crm.properties.coreApi.create('contacts', body));
      expect([refused.code, refused.body['category']], JSON.stringify(body)).toEqual([400, 'VALIDATION_ERROR']);
    }
    expect((await client.crm.properties.coreApi.getAll('contacts')).results.map((p) => p.name)).not.toContain('score');
  });

  it('creates a property group and a property in it; counts property calls by endpoint name', async () => {
    const { sandbox, client } = await start();
    await client.crm.properties.groupsApi.create('deals', { name: 'syncline', label: 'Syncline' });
    expect((await client.crm.properties.groupsApi.getAll('deals')).results.map((g) => g.name)).toEqual(['dealinformation', 'syncline']);
    await client.crm.properties.coreApi.create('deals', { ...prop('syncline_primary_contact_id', Type.String, Field.Text), groupName: 'syncline' });
    const updated = await client.crm.properties.coreApi.update('deals', 'syncline_primary_contact_id', { label: 'Primary contact' });
    expect(updated).toMatchObject({ label: 'Primary contact', groupName: 'syncline' });
    await client.crm.properties.coreApi.archive('deals', 'syncline_primary_contact_id');
    expect((await client.crm.properties.coreApi.getAll('deals')).results.map((p) => p.name)).not.toContain('syncline_primary_contact_id');
    const calls = (await call(sandbox.url, '/__sandbox/calls')).json as { calls: Array<{ endpoint: string }> } | Array<{ endpoint: string }>;
    const endpoints = (Array.isArray(calls) ? calls : calls.calls).map((c) => c.endpoint);
    expect(endpoints).toEqual(expect.arrayContaining(['createPropertyGroup', 'listPropertyGroups', 'createProperty', 'updateProperty', 'archiveProperty']));
  });

  it('keeps created properties and subscriptions across a restart from its state file, and drops them on reset', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'hs-setup-')), 'hubspot.json');
    const first = await start({ stateFile });
    await first.client.crm.properties.coreApi.create('companies', { ...prop('syncline_deleted', Type.Bool, Field.Booleancheckbox), groupName: 'companyinformation' });
    await first.developer.webhooks.subscriptionsApi.create(APP_ID, { eventType: EventType.CompanyDeletion, active: true });
    await first.sandbox.close();
    sandboxes.splice(0);

    const second = await start({ stateFile });
    expect((await second.client.crm.properties.coreApi.getAll('companies')).results.map((p) => p.name)).toContain('syncline_deleted');
    expect((await second.developer.webhooks.subscriptionsApi.getAll(APP_ID)).results.map((s) => s.eventType)).toEqual(['company.deletion']);
    await call(second.sandbox.url, '/__sandbox/reset', { method: 'POST' });
    expect((await second.client.crm.properties.coreApi.getAll('companies')).results.map((p) => p.name)).not.toContain('syncline_deleted');
    expect((await second.developer.webhooks.subscriptionsApi.getAll(APP_ID)).results).toEqual([]);
  });

  it('sends webhooks for an API-made propertyChange subscription and not for other properties', async () => {
    receiver = await startReceiver();
    const { client, developer } = await start({ webhookUrl: receiver.url });
    const sub = await developer.webhooks.subscriptionsApi.create(APP_ID, { eventType: EventType.ContactPropertyChange, propertyName: 'jobtitle', active: true });
    expect(sub).toMatchObject({ eventType: 'contact.propertyChange', propertyName: 'jobtitle', active: true });
    expect((await developer.webhooks.subscriptionsApi.getAll(APP_ID)).results.map((s) => s.id)).toEqual([sub.id]);

    const contact = await client.crm.contacts.basicApi.create({ properties: { email: 'sub@example.com' }, associations: [] });
    await client.crm.contacts.basicApi.update(contact.id, { properties: { firstname: 'Ada', jobtitle: 'CTO' } });
    const events = () => receiver?.requests.flatMap((r) => JSON.parse(r.body) as Array<{ subscriptionType: string; propertyName?: string; subscriptionId: number }>) ?? [];
    // A company, whose type the API never subscribed to, always notifies: once its creation is in, every earlier
    // change has been sent or never will be.
    const marker = async (name: string) => {
      await client.crm.companies.basicApi.create({ properties: { name }, associations: [] });
      await waitFor(() => events().filter((e) => e.subscriptionType === 'company.creation').length === markers + 1);
      markers += 1;
    };
    let markers = 0;
    const contactEvents = () => events().filter((e) => e.subscriptionType.startsWith('contact.'));
    await waitFor(() => events().some((e) => e.propertyName === 'jobtitle'));
    await marker('first');
    expect(contactEvents().map((e) => `${e.subscriptionType}:${e.propertyName ?? ''}`)).toEqual(['contact.propertyChange:jobtitle']);
    expect(contactEvents()[0]?.subscriptionId).toBe(Number(sub.id));

    // Paused, it sends nothing.
    await developer.webhooks.subscriptionsApi.update(Number(sub.id), APP_ID, { active: false });
    await client.crm.contacts.basicApi.update(contact.id, { properties: { jobtitle: 'CEO' } });
    await marker('second');
    expect(contactEvents()).toHaveLength(1);

    // Reactivated in a batch, it sends again; archived, the type stays the API's: nothing at all.
    const batch = await developer.webhooks.subscriptionsApi.updateBatch(APP_ID, { inputs: [{ id: Number(sub.id), active: true }] });
    expect(batch.results.map((s) => s.active)).toEqual([true]);
    await client.crm.contacts.basicApi.update(contact.id, { properties: { jobtitle: 'CFO' } });
    await waitFor(() => contactEvents().length === 2);
    await developer.webhooks.subscriptionsApi.archive(Number(sub.id), APP_ID);
    expect((await developer.webhooks.subscriptionsApi.getAll(APP_ID)).results).toEqual([]);
    await client.crm.contacts.basicApi.create({ properties: { email: 'later@example.com', jobtitle: 'VP' }, associations: [] });
    await marker('third');
    expect(contactEvents()).toHaveLength(2);
  });

  it('keeps every change of a type the API never subscribed to, and the start option for it', async () => {
    receiver = await startReceiver();
    const { client, developer } = await start({ webhookUrl: receiver.url, propertySubscriptions: { companies: ['name'] } });
    await developer.webhooks.subscriptionsApi.create(APP_ID, { eventType: EventType.ContactCreation, active: true });
    await client.crm.companies.basicApi.create({ properties: { name: 'Acme', domain: 'acme.example' }, associations: [] });
    await client.crm.contacts.basicApi.create({ properties: { email: 'c@example.com' }, associations: [] });
    const events = () => receiver?.requests.flatMap((r) => JSON.parse(r.body) as Array<{ subscriptionType: string; propertyName?: string }>) ?? [];
    await waitFor(() => events().length >= 3);
    // A second company: once its two notifications are in, every earlier change has been sent or never will be.
    await client.crm.companies.basicApi.create({ properties: { name: 'Marker' }, associations: [] });
    await waitFor(() => events().filter((e) => e.subscriptionType === 'company.creation').length === 2 && events().filter((e) => e.propertyName === 'name').length === 2);
    expect(events().map((e) => `${e.subscriptionType}:${e.propertyName ?? ''}`).sort()).toEqual(['company.creation:', 'company.creation:', 'company.propertyChange:name', 'company.propertyChange:name', 'contact.creation:']);
  });

  it('rejects unknown event types, a propertyChange without property and a duplicate', async () => {
    const { developer } = await start();
    const unknown = await refusal(developer.webhooks.subscriptionsApi.create(APP_ID, { eventType: 'contact.teleported' as EventType }));
    expect([unknown.code, unknown.body['category']]).toEqual([400, 'VALIDATION_ERROR']);
    const noProperty = await refusal(developer.webhooks.subscriptionsApi.create(APP_ID, { eventType: EventType.DealPropertyChange }));
    expect(noProperty.code).toBe(400);
    await developer.webhooks.subscriptionsApi.create(APP_ID, { eventType: EventType.DealCreation, active: true });
    const duplicate = await refusal(developer.webhooks.subscriptionsApi.create(APP_ID, { eventType: EventType.DealCreation, active: true }));
    expect([duplicate.code, duplicate.body['category']]).toEqual([409, 'CONFLICT']);
  });

  it('rejects a wrong or missing developer API key with 401, and the portal token is no key', async () => {
    const { sandbox } = await start();
    const wrong = await refusal(new Client({ developerApiKey: 'not-the-key', basePath: sandbox.url }).webhooks.subscriptionsApi.getAll(APP_ID));
    expect(wrong.code).toBe(401);
    expect(wrong.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    const bearer = await call(sandbox.url, `/webhooks/v3/${APP_ID}/subscriptions`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bearer.status).toBe(401);
  });
});
