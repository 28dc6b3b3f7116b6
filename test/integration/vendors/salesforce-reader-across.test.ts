import fc from 'fast-check';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceConnection } from '#adapters/vendors/salesforce/connection';
import { COMPOSITE_LOOKUP_LIMITS, inLookupStatements } from '#adapters/vendors/salesforce/in-lookup';
import { salesforceReader } from '#adapters/vendors/salesforce/reader';
import { PermanentError, VendorPaused } from '#domain/errors';
import type { ChangeReader } from '#ports/crm';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call } from '../sandboxes/support.ts';

const CREDS = { clientId: 'across-client', clientSecret: 'across-secret', refreshToken: 'across-refresh' };

/** Addresses records may hold: plain ones and ones with quotes or backslashes. */
const POOL = ['ada@example.com', 'Grace.Hopper@Navy.mil', "o'hara@example.com", 'back\\slash@example.com', 'shared@example.com'];

type Lookup = { objectType: string; field: string; values: string[] };

/** An address written as a person might type it: any mix of upper and lower case. */
const anyCase = (value: string) => fc.array(fc.boolean(), { minLength: value.length, maxLength: value.length }).map((upper) => [...value].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
const address = fc.oneof(fc.constantFrom(...POOL).chain(anyCase), fc.constantFrom('nobody@example.com', "it's\\me@example.com", ''), fc.string({ maxLength: 12 }));

const lookupArb: fc.Arbitrary<Lookup> = fc.record({
  objectType: fc.constantFrom('Contact', 'Lead'),
  field: fc.constantFrom('Email', 'LastName'),
  values: fc.array(address, { maxLength: 10 }),
});

/** Statements `findIdsAcross` sends for `lookups`: the calls it makes are these, five to a call. */
const statementCount = (lookups: readonly Lookup[]) => lookups.reduce((n, l) => n + inLookupStatements(l.objectType, l.field, [...new Set(l.values)], COMPOSITE_LOOKUP_LIMITS).length, 0);

describe('salesforceReader.findIdsAcross against the Salesforce sandbox with jsforce', () => {
  let sandbox: SalesforceSandbox;
  let connection: Connection;
  let reader: ChangeReader;
  const counts = async () => ((await call(sandbox.url, '/__sandbox/calls')).json as { counts: Record<string, number> }).counts;
  const entries = (maps: Map<string, string[]>[]) => maps.map((m) => [...m.entries()]);
  const many = (lookups: readonly Lookup[]) => Promise.all(lookups.map((l) => reader.findIdsMany!(l.objectType, l.field, l.values)));
  const reset = () => call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: false } });

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'across-token', seed: false });
    connection = createSalesforceConnection({ instanceUrl: sandbox.url, loginUrl: sandbox.url, ...CREDS, accessToken: 'across-token' });
    reader = salesforceReader(connection);
  });
  afterAll(() => sandbox.close());

  it('answers each lookup as findIdsMany answers it, in one call per five statements', async () => {
    const holder = fc.record({ LastName: fc.oneof(fc.constantFrom(...POOL), fc.string({ minLength: 1, maxLength: 8 })), Email: fc.constantFrom(...POOL).chain(anyCase) });
    await fc.assert(
      fc.asyncProperty(fc.array(holder, { maxLength: 25 }), fc.array(holder, { maxLength: 10 }), fc.array(lookupArb, { maxLength: 12 }), async (contacts, leads, lookups) => {
        // Prepare
        await reset();
        if (contacts.length > 0) await connection.sobject('Contact').create(contacts);
        if (leads.length > 0) await connection.sobject('Lead').create(leads.map((l) => ({ ...l, Company: 'Acme' })));
        const before = await counts();

        // Act
        const across = await reader.findIdsAcross!(lookups);

        // Assess
        const after = await counts();
        expect((after['composite'] ?? 0) - (before['composite'] ?? 0)).toBe(Math.ceil(statementCount(lookups) / 5));
        expect(after['query']).toBe(before['query']);
        expect(entries(across)).toEqual(entries(await many(lookups)));
      }),
      { numRuns: 30 },
    );
  });

  it('looks up a window of 200 people in Contact and Lead in one call where findIdsMany makes four', async () => {
    await reset();
    await connection.sobject('Contact').create([{ LastName: 'Ada', Email: 'ada@example.com' }]);
    await connection.sobject('Lead').create([{ LastName: 'Open', Company: 'Acme', Email: 'lead.person.7@example.com' }, { LastName: 'Converted', Company: 'Acme', Email: 'LEAD.person.7@example.com' }]);
    const [converted] = (await connection.query<{ Id: string }>("SELECT Id FROM Lead WHERE LastName = 'Converted'")).records;
    await connection.soap.convertLead({ leadId: converted?.Id ?? '', convertedStatus: 'Closed - Converted', doNotCreateOpportunity: true });
    const values = ['ADA@example.com', ...Array.from({ length: 199 }, (_, i) => `lead.person.${i}@example.com`)];
    const lookups = [{ objectType: 'Contact', field: 'Email', values }, { objectType: 'Lead', field: 'Email', values }];
    const c0 = await counts();

    const across = await reader.findIdsAcross!(lookups);
    const c1 = await counts();
    const expected = await many(lookups);
    const c2 = await counts();

    expect((c1['composite'] ?? 0) - (c0['composite'] ?? 0)).toBe(1);
    expect((c2['query'] ?? 0) - (c1['query'] ?? 0)).toBe(4);
    expect(entries(across)).toEqual(entries(expected));
    // The conversion made a Contact of the converted Lead's person.
    expect([...(across[0]?.keys() ?? [])]).toEqual(['ADA@example.com', 'lead.person.7@example.com']);
    // The converted Lead is left out, as findIds leaves it out.
    expect(across[1]?.get('lead.person.7@example.com')).toHaveLength(1);
  });

  it('follows a statement whose rows pass a page with a Query More subrequest in a later call', async () => {
    await reset();
    const crowd = Array.from({ length: 2_001 }, (_, i) => ({ LastName: `Crowd ${i}`, Email: 'crowd@example.com' }));
    for (let start = 0; start < crowd.length; start += 200) await connection.sobject('Contact').create(crowd.slice(start, start + 200));
    const late = (await connection.sobject('Contact').create({ LastName: 'Late', Email: 'late@example.com' })) as { id: string };
    const lookups = [{ objectType: 'Contact', field: 'Email', values: ['crowd@example.com', 'late@example.com'] }, { objectType: 'Lead', field: 'Email', values: ['late@example.com'] }];
    const before = await counts();

    const across = await reader.findIdsAcross!(lookups);

    const after = await counts();
    expect((after['composite'] ?? 0) - (before['composite'] ?? 0)).toBe(2);
    expect(across[0]?.get('late@example.com')).toEqual([late.id]);
    expect(across[0]?.get('crowd@example.com')).toHaveLength(10);
    expect(across[1]?.size).toBe(0);
    expect(entries(across)).toEqual(entries(await many(lookups)));
  });

  it('makes no call for lookups without values', async () => {
    const before = await counts();

    const across = await reader.findIdsAcross!([{ objectType: 'Contact', field: 'Email', values: [] }]);

    expect(across).toEqual([new Map()]);
    expect((await counts())['composite']).toBe(before['composite']);
  });

  it('rejects a failing subrequest as findIdsMany rejects the same failing query', async () => {
    const lookups = [{ objectType: 'Contact', field: 'Email', values: ['a@example.com'] }, { objectType: 'Contact', field: 'Nope__c', values: ['x'] }];

    const across = await reader.findIdsAcross!(lookups).catch((e: unknown) => e);
    const alone = await reader.findIdsMany!('Contact', 'Nope__c', ['x']).catch((e: unknown) => e);

    expect(across).toBeInstanceOf(PermanentError);
    expect(alone).toBeInstanceOf(PermanentError);
    expect((across as PermanentError).code).toBe('INVALID_FIELD');
    expect((across as PermanentError).code).toBe((alone as PermanentError).code);
  });

  it('fails with VendorPaused, as findIdsMany does, when the org answers REQUEST_LIMIT_EXCEEDED (TotalRequests)', async () => {
    await call(sandbox.url, '/__sandbox/limits', { method: 'POST', body: { used: 15_000 } });
    try {
      const across = await reader.findIdsAcross!([{ objectType: 'Contact', field: 'Email', values: ['a@example.com'] }]).catch((e: unknown) => e);
      const alone = await reader.findIdsMany!('Contact', 'Email', ['a@example.com']).catch((e: unknown) => e);

      expect(across).toBeInstanceOf(VendorPaused);
      expect(alone).toBeInstanceOf(VendorPaused);
    } finally {
      await call(sandbox.url, '/__sandbox/limits/reset', { method: 'POST' });
    }
  });
});
