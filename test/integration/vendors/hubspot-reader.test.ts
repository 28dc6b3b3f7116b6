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

  it('fails with a retryable error on a 429, keeping Retry-After', async () => {
    const client = createHubspotClient({ accessToken, basePath: sandbox.url });
    await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: 'getObject', kind: 'status', status: 429, retryAfterSeconds: 2 }) });
    const error = await hubspotReader(client).read('contacts', '1', ['email']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).retryAfterMs).toBe(2000);
  });
});
