import { Client, Signature } from '@hubspot/api-client';
import type { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHubspotWebhook } from '#adapters/vendors/hubspot/parse-webhook';
import { startHubspotSandbox, type HubspotSandbox, type HubspotSandboxOptions } from '#local/sandboxes/index';
import { type Receiver, sdkError, startReceiver, waitFor } from './support.ts';

const TOKEN = 'pat-merge-token';
const SECRET = 'merge-secret';

describe('HubSpot sandbox merges', () => {
  let sandbox: HubspotSandbox | undefined;
  let receiver: Receiver | undefined;

  async function start(options: Partial<HubspotSandboxOptions> = {}) {
    receiver = await startReceiver();
    sandbox = await startHubspotSandbox({ clientSecret: SECRET, accessToken: TOKEN, webhookUrl: receiver.url, webhookBatchDelayMs: 20, seed: false, ...options });
    return { receiver, client: new Client({ accessToken: TOKEN, basePath: sandbox.url }) };
  }

  afterEach(async () => {
    await sandbox?.close();
    await receiver?.close();
    sandbox = undefined;
    receiver = undefined;
  });

  /** Two contacts, then waits for their creation webhooks so the merge event arrives in a request of its own. */
  async function twoContacts(client: Client, r: Receiver) {
    const primary = await client.crm.contacts.basicApi.create({ properties: { email: 'ada@example.com', firstname: 'Ada', jobtitle: '' }, associations: [] });
    const merged = await client.crm.contacts.basicApi.create({ properties: { email: 'ada.l@example.com', firstname: 'Augusta', jobtitle: 'Analyst', phone: '+44 20 5555' }, associations: [] });
    // 1 creation + 2 values, then 1 creation + 4 values.
    await waitFor(() => r.requests.flatMap((q) => JSON.parse(q.body) as unknown[]).length === 8);
    return { primary, merged, before: r.requests.length };
  }

  it('merges into the primary (200): its values win, gaps are filled, the merged id then 404s, and a signed contact.merge event names both', async () => {
    const { receiver, client } = await start();
    const { primary, merged, before } = await twoContacts(client, receiver);

    const survivor = await client.crm.contacts.basicApi.merge({ primaryObjectId: primary.id, objectIdToMerge: merged.id });
    const gone = await sdkError(client.crm.contacts.basicApi.getById(merged.id));
    await waitFor(() => receiver.requests.length > before);

    expect(survivor.id).toBe(primary.id);
    expect(survivor.properties).toMatchObject({ email: 'ada@example.com', firstname: 'Ada', jobtitle: 'Analyst', phone: '+44 20 5555', hs_merged_object_ids: merged.id });
    expect(gone.code).toBe(404);
    const req = receiver.requests.at(-1)!;
    expect(Signature.isValid({ signatureVersion: 'v3', signature: String(req.headers['x-hubspot-signature-v3']), clientSecret: SECRET, requestBody: req.body, url: receiver.url, method: 'POST', timestamp: Number(req.headers['x-hubspot-request-timestamp']) })).toBe(true);
    const events = JSON.parse(req.body) as Array<Record<string, unknown>>;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      subscriptionType: 'contact.merge',
      objectId: Number(primary.id),
      primaryObjectId: Number(primary.id),
      mergedObjectIds: [Number(merged.id)],
      newObjectId: Number(primary.id),
      numberOfPropertiesMoved: 2,
    });
    const parsed = parseHubspotWebhook(req.body);
    expect(parsed).toMatchObject({ ok: true, events: [{ kind: 'merge', objectType: 'contacts', sourceId: primary.id, fields: { mergedIds: merged.id } }] });
  });

  it('leaves the merged record out of lists and frees its email for a new contact', async () => {
    const { receiver, client } = await start();
    const { primary, merged } = await twoContacts(client, receiver);
    await client.crm.contacts.basicApi.merge({ primaryObjectId: primary.id, objectIdToMerge: merged.id });
    const list = await client.crm.contacts.basicApi.getPage(100);
    const again = await client.crm.contacts.basicApi.create({ properties: { email: 'ada.l@example.com' }, associations: [] });
    expect(list.results.map((r) => r.id)).toEqual([primary.id]);
    expect(again.id).not.toBe(merged.id);
  });

  it('with mergeAssignsNewId, the survivor gets a new id, both old ids 404, and the event carries newObjectId', async () => {
    const { receiver, client } = await start({ mergeAssignsNewId: true });
    const { primary, merged, before } = await twoContacts(client, receiver);
    const company = await client.crm.companies.basicApi.create({ properties: { name: 'Analytical Engines' }, associations: [] });
    await client.crm.associations.v4.basicApi.create('contacts', merged.id, 'companies', company.id, [{ associationCategory: 'HUBSPOT_DEFINED' as AssociationSpecAssociationCategoryEnum, associationTypeId: 279 }]);

    const survivor = await client.crm.contacts.basicApi.merge({ primaryObjectId: primary.id, objectIdToMerge: merged.id });
    const goneCodes = await Promise.all([primary.id, merged.id].map(async (id) => (await sdkError(client.crm.contacts.basicApi.getById(id))).code));
    const companies = await client.crm.associations.v4.basicApi.getPage('contacts', survivor.id, 'companies');
    await waitFor(() => JSON.parse(receiver.requests.at(-1)?.body ?? '[]').some((e: { subscriptionType: string }) => e.subscriptionType === 'contact.merge'));

    expect([primary.id, merged.id]).not.toContain(survivor.id);
    expect(survivor.properties['email']).toBe('ada@example.com');
    expect(goneCodes).toEqual([404, 404]);
    expect(companies.results.map((r) => String(r.toObjectId))).toEqual([company.id]);
    const events = receiver.requests.slice(before).flatMap((r) => JSON.parse(r.body) as Array<Record<string, unknown>>);
    const mergeEvent = events.find((e) => e['subscriptionType'] === 'contact.merge');
    expect(mergeEvent).toMatchObject({ primaryObjectId: Number(primary.id), mergedObjectIds: [Number(merged.id)], newObjectId: Number(survivor.id) });
    const parsed = parseHubspotWebhook(JSON.stringify([mergeEvent]));
    expect(parsed.ok && parsed.events[0]).toMatchObject({ kind: 'merge', sourceId: survivor.id });
    expect(parsed.ok && String(parsed.events[0]?.fields['mergedIds']).split(',').sort()).toEqual([primary.id, merged.id].sort());
  });

  it('rejects merging a record with itself (400) and a missing record (404)', async () => {
    const { client } = await start();
    const one = await client.crm.companies.basicApi.create({ properties: { name: 'Solo' }, associations: [] });
    const self = await sdkError(client.crm.companies.basicApi.merge({ primaryObjectId: one.id, objectIdToMerge: one.id }));
    const missing = await sdkError(client.crm.companies.basicApi.merge({ primaryObjectId: one.id, objectIdToMerge: '424242' }));
    expect([self.code, missing.code]).toEqual([400, 404]);
    expect(self.body['category']).toBe('VALIDATION_ERROR');
  });
});
