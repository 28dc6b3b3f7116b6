import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHubspotClient, hubspotReader } from '#adapters/vendors/hubspot/reader';
import { hubspotWriter } from '#adapters/vendors/hubspot/writer';
import type { ChangeReader, CrmWriter } from '#ports/crm';
import { startHubspotSandbox, type HubspotSandbox } from '#local/sandboxes/index';
import { call } from '../sandboxes/support.ts';

const TOKEN = 'pat-associations-test';
const ID = 'syncline_salesforce_id';
const COMPANY = 'associations.companies';

describe("a HubSpot record's company, read and written as the pseudo-property associations.companies", () => {
  let sandbox: HubspotSandbox;
  let writer: CrmWriter;
  let reader: ChangeReader;
  const counts = async () => ((await call(sandbox.url, '/__sandbox/calls')).json as { counts: Record<string, number> }).counts;
  const companiesOf = async (type: string, id: string) =>
    ((await call(sandbox.url, `/crm/v4/objects/${type}/${id}/associations/companies`, { headers: { authorization: `Bearer ${TOKEN}` } })).json as { results: { toObjectId: string | number; associationTypes: { typeId: number }[] }[] }).results;

  beforeAll(async () => {
    sandbox = await startHubspotSandbox({ clientSecret: 'secret', accessToken: TOKEN });
    const client = createHubspotClient({ accessToken: TOKEN, basePath: sandbox.url });
    writer = hubspotWriter(client);
    reader = hubspotReader(client);
  });
  afterAll(() => sandbox.close());
  beforeEach(() => call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } }));

  it('associates created contacts and deals with their company as its primary, in one batch call per 100', async () => {
    // Prepare
    const [company] = await writer.upsert('companies', ID, [{ externalId: '001Dn0000001AAA', fields: { name: 'Globex', domain: 'globex.test' } }]);
    const companyId = company?.ok ? company.id : '';
    const people = Array.from({ length: 120 }, (_, i) => ({ externalId: `003Dn${String(i).padStart(10, '0')}`, fields: { email: `p${i}@globex.test`, [COMPANY]: companyId } }));

    // Act
    const results = await writer.upsert('contacts', ID, people);
    const [deal] = await writer.upsert('deals', ID, [{ externalId: '006Dn0000001AAA', fields: { dealname: 'Globex pilot', [COMPANY]: companyId } }]);

    // Assess
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await counts())['associationBatchCreate']).toBe(3);
    const first = results[0]?.ok ? results[0].id : '';
    expect((await companiesOf('contacts', first)).map((a) => [String(a.toObjectId), a.associationTypes.map((t) => t.typeId).sort((x, y) => x - y)])).toEqual([[companyId, [1, 279]]]);
    expect((await companiesOf('deals', deal?.ok ? deal.id : '')).map((a) => String(a.toObjectId))).toEqual([companyId]);
  });

  it('reads the primary company in a batch read, and null for a record without one', async () => {
    const [a, b] = await writer.upsert('companies', ID, [
      { externalId: '001A', fields: { name: 'Alpha' } },
      { externalId: '001B', fields: { name: 'Beta' } },
    ]);
    const [alpha, beta] = [a?.ok ? a.id : '', b?.ok ? b.id : ''];
    const [withCompany, without] = await writer.upsert('contacts', ID, [
      { externalId: '003A', fields: { email: 'a@alpha.test', [COMPANY]: alpha } },
      { externalId: '003B', fields: { email: 'b@beta.test' } },
    ]);
    const [withId, withoutId] = [withCompany?.ok ? withCompany.id : '', without?.ok ? without.id : ''];
    // A second company, not primary: the primary one is still the one read.
    await call(sandbox.url, `/crm/v4/objects/contacts/${withId}/associations/default/companies/${beta}`, { method: 'PUT', headers: { authorization: `Bearer ${TOKEN}` } });

    const read = await reader.readMany?.('contacts', [withId, withoutId], ['email', COMPANY]);
    const one = await reader.read('contacts', withId, ['email', COMPANY]);

    expect(read?.get(withId)?.values).toEqual({ email: 'a@alpha.test', [COMPANY]: alpha });
    expect(read?.get(withoutId)?.values).toEqual({ email: 'b@beta.test', [COMPANY]: null });
    expect(one?.values[COMPANY]).toBe(alpha);
  });

  it('writes a contact whose only change is its company', async () => {
    const [company] = await writer.upsert('companies', ID, [{ externalId: '001C', fields: { name: 'Gamma' } }]);
    const [person] = await writer.upsert('contacts', ID, [{ externalId: '003C', fields: { email: 'c@gamma.test' } }]);
    const [companyId, personId] = [company?.ok ? company.id : '', person?.ok ? person.id : ''];

    const [updated] = await writer.update?.('contacts', [{ id: personId, fields: { [COMPANY]: companyId } }]) ?? [];

    expect(updated).toMatchObject({ ok: true, id: personId });
    expect((await companiesOf('contacts', personId)).map((a) => String(a.toObjectId))).toEqual([companyId]);
    expect((await counts())['batchUpdate'] ?? 0).toBe(0); // no empty update went out beside the association

    // The system of record clears the company: HubSpot's association goes too.
    const [cleared] = (await writer.update?.('contacts', [{ id: personId, fields: { [COMPANY]: null } }])) ?? [];
    expect(cleared).toMatchObject({ ok: true });
    expect(await companiesOf('contacts', personId)).toEqual([]);
  });

  it('fails a record whose company HubSpot does not have, for good: its properties are written, its association refused', async () => {
    const [result] = await writer.upsert('contacts', ID, [{ externalId: '003D', fields: { email: 'd@gone.test', [COMPANY]: '987654321' } }]);

    expect(result).toMatchObject({ ok: false, code: 'OBJECT_NOT_FOUND', retryable: false });
    expect(result?.ok === false && result.message).toContain('not associated with its companies');
  });
});
