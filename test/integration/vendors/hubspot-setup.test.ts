import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSubscriptions } from '#adapters/vendors/hubspot/subscriptions';
import { createHubspotClient } from '#adapters/vendors/hubspot/reader';
import { hubspotWriter } from '#adapters/vendors/hubspot/writer';
import { PermanentError } from '#domain/errors';
import { startHubspotSandbox, type HubspotSandbox } from '#local/sandboxes/index';

const accessToken = 'setup-token';
const developerApiKey = 'setup-developer-key';
const appId = 777;

describe('setup --apply against the HubSpot sandbox: properties and webhook subscriptions through @hubspot/api-client', () => {
  let sandbox: HubspotSandbox;
  const secret = () => ({ accessToken, clientSecret: 'secret', developerApiKey, appId, basePath: sandbox.url });
  beforeAll(async () => {
    sandbox = await startHubspotSandbox({ port: 0, clientSecret: 'secret', accessToken, developerApiKey, appId, seed: false, synclineProperties: false });
  });
  afterAll(() => sandbox.close());

  it('creates a unique text property and a picklist the writer then reads back as fields, and names a refusal', async () => {
    const writer = hubspotWriter(createHubspotClient({ accessToken, basePath: sandbox.url }));

    await writer.createField?.('contacts', { name: 'syncline_salesforce_id', label: 'Syncline salesforce id', type: 'text', externalId: true, purpose: "salesforce's ids" });
    await writer.createField?.('deals', { name: 'syncline_tier', label: 'Tier', type: 'picklist', values: ['Gold', 'Silver'], purpose: 'deal.tier' });

    expect((await writer.fields?.('contacts'))?.['syncline_salesforce_id']).toMatchObject({ type: 'string', unique: true, writable: true });
    expect((await writer.fields?.('deals'))?.['syncline_tier']).toMatchObject({ type: 'enumeration', allowed: ['Gold', 'Silver'] });
    const again = writer.createField?.('contacts', { name: 'syncline_salesforce_id', label: 'Again', type: 'text', purpose: 'x' });
    await expect(again).rejects.toBeInstanceOf(PermanentError);
    await expect(again).rejects.toThrow(/HubSpot refused the property contacts\.syncline_salesforce_id/);
  });

  it('creates the missing subscriptions active, switches an inactive one on, and creates nothing the second time', async () => {
    const wanted = [{ eventType: 'contact.creation' }, { eventType: 'contact.propertyChange', propertyName: 'email' }, { eventType: 'deal.deletion' }];

    const first = await ensureSubscriptions(secret(), wanted);
    const second = await ensureSubscriptions(secret(), wanted);

    expect(first.created).toEqual(wanted);
    expect(second).toEqual({ created: [], activated: [], present: wanted });
    const listed = await fetch(`${sandbox.url}/webhooks/v3/${appId}/subscriptions?hapikey=${developerApiKey}`).then((r) => r.json() as Promise<{ results: { id: string; eventType: string; active: boolean }[] }>);
    expect(listed.results.every((s) => s.active)).toBe(true);
    const deletion = listed.results.find((s) => s.eventType === 'deal.deletion');
    await fetch(`${sandbox.url}/webhooks/v3/${appId}/subscriptions/${deletion?.id}?hapikey=${developerApiKey}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ active: false }) });
    expect((await ensureSubscriptions(secret(), wanted)).activated).toEqual([{ eventType: 'deal.deletion' }]);
  });

  it('says what is missing when the secret holds no developer key, and names a wrong one as refused', async () => {
    await expect(ensureSubscriptions({ ...secret(), developerApiKey: undefined }, [{ eventType: 'contact.creation' }])).rejects.toThrow(/no developerApiKey and appId/);
    await expect(ensureSubscriptions({ ...secret(), developerApiKey: 'wrong' }, [{ eventType: 'contact.creation' }])).rejects.toThrow();
  });
});
