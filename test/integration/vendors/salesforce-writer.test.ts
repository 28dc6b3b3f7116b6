import type { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSalesforceConnection } from '#adapters/vendors/salesforce/connection';
import { BULK_UPSERT_THRESHOLD, salesforceWriter } from '#adapters/vendors/salesforce/writer';
import { RetryableError, VendorPaused } from '#domain/errors';
import type { UpsertRecord } from '#ports/crm';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call } from '../sandboxes/support.ts';

const CREDS = { clientId: 'writer-client', clientSecret: 'writer-secret', refreshToken: 'writer-refresh' };
const FIELD = 'HubSpot_Id__c';
const FAST_BULK = { pollIntervalMs: 20, timeoutMs: 10_000 };

describe('salesforceWriter against the Salesforce sandbox', () => {
  let sandbox: SalesforceSandbox;
  let connection: Connection;
  const counts = async () => ((await call(sandbox.url, '/__sandbox/calls')).json as { counts: Record<string, number> }).counts;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'writer-token', bulkStepMs: 10 });
    connection = createSalesforceConnection({ instanceUrl: sandbox.url, loginUrl: sandbox.url, ...CREDS, accessToken: 'writer-token' });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
  });

  it("reads an object's field limits from describe once: text lengths, restricted picklists' active values, external ids, read-only fields", async () => {
    const writer = salesforceWriter(connection);

    const [contact, again] = [await writer.fields?.('Contact'), await writer.fields?.('Contact')];

    expect(contact?.['Title']).toEqual({ type: 'string', length: 128, writable: true });
    expect(contact?.['Email']).toEqual({ type: 'email', length: 80, writable: true });
    expect(contact?.['HubSpot_Lifecycle_Stage__c']).toMatchObject({ type: 'picklist', allowed: ['Subscriber', 'Lead', 'MQL', 'SQL', 'Opportunity', 'Customer'] });
    expect(contact?.['LeadSource']?.allowed).toBeUndefined();
    expect(contact?.['HubSpot_Id__c']).toMatchObject({ writable: true, unique: true });
    expect(contact?.['Name']).toMatchObject({ writable: false });
    expect(again).toBe(contact);
    // An Opportunity's stage takes the org's stages only, whatever describe says of the picklist.
    expect((await writer.fields?.('Opportunity'))?.['StageName']?.allowed).toContain('Proposal/Price Quote');
    expect((await counts())['describe']).toBe(2);
  });

  it(`upserts ${BULK_UPSERT_THRESHOLD} records through one Bulk API 2.0 job and maps every row back in input order`, async () => {
    const existing = await salesforceWriter(connection).upsert('Contact', FIELD, [{ externalId: 'w-5', fields: { LastName: 'Before' } }]);
    const records: UpsertRecord[] = Array.from({ length: BULK_UPSERT_THRESHOLD }, (_, i) => ({
      externalId: `w-${i}`,
      fields: i === 7 ? { FirstName: 'No last name' } : ({ LastName: `Writer ${i}`, Email: `w${i}@example.com`, HubSpot_Lead_Score__c: i % 100, Title: null } as UpsertRecord['fields']),
    }));
    const results = await salesforceWriter(connection, { bulk: FAST_BULK }).upsert('Contact', FIELD, records);
    const calls = await counts();
    const stored = ((await call(sandbox.url, '/__sandbox/records/Contact')).json as { records: Array<Record<string, unknown>> }).records;
    const byExt = new Map(stored.map((r) => [r[FIELD], r]));
    expect(results).toHaveLength(BULK_UPSERT_THRESHOLD);
    expect(calls['bulkCreateJob']).toBe(1);
    expect(calls['upsertCollection']).toBe(1); // the single-record setup call only
    expect(results[5]).toEqual({ ok: true, id: existing[0]?.ok ? existing[0].id : 'missing', created: false });
    expect(results[7]).toMatchObject({ ok: false, code: 'REQUIRED_FIELD_MISSING', retryable: false });
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(BULK_UPSERT_THRESHOLD - 2);
    for (const i of [0, 999, 1999]) expect(results[i]).toEqual({ ok: true, id: byExt.get(`w-${i}`)?.['Id'], created: true });
    expect(byExt.get('w-1999')).toMatchObject({ LastName: 'Writer 1999', HubSpot_Lead_Score__c: 99 });
  });

  it('reports records a failed job left unprocessed as retryable failures', async () => {
    await call(sandbox.url, '/__sandbox/bulk-faults', { method: 'POST', body: { failAfterRecords: 3 } });
    const records = Array.from({ length: 6 }, (_, i) => ({ externalId: `f-${i}`, fields: { LastName: `F${i}` } }));
    const results = await salesforceWriter(connection, { bulkThreshold: 5, bulk: FAST_BULK }).upsert('Contact', FIELD, records);
    expect(results.map((r) => (r.ok ? 'ok' : `${r.code}:${r.retryable}`))).toEqual(['ok', 'ok', 'ok', 'BULK_UNPROCESSED:true', 'BULK_UNPROCESSED:true', 'BULK_UNPROCESSED:true']);
  });

  it('fails retryably when the bulk job does not finish in time, and aborts it', async () => {
    await call(sandbox.url, '/__sandbox/bulk-faults', { method: 'POST', body: { stall: true } });
    const records = Array.from({ length: 3 }, (_, i) => ({ externalId: `s-${i}`, fields: { LastName: `S${i}` } }));
    const failure = await salesforceWriter(connection, { bulkThreshold: 2, bulk: { pollIntervalMs: 20, timeoutMs: 150 } }).upsert('Contact', FIELD, records).catch((error: unknown) => error);
    const jobs = (await call(sandbox.url, '/services/data/v62.0/jobs/ingest', { headers: { authorization: `Bearer ${connection.accessToken}` } })).json as { records: Array<{ state: string }> };
    expect(failure).toBeInstanceOf(RetryableError);
    expect(jobs.records.map((j) => j.state)).toEqual(['Aborted']);
  });

  it('returns the duplicate records a duplicate rule matched as candidates', async () => {
    await call(sandbox.url, '/__sandbox/duplicate-rules', { method: 'POST', body: { rules: 'standard' } });
    const found = await connection.query<{ Id: string }>("SELECT Id FROM Contact WHERE Email = 'priya.raman0@northwind.example'");
    const seeded = found.records[0]?.Id;
    const [result] = await salesforceWriter(connection).upsert('Contact', FIELD, [{ externalId: 'd-1', fields: { LastName: 'Raman', Email: 'priya.raman0@northwind.example' } }]);
    expect(result).toEqual({ ok: false, code: 'DUPLICATES_DETECTED', message: 'Use one of these records?', retryable: false, candidates: [`Contact:${seeded}`] });
  });

  it('fails a whole call on the daily limit as a Salesforce pause of a quarter hour, which spends no delivery', async () => {
    await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'upsertCollection', kind: 'status', status: 403 } });
    const before = Date.now();
    const failure = await salesforceWriter(connection).upsert('Contact', FIELD, [{ externalId: 'l-1', fields: { LastName: 'L' } }]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(VendorPaused);
    expect((failure as VendorPaused).vendor).toBe('salesforce');
    expect((failure as VendorPaused).resumeAt).toBeGreaterThanOrEqual(before + 15 * 60_000);
    expect((failure as VendorPaused).resumeAt).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
  });
});
