import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { makeId } from '#local/sandboxes/salesforce/ids';
import { call, startReceiver, waitFor, type Receiver } from './support.ts';

const TOKEN = 'loads-token';

interface Message {
  notifications: { recordId: string }[];
}

describe('Salesforce sandbox: loading records that predate the test', () => {
  let sandbox: SalesforceSandbox;
  let receiver: Receiver;
  let conn: Connection;
  const load = (object: string, body: unknown) => call(sandbox.url, `/__sandbox/records/${object}`, { method: 'POST', body });
  const records = async (object: string) => ((await call(sandbox.url, `/__sandbox/records/${object}`)).json as { records: Array<Record<string, unknown>> }).records;
  const messages = async () => ((await call(sandbox.url, '/__sandbox/outbound-messages')).json as { messages: Message[] }).messages;
  const counters = async () => ({ limits: (await call(sandbox.url, '/__sandbox/limits')).json as unknown, calls: ((await call(sandbox.url, '/__sandbox/calls')).json as { calls: unknown[] }).calls.length });

  beforeAll(async () => {
    receiver = await startReceiver();
    sandbox = await startSalesforceSandbox({
      clientId: 'c',
      clientSecret: 's',
      refreshToken: 'r',
      accessToken: TOKEN,
      outboundMessages: { definitions: [{ object: 'Account', fields: ['Name', 'SystemModstamp'], endpointUrl: receiver.url }, { object: 'Contact', fields: ['LastName'], endpointUrl: receiver.url }], batchDelayMs: 20 },
    });
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    conn = new jsforce.Connection({ instanceUrl: sandbox.url, accessToken: TOKEN, version: '62.0' });
  });

  it('stores records backdated to modifiedAt, in input order, readable through SOQL, sObject reads and inspection', async () => {
    const accounts = await load('Account', { records: [{ Name: 'Old Co 1', Industry: 'Retail' }, { name: 'Old Co 2', numberofemployees: '12' }], modifiedAt: '2021-06-01T10:00:00Z' });
    const [first, second] = (accounts.json as { ids: string[] }).ids;
    const contacts = await load('Contact', { records: [{ LastName: 'Elder', AccountId: first, Email: 'elder@old.example' }] });
    const [contactId] = (contacts.json as { ids: string[] }).ids;
    const soql = await conn.query<{ Id: string; Name: string; CreatedDate: string; LastModifiedDate: string; SystemModstamp: string }>("SELECT Id, Name, CreatedDate, LastModifiedDate, SystemModstamp FROM Account WHERE Name LIKE 'Old Co%' ORDER BY Name");
    const contact = await conn.sobject('Contact').retrieve(String(contactId));
    const inspected = (await records('Account')).find((r) => r['Id'] === second);
    expect(accounts.status).toBe(200);
    expect(first).toMatch(/^001\w{15}$/);
    expect(soql.records.map((r) => [r.Id, r.Name])).toEqual([[first, 'Old Co 1'], [second, 'Old Co 2']]);
    expect(soql.records.every((r) => r.CreatedDate === '2021-06-01T10:00:00.000+0000' && r.LastModifiedDate === r.CreatedDate && r.SystemModstamp === r.CreatedDate)).toBe(true);
    expect(contact).toMatchObject({ Id: contactId, Name: 'Elder', AccountId: first, CreatedDate: '2024-02-01T08:00:00.000+0000', SystemModstamp: '2024-02-01T08:00:00.000+0000' });
    expect(inspected).toMatchObject({ Name: 'Old Co 2', NumberOfEmployees: 12, IsDeleted: false });
  });

  it('sends no Outbound Message for loaded records, while an API create still sends one', async () => {
    const loaded = await load('Account', { records: [{ Name: 'Silent Co' }] });
    const silentId = (loaded.json as { ids: string[] }).ids[0];
    const created = await conn.sobject('Account').create({ Name: 'Loud Co' });
    const loudId = created.success ? created.id : '';
    await waitFor(() => receiver.requests.some((r) => r.body.includes(loudId)));
    const notified = (await messages()).flatMap((m) => m.notifications.map((n) => n.recordId));
    expect(notified).toContain(loudId);
    expect(notified).not.toContain(silentId);
    expect(receiver.requests.some((r) => r.body.includes(String(silentId)))).toBe(false);
  });

  it('counts no API request and runs no duplicate rule', async () => {
    await call(sandbox.url, '/__sandbox/duplicate-rules', { method: 'POST', body: { rules: 'standard' } });
    const [seeded] = await records('Contact');
    const before = await counters();
    const loaded = await load('Contact', { records: [{ LastName: 'Twin', Email: seeded?.['Email'] }] });
    expect(loaded.status).toBe(200);
    expect(await counters()).toEqual(before);
  });

  it('rejects the whole request at the first record the schema refuses, and stores nothing', async () => {
    const before = (await records('Contact')).length;
    const unknownField = await load('Contact', { records: [{ LastName: 'Fine' }, { LastName: 'Bad', Shoe_Size__c: 44 }] });
    const danglingReference = await load('Contact', { records: [{ LastName: 'Fine' }, { LastName: 'Fine 2' }, { LastName: 'Orphan', AccountId: '001Dn0000099999AAA' }] });
    const missingRequired = await load('Contact', { records: [{ FirstName: 'Nameless' }] });
    const readOnly = await load('Contact', { records: [{ LastName: 'Backdated', CreatedDate: '2020-01-01T00:00:00Z' }] });
    const good = await load('Contact', { records: [{ LastName: 'After' }] });
    expect(unknownField.status).toBe(400);
    expect(unknownField.json).toEqual({ index: 1, errors: [expect.objectContaining({ errorCode: 'INVALID_FIELD', fields: ['Shoe_Size__c'] })] });
    expect(danglingReference.json).toEqual({ index: 2, errors: [expect.objectContaining({ errorCode: 'INVALID_CROSS_REFERENCE_KEY', fields: ['AccountId'] })] });
    expect(missingRequired.json).toMatchObject({ index: 0, errors: [{ errorCode: 'REQUIRED_FIELD_MISSING' }] });
    expect(readOnly.json).toMatchObject({ index: 0, errors: [{ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE' }] });
    expect((await records('Contact')).map((r) => r['LastName']).filter((n) => ['Fine', 'Fine 2', 'Bad', 'Orphan'].includes(String(n)))).toEqual([]);
    expect((await records('Contact')).length).toBe(before + 1);
    // The refused requests took no ids: the next record gets the one right after the 38 seeded records.
    expect(good.json).toEqual({ ids: [makeId('003', 39)] });
  });

  it('loads 10,000 records at once and refuses 10,001 or a bad body', async () => {
    const names = Array.from({ length: 10_001 }, (_, i) => ({ Name: `Bulk ${i}` }));
    const tooMany = await load('Account', { records: names });
    const full = await load('Account', { records: names.slice(0, 10_000) });
    const badInstant = await load('Account', { records: [{ Name: 'X' }], modifiedAt: 'last year' });
    const unknownObject = await load('Shoe__c', { records: [{ Name: 'X' }] });
    expect(tooMany.status).toBe(400);
    expect(full.status).toBe(200);
    expect(new Set((full.json as { ids: string[] }).ids).size).toBe(10_000);
    expect(badInstant.status).toBe(400);
    expect(unknownObject.status).toBe(404);
  });
});
