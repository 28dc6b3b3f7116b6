import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call } from './support.ts';

const CREDS = { clientId: 'bulk-client', clientSecret: 'bulk-secret', refreshToken: 'bulk-refresh' };
const AUTH = { authorization: 'Bearer bulk-token' };
const INGEST = '/services/data/v62.0/jobs/ingest';

type Row = Record<string, string>;

/** jsforce types result rows with the org schema; the sandbox's are plain column-to-text rows. */
const rows = (results: unknown): Row[] => results as Row[];

describe('Salesforce sandbox: Bulk API 2.0 ingest with jsforce', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;
  const records = async (object: string) => ((await call(sandbox.url, `/__sandbox/records/${object}`)).json as { records: Array<Record<string, unknown>> }).records;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'bulk-token', bulkStepMs: 10 });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    conn = new jsforce.Connection({ instanceUrl: sandbox.url, accessToken: 'bulk-token', version: '62.0' });
    conn.bulk2.pollInterval = 20;
    conn.bulk2.pollTimeout = 10_000;
  });

  it('upserts by external id: creates, updates and fails rows realistically', async () => {
    await conn.sobject('Contact').create({ LastName: 'Before', HubSpot_Id__c: 'b-1' });
    const input = [
      { HubSpot_Id__c: 'b-1', LastName: 'Updated', Title: null },
      { HubSpot_Id__c: 'b-2', LastName: 'Created', Email: 'b2@example.com' },
      { HubSpot_Id__c: 'b-3', FirstName: 'NoLastName' },
    ];
    const results = await conn.bulk2.loadAndWaitForResults({ object: 'Contact', operation: 'upsert', externalIdFieldName: 'HubSpot_Id__c', input });
    const success = rows(results.successfulResults);
    const failed = rows(results.failedResults);
    const stored = (await records('Contact')).filter((r) => String(r['HubSpot_Id__c']).startsWith('b-'));
    expect(success.map((r) => [r['HubSpot_Id__c'], r['sf__Created']]).sort()).toEqual([['b-1', 'false'], ['b-2', 'true']]);
    expect(success.every((r) => /^003\w{15}$/.test(String(r['sf__Id'])))).toBe(true);
    expect(failed).toEqual([expect.objectContaining({ sf__Id: '', sf__Error: 'REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --', HubSpot_Id__c: 'b-3' })]);
    expect(results.unprocessedRecords).toEqual([]);
    expect(stored.map((r) => [r['HubSpot_Id__c'], r['LastName']]).sort()).toEqual([['b-1', 'Updated'], ['b-2', 'Created']]);
  });

  it('inserts and then updates by Id, failing unknown columns with INVALID_FIELD and unknown ids', async () => {
    const inserted = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'insert', input: [{ Name: 'Bulk One' }, { Name: 'Bulk Two' }] });
    // Result rows come in no particular order (the sandbox answers last row first): match them by column value.
    const ids = ['Bulk One', 'Bulk Two'].map((name) => String(rows(inserted.successfulResults).find((r) => r['Name'] === name)?.['sf__Id']));
    const updated = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'update', input: [{ Id: ids[0] ?? '', Industry: 'Retail' }, { Id: '001Dn0000099999AAA', Industry: 'Retail' }] });
    const unknown = await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'insert', input: [{ Name: 'X', Shoe_Size__c: '44' }] });
    expect(ids).toHaveLength(2);
    expect(rows(updated.successfulResults).map((r) => r['sf__Id'])).toEqual([ids[0]]);
    expect(rows(updated.failedResults)[0]?.['sf__Error']).toBe('INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--');
    expect(rows(unknown.failedResults)[0]?.['sf__Error']).toMatch(/^INVALID_FIELD:No such column 'Shoe_Size__c'/);
    expect((await records('Account')).find((r) => r['Id'] === ids[0])).toMatchObject({ Industry: 'Retail', Name: 'Bulk One' });
  });

  it('applies duplicate rules to bulk rows (no header can bypass them)', async () => {
    await call(sandbox.url, '/__sandbox/duplicate-rules', { method: 'POST', body: { rules: 'standard' } });
    const results = await conn.bulk2.loadAndWaitForResults({ object: 'Contact', operation: 'insert', input: [{ LastName: 'Dup', Email: 'priya.raman0@northwind.example' }] });
    expect(rows(results.failedResults)[0]?.['sf__Error']).toBe('DUPLICATES_DETECTED:Use one of these records?:--');
  });

  it('walks Open → UploadComplete → InProgress → JobComplete and reports counts', async () => {
    const job = conn.bulk2.createJob({ object: 'Contact', operation: 'insert' });
    const opened = await job.open();
    // jsforce takes the CSV header from the first record, so both carry every column.
    await job.uploadData([{ LastName: 'State A', FirstName: '' }, { LastName: '', FirstName: 'State B' }]);
    await job.close();
    const states = new Set<string | undefined>([opened.state, job.getInfo().state]);
    job.on('inProgress', (info: { state: string }) => states.add(info.state));
    await job.poll(10, 5000);
    const info = await job.check();
    expect([...states]).toEqual(expect.arrayContaining(['Open', 'UploadComplete']));
    expect(info).toMatchObject({ state: 'JobComplete', numberRecordsProcessed: 2, numberRecordsFailed: 1, jobType: 'V2Ingest', object: 'Contact', operation: 'insert', contentType: 'CSV' });
    expect(opened.contentUrl).toBe(`services/data/v62.0/jobs/ingest/${opened.id}/batches`);
  });

  it('fails a job part-way with a bulk fault and reports the rest as unprocessed', async () => {
    await call(sandbox.url, '/__sandbox/bulk-faults', { method: 'POST', body: { failAfterRecords: 2 } });
    const job = conn.bulk2.createJob({ object: 'Contact', operation: 'upsert', externalIdFieldName: 'HubSpot_Id__c' });
    await job.open();
    await job.uploadData(Array.from({ length: 5 }, (_, i) => ({ HubSpot_Id__c: `u-${i}`, LastName: `U${i}` })));
    await job.close();
    const polled = await job.poll(10, 5000).then(() => 'complete', (error: Error) => error.message);
    const results = await job.getAllResults();
    expect(polled).toMatch(/^Ingest job failed to complete due to: /);
    expect(rows(results.successfulResults).map((r) => r['HubSpot_Id__c']).sort()).toEqual(['u-0', 'u-1']);
    expect(rows(results.unprocessedRecords).map((r) => r['HubSpot_Id__c'])).toEqual(['u-2', 'u-3', 'u-4']);
  });

  it('aborts a stalled job, refuses a second upload, deletes jobs and 404s afterwards', async () => {
    await call(sandbox.url, '/__sandbox/bulk-faults', { method: 'POST', body: { stall: true } });
    const job = conn.bulk2.createJob({ object: 'Account', operation: 'insert' });
    await job.open();
    await job.uploadData([{ Name: 'Stalled' }]);
    const again = await call(sandbox.url, `${INGEST}/${job.id}/batches`, { method: 'PUT', headers: { ...AUTH, 'content-type': 'text/csv' }, body: 'Name\nAgain\n' });
    await job.close();
    const timedOut = await job.poll(10, 150).then(() => 'complete', (error: Error) => error.name);
    const stalled = (await job.check()).state;
    await job.abort();
    const unprocessed = rows(await job.getUnprocessedRecords());
    await job.delete();
    const gone = await call(sandbox.url, `${INGEST}/${job.id}`, { headers: AUTH });
    expect(again.status).toBe(400);
    expect(timedOut).toBe('JobPollingTimeout');
    expect(stalled).toBe('InProgress');
    expect(job.getInfo().state).toBe('Aborted');
    expect(unprocessed).toEqual([{ Name: 'Stalled' }]);
    expect(gone.status).toBe(404);
    expect((await records('Account')).some((r) => r['Name'] === 'Stalled')).toBe(false);
  });

  it('rejects a job on an unknown object or an upsert without an external id field', async () => {
    const unknownObject = await call(sandbox.url, INGEST, { method: 'POST', headers: AUTH, body: { object: 'Nope__c', operation: 'insert' } });
    const noExtId = await call(sandbox.url, INGEST, { method: 'POST', headers: AUTH, body: { object: 'Contact', operation: 'upsert', externalIdFieldName: 'Email' } });
    expect(unknownObject.status).toBe(400);
    expect(noExtId.status).toBe(400);
    expect(noExtId.json).toEqual([expect.objectContaining({ errorCode: 'INVALIDJOB' })]);
  });

  it('counts bulk batches in /limits and API calls in Sforce-Limit-Info', async () => {
    await conn.bulk2.loadAndWaitForResults({ object: 'Account', operation: 'insert', input: [{ Name: 'Counted' }] });
    const limits = await conn.limits();
    expect(limits.DailyBulkApiBatches).toEqual({ Max: 15000, Remaining: 14999 });
    expect(conn.limitInfo.apiUsage?.used).toBeGreaterThan(5);
  });
});
