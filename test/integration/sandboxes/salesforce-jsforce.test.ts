import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call, jsforceError } from './support.ts';

const CREDS = { clientId: 'test-client', clientSecret: 'test-secret', refreshToken: 'test-refresh' };

interface CallsBody {
  calls: Array<{ endpoint: string; method: string; path: string; status: number }>;
  counts: Record<string, number>;
}

function connect(url: string, accessToken = 'stale-token'): Connection {
  return new jsforce.Connection({
    oauth2: { clientId: CREDS.clientId, clientSecret: CREDS.clientSecret, loginUrl: url, redirectUri: 'http://localhost/cb' },
    instanceUrl: url,
    accessToken,
    refreshToken: CREDS.refreshToken,
    version: '62.0',
  });
}

const failure = (promise: PromiseLike<unknown>) => jsforceError(promise);

describe('Salesforce sandbox with jsforce', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;
  const calls = async (): Promise<CallsBody> => (await call(sandbox.url, '/__sandbox/calls')).json as CallsBody;
  const fault = (body: Record<string, unknown>) => call(sandbox.url, '/__sandbox/faults', { method: 'POST', body });

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'valid-token' });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    conn = connect(sandbox.url, 'valid-token');
  });

  it('upserts one contact by external id: 201 created, then 200 updated', async () => {
    const first = await conn.sobject('Contact').upsert({ HubSpot_Id__c: 'hs+42@x.com', LastName: 'Lovelace' }, 'HubSpot_Id__c');
    const second = await conn.sobject('Contact').upsert({ HubSpot_Id__c: 'hs+42@x.com', FirstName: 'Ada' }, 'HubSpot_Id__c');
    const stored = await conn.sobject('Contact').retrieve((first as { id: string }).id);
    expect(first).toMatchObject({ success: true, created: true });
    expect(second).toMatchObject({ success: true, created: false, id: (first as { id: string }).id });
    expect(stored).toMatchObject({ Name: 'Ada Lovelace', HubSpot_Id__c: 'hs+42@x.com', IsDeleted: false });
    const { calls: log } = await calls();
    expect(log.filter((c) => c.endpoint === 'upsertByExternalId').map((c) => c.status)).toEqual([201, 200]);
    expect(log[0]?.path).toBe('/services/data/v62.0/sobjects/Contact/HubSpot_Id__c/hs+42@x.com');
  });

  it('upserts 450 records through collections in three counted requests with allowRecursive', async () => {
    const records = Array.from({ length: 450 }, (_, i) => ({ HubSpot_Id__c: `bulk-${i}`, LastName: `Bulk ${i}`, Email: `bulk${i}@example.com` }));
    const results = await conn.sobject('Contact').upsert(records, 'HubSpot_Id__c', { allowRecursive: true });
    const { counts, calls: log } = await calls();
    expect(results).toHaveLength(450);
    expect(results.every((r) => r.success)).toBe(true);
    expect(counts['upsertCollection']).toBe(3);
    expect(log[0]?.path).toBe('/services/data/v62.0/composite/sobjects/Contact/HubSpot_Id__c');
    const stored = (await call(sandbox.url, '/__sandbox/records/Contact')).json as { records: Array<{ HubSpot_Id__c: string | null }> };
    expect(stored.records.filter((r) => r.HubSpot_Id__c?.startsWith('bulk-'))).toHaveLength(450);
  });

  it('rejects a collection of more than 200 records with EXCEEDED_ID_LIMIT', async () => {
    const records = Array.from({ length: 201 }, (_, i) => ({ HubSpot_Id__c: `x-${i}`, LastName: 'X' }));
    const error = await failure(conn.sobject('Contact').upsert(records, 'HubSpot_Id__c'));
    expect(error.errorCode).toBe('EXCEEDED_ID_LIMIT');
  });

  it('fails single records with REQUIRED_FIELD_MISSING while the others save', async () => {
    const results = (await conn.sobject('Contact').upsert([{ HubSpot_Id__c: 'ok-1', LastName: 'Fine' }, { HubSpot_Id__c: 'bad-1', FirstName: 'NoLast' }], 'HubSpot_Id__c')) as unknown as Array<Record<string, unknown>>;
    expect(results[0]).toMatchObject({ success: true, created: true });
    expect(results[1]).toMatchObject({ success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }] });
  });

  it('rolls back every record with allOrNone when one fails', async () => {
    const results = (await conn.sobject('Contact').upsert([{ HubSpot_Id__c: 'aon-1', LastName: 'Fine' }, { HubSpot_Id__c: 'aon-2' }], 'HubSpot_Id__c', { allOrNone: true })) as unknown as Array<Record<string, unknown>>;
    expect(results[0]).toMatchObject({ success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK' }] });
    expect(results[1]).toMatchObject({ success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING' }] });
    const found = await conn.query("SELECT Id FROM Contact WHERE HubSpot_Id__c LIKE 'aon-%'");
    expect(found.totalSize).toBe(0);
  });

  it('fails an upsert that matches several records with 300 and the record URLs', async () => {
    const created = await conn.sobject('Contact').create([{ LastName: 'Twin A', Legacy_Id__c: 'L-1' }, { LastName: 'Twin B', Legacy_Id__c: 'L-1' }]);
    const error = await failure(conn.sobject('Contact').upsert({ Legacy_Id__c: 'L-1', Title: 'Twin' }, 'Legacy_Id__c'));
    expect(error.errorCode).toBe('MULTIPLE_CHOICES');
    expect(error.data).toEqual(created.map((c) => `/services/data/v62.0/sobjects/Contact/${c.id}`));
  });

  it('fails an upsert on a field that is not an external id with 404 NOT_FOUND', async () => {
    const error = await failure(conn.sobject('Contact').upsert({ Email: 'a@b.example', LastName: 'A' }, 'Email'));
    expect(error.errorCode).toBe('NOT_FOUND');
  });

  it('rejects an unknown field with INVALID_FIELD and a duplicate unique external id with DUPLICATE_VALUE', async () => {
    const unknown = await failure(conn.sobject('Contact').create({ LastName: 'X', Shoe_Size__c: 44 }));
    const dup = await failure(conn.sobject('Contact').create({ LastName: 'Y', HubSpot_Id__c: '700' }));
    expect(unknown.errorCode).toBe('INVALID_FIELD');
    expect(unknown.message).toBe("No such column 'Shoe_Size__c' on sobject of type Contact");
    expect(dup.errorCode).toBe('DUPLICATE_VALUE');
  });

  it('soft-deletes: GET gives ENTITY_IS_DELETED, query hides it, queryAll shows it', async () => {
    const { id } = (await conn.sobject('Contact').create({ LastName: 'Doomed', HubSpot_Id__c: 'doomed' })) as { id: string };
    await conn.sobject('Contact').destroy(id);
    const gone = await failure(conn.sobject('Contact').retrieve(id));
    const live = await conn.query(`SELECT Id FROM Contact WHERE Id = '${id}'`);
    const all = await conn.query(`SELECT Id, IsDeleted FROM Contact WHERE Id = '${id}'`).scanAll(true);
    expect(gone.errorCode).toBe('ENTITY_IS_DELETED');
    expect(live.totalSize).toBe(0);
    expect(all.records).toEqual([expect.objectContaining({ Id: id, IsDeleted: true })]);
  });

  it('queries with WHERE SystemModstamp > datetime ORDER BY LIMIT and pages with autoFetch', async () => {
    const since = new Date(Date.now() - 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    await conn.sobject('Contact').upsert(Array.from({ length: 450 }, (_, i) => ({ HubSpot_Id__c: `q-${i}`, LastName: `Q${i}` })), 'HubSpot_Id__c', { allowRecursive: true });
    const soql = `SELECT Id, HubSpot_Id__c, SystemModstamp FROM Contact WHERE SystemModstamp > ${since} AND LastName LIKE 'Q%' ORDER BY SystemModstamp ASC LIMIT 430`;
    const result = await conn.query(soql, { autoFetch: true, maxFetch: 5000, headers: { 'Sforce-Query-Options': 'batchSize=200' } });
    const stamps = result.records.map((r) => String(r['SystemModstamp']));
    expect(result.records).toHaveLength(430);
    expect(result.totalSize).toBe(430);
    expect(stamps).toEqual([...stamps].sort());
    expect(result.records[0]).toMatchObject({ attributes: { type: 'Contact' }, HubSpot_Id__c: 'q-0' });
    const { counts, calls: log } = await calls();
    expect(counts['queryMore']).toBe(2);
    expect(log.find((c) => c.endpoint === 'queryMore')?.path).toMatch(/^\/services\/data\/v62\.0\/query\/01g\w{15}-200$/);
  });

  it('pages at the default 2000 with run({autoFetch, maxFetch})', async () => {
    for (let chunk = 0; chunk < 11; chunk++) {
      const records = Array.from({ length: 200 }, (_, i) => ({ LastName: `P${chunk}-${i}`, Syncline_Deleted__c: false }));
      await conn.sobject('Contact').create(records);
    }
    const result = await conn.query('SELECT Id FROM Contact').run({ autoFetch: true, maxFetch: 5000 });
    expect(result.records).toHaveLength(2220);
    expect(result.totalSize).toBe(2220);
    const { calls: log } = await calls();
    expect(log.filter((c) => c.endpoint === 'query' || c.endpoint === 'queryMore').map((c) => c.endpoint)).toEqual(['query', 'queryMore']);
  });

  it('rejects malformed SOQL with MALFORMED_QUERY and unknown columns with INVALID_FIELD', async () => {
    const malformed = await failure(conn.query('SELECT Id FROM Contact WHERE'));
    const column = await failure(conn.query('SELECT Shoe_Size__c FROM Contact'));
    expect(malformed.errorCode).toBe('MALFORMED_QUERY');
    expect(malformed.message).toContain('unexpected token: <EOF>');
    expect(column.errorCode).toBe('INVALID_FIELD');
  });

  it('refreshes an expired token by itself after a token-expiry fault', async () => {
    await fault({ endpoint: '*', kind: 'token-expiry' });
    const result = await conn.query('SELECT Id FROM Account LIMIT 1');
    expect(result.records).toHaveLength(1);
    expect(conn.accessToken).not.toBe('valid-token');
    const { calls: log } = await calls();
    expect(log.map((c) => `${c.endpoint}:${c.status}`)).toEqual(['query:401', 'oauthToken:200', 'query:200']);
  });

  it('refreshes a stale token given at construction', async () => {
    const stale = connect(sandbox.url);
    const identity = await stale.query('SELECT Id FROM Lead');
    expect(identity.totalSize).toBe(4);
    expect(stale.userInfo?.organizationId).toBe('00DDn00000SYNCLAAA');
  });

  it('fails the refresh with invalid_grant for a wrong refresh token', async () => {
    const answer = await call(sandbox.url, '/services/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', client_id: CREDS.clientId, client_secret: CREDS.clientSecret, refresh_token: 'nope' }).toString(),
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: 'invalid_grant', error_description: 'authentication failure' });
  });

  it('reports usage in Sforce-Limit-Info and /limits', async () => {
    await conn.query('SELECT Id FROM Account');
    const limits = await conn.limits();
    expect(conn.limitInfo.apiUsage).toEqual({ used: 2, limit: 15000 });
    expect(limits.DailyApiRequests).toEqual({ Max: 15000, Remaining: 15000 - 2 });
  });

  it('retries a GET after a 503 fault and succeeds (jsforce retries GETs)', async () => {
    await fault({ endpoint: 'query', kind: 'status', status: 503 });
    const result = await conn.query('SELECT Id FROM Opportunity');
    expect(result.totalSize).toBe(4);
    const { calls: log } = await calls();
    expect(log.map((c) => c.status)).toEqual([503, 200]);
  });

  it('fails a PATCH upsert on a 503 fault with SERVER_UNAVAILABLE', async () => {
    await fault({ endpoint: 'upsertByExternalId', kind: 'status', status: 503 });
    const error = await failure(conn.sobject('Contact').upsert({ HubSpot_Id__c: 'x', LastName: 'X' }, 'HubSpot_Id__c'));
    expect(error.errorCode).toBe('SERVER_UNAVAILABLE');
  });

  it('fails a GET whose connection is dropped (jsforce does not retry a closed socket), then recovers', async () => {
    await fault({ endpoint: 'getRecord', kind: 'drop' });
    const [first] = (await conn.query('SELECT Id FROM Account LIMIT 1')).records;
    const dropped = await failure(conn.sobject('Account').retrieve(String(first?.Id)));
    const account = await conn.sobject('Account').retrieve(String(first?.Id));
    expect(dropped.message).toBe('fetch failed');
    expect(account.Id).toBe(first?.Id);
    const { calls: log } = await calls();
    expect(log.filter((c) => c.endpoint === 'getRecord').map((c) => c.status)).toEqual([0, 200]);
  });

  it('delays an answer by a latency fault', async () => {
    await fault({ endpoint: 'limits', kind: 'latency', latencyMs: 300 });
    const started = Date.now();
    await conn.limits();
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });
});

describe('Salesforce sandbox token lifetime', () => {
  it('expires tokens after tokenTtlSeconds and jsforce refreshes', async () => {
    const sandbox = await startSalesforceSandbox({ ...CREDS, tokenTtlSeconds: 1, seed: false });
    try {
      const conn = connect(sandbox.url);
      await conn.query('SELECT Id FROM Contact');
      const firstToken = conn.accessToken;
      await new Promise((r) => setTimeout(r, 1100));
      await conn.query('SELECT Id FROM Contact');
      expect(conn.accessToken).not.toBe(firstToken);
    } finally {
      await sandbox.close();
    }
  });
});
