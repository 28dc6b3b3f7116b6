import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call } from './support.ts';

const CREDS = { clientId: 'composite-client', clientSecret: 'composite-secret', refreshToken: 'composite-refresh' };
const V = '/services/data/v62.0';

interface SubrequestResult {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string | null;
}
interface CompositeBody {
  compositeResponse: SubrequestResult[];
}
interface QueryPage {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Record<string, unknown>[];
}

const queryUrl = (soql: string, resource = 'query') => `${V}/${resource}/?q=${encodeURIComponent(soql)}`;
const get = (url: string, referenceId: string, httpHeaders?: Record<string, string>) => ({ method: 'GET', url, referenceId, ...(httpHeaders ? { httpHeaders } : {}) });

describe('Salesforce sandbox: the Composite resource through jsforce', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;
  const composite = (body: unknown) => conn.requestPost<CompositeBody>(`${V}/composite`, body as object);
  const usage = async () => ((await call(sandbox.url, '/__sandbox/limits')).json as { used: number }).used;
  const counts = async () => ((await call(sandbox.url, '/__sandbox/calls')).json as { counts: Record<string, number> }).counts;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'composite-token', seed: false });
    conn = new jsforce.Connection({ instanceUrl: sandbox.url, accessToken: 'composite-token', version: '62.0' });
  });
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: false } });
    await call(sandbox.url, '/__sandbox/limits/reset', { method: 'POST' });
    await conn.sobject('Contact').create([
      { LastName: 'Ada', Email: 'ada@example.com' },
      { LastName: 'Grace', Email: 'grace@example.com' },
    ]);
  });
  afterAll(() => sandbox.close());

  it('answers each query subrequest as GET …/query answers it, in order, and counts the request as one API call', async () => {
    // Prepare
    const soql = ["SELECT Id, Email FROM Contact WHERE Email IN ('ada@example.com') ORDER BY Id", 'SELECT Id FROM Contact ORDER BY Id', 'SELECT Id FROM Lead'];
    const plain = await Promise.all(soql.map((q) => conn.request<QueryPage>(queryUrl(q))));
    const [usedBefore, countsBefore] = [await usage(), await counts()];

    // Act
    const result = await composite({ allOrNone: false, compositeRequest: soql.map((q, i) => get(queryUrl(q), `q${i}`)) });

    // Assess
    const [usedAfter, countsAfter] = [await usage(), await counts()];
    expect(result.compositeResponse.map((r) => [r.referenceId, r.httpStatusCode])).toEqual([['q0', 200], ['q1', 200], ['q2', 200]]);
    expect(result.compositeResponse.map((r) => r.body)).toEqual(plain);
    expect((result.compositeResponse[1]?.body as QueryPage).totalSize).toBe(2);
    expect(usedAfter - usedBefore).toBe(1);
    expect((countsAfter['composite'] ?? 0) - (countsBefore['composite'] ?? 0)).toBe(1);
    expect(countsAfter['query']).toBe(countsBefore['query']);
  });

  it('fails a malformed query subrequest alone, with the SOQL error body, when allOrNone is false', async () => {
    const bad = 'SELEC Id FROM Contact';
    const plain = await call(sandbox.url, queryUrl(bad), { headers: { authorization: 'Bearer composite-token' } });

    const result = await composite({ allOrNone: false, compositeRequest: [get(queryUrl('SELECT Id FROM Contact'), 'good'), get(queryUrl(bad), 'bad'), get(queryUrl('SELECT Id, Nope__c FROM Contact'), 'unknownField')] });

    const [good, malformed, unknownField] = result.compositeResponse;
    expect(good).toMatchObject({ referenceId: 'good', httpStatusCode: 200, body: { totalSize: 2, done: true } });
    expect(malformed).toMatchObject({ referenceId: 'bad', httpStatusCode: 400 });
    expect(malformed?.body).toEqual(plain.json);
    expect(unknownField).toMatchObject({ httpStatusCode: 400, body: [{ errorCode: 'INVALID_FIELD' }] });
  });

  it('fails every subrequest with allOrNone when one fails, and rolls back the writes before it', async () => {
    const result = await composite({
      allOrNone: true,
      compositeRequest: [{ method: 'POST', url: `${V}/sobjects/Contact`, referenceId: 'created', body: { LastName: 'Rolled', Email: 'rolled@example.com' } }, get(queryUrl('SELEC'), 'bad')],
    });

    const after = await conn.query<{ Id: string }>("SELECT Id FROM Contact WHERE Email = 'rolled@example.com'");
    expect(result.compositeResponse.map((r) => r.httpStatusCode)).toEqual([400, 400]);
    expect(result.compositeResponse[0]?.body).toEqual([{ errorCode: 'PROCESSING_HALTED', message: expect.stringContaining('rolled back') }]);
    expect((result.compositeResponse[1]?.body as { errorCode: string }[])[0]?.errorCode).toBe('MALFORMED_QUERY');
    expect(after.totalSize).toBe(0);
  });

  it('reads deleted rows through queryAll and the next batch through nextRecordsUrl in a later request', async () => {
    const crowd = Array.from({ length: 201 }, (_, i) => ({ LastName: `Crowd ${i}`, Email: 'crowd@example.com' }));
    await conn.sobject('Contact').create(crowd.slice(0, 200));
    await conn.sobject('Contact').create(crowd.slice(200));
    const [gone] = (await conn.query<{ Id: string }>("SELECT Id FROM Contact WHERE Email = 'ada@example.com'")).records;
    await conn.sobject('Contact').destroy(gone?.Id ?? '');
    const soql = "SELECT Id FROM Contact WHERE Email = 'crowd@example.com' ORDER BY Id";

    const first = await composite({
      compositeRequest: [get(queryUrl(soql), 'page', { 'Sforce-Query-Options': 'batchSize=200' }), get(queryUrl("SELECT Id FROM Contact WHERE Email = 'ada@example.com'", 'queryAll'), 'all')],
    });
    const page = first.compositeResponse[0]?.body as QueryPage;
    const second = await composite({ compositeRequest: [get(page.nextRecordsUrl ?? '', 'more')] });

    expect(page).toMatchObject({ totalSize: 201, done: false });
    expect(page.records).toHaveLength(200);
    expect(first.compositeResponse[1]?.body).toMatchObject({ totalSize: 1, records: [{ Id: gone?.Id }] });
    expect(second.compositeResponse[0]).toMatchObject({ referenceId: 'more', httpStatusCode: 200, body: { done: true } });
    expect((second.compositeResponse[0]?.body as QueryPage).records).toHaveLength(1);
  });

  it('rejects more than 25 subrequests and more than 5 queries, running none of them', async () => {
    const creates = (n: number) => Array.from({ length: n }, (_, i) => ({ method: 'POST', url: `${V}/sobjects/Contact`, referenceId: `c${i}`, body: { LastName: `Too many ${i}` } }));
    const queries = Array.from({ length: 6 }, (_, i) => get(queryUrl('SELECT Id FROM Contact'), `q${i}`));

    const tooMany = await composite({ compositeRequest: creates(26) });
    const tooManyQueries = await composite({ compositeRequest: [...creates(1), ...queries] });

    const written = await conn.query("SELECT Id FROM Contact WHERE LastName LIKE 'Too many%'");
    expect(tooMany.compositeResponse).toEqual([{ body: [{ errorCode: 'LIMIT_EXCEEDED', message: 'The request can’t contain more than 25 operations.' }], httpHeaders: {}, httpStatusCode: 400, referenceId: null }]);
    expect(tooManyQueries.compositeResponse).toEqual([expect.objectContaining({ body: [expect.objectContaining({ errorCode: 'LIMIT_EXCEEDED' })], httpStatusCode: 400, referenceId: null })]);
    expect(written.totalSize).toBe(0);
  });

  it('rejects a missing, malformed or duplicate referenceId', async () => {
    const q = queryUrl('SELECT Id FROM Contact');

    const answers = await Promise.all([
      composite({ compositeRequest: [{ method: 'GET', url: q }] }),
      composite({ compositeRequest: [get(q, 'bad-id')] }),
      composite({ compositeRequest: [get(q, 'same'), get(q, 'same')] }),
    ]);

    for (const answer of answers) {
      expect(answer.compositeResponse).toEqual([expect.objectContaining({ httpStatusCode: 400, referenceId: null, body: [expect.objectContaining({ errorCode: 'INVALID_INPUT' })] })]);
    }
  });

  it('fails the composite request itself with 403 REQUEST_LIMIT_EXCEEDED when the allocation is spent', async () => {
    await call(sandbox.url, '/__sandbox/limits', { method: 'POST', body: { used: 15_000 } });

    const error = await composite({ compositeRequest: [get(queryUrl('SELECT Id FROM Contact'), 'q')] }).then(
      () => undefined,
      (e: unknown) => e as { errorCode?: string },
    );

    expect(error?.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
  });
});
