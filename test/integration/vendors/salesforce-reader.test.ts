import fc from 'fast-check';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceConnection } from '#adapters/vendors/salesforce/connection';
import { salesforceReader } from '#adapters/vendors/salesforce/reader';
import type { ChangeReader } from '#ports/crm';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call } from '../sandboxes/support.ts';

const CREDS = { clientId: 'reader-client', clientSecret: 'reader-secret', refreshToken: 'reader-refresh' };

/** Addresses the org holds: some by one contact, some by several, some with quotes or backslashes. */
const HELD = ['ada@example.com', 'Grace.Hopper@Navy.mil', "o'hara@example.com", 'back\\slash@example.com', 'shared@example.com', 'many@example.com'];
const HOLDERS: Record<string, number> = { 'shared@example.com': 3, 'many@example.com': 12 };

async function counts(url: string): Promise<Record<string, number>> {
  return ((await call(url, '/__sandbox/calls')).json as { counts: Record<string, number> }).counts;
}

/** An address written as a person might type it: any mix of upper and lower case. */
const anyCase = (value: string) => fc.array(fc.boolean(), { minLength: value.length, maxLength: value.length }).map((upper) => [...value].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

describe('salesforceReader.findIdsMany against the Salesforce sandbox with jsforce', () => {
  let sandbox: SalesforceSandbox;
  let connection: Connection;
  let reader: ChangeReader;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'reader-token', seed: false });
    connection = createSalesforceConnection({ instanceUrl: sandbox.url, loginUrl: sandbox.url, ...CREDS, accessToken: 'reader-token' });
    reader = salesforceReader(connection);
    const contacts = HELD.flatMap((Email) => Array.from({ length: HOLDERS[Email] ?? 1 }, (_, i) => ({ LastName: `Holder ${i}`, Email })));
    await connection.sobject('Contact').create(contacts);
    await connection.sobject('Lead').create([{ LastName: 'Open', Company: 'Acme', Email: 'lead@example.com' }, { LastName: 'Converted', Company: 'Acme', Email: 'LEAD@example.com' }]);
    const [converted] = (await connection.query<{ Id: string }>("SELECT Id FROM Lead WHERE LastName = 'Converted'")).records;
    await connection.soap.convertLead({ leadId: converted?.Id ?? '', convertedStatus: 'Closed - Converted', doNotCreateOpportunity: true });
  });
  afterAll(() => sandbox.close());

  it('answers each value as findIds answers it, in any case, with absent values left out', async () => {
    const value = fc.oneof(fc.constantFrom(...HELD).chain(anyCase), fc.constantFrom('nobody@example.com', "it's\\me@example.com", ''), fc.string({ maxLength: 12 }));
    await fc.assert(
      fc.asyncProperty(fc.array(value, { maxLength: 14 }), async (values) => {
        // Act
        const many = await reader.findIdsMany!('Contact', 'Email', values);

        // Assess: every value as findIds sees it, and nothing else.
        for (const v of values) {
          const one = await reader.findIds!('Contact', 'Email', v);
          if (one.length === 0) expect(many.has(v)).toBe(false);
          else expect(many.get(v)).toEqual(one);
        }
        expect([...many.keys()].every((k) => values.includes(k))).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('keeps a value to the ten ids findIds answers with, and leaves converted Leads out as findIds does', async () => {
    const contacts = await reader.findIdsMany!('Contact', 'Email', ['MANY@example.com']);
    const leads = await reader.findIdsMany!('Lead', 'Email', ['lead@EXAMPLE.com']);

    expect(contacts.get('MANY@example.com')).toEqual(await reader.findIds!('Contact', 'Email', 'MANY@example.com'));
    expect(contacts.get('MANY@example.com')).toHaveLength(10);
    expect(leads.get('lead@EXAMPLE.com')).toEqual(await reader.findIds!('Lead', 'Email', 'lead@EXAMPLE.com'));
    expect(leads.get('lead@EXAMPLE.com')).toHaveLength(1);
  });

  it('looks up 450 addresses in one query per chunk, not one per address', async () => {
    const values = ['ada@EXAMPLE.com', ...Array.from({ length: 447 }, (_, i) => `absent.person.${i}@example.com`), 'ADA@example.com', 'shared@EXAMPLE.com'];
    const before = await counts(sandbox.url);

    const found = await reader.findIdsMany!('Contact', 'Email', values);

    const after = await counts(sandbox.url);
    expect([...found.keys()]).toEqual(['ada@EXAMPLE.com', 'ADA@example.com', 'shared@EXAMPLE.com']);
    // The two spellings sit in different chunks, each of which returns the contact: it is still one id.
    expect(found.get('ada@EXAMPLE.com')).toEqual(await reader.findIds!('Contact', 'Email', 'ada@example.com'));
    expect(found.get('ADA@example.com')).toEqual(found.get('ada@EXAMPLE.com'));
    expect(found.get('ada@EXAMPLE.com')).toHaveLength(1);
    expect(found.get('shared@EXAMPLE.com')).toHaveLength(3);
    // 4,000 characters of WHERE clause hold about 120 of these addresses: four chunks.
    expect((after['query'] ?? 0) - (before['query'] ?? 0)).toBe(4);
  });

  it('reads a chunk whose rows pass a page to its end through queryMore', async () => {
    const crowd = Array.from({ length: 2_001 }, (_, i) => ({ LastName: `Crowd ${i}`, Email: 'crowd@example.com' }));
    for (let start = 0; start < crowd.length; start += 200) await connection.sobject('Contact').create(crowd.slice(start, start + 200));
    const late = (await connection.sobject('Contact').create({ LastName: 'Late', Email: 'late@example.com' })) as { id: string };
    const before = await counts(sandbox.url);

    // Rows come ordered by Id: the crowd fills the first page, the late contact is on the second.
    const found = await reader.findIdsMany!('Contact', 'Email', ['crowd@example.com', 'late@example.com']);

    const after = await counts(sandbox.url);
    expect(found.get('late@example.com')).toEqual([late.id]);
    expect(found.get('crowd@example.com')).toHaveLength(10);
    expect((after['queryMore'] ?? 0) - (before['queryMore'] ?? 0)).toBe(1);
  });
});
