import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubspotClient, hubspotReader } from '#adapters/vendors/hubspot/reader';
import { RetryableError } from '#domain/errors';
import type { ChangeReader } from '#ports/crm';
import { startHubspotSandbox, type HubspotSandbox } from '#local/sandboxes/index';

describe('hubspotReader against the HubSpot sandbox with @hubspot/api-client', () => {
  let sandbox: HubspotSandbox;
  const accessToken = 'reader-token';
  beforeAll(async () => {
    sandbox = await startHubspotSandbox({ port: 0, clientSecret: 'secret', accessToken, seed: false });
  });
  afterAll(() => sandbox.close());

  it('reads current properties with the record’s last change time, null for unset ones, and null once archived', async () => {
    const client = createHubspotClient({ accessToken, basePath: sandbox.url });
    const created = await client.crm.contacts.basicApi.create({ properties: { email: 'r@example.com', lastname: 'Reader' }, associations: [] });
    const reader = hubspotReader(client);

    const read = await reader.read('contacts', created.id, ['email', 'lastname', 'jobtitle']);
    await client.crm.contacts.basicApi.archive(created.id);

    expect(read).toEqual({ values: { email: 'r@example.com', lastname: 'Reader', jobtitle: null }, modifiedAt: created.updatedAt.getTime() });
    expect(await reader.read('contacts', created.id, ['email'])).toBeNull();
  });

  it('reads many records in batch reads of at most 100, leaving out the ones that do not exist', async () => {
    const client = createHubspotClient({ accessToken, basePath: sandbox.url });
    const inputs = Array.from({ length: 100 }, (_, i) => ({ properties: { email: `many${i}@example.com`, lastname: `Many ${i}` }, associations: [] }));
    const created = [...(await client.crm.contacts.batchApi.create({ inputs })).results, ...(await client.crm.contacts.batchApi.create({ inputs: inputs.slice(0, 20).map((input, i) => ({ ...input, properties: { email: `more${i}@example.com`, lastname: `More ${i}` } })) })).results];
    await client.crm.contacts.basicApi.archive(created[5]!.id);
    const before = await (await fetch(`${sandbox.url}/__sandbox/calls`)).json() as { counts: Record<string, number> };

    const read = await hubspotReader(client).readMany!('contacts', [...created.map((c) => c.id), '999999'], ['lastname']);

    const after = await (await fetch(`${sandbox.url}/__sandbox/calls`)).json() as { counts: Record<string, number> };
    expect(read.size).toBe(119);
    expect(read.has(created[5]!.id)).toBe(false);
    expect(read.get(created[7]!.id)).toEqual({ values: { lastname: 'Many 7' }, modifiedAt: created[7]!.updatedAt.getTime() });
    expect((after.counts['batchRead'] ?? 0) - (before.counts['batchRead'] ?? 0)).toBe(2);
  });

  it('fails with a retryable error on a 429, keeping Retry-After', async () => {
    const client = createHubspotClient({ accessToken, basePath: sandbox.url });
    await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: 'getObject', kind: 'status', status: 429, retryAfterSeconds: 2 }) });
    const error = await hubspotReader(client).read('contacts', '1', ['email']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).retryAfterMs).toBe(2000);
  });
});

describe('hubspotReader.findIdsMany against the HubSpot sandbox', () => {
  let sandbox: HubspotSandbox;
  let reader: ChangeReader;
  const accessToken = 'find-many-token';
  const emails = ['ada@example.com', 'grace.hopper@navy.mil', "o'hara@example.com", 'plus+tag@example.com'];
  const counts = async () => ((await (await fetch(`${sandbox.url}/__sandbox/calls`)).json()) as { counts: Record<string, number> }).counts;

  beforeAll(async () => {
    // Loose search limits: the property below compares with findIds, one search per value.
    // The reader's queries, not the index's lag (the e2e tests run with it on).
    sandbox = await startHubspotSandbox({ port: 0, clientSecret: 'secret', accessToken, seed: false, searchRateLimitPerSecond: 1000, rateLimitPer10s: 100_000, searchLagMs: 0, searchUpdateLagMs: 0 });
    const client = createHubspotClient({ accessToken, basePath: sandbox.url });
    await client.crm.contacts.batchApi.create({ inputs: emails.map((email, i) => ({ properties: { email, lastname: i < 2 ? 'Shared' : `Only ${i}` }, associations: [] })) });
    reader = hubspotReader(client);
  });
  afterAll(() => sandbox.close());

  it('answers contacts by e-mail as findIds does, in any case, with absent addresses left out', async () => {
    const anyCase = (value: string) => fc.array(fc.boolean(), { minLength: value.length, maxLength: value.length }).map((upper) => [...value].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));
    const value = fc.oneof(fc.constantFrom(...emails).chain(anyCase), fc.constantFrom('nobody@example.com', 'someone.else@navy.mil'));
    await fc.assert(
      fc.asyncProperty(fc.array(value, { maxLength: 8 }), async (values) => {
        const many = await reader.findIdsMany!('contacts', 'email', values);
        for (const v of values) {
          const one = await reader.findIds!('contacts', 'email', v);
          if (one.length === 0) expect(many.has(v)).toBe(false);
          else expect(many.get(v)).toEqual(one);
        }
        expect([...many.keys()].every((k) => values.includes(k))).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('looks 150 addresses up in two batch reads by idProperty email, and none by search', async () => {
    const values = [...Array.from({ length: 148 }, (_, i) => `absent.${i}@example.com`), 'ADA@example.com', 'Grace.Hopper@Navy.mil'];
    const before = await counts();

    const found = await reader.findIdsMany!('contacts', 'email', values);

    const after = await counts();
    expect([...found.keys()]).toEqual(['ADA@example.com', 'Grace.Hopper@Navy.mil']);
    expect((after['batchRead'] ?? 0) - (before['batchRead'] ?? 0)).toBe(2);
    expect((after['search'] ?? 0) - (before['search'] ?? 0)).toBe(0);
  });

  it('searches 100 values at a time (IN) for a property that is not unique, answering as findIds does', async () => {
    const values = ['Shared', 'Only 3', 'Shared', 'Nobody', ...Array.from({ length: 150 }, (_, i) => `Absent ${i}`)];
    const before = await counts();

    const found = await reader.findIdsMany!('contacts', 'lastname', values);

    const after = await counts();
    expect(found.get('Shared')?.sort()).toEqual((await reader.findIds!('contacts', 'lastname', 'Shared')).sort());
    expect(found.get('Shared')).toHaveLength(2);
    expect(found.get('Only 3')).toHaveLength(1);
    expect(found.has('Nobody')).toBe(false);
    // 152 distinct values: two searches, not one per value.
    expect((after['search'] ?? 0) - (before['search'] ?? 0)).toBe(2);
  });
});
