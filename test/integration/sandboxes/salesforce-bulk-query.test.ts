import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call } from './support.ts';

const CREDS = { clientId: 'bulkq-client', clientSecret: 'bulkq-secret', refreshToken: 'bulkq-refresh' };
const TOKEN = 'bulkq-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const QUERY = '/services/data/v62.0/jobs/query';

type Row = Record<string, string>;

/** Reads every record of a jsforce bulk2 query stream. */
async function drain(stream: NodeJS.ReadableStream): Promise<Row[]> {
  const rows: Row[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on('record', (r: Row) => rows.push(r));
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  return rows;
}

async function failure(promise: PromiseLike<unknown>): Promise<{ errorCode?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { errorCode?: string; message: string };
  }
  throw new Error('expected the call to fail');
}

describe('Salesforce sandbox: Bulk API 2.0 query jobs', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;
  const records = async (object: string) => ((await call(sandbox.url, `/__sandbox/records/${object}`)).json as { records: Array<Record<string, unknown>> }).records;
  const used = async () => ((await call(sandbox.url, '/__sandbox/limits')).json as { used: number }).used;
  const load = (object: string, body: unknown) => call(sandbox.url, `/__sandbox/records/${object}`, { method: 'POST', body });

  /** Creates a job over raw HTTP and polls it to JobComplete; returns its id. */
  async function completedJob(query: string, operation = 'query'): Promise<string> {
    const created = await call(sandbox.url, QUERY, { method: 'POST', headers: AUTH, body: { operation, query } });
    const id = (created.json as { id: string }).id;
    for (let i = 0; i < 5; i++) {
      const info = await call(sandbox.url, `${QUERY}/${id}`, { headers: AUTH });
      if ((info.json as { state: string }).state === 'JobComplete') return id;
    }
    throw new Error(`job ${id} did not complete`);
  }

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: TOKEN });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    conn = new jsforce.Connection({ instanceUrl: sandbox.url, accessToken: TOKEN, version: '62.0' });
    conn.bulk2.pollInterval = 5;
    conn.bulk2.pollTimeout = 10_000;
  });

  it('returns every seeded Account to jsforce bulk2.query', async () => {
    const seeded = (await records('Account')).map((r) => ({ Id: String(r['Id']), Name: String(r['Name']) }));
    const rows = await drain(await conn.bulk2.query('SELECT Id, Name FROM Account'));
    expect(seeded).toHaveLength(10);
    const byId = (a: Row, b: Row) => String(a['Id']).localeCompare(String(b['Id']));
    expect(rows.sort(byId)).toEqual(seeded.sort(byId));
  });

  it('walks UploadComplete → InProgress → JobComplete, one state per poll, with the documented job info', async () => {
    const created = await call(sandbox.url, QUERY, { method: 'POST', headers: AUTH, body: { operation: 'query', query: 'SELECT Id FROM Contact' } });
    const id = (created.json as { id: string }).id;
    const polls = [];
    for (let i = 0; i < 3; i++) polls.push((await call(sandbox.url, `${QUERY}/${id}`, { headers: AUTH })).json as Record<string, unknown>);
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ operation: 'query', object: 'Contact', state: 'UploadComplete', concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: 62, lineEnding: 'LF', columnDelimiter: 'COMMA' });
    expect(id).toMatch(/^750\w{15}$/);
    expect(polls.map((p) => p['state'])).toEqual(['InProgress', 'JobComplete', 'JobComplete']);
    expect(polls[2]).toMatchObject({ jobType: 'V2Query', numberRecordsProcessed: 20, retries: 0 });
    expect(polls[0]).toMatchObject({ numberRecordsProcessed: 0 });
  });

  it('pages with a small maxRecords: every row once, a header on every page, Sforce-Locator null on the last', async () => {
    const id = await completedJob('SELECT Id, Email FROM Contact');
    const pages: Array<{ count: string | null; locator: string | null; rows: Row[]; header: string }> = [];
    let locator: string | null = '';
    while (locator !== 'null') {
      const res = await call(sandbox.url, `${QUERY}/${id}/results?maxRecords=3${locator ? `&locator=${locator}` : ''}`, { headers: AUTH });
      locator = res.headers.get('sforce-locator');
      pages.push({ count: res.headers.get('sforce-numberofrecords'), locator, rows: parse(res.text, { columns: true }) as Row[], header: res.text.split('\n')[0] ?? '' });
      if (pages.length > 20) throw new Error('the locators never ended');
    }
    const ids = pages.flatMap((p) => p.rows.map((r) => r['Id']));
    const contacts = (await records('Contact')).map((r) => r['Id']);
    expect(pages).toHaveLength(7);
    expect(pages.map((p) => p.count)).toEqual(['3', '3', '3', '3', '3', '3', '2']);
    expect(pages.every((p) => p.header === '"Id","Email"')).toBe(true);
    expect(new Set(ids).size).toBe(20);
    expect([...ids].sort()).toEqual([...contacts].sort());
  });

  it('serves a locator again with the same rows, and refuses results before the job completes', async () => {
    const created = await call(sandbox.url, QUERY, { method: 'POST', headers: AUTH, body: { operation: 'query', query: 'SELECT Id FROM Account' } });
    const id = (created.json as { id: string }).id;
    const early = await call(sandbox.url, `${QUERY}/${id}/results`, { headers: AUTH });
    await call(sandbox.url, `${QUERY}/${id}`, { headers: AUTH });
    await call(sandbox.url, `${QUERY}/${id}`, { headers: AUTH });
    const first = await call(sandbox.url, `${QUERY}/${id}/results?maxRecords=4`, { headers: AUTH });
    const next = first.headers.get('sforce-locator') ?? '';
    const [again, twice] = [await call(sandbox.url, `${QUERY}/${id}/results?maxRecords=4&locator=${next}`, { headers: AUTH }), await call(sandbox.url, `${QUERY}/${id}/results?maxRecords=4&locator=${next}`, { headers: AUTH })];
    expect(early.status).toBe(412);
    expect(early.json).toEqual([expect.objectContaining({ errorCode: 'JOB_NOT_COMPLETE' })]);
    expect(next).not.toBe('null');
    expect(again.text).toBe(twice.text);
    expect(again.text).not.toBe(first.text);
  });

  it('rejects invalid SOQL with the query resource errors, before any job exists', async () => {
    const unknownField = await failure(conn.bulk2.query('SELECT Id, Shoe_Size__c FROM Account'));
    const syntax = await failure(conn.bulk2.query('SELECT Id FROM Account WHERE'));
    const unknownObject = await call(sandbox.url, QUERY, { method: 'POST', headers: AUTH, body: { operation: 'query', query: 'SELECT Id FROM Nope__c' } });
    const jobs = await call(sandbox.url, QUERY, { headers: AUTH });
    expect(unknownField).toMatchObject({ errorCode: 'INVALID_FIELD', message: expect.stringContaining("No such column 'Shoe_Size__c' on entity 'Account'") });
    expect(syntax.errorCode).toBe('MALFORMED_QUERY');
    expect(unknownObject.status).toBe(400);
    expect(unknownObject.json).toEqual([expect.objectContaining({ errorCode: 'INVALID_TYPE' })]);
    expect((jobs.json as { records: unknown[] }).records).toEqual([]);
  });

  it('rejects what Bulk API 2.0 does not run: subqueries, aggregates, GROUP BY and OFFSET', async () => {
    const refused = await Promise.all(
      ['SELECT Id, (SELECT Id FROM Contacts) FROM Account', 'SELECT COUNT() FROM Account', 'SELECT Industry FROM Account GROUP BY Industry', 'SELECT Id FROM Account OFFSET 5'].map((query) =>
        call(sandbox.url, QUERY, { method: 'POST', headers: AUTH, body: { operation: 'query', query } }),
      ),
    );
    expect(refused.map((r) => r.status)).toEqual([400, 400, 400, 400]);
    expect(refused.map((r) => (r.json as Array<{ errorCode: string }>)[0]?.errorCode)).toEqual(['FEATURENOTENABLED', 'FEATURENOTENABLED', 'FEATURENOTENABLED', 'FEATURENOTENABLED']);
    expect((refused[0]?.json as unknown as Array<{ message: string }>)[0]?.message).toBe('Aggregate Relationships not supported in Bulk V2 Query with CSV content type.');
  });

  it('keeps the rows of the instant the job was created, and queryAll includes deleted records', async () => {
    const [first] = await records('Account');
    await conn.sobject('Account').destroy(String(first?.['Id']));
    const live = await completedJob('SELECT Id FROM Account');
    const all = await completedJob('SELECT Id FROM Account', 'queryAll');
    await conn.sobject('Account').create({ Name: 'After The Job' });
    const count = async (id: string) => (await call(sandbox.url, `${QUERY}/${id}/results`, { headers: AUTH })).headers.get('sforce-numberofrecords');
    expect([await count(live), await count(all)]).toEqual(['9', '10']);
  });

  it('writes nulls as empty cells and datetimes, booleans and numbers as the Bulk CSV does', async () => {
    await load('Account', { records: [{ Name: 'Formats', NumberOfEmployees: 42, Stripe_Last_Payment_Date__c: '2024-05-06T07:08:09.010Z', AnnualRevenue: 1250.5 }], modifiedAt: '2023-01-02T03:04:05.000Z' });
    const id = await completedJob("SELECT Name, NumberOfEmployees, AnnualRevenue, Stripe_Last_Payment_Date__c, Syncline_Deleted__c, Industry, CreatedDate FROM Account WHERE Name = 'Formats'");
    const res = await call(sandbox.url, `${QUERY}/${id}/results`, { headers: AUTH });
    expect(res.headers.get('content-type')).toBe('text/csv');
    expect(res.text).toBe(
      '"Name","NumberOfEmployees","AnnualRevenue","Stripe_Last_Payment_Date__c","Syncline_Deleted__c","Industry","CreatedDate"\n"Formats","42","1250.5","2024-05-06T07:08:09.010Z","false","","2023-01-02T03:04:05.000Z"\n',
    );
  });

  it('aborts, lists and deletes jobs, and 404s a deleted one', async () => {
    const created = await call(sandbox.url, QUERY, { method: 'POST', headers: AUTH, body: { operation: 'query', query: 'SELECT Id FROM Lead' } });
    const id = (created.json as { id: string }).id;
    const aborted = await call(sandbox.url, `${QUERY}/${id}`, { method: 'PATCH', headers: AUTH, body: { state: 'Aborted' } });
    const results = await call(sandbox.url, `${QUERY}/${id}/results`, { headers: AUTH });
    const listed = await call(sandbox.url, QUERY, { headers: AUTH });
    const deleted = await call(sandbox.url, `${QUERY}/${id}`, { method: 'DELETE', headers: AUTH });
    const gone = await call(sandbox.url, `${QUERY}/${id}`, { headers: AUTH });
    expect(aborted.json).toMatchObject({ id, state: 'Aborted' });
    expect(results.status).toBe(412);
    expect((listed.json as { records: Array<{ id: string; jobType: string }> }).records).toEqual([expect.objectContaining({ id, jobType: 'V2Query', state: 'Aborted' })]);
    expect(deleted.status).toBe(204);
    expect(gone.status).toBe(404);
  });

  it('counts each job request against the daily API usage, and the job against DailyBulkV2QueryJobs', async () => {
    const before = await used();
    const id = await completedJob('SELECT Id FROM Account');
    await call(sandbox.url, `${QUERY}/${id}/results`, { headers: AUTH });
    await call(sandbox.url, `${QUERY}/${id}`, { method: 'DELETE', headers: AUTH });
    // One create, two polls, one results page and one delete.
    expect((await used()) - before).toBe(5);
    expect((await conn.limits()).DailyBulkV2QueryJobs).toEqual({ Max: 10000, Remaining: 9999 });
  });

  it('round-trips arbitrary text through the results CSV as jsforce parses it', async () => {
    const tricky = fc.constantFrom(',', '"', '""', '\n', '\r\n', "'", ' ', 'é', 'ß', '漢字', '😀', '\t', ';', '\\');
    const text = fc.array(fc.oneof(tricky, fc.string({ unit: 'grapheme', maxLength: 6 })), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')).filter((s) => s.trim() !== '' && s.length <= 80);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ name: text, city: fc.option(text, { nil: undefined }) }), { minLength: 1, maxLength: 4 }), async (inputs) => {
        const marker = `pt-${Math.random().toString(36).slice(2)}`;
        const loaded = await load('Account', { records: inputs.map((i) => ({ Name: i.name, BillingCountry: i.city ?? null, Stripe_Currency__c: marker })) });
        const rows = await drain(await conn.bulk2.query(`SELECT Id, Name, BillingCountry FROM Account WHERE Stripe_Currency__c = '${marker}'`));
        const byId = new Map(rows.map((r) => [r['Id'], r]));
        expect(loaded.status).toBe(200);
        (loaded.json as { ids: string[] }).ids.forEach((id, i) => {
          expect(byId.get(id)).toEqual({ Id: id, Name: inputs[i]?.name, BillingCountry: inputs[i]?.city ?? '' });
        });
        expect(rows).toHaveLength(inputs.length);
      }),
      { numRuns: 30 },
    );
  });
});
