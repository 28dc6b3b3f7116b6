import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call, jsforceError } from './support.ts';

const CREDS = { clientId: 'dup-client', clientSecret: 'dup-secret', refreshToken: 'dup-refresh' };
const AUTH = { authorization: 'Bearer dup-token' };
const BYPASS = { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' };

interface ApiError {
  errorCode?: string;
  message: string;
  data?: Record<string, unknown>;
}

const failure = (promise: PromiseLike<unknown>) => jsforceError<ApiError>(promise);

describe('Salesforce sandbox: duplicate rules, required fields and upsert statuses', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;
  const rules = (body: unknown) => call(sandbox.url, '/__sandbox/duplicate-rules', { method: 'POST', body });
  const existing = { LastName: 'Raman', Email: 'priya.raman0@northwind.example' }; // a seeded Contact

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'dup-token', duplicateRules: 'standard' });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    conn = new jsforce.Connection({ instanceUrl: sandbox.url, accessToken: 'dup-token', version: '62.0' });
  });

  it('refuses a Contact with an existing e-mail with DUPLICATES_DETECTED and the duplicateResut detail', async () => {
    const seeded = (await conn.query<{ Id: string }>(`SELECT Id FROM Contact WHERE Email = '${existing.Email}'`)).records[0];
    const raw = await call(sandbox.url, '/services/data/v62.0/sobjects/Contact', { method: 'POST', headers: AUTH, body: { ...existing, Email: existing.Email.toUpperCase() } });
    const error = await failure(conn.sobject('Contact').create(existing));
    expect(raw.status).toBe(400);
    expect(raw.json).toEqual([
      {
        message: 'Use one of these records?',
        errorCode: 'DUPLICATES_DETECTED',
        fields: [],
        duplicateResut: expect.objectContaining({
          allowSave: false,
          duplicateRule: 'Standard_Contact_Duplicate_Rule',
          duplicateRuleEntityType: 'Contact',
          matchResults: [expect.objectContaining({ entityType: 'Contact', matchEngine: 'ExactMatchEngine', size: 1, matchRecords: [expect.objectContaining({ matchConfidence: 100, record: { attributes: { type: 'Contact', url: `/services/data/v62.0/sobjects/Contact/${seeded?.Id}` }, Id: seeded?.Id } })] })],
        }),
      },
    ]);
    expect(error.errorCode).toBe('DUPLICATES_DETECTED');
    expect(error.data?.['duplicateResut']).toBeDefined();
  });

  it('fails only the duplicate in a collection, with statusCode and the detail', async () => {
    const results = (await conn.sobject('Contact').create([{ LastName: 'New', Email: 'new.person@example.com' }, existing])) as unknown as Array<Record<string, unknown>>;
    expect(results[0]).toMatchObject({ success: true });
    expect(results[1]).toMatchObject({ success: false, errors: [{ statusCode: 'DUPLICATES_DETECTED', message: 'Use one of these records?', duplicateResut: { matchResults: [{ size: 1 }] } }] });
  });

  it('applies rules to upserts that create and to updates, not to the record itself', async () => {
    const [created] = (await conn.sobject('Contact').upsert([{ HubSpot_Id__c: 'dup-1', ...existing }], 'HubSpot_Id__c')) as unknown as Array<Record<string, unknown>>;
    const { id } = (await conn.sobject('Contact').create({ LastName: 'Other', Email: 'other@example.com' })) as { id: string };
    const renamed = await conn.sobject('Contact').update({ Id: id, Email: 'other@example.com', Title: 'Same e-mail as before' });
    const collide = await failure(conn.sobject('Contact').update({ Id: id, Email: existing.Email }));
    expect(created).toMatchObject({ success: false, errors: [{ statusCode: 'DUPLICATES_DETECTED' }] });
    expect(renamed).toMatchObject({ success: true });
    expect(collide.errorCode).toBe('DUPLICATES_DETECTED');
  });

  it('lets the allowSave header through an allowSave:true rule only', async () => {
    await rules({ rules: [{ name: 'Alert_Lead_Email', object: 'Lead', fields: ['Email'], allowSave: true }, { name: 'Block_Contact_Email', object: 'Contact', fields: ['Email'], allowSave: false }] });
    const lead = { LastName: 'Keller', Company: 'Globex', Email: 'hannah.keller@globex.example' }; // a seeded Lead
    const withoutHeader = await failure(conn.sobject('Lead').create(lead));
    const withHeader = await conn.sobject('Lead').create(lead, { headers: BYPASS });
    const blocked = await failure(conn.sobject('Contact').create(existing, { headers: BYPASS }));
    expect(withoutHeader.errorCode).toBe('DUPLICATES_DETECTED');
    expect(withoutHeader.data?.['duplicateResut']).toMatchObject({ allowSave: true });
    expect(withHeader).toMatchObject({ success: true });
    expect(blocked.errorCode).toBe('DUPLICATES_DETECTED');
  });

  it('matches across objects when a rule says so, switches off over inspection, and comes back on reset', async () => {
    await rules({ rules: [{ name: 'Lead_vs_Contact', object: 'Lead', matchObject: 'Contact', fields: ['Email'], allowSave: false }] });
    const cross = await failure(conn.sobject('Lead').create({ LastName: 'Raman', Company: 'Northwind', Email: existing.Email }));
    await rules({ rules: [] });
    const off = await conn.sobject('Contact').create(existing);
    const listed = await call(sandbox.url, '/__sandbox/duplicate-rules');
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    const back = await failure(conn.sobject('Contact').create(existing));
    const bad = await rules({ rules: [{ name: 'X', object: 'Contact', fields: ['Shoe_Size__c'], allowSave: false }] });
    expect(cross.data?.['duplicateResut']).toMatchObject({ duplicateRuleEntityType: 'Lead', matchResults: [{ entityType: 'Contact' }] });
    expect(off).toMatchObject({ success: true });
    expect(listed.json).toEqual({ rules: [] });
    expect(back.errorCode).toBe('DUPLICATES_DETECTED');
    expect(bad.status).toBe(400);
  });

  it.each([
    ['Contact', { FirstName: 'No' }, ['LastName']],
    ['Lead', { FirstName: 'No' }, ['LastName', 'Company']],
    ['Account', { Industry: 'Retail' }, ['Name']],
    ['Opportunity', { Amount: 10 }, ['Name', 'StageName', 'CloseDate']],
  ] as const)('rejects a %s without its required fields with REQUIRED_FIELD_MISSING', async (object, body, fields) => {
    const answer = await call(sandbox.url, `/services/data/v62.0/sobjects/${object}`, { method: 'POST', headers: AUTH, body });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual([{ message: `Required fields are missing: [${fields.join(', ')}]`, errorCode: 'REQUIRED_FIELD_MISSING', fields }]);
  });

  it('creates a Task with no fields at all (none is required)', async () => {
    expect(await conn.sobject('Task').create({})).toMatchObject({ success: true });
  });

  it('answers upsert with 201, 200 (v46+), 204 (v45), 300 with URL strings, and an unwrapped 404', async () => {
    const upsert = (version: string, field: string, value: string, body: unknown) => call(sandbox.url, `/services/data/${version}/sobjects/Contact/${field}/${value}`, { method: 'PATCH', headers: AUTH, body });
    const created = await upsert('v62.0', 'HubSpot_Id__c', 'm-1', { LastName: 'Matrix' });
    const updated = await upsert('v62.0', 'HubSpot_Id__c', 'm-1', { Title: 'v62' });
    const old = await upsert('v45.0', 'HubSpot_Id__c', 'm-1', { Title: 'v45' });
    await conn.sobject('Contact').create([{ LastName: 'Twin', Legacy_Id__c: 'T' }, { LastName: 'Twin', Legacy_Id__c: 'T' }]);
    const several = await upsert('v62.0', 'Legacy_Id__c', 'T', { Title: 'x' });
    const unknown = await upsert('v62.0', 'Email', 'a@b.example', { LastName: 'x' });
    expect([created.status, updated.status, old.status, several.status, unknown.status]).toEqual([201, 200, 204, 300, 404]);
    expect(created.json).toMatchObject({ success: true, created: true });
    expect(updated.json).toMatchObject({ success: true, created: false });
    expect(old.text).toBe('');
    expect(several.json).toEqual([expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/Contact\/003\w{15}$/), expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/Contact\/003/)]);
    expect(unknown.json).toEqual({ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' });
  });
});

describe('Salesforce sandbox: duplicate rules are off by default', () => {
  it('creates same-e-mail Contacts when no rule was configured', async () => {
    const sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'dup-token' });
    try {
      const conn = new jsforce.Connection({ instanceUrl: sandbox.url, accessToken: 'dup-token', version: '62.0' });
      const results = await conn.sobject('Contact').create([{ LastName: 'A', Email: 'same@example.com' }, { LastName: 'B', Email: 'same@example.com' }]);
      expect(results.map((r) => r.success)).toEqual([true, true]);
    } finally {
      await sandbox.close();
    }
  });
});
