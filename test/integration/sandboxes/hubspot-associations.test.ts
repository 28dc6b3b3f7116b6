import { Client } from '@hubspot/api-client';
import type { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHubspotSandbox, type HubspotSandbox } from '#local/sandboxes/index';
import { call, sdkError } from './support.ts';

const TOKEN = 'pat-assoc-token';
const DEFINED = 'HUBSPOT_DEFINED' as AssociationSpecAssociationCategoryEnum;

/** `toObjectId` comes as a number on the wire although the SDK types it as a string. */
const targets = (page: { results: Array<{ toObjectId: unknown; associationTypes: Array<{ typeId: number; label?: string | null }> }> }) =>
  page.results.map((r) => [String(r.toObjectId), r.associationTypes.map((t) => t.typeId)]);

describe('HubSpot sandbox associations v4 with @hubspot/api-client', () => {
  let sandbox: HubspotSandbox;
  let client: Client;
  let v4: Client['crm']['associations']['v4'];

  beforeAll(async () => {
    sandbox = await startHubspotSandbox({ clientSecret: 'secret', accessToken: TOKEN });
    client = new Client({ accessToken: TOKEN, basePath: sandbox.url });
    v4 = client.crm.associations.v4;
  });
  afterAll(() => sandbox.close());
  beforeEach(() => call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } }));

  it('creates the default contact→company association (279) and lists it from both sides (280 back)', async () => {
    const made = await v4.basicApi.createDefault('contacts', '1001', 'companies', '5001');
    const fromContact = await v4.basicApi.getPage('contacts', '1001', 'companies');
    const fromCompany = await v4.basicApi.getPage('companies', '5001', 'contacts');
    expect(made.status).toBe('COMPLETE');
    expect(made.results[0]).toMatchObject({ _from: { id: '1001' }, to: { id: '5001' }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 279 } });
    expect(targets(fromContact)).toEqual([['5001', [279]]]);
    expect(targets(fromCompany)).toEqual([['1001', [280]]]);
  });

  it('creates a labelled Primary association (1) beside the unlabelled one and reports its label', async () => {
    await v4.basicApi.createDefault('contacts', '1001', 'companies', '5001');
    const pair = await v4.basicApi.create('contacts', '1001', 'companies', '5001', [{ associationCategory: DEFINED, associationTypeId: 1 }]);
    const page = await v4.basicApi.getPage('contacts', '1001', 'companies');
    expect(pair).toMatchObject({ fromObjectTypeId: '0-1', toObjectTypeId: '0-2', labels: ['Primary'] });
    expect(String(pair.fromObjectId)).toBe('1001');
    expect(targets(page)).toEqual([['5001', [1, 279]]]);
    expect(page.results[0]?.associationTypes.find((t) => t.typeId === 1)?.label).toBe('Primary');
  });

  it('associates deals with contacts (3) and companies (341) and lists only live records', async () => {
    await v4.basicApi.create('deals', '9001', 'contacts', '1001', [{ associationCategory: DEFINED, associationTypeId: 3 }]);
    await v4.basicApi.create('deals', '9001', 'contacts', '1002', [{ associationCategory: DEFINED, associationTypeId: 3 }]);
    // Company 5004 (the seeded deals are each with their own company, 9001 with 5001).
    await v4.basicApi.create('deals', '9001', 'companies', '5004', [{ associationCategory: DEFINED, associationTypeId: 341 }]);
    await client.crm.contacts.basicApi.archive('1002');
    expect(targets(await v4.basicApi.getPage('deals', '9001', 'contacts'))).toEqual([['1001', [3]]]);
    expect(targets(await v4.basicApi.getPage('contacts', '1001', 'deals'))).toEqual([['9001', [4]]]);
    expect(targets(await v4.basicApi.getPage('companies', '5004', 'deals'))).toEqual([['9001', [342]]]);
    expect(targets(await v4.basicApi.getPage('companies', '5001', 'deals'))).toEqual([['9001', [6, 342]]]);
  });

  it('deletes an association from both sides with 204', async () => {
    await v4.basicApi.createDefault('contacts', '1001', 'companies', '5001');
    await v4.basicApi.archive('companies', '5001', 'contacts', '1001');
    expect((await v4.basicApi.getPage('contacts', '1001', 'companies')).results).toEqual([]);
    const statuses = ((await call(sandbox.url, '/__sandbox/calls')).json as { calls: Array<{ endpoint: string; status: number }> }).calls.map((c) => `${c.endpoint}:${c.status}`);
    expect(statuses).toContain('associationArchive:204');
  });

  it('fails with 404 OBJECT_NOT_FOUND when either record does not exist', async () => {
    const noFrom = await sdkError(v4.basicApi.createDefault('contacts', '424242', 'companies', '5001'));
    const noTo = await sdkError(v4.basicApi.create('contacts', '1001', 'companies', '424242', [{ associationCategory: DEFINED, associationTypeId: 279 }]));
    const noList = await sdkError(v4.basicApi.getPage('contacts', '424242', 'companies'));
    const noDelete = await sdkError(v4.basicApi.archive('contacts', '1001', 'companies', '424242'));
    expect([noFrom.code, noTo.code, noList.code, noDelete.code]).toEqual([404, 404, 404, 404]);
    expect(noFrom.body['category']).toBe('OBJECT_NOT_FOUND');
  });

  it('rejects a type id that is not defined between the two object types with 400', async () => {
    const error = await sdkError(v4.basicApi.create('contacts', '1001', 'companies', '5001', [{ associationCategory: DEFINED, associationTypeId: 3 }]));
    expect(error.code).toBe(400);
    expect(error.body['message']).toBe('HUBSPOT_DEFINED association type 3 is not valid between contacts and companies.');
  });

  it('batch-creates (201), reads (207 for ids without associations) and archives (204)', async () => {
    const created = await v4.batchApi.create('contacts', 'companies', {
      inputs: [
        { _from: { id: '1001' }, to: { id: '5001' }, types: [{ associationCategory: DEFINED, associationTypeId: 279 }] },
        { _from: { id: '1002' }, to: { id: '5002' }, types: [{ associationCategory: DEFINED, associationTypeId: 1 }] },
      ],
    });
    const read = await v4.batchApi.getPage('contacts', 'companies', { inputs: [{ id: '1001' }, { id: '1002' }, { id: '1003' }] });
    await v4.batchApi.archive('contacts', 'companies', { inputs: [{ _from: { id: '1001' }, to: [{ id: '5001' }] }] });
    const after = await v4.basicApi.getPage('contacts', '1001', 'companies');
    expect(created.results.map((r) => r.labels)).toEqual([[], ['Primary']]);
    expect(read.results.map((r) => [r._from.id, r.to.map((t) => String(t.toObjectId))])).toEqual([
      ['1001', ['5001']],
      ['1002', ['5002']],
    ]);
    expect((read as unknown as { errors: Array<{ context: Record<string, string[]> }> }).errors[0]?.context['fromObjectId']).toEqual(['1003']);
    expect(after.results).toEqual([]);
    const statuses = ((await call(sandbox.url, '/__sandbox/calls')).json as { calls: Array<{ endpoint: string; status: number }> }).calls.map((c) => `${c.endpoint}:${c.status}`);
    expect(statuses).toEqual(['associationBatchCreate:201', 'associationBatchRead:207', 'associationBatchArchive:204', 'associationList:200']);
  });

  it('batch-creates what it can and reports inputs whose records are missing with 207', async () => {
    const created = await v4.batchApi.create('deals', 'companies', {
      inputs: [
        { _from: { id: '9001' }, to: { id: '5001' }, types: [{ associationCategory: DEFINED, associationTypeId: 341 }] },
        { _from: { id: '9002' }, to: { id: '424242' }, types: [{ associationCategory: DEFINED, associationTypeId: 341 }] },
      ],
    });
    expect(created.results).toHaveLength(1);
    expect((created as unknown as { errors: Array<{ category: string; context: { ids: string[] } }> }).errors[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['424242'] } });
  });

  it('batch-associates with the default type', async () => {
    const made = await v4.batchApi.createDefault('deals', 'contacts', { inputs: [{ _from: { id: '9001' }, to: { id: '1001' } }] });
    expect(made.results[0]?.associationSpec.associationTypeId).toBe(3);
  });

  it('stores the associations of a v3 create body and refuses a create whose target does not exist', async () => {
    const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'Linked' }, associations: [{ to: { id: '5005' }, types: [{ associationCategory: DEFINED as never, associationTypeId: 341 }] }] });
    const missing = await sdkError(client.crm.deals.basicApi.create({ properties: { dealname: 'Dangling' }, associations: [{ to: { id: '424242' }, types: [{ associationCategory: DEFINED as never, associationTypeId: 3 }] }] }));
    expect(targets(await v4.basicApi.getPage('companies', '5005', 'deals'))).toEqual([[deal.id, [342]]]);
    expect(missing.code).toBe(404);
    expect((await client.crm.deals.basicApi.getPage(100)).results.map((d) => d.properties['dealname'])).not.toContain('Dangling');
  });
});
