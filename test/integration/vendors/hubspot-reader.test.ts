import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubspotClient, hubspotReader } from '#adapters/vendors/hubspot/reader';
import { RetryableError } from '#domain/errors';
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
