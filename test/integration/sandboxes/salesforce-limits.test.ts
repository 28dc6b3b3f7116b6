import jsforce, { type Connection } from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions } from '#local/sandboxes/index';
import { call } from './support.ts';

const CREDS = { clientId: 'limits-client', clientSecret: 'limits-secret', refreshToken: 'limits-refresh' };

interface CallsBody {
  calls: Array<{ endpoint: string; status: number }>;
}

function connect(url: string, accessToken?: string): Connection {
  return new jsforce.Connection({
    oauth2: { clientId: CREDS.clientId, clientSecret: CREDS.clientSecret, loginUrl: url, redirectUri: 'http://localhost/cb' },
    instanceUrl: url,
    refreshToken: CREDS.refreshToken,
    version: '62.0',
    ...(accessToken ? { accessToken } : {}),
  });
}

async function failure(promise: PromiseLike<unknown>): Promise<{ errorCode?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { errorCode?: string; message: string };
  }
  throw new Error('expected the call to fail');
}

describe('Salesforce sandbox: tokens and org limits', () => {
  let sandbox: SalesforceSandbox | undefined;
  const start = async (options: Partial<SalesforceSandboxOptions> = {}) => {
    sandbox = await startSalesforceSandbox({ ...CREDS, seed: true, ...options });
    return sandbox;
  };
  const log = async (url: string) => ((await call(url, '/__sandbox/calls')).json as CallsBody).calls.map((c) => `${c.endpoint}:${c.status}`);
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('answers an expired token with 401 INVALID_SESSION_ID and jsforce refreshes and retries by itself', async () => {
    const { url } = await start({ accessToken: 'short-lived', accessTokenTtlMs: 300 });
    await new Promise((resolve) => setTimeout(resolve, 350));
    const expired = await call(url, '/services/data/v62.0/limits', { headers: { authorization: 'Bearer short-lived' } });
    const conn = connect(url, 'short-lived');
    const result = await conn.query('SELECT Id FROM Account');
    expect(expired.status).toBe(401);
    expect(expired.json).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    expect(result.totalSize).toBe(10);
    expect(conn.accessToken).not.toBe('short-lived');
    expect(await log(url)).toEqual(['limits:401', 'query:401', 'oauthToken:200', 'query:200']);
  });

  it('issues tokens through the refresh grant that expire after accessTokenTtlMs', async () => {
    const { url } = await start({ accessTokenTtlMs: 500 });
    const token = await call(url, '/services/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', ...{ client_id: CREDS.clientId, client_secret: CREDS.clientSecret, refresh_token: CREDS.refreshToken } }).toString(),
    });
    const accessToken = (token.json as { access_token: string }).access_token;
    const before = await call(url, '/services/data/v62.0/limits', { headers: { authorization: `Bearer ${accessToken}` } });
    await new Promise((resolve) => setTimeout(resolve, 600));
    const after = await call(url, '/services/data/v62.0/limits', { headers: { authorization: `Bearer ${accessToken}` } });
    expect(token.json).toMatchObject({ token_type: 'Bearer', instance_url: url, access_token: expect.stringMatching(/^00DDn00000SYNCL!/) });
    expect([before.status, after.status]).toEqual([200, 401]);
  });

  it('puts Sforce-Limit-Info on every REST response, errors included, but not on the versions root', async () => {
    const { url } = await start({ accessToken: 't', apiLimit: 500 });
    const auth = { authorization: 'Bearer t' };
    const query = await call(url, '/services/data/v62.0/query?q=SELECT+Id+FROM+Account', { headers: auth });
    const bad = await call(url, '/services/data/v62.0/query?q=SELEC', { headers: auth });
    const root = await call(url, '/services/data');
    expect(query.headers.get('sforce-limit-info')).toBe('api-usage=1/500');
    expect(bad.headers.get('sforce-limit-info')).toBe('api-usage=2/500');
    expect(root.status).toBe(200);
    expect(root.headers.get('sforce-limit-info')).toBeNull();
  });

  it('reports usage to jsforce (conn.limitInfo) and in GET /limits', async () => {
    const { url } = await start({ apiLimit: 1000 });
    const conn = connect(url);
    await conn.query('SELECT Id FROM Contact');
    await conn.sobject('Contact').create({ LastName: 'Limits' });
    const limits = await conn.limits();
    expect(conn.limitInfo.apiUsage).toEqual({ used: 3, limit: 1000 });
    expect(limits.DailyApiRequests).toEqual({ Max: 1000, Remaining: 997 });
    expect(Object.keys(limits)).toEqual(expect.arrayContaining(['DailyBulkApiBatches', 'DailyBulkV2QueryJobs', 'DailyBulkV2QueryFileStorageMB']));
  });

  it('fails every REST call past the daily allocation with 403 TotalRequests Limit exceeded', async () => {
    const { url } = await start({ apiLimit: 3 });
    const conn = connect(url);
    for (let i = 0; i < 3; i++) await conn.query('SELECT Id FROM Lead');
    const refused = await failure(conn.query('SELECT Id FROM Lead'));
    const raw = await call(url, '/services/data/v62.0/limits', { headers: { authorization: `Bearer ${conn.accessToken}` } });
    expect(refused).toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' });
    expect(raw.status).toBe(403);
    expect(raw.json).toEqual([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]);
    expect(raw.headers.get('sforce-limit-info')).toBe('api-usage=5/3');
  });

  it('counts GET /limits against the allocation, as any REST call but the versions root', async () => {
    const { url } = await start({ accessToken: 't', apiLimit: 100 });
    const auth = { authorization: 'Bearer t' };
    const first = await call(url, '/services/data/v62.0/limits', { headers: auth });
    const second = await call(url, '/services/data/v62.0/limits', { headers: auth });
    await call(url, '/services/data');
    const third = await call(url, '/services/data/v62.0/limits', { headers: auth });
    const remaining = (r: { json: never }) => (r.json as { DailyApiRequests: { Remaining: number } }).DailyApiRequests.Remaining;
    expect([first, second, third].map(remaining)).toEqual([99, 98, 97]);
    expect(third.headers.get('sforce-limit-info')).toBe('api-usage=3/100');
  });

  it('sets the day nearly spent over /__sandbox/limits, without counting the control calls, then refuses past it', async () => {
    const { url } = await start({ apiLimit: 15_000 });
    const conn = connect(url);

    const set = await call(url, '/__sandbox/limits', { method: 'POST', body: { used: 998, limit: 1000 } });
    await call(url, '/__sandbox/limits');
    await conn.query('SELECT Id FROM Lead');
    const limits = await conn.limits();
    const refused = await failure(conn.query('SELECT Id FROM Lead'));
    const shown = await call(url, '/__sandbox/limits');

    expect(set).toMatchObject({ status: 200, json: { used: 998, limit: 1000 } });
    expect(limits.DailyApiRequests).toEqual({ Max: 1000, Remaining: 0 });
    expect(refused).toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' });
    expect(shown.json).toMatchObject({ used: 1001, limit: 1000 });
    expect(await log(url)).toEqual(['query:401', 'oauthToken:200', 'query:200', 'limits:200', 'query:403']);
  });

  it('starts a new day over /__sandbox/limits/reset: nothing used, the allocation kept', async () => {
    const { url } = await start({ apiLimit: 2 });
    const conn = connect(url);
    await call(url, '/__sandbox/limits', { method: 'POST', body: { limit: 3 } });
    for (let i = 0; i < 3; i++) await conn.query('SELECT Id FROM Account LIMIT 1');
    const spent = await failure(conn.query('SELECT Id FROM Account LIMIT 1'));

    const reset = await call(url, '/__sandbox/limits/reset', { method: 'POST' });
    const after = await conn.query('SELECT Id FROM Account LIMIT 1');

    expect(spent).toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED' });
    expect(reset).toMatchObject({ status: 200, json: { used: 0, limit: 3, bulkBatches: 0 } });
    expect(after.totalSize).toBe(1);
    expect(conn.limitInfo.apiUsage).toEqual({ used: 1, limit: 3 });
  });

  it.each([
    [{ used: -1 }, "'used'"],
    [{ limit: 2.5 }, "'limit'"],
    [{ used: '10' }, "'used'"],
    [[1000], 'must be an object'],
  ])('rejects %j on /__sandbox/limits and changes nothing', async (body, message) => {
    const { url } = await start({ apiLimit: 50 });
    const refused = await call(url, '/__sandbox/limits', { method: 'POST', body });
    const shown = await call(url, '/__sandbox/limits');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain(message);
    expect(shown.json).toEqual({ used: 0, limit: 50, bulkBatches: 0 });
  });

  it('puts the allocation set over /__sandbox/limits back on /__sandbox/reset', async () => {
    const { url } = await start({ apiLimit: 50 });
    await call(url, '/__sandbox/limits', { method: 'POST', body: { used: 40, limit: 45 } });
    await call(url, '/__sandbox/reset', { method: 'POST', body: { seed: false } });
    expect((await call(url, '/__sandbox/limits')).json).toEqual({ used: 0, limit: 50, bulkBatches: 0 });
  });

  it('refuses requests beyond the concurrent limit while latency holds others open, then admits again', async () => {
    const { url } = await start({ concurrentRequestLimit: 2 });
    const conn = connect(url);
    await conn.query('SELECT Id FROM Account LIMIT 1');
    await call(url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'query', kind: 'latency', latencyMs: 400, count: 2 } });
    // A jsforce Query starts only when awaited: Promise.resolve sends both now.
    const held = [Promise.resolve(conn.query('SELECT Id FROM Account')), Promise.resolve(conn.query('SELECT Id FROM Contact'))];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await failure(conn.sobject('Account').create({ Name: 'Too many at once' }));
    const answers = await Promise.all(held);
    const after = await conn.sobject('Account').create({ Name: 'One at a time' });
    expect(refused).toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'ConcurrentPerOrgLongTxn Limit exceeded.' });
    expect(answers.map((a) => a.totalSize)).toEqual([10, 20]);
    expect(after).toMatchObject({ success: true });
  });
});
