import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubspotClient } from '#adapters/vendors/hubspot/reader';
import { hubspotLister } from '#adapters/vendors/hubspot/lister';
import { createSalesforceConnection } from '#adapters/vendors/salesforce/connection';
import { salesforceLister } from '#adapters/vendors/salesforce/lister';
import type { ListedRecord, RecordLister } from '#ports/crm';
import { startHubspotSandbox, startSalesforceSandbox, type HubspotSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call } from '../sandboxes/support.ts';

const CREDS = { clientId: 'lister-client', clientSecret: 'lister-secret', refreshToken: 'lister-refresh' };
const TOKEN = 'pat-lister';

async function all(lister: RecordLister, object: string, fields: string[]): Promise<{ pages: number; records: ListedRecord[] }> {
  let pages = 0;
  const records: ListedRecord[] = [];
  for await (const page of lister.list(object, fields)) {
    pages++;
    records.push(...page);
  }
  return { pages, records };
}

describe('full reads for an initial sync, against the sandboxes', () => {
  let salesforce: SalesforceSandbox;
  let hubspot: HubspotSandbox;

  beforeAll(async () => {
    [salesforce, hubspot] = await Promise.all([startSalesforceSandbox({ ...CREDS, accessToken: 'lister-token', seed: false }), startHubspotSandbox({ clientSecret: 'secret', accessToken: TOKEN, seed: false })]);
    const accounts = Array.from({ length: 5 }, (_, i) => ({ Name: `Account ${i}`, Website: `https://www.a${i}.test`, NumberOfEmployees: 10 + i }));
    const { ids } = (await call(salesforce.url, '/__sandbox/records/Account', { method: 'POST', body: { records: accounts } })).json as { ids: string[] };
    const contacts = Array.from({ length: 2_500 }, (_, i) => ({ LastName: `Person ${i}`, Email: i % 10 === 0 ? '' : `p${i}@a${i % 5}.test`, AccountId: ids[i % 5] }));
    await call(salesforce.url, '/__sandbox/records/Contact', { method: 'POST', body: { records: contacts } });
    const companies = (await call(hubspot.url, '/__sandbox/records/companies', { method: 'POST', body: { records: [{ properties: { name: 'A0', domain: 'a0.test' } }] } })).json as { ids: string[] };
    const people = Array.from({ length: 250 }, (_, i) => ({ properties: { email: `h${i}@a0.test`, lastname: `H ${i}` }, ...(i % 2 === 0 ? { associations: { companies: companies.ids } } : {}) }));
    await call(hubspot.url, '/__sandbox/records/contacts', { method: 'POST', body: { records: people } });
  });
  afterAll(async () => {
    await Promise.all([salesforce.close(), hubspot.close()]);
  });

  it('reads every Salesforce Contact through one Bulk API 2.0 query job, page by page, blanks as no value', async () => {
    // Prepare
    const connection = createSalesforceConnection({ instanceUrl: salesforce.url, loginUrl: salesforce.url, ...CREDS, accessToken: 'lister-token' });
    const lister = salesforceLister(connection, { pollIntervalMs: 10, pageSize: 1_000 });
    const before = ((await call(salesforce.url, '/__sandbox/calls')).json as { calls: unknown[] }).calls.length;

    // Act
    const { pages, records } = await all(lister, 'Contact', ['LastName', 'Email', 'AccountId']);

    // Assess
    expect(pages).toBe(3);
    expect(new Set(records.map((r) => r.id)).size).toBe(2_500);
    const first = records.find((r) => r.record.values['LastName'] === 'Person 0');
    expect(first?.record.values).toEqual({ LastName: 'Person 0', Email: null, AccountId: expect.stringMatching(/^001/) });
    expect(first?.record.modifiedAt).toBe(Date.parse('2024-02-01T08:00:00.000Z'));
    const calls = ((await call(salesforce.url, '/__sandbox/calls')).json as { calls: unknown[] }).calls.length - before;
    expect(calls).toBeLessThanOrEqual(6); // create, a poll or two, three result pages
  });

  it('reads only the Salesforce records holding one of the fields asked for, in the query job itself', async () => {
    // Prepare: a Task logged by hand, one carrying an Outreach id, one a Gong id.
    await call(salesforce.url, '/__sandbox/records/Task', { method: 'POST', body: { records: [{ Subject: 'By hand' }, { Subject: 'Mailing', Outreach_Activity_Id__c: '7001' }, { Subject: 'Call', Gong_Call_Id__c: '7782342274025900001' }] } });
    const connection = createSalesforceConnection({ instanceUrl: salesforce.url, loginUrl: salesforce.url, ...CREDS, accessToken: 'lister-token' });
    const lister = salesforceLister(connection, { pollIntervalMs: 10 });

    // Act
    const records: ListedRecord[] = [];
    for await (const page of lister.list('Task', ['Subject', 'Outreach_Activity_Id__c', 'Gong_Call_Id__c'], { withAnyOf: ['Outreach_Activity_Id__c', 'Gong_Call_Id__c'] })) records.push(...page);

    // Assess
    expect(records.map((r) => r.record.values['Subject']).sort()).toEqual(['Call', 'Mailing']);
  });

  it('reads every HubSpot contact 100 a page, with its primary company from one association read per page', async () => {
    const lister = hubspotLister(createHubspotClient({ accessToken: TOKEN, basePath: hubspot.url }));

    const { pages, records } = await all(lister, 'contacts', ['email', 'lastname', 'associations.companies']);

    expect(pages).toBe(3);
    expect(records).toHaveLength(250);
    const companyIds = new Set(records.map((r) => r.record.values['associations.companies']));
    expect(companyIds.size).toBe(2); // the company, and null
    expect(records.filter((r) => r.record.values['associations.companies'] === null)).toHaveLength(125);
  });
});
