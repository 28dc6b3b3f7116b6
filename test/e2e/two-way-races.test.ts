import jsforce, { type Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hub } from '#local/hub';
import { hubspotClient, queuesDrained, sandboxCounts, sandboxRecords, shippedContractWith, startTestHub } from '#test/support/hub-client';

const WAIT = { timeout: 60_000, interval: 300 };

describe('two-way edit races between HubSpot and Salesforce, through the local hub', () => {
  let hub: Hub;
  let salesforce: Connection;
  let hubspotId: string;
  let salesforceId: string;
  beforeAll(async () => {
    // A portal with the API add-on's headroom: the test's own 500 edits must not use up the 10-second limit.
    // The two CRMs only: the races are between them.
    hub = await startTestHub({ contractFile: shippedContractWith(['hubspot', 'salesforce']), scheduleIntervalMs: 1000, hubspotRateLimitPer10s: 2000 });
    const { clientId, clientSecret, refreshToken } = hub.credentials.salesforce;
    salesforce = new jsforce.Connection({ oauth2: { clientId, clientSecret, loginUrl: hub.salesforce.url, redirectUri: `${hub.salesforce.url}/services/oauth2/success` }, instanceUrl: hub.salesforce.url, refreshToken, version: '62.0' });
    // One person in both systems: created in HubSpot, synced to Salesforce; the poller's cursor is past its creation.
    const created = await hubspotClient(hub).crm.contacts.basicApi.create({ properties: { email: 'race@example.com', firstname: 'Rae', lastname: 'Sing', jobtitle: 'Engineer' }, associations: [] });
    hubspotId = created.id;
    const contact = await vi.waitFor(async () => {
      const found = (await sandboxRecords(hub.salesforce.url, 'Contact')).find((c) => c['HubSpot_Id__c'] === hubspotId);
      expect(found).toBeDefined();
      return found as Record<string, unknown>;
    }, WAIT);
    salesforceId = String(contact['Id']);
    await vi.waitFor(async () => expect((await sandboxCounts(hub.salesforce.url))['queryAll'] ?? 0).toBeGreaterThanOrEqual(3), WAIT);
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);
  }, 120_000);
  afterAll(() => hub?.stop());

  const hubspotProps = async () => ((await sandboxRecords(hub.hubspot.url, 'contacts')).find((c) => c['id'] === hubspotId)?.['properties'] ?? {}) as Record<string, string>;
  const salesforceRecord = async () => (await sandboxRecords(hub.salesforce.url, 'Contact')).find((c) => c['Id'] === salesforceId) ?? {};

  it('on an owner field (title, owned by Salesforce), both systems end with the Salesforce edit', async () => {
    await Promise.all([
      hubspotClient(hub).crm.contacts.basicApi.update(hubspotId, { properties: { jobtitle: 'Staff Engineer (HubSpot)' } }),
      salesforce.sobject('Contact').update({ Id: salesforceId, Title: 'Principal Engineer (Salesforce)' }),
    ]);

    await vi.waitFor(async () => {
      expect((await salesforceRecord())['Title']).toBe('Principal Engineer (Salesforce)');
      expect((await hubspotProps())['jobtitle']).toBe('Principal Engineer (Salesforce)');
      expect(await queuesDrained(hub)).toBe(true);
    }, WAIT);
  });

  it('on a newest field (last activity), both systems end with the later edit, whichever system made it', async () => {
    await hubspotClient(hub).crm.contacts.basicApi.update(hubspotId, { properties: { notes_last_updated: '2026-11-20T10:00:00.000Z' } });
    await new Promise((r) => setTimeout(r, 50)); // the Salesforce edit is the later one
    await salesforce.sobject('Contact').update({ Id: salesforceId, Syncline_Last_Activity__c: '2026-11-21T15:30:00.000Z' });

    await vi.waitFor(async () => {
      expect(Date.parse(String((await salesforceRecord())['Syncline_Last_Activity__c']))).toBe(Date.parse('2026-11-21T15:30:00.000Z'));
      expect(Date.parse((await hubspotProps())['notes_last_updated'] ?? '')).toBe(Date.parse('2026-11-21T15:30:00.000Z'));
      expect(await queuesDrained(hub)).toBe(true);
    }, WAIT);
  });

  it('a 1,000-edit ping-pong between the two CRMs makes no echo writes: each side is written at most once per edit of the other', async () => {
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);
    const before = { hubspot: await sandboxCounts(hub.hubspot.url), salesforce: await sandboxCounts(hub.salesforce.url) };
    const hubspot = hubspotClient(hub);
    // HubSpot owns the lead score, Salesforce the title: each side's edits flow to the other, 500 each, alternating.
    for (let i = 1; i <= 500; i++) {
      await hubspot.crm.contacts.basicApi.update(hubspotId, { properties: { hubspotscore: String(i) } });
      await salesforce.sobject('Contact').update({ Id: salesforceId, Title: `Title ${i}` });
    }

    await vi.waitFor(async () => {
      expect((await salesforceRecord())['HubSpot_Lead_Score__c']).toBe(500);
      expect((await hubspotProps())['jobtitle']).toBe('Title 500');
      expect(await queuesDrained(hub)).toBe(true);
    }, { timeout: 300_000, interval: 500 });
    await new Promise((r) => setTimeout(r, 2500)); // two more polls: nothing may come back
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);

    const after = { hubspot: await sandboxCounts(hub.hubspot.url), salesforce: await sandboxCounts(hub.salesforce.url) };
    const delta = (side: 'hubspot' | 'salesforce', endpoint: string) => (after[side][endpoint] ?? 0) - (before[side][endpoint] ?? 0);
    const writesToSalesforce = delta('salesforce', 'updateCollection') + delta('salesforce', 'upsertCollection');
    const writesToHubspot = delta('hubspot', 'batchUpdate') + delta('hubspot', 'batchUpsert');
    // The users' own edits are 500 single updates on each side (updateRecord in Salesforce, updateObject in HubSpot).
    expect(delta('salesforce', 'updateRecord')).toBe(500);
    expect(writesToSalesforce).toBeGreaterThan(0);
    expect(writesToSalesforce).toBeLessThanOrEqual(500);
    expect(writesToHubspot).toBeGreaterThan(0);
    expect(writesToHubspot).toBeLessThanOrEqual(500);
    // And the values that crossed are the users' values, not each other's echo.
    expect((await hubspotProps())['hubspotscore']).toBe('500');
    expect((await salesforceRecord())['Title']).toBe('Title 500');
  }, 420_000);
});
