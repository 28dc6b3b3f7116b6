import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hub } from '#local/hub';
import { getJson, hubspotClient, postJson, queuesDrained } from '#test/support/hub-client';
import { startTwoWayHub, type TwoWayHub } from '#test/support/two-way-hub';

const WAIT = { timeout: 60_000, interval: 300 };

describe('two-way edit races between HubSpot and Salesforce, through the local hub', () => {
  let hub: Hub;
  let salesforce: Connection;
  let hubspotId: string;
  let salesforceId: string;
  let hubspotProps: TwoWayHub['hubspotProps'];
  let salesforceRecord: TwoWayHub['salesforceRecord'];
  const processed: { recordKey?: string; status?: string; reason?: string }[] = [];
  beforeAll(async () => {
    // One person in both systems: created in HubSpot, synced to Salesforce; the poller's cursor is past its creation.
    const log = (_fn: string, line: string) => {
      if (line.includes('"change processed"')) processed.push(JSON.parse(line) as (typeof processed)[number]);
    };
    ({ hub, salesforce, hubspotId, salesforceId, hubspotProps, salesforceRecord } = await startTwoWayHub({ log }));
  }, 120_000);
  afterAll(() => hub?.stop());

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

  it("a field cleared in Salesforce reaches HubSpot; a change its Outbound Message does not carry, through the poller's row", async () => {
    const synced = async (title: string) =>
      vi.waitFor(async () => {
        expect((await hubspotProps())['jobtitle'] ?? '').toBe(title);
        expect(await queuesDrained(hub)).toBe(true);
      }, WAIT);
    await salesforce.sobject('Contact').update({ Id: salesforceId, Title: 'Head of Platform' });
    await synced('Head of Platform');
    // The notification leaves the null Title out, where Syncline knows a title: read at once.
    await salesforce.sobject('Contact').update({ Id: salesforceId, Title: null });
    await synced('');

    // An admin's Outbound Message that does not send Title: a new title leaves every field it sends as Syncline knows it.
    const { definitions } = await getJson<{ definitions: { id: string; object: string; fields: string[]; endpointUrl: string }[] }>(`${hub.salesforce.url}/__sandbox/outbound-messages`);
    const contact = definitions.find((d) => d.object === 'Contact');
    expect(contact?.fields).toContain('Title');
    await fetch(`${hub.salesforce.url}/__sandbox/outbound-messages/${contact?.id ?? ''}`, { method: 'DELETE' });
    await postJson(`${hub.salesforce.url}/__sandbox/outbound-messages`, { object: 'Contact', fields: contact?.fields.filter((f) => f !== 'Title' && f !== 'Id'), endpointUrl: contact?.endpointUrl });
    const before = processed.length;

    await salesforce.sobject('Contact').update({ Id: salesforceId, Title: 'VP Platform' });

    await synced('VP Platform');
    // The poller's row may sync it before the Outbound Message is even delivered: wait for both to have been processed.
    // The message, which cannot show the new title, writes nothing: left to the poller when it comes first, or no
    // news when the poller's row has already brought the title.
    const mine = () => processed.slice(before).filter((p) => p.recordKey === `salesforce:Contact:${salesforceId}`);
    await vi.waitFor(() => {
      expect(mine().some((p) => p.status === 'ignored' && (p.reason === 'left-to-poller' || p.reason === 'no-news'))).toBe(true);
      expect(mine().some((p) => p.status === 'synced')).toBe(true);
    }, WAIT);
  });
});
