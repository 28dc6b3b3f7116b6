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

  it('creates a unique text property and a picklist the writer then reads back as fields, answers exists for one the portal has, and names a refusal', async () => {
    const writer = hubspotWriter(createHubspotClient({ accessToken, basePath: sandbox.url }));

    await writer.createField?.('contacts', { name: 'syncline_salesforce_id', label: 'Syncline salesforce id', type: 'text', externalId: true, purpose: "salesforce's ids" });
    await writer.createField?.('deals', { name: 'syncline_tier', label: 'Tier', type: 'picklist', values: ['Gold', 'Silver'], purpose: 'deal.tier' });

    expect((await writer.fields?.('contacts'))?.['syncline_salesforce_id']).toMatchObject({ type: 'string', unique: true, writable: true });
    expect((await writer.fields?.('deals'))?.['syncline_tier']).toMatchObject({ type: 'enumeration', allowed: ['Gold', 'Silver'] });
    expect(await writer.createField?.('contacts', { name: 'syncline_salesforce_id', label: 'Again', type: 'text', purpose: 'x' })).toBe('exists');
    const refused = writer.createField?.('contacts', { name: 'Syncline Bad Name', label: 'Bad', type: 'text', purpose: 'x' });
    await expect(refused).rejects.toBeInstanceOf(PermanentError);
    await expect(refused).rejects.toThrow(/HubSpot refused the property contacts\.Syncline Bad Name: /);
  });

  it('creates the missing subscriptions active, switches an inactive one on, and creates nothing the second time', async () => {
    const wanted = [{ object: 'contacts', action: 'creation' }, { object: 'contacts', action: 'propertyChange', propertyName: 'email' }, { object: 'deals', action: 'deletion' }];
    const names = ['contact.creation', 'contact.propertyChange of email', 'deal.deletion'];

    const first = await ensureSubscriptions(secret(), wanted);
    const second = await ensureSubscriptions(secret(), wanted);

    expect(first).toEqual({ created: names, activated: [], present: [], failed: {} });
    expect(second).toEqual({ created: [], activated: [], present: names, failed: {} });
    const listed = await fetch(`${sandbox.url}/webhooks/v3/${appId}/subscriptions?hapikey=${developerApiKey}`).then((r) => r.json() as Promise<{ results: { id: string; eventType: string; active: boolean }[] }>);
    expect(listed.results.every((s) => s.active)).toBe(true);
    const deletion = listed.results.find((s) => s.eventType === 'deal.deletion');
    await fetch(`${sandbox.url}/webhooks/v3/${appId}/subscriptions/${deletion?.id}?hapikey=${developerApiKey}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ active: false }) });
    expect((await ensureSubscriptions(secret(), wanted)).activated).toEqual(['deal.deletion']);
  });

  it('says what is missing when the secret holds no developer key, names a wrong one as refused, and reports a refused subscription beside the ones made', async () => {
    const creation = [{ object: 'contacts', action: 'creation' }];
    await expect(ensureSubscriptions({ ...secret(), developerApiKey: undefined }, creation)).rejects.toThrow(/no developerApiKey and appId/);
    await expect(ensureSubscriptions({ ...secret(), developerApiKey: 'wrong' }, creation)).rejects.toThrow(/refused to list the app's subscriptions: .*API key/i);

    const applied = await ensureSubscriptions(secret(), [{ object: 'contacts', action: 'propertyChange' }, { object: 'companies', action: 'creation' }]);

    expect(Object.keys(applied.failed)).toEqual(['contact.propertyChange']);
    expect(applied.created).toEqual(['company.creation']);
  });
});
