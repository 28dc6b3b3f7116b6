import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call } from './support.ts';

const CREDS = { clientId: 'lists-client', clientSecret: 'lists-secret', refreshToken: 'lists-refresh' };
const PEOPLE = 260;

async function failure(promise: PromiseLike<unknown>): Promise<{ errorCode?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { errorCode?: string; message: string };
  }
  throw new Error('expected the query to fail');
}

const literal = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

describe('Salesforce sandbox SOQL: long IN lists and the length of a statement, through jsforce', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'lists-token', seed: false });
    conn = new jsforce.Connection({ instanceUrl: sandbox.url, accessToken: 'lists-token', version: '62.0' });
    // Stored in mixed case, as people type them.
    const records = Array.from({ length: PEOPLE }, (_, i) => ({ LastName: `Person ${i}`, Email: `Person.${i}@Example.com` }));
    for (let start = 0; start < PEOPLE; start += 200) {
      const saved = await conn.sobject('Contact').create(records.slice(start, start + 200));
      saved.forEach((r, i) => ids.set(`person.${start + i}@example.com`, r.success ? r.id : ''));
    }
  });
  afterAll(() => sandbox.close());

  it('answers an IN list of 250 e-mail literals, comparing them case-insensitively', async () => {
    const asked = [...Array.from({ length: 240 }, (_, i) => `PERSON.${i}@EXAMPLE.COM`), ...Array.from({ length: 10 }, (_, i) => `nobody.${i}@example.com`)];

    const result = await conn.query<{ Id: string; Email: string }>(`SELECT Id, Email FROM Contact WHERE Email IN (${asked.map(literal).join(', ')}) ORDER BY Id`);

    expect(result.totalSize).toBe(240);
    expect(new Set(result.records.map((r) => r.Id))).toEqual(new Set(Array.from({ length: 240 }, (_, i) => ids.get(`person.${i}@example.com`))));
    expect(result.records.find((r) => r.Id === ids.get('person.7@example.com'))?.Email).toBe('Person.7@Example.com');
  });

  it('reads quotes and backslashes inside the literals of a list', async () => {
    const odd = (await conn.sobject('Contact').create({ LastName: "O'Hara", Email: "o'hara+x@example.com" })) as { id: string };

    const result = await conn.query<{ Id: string }>(`SELECT Id FROM Contact WHERE Email IN (${["O'Hara+X@example.com", 'back\\slash@example.com'].map(literal).join(', ')})`);

    expect(result.records.map((r) => r.Id)).toEqual([odd.id]);
  });

  it('fails a statement whose URI passes 16,384 bytes with 431, before any query runs', async () => {
    const asked = Array.from({ length: 700 }, (_, i) => `someone.with.a.long.address.${i}@example.com`);
    const soql = `SELECT Id FROM Contact WHERE Email IN (${asked.map(literal).join(', ')})`;
    const before = (await call(sandbox.url, '/__sandbox/limits')).json as { used: number };

    const error = await failure(conn.query(soql));

    const after = (await call(sandbox.url, '/__sandbox/limits')).json as { used: number };
    expect(encodeURIComponent(soql).length).toBeGreaterThan(16_384);
    expect(soql.length).toBeLessThan(100_000);
    expect(error.errorCode).toBe('ERROR_HTTP_431');
    expect(after.used).toBe(before.used);
  });
});
