import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getJson, hubspotClient, queuesDrained, sandboxCounts } from '#test/support/hub-client';
import { startTwoWayHub, type TwoWayHub } from '#test/support/two-way-hub';

const WAIT = { timeout: 60_000, interval: 300 };

describe('two-way edits between HubSpot and Salesforce at volume, through the local hub', () => {
  let person: TwoWayHub;
  beforeAll(async () => {
    // A portal with the API add-on's headroom: the test's own 500 edits must not use up the 10-second limit.
    person = await startTwoWayHub({ hubspotRateLimitPer10s: 2000 });
  }, 120_000);
  afterAll(() => person?.hub.stop());

  it('a 1,000-edit ping-pong between the two CRMs makes no echo writes: each side is written at most once per edit of the other', async () => {
    const { hub, salesforce, hubspotId, salesforceId, hubspotProps, salesforceRecord } = person;
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);
    const editsAccepted = async () => (await getJson<{ calls: { endpoint: string; status: number }[] }>(`${hub.salesforce.url}/__sandbox/calls`)).calls.filter((c) => c.endpoint === 'updateRecord' && c.status < 300).length;
    const before = { hubspot: await sandboxCounts(hub.hubspot.url), salesforce: await sandboxCounts(hub.salesforce.url), salesforceEdits: await editsAccepted() };
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
    // The users' own edits are 500 single updates on each side (updateRecord in Salesforce, updateObject in HubSpot):
    // counted by their accepted answers, since a token refreshed meanwhile makes jsforce send one edit twice (a 401,
    // then the retry).
    expect((await editsAccepted()) - before.salesforceEdits).toBe(500);
    expect(writesToSalesforce).toBeGreaterThan(0);
    expect(writesToSalesforce).toBeLessThanOrEqual(500);
    expect(writesToHubspot).toBeGreaterThan(0);
    expect(writesToHubspot).toBeLessThanOrEqual(500);
    // And the values that crossed are the users' values, not each other's echo.
    expect((await hubspotProps())['hubspotscore']).toBe('500');
    expect((await salesforceRecord())['Title']).toBe('Title 500');
  }, 420_000);
});
