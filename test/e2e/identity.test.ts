import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hub } from '#local/hub';
import { hubspotClient, queuesDrained, sandboxRecords, startTestHub, salesforceConnection } from '#test/support/hub-client';

const PEOPLE = 100;

describe('write-time identity: the same new person arriving from two systems at once', () => {
  let hub: Hub;
  let salesforce: Connection;
  const logs: string[] = [];
  beforeAll(async () => {
    hub = await startTestHub({ scheduleIntervalMs: 1000, log: (_fn, line) => logs.push(line) });
    salesforce = salesforceConnection(hub);
  });
  afterAll(() => hub?.stop());

  /** Salesforce people (Contacts and Leads) and HubSpot contacts, by lower-cased e-mail. */
  async function peopleByEmail(): Promise<{ salesforce: Map<string, string[]>; hubspot: Map<string, string[]> }> {
    const group = (rows: { email: unknown; id: unknown }[]) => {
      const map = new Map<string, string[]>();
      for (const { email, id } of rows) if (typeof email === 'string') map.set(email.toLowerCase(), [...(map.get(email.toLowerCase()) ?? []), String(id)]);
      return map;
    };
    const sf = [...(await sandboxRecords(hub.salesforce.url, 'Contact')), ...(await sandboxRecords(hub.salesforce.url, 'Lead'))].filter((r) => r['IsDeleted'] !== true);
    const hs = await sandboxRecords(hub.hubspot.url, 'contacts');
    return {
      salesforce: group(sf.map((r) => ({ email: r['Email'], id: r['Id'] }))),
      hubspot: group(hs.map((r) => ({ email: (r['properties'] as Record<string, unknown>)['email'], id: r['id'] }))),
    };
  }

  it(`creates exactly one Salesforce record and one HubSpot contact per person, for ${PEOPLE} people created in both at the same moment`, async () => {
    // The poller's first run sets its starting point to "now": create only after a whole run, or the Leads predate it.
    await vi.waitFor(() => expect(logs.some((line) => line.includes('"poll finished"'))).toBe(true), { timeout: 30_000, interval: 250 });
    const hubspot = hubspotClient(hub);
    const emails = Array.from({ length: PEOPLE }, (_, i) => `buyer${i}@globex.example`);

    // Each person at once in HubSpot (a form fill) and in Salesforce (a rep's Lead), different spellings of one e-mail.
    const created = await Promise.all(
      emails.map((email, i) =>
        Promise.all([
          hubspot.crm.contacts.basicApi.create({ properties: { email, firstname: 'Pat', lastname: `Buyer ${i}` }, associations: [] }),
          salesforce.sobject('Lead').create({ Email: email.toUpperCase(), FirstName: 'Pat', LastName: `Buyer ${i}`, Company: 'Globex' }),
        ]),
      ),
    );
    const recordKeys = created.flatMap(([contact, lead]) => [`hubspot:contacts:${contact.id}`, `salesforce:Lead:${'id' in lead ? lead.id : ''}`]);

    // Done when every record created has been processed at least once and nothing is left in the queues (the webhooks
    // arrive after the creates, so "drained" alone can hold before the first of them is enqueued).
    const processed = () => new Set(logs.filter((line) => line.includes('"change processed"')).map((line) => String((JSON.parse(line) as { recordKey?: unknown }).recordKey)));
    await vi.waitFor(
      async () => {
        const seen = processed();
        expect(recordKeys.filter((key) => !seen.has(key))).toEqual([]);
        expect(await queuesDrained(hub)).toBe(true);
      },
      { timeout: 300_000, interval: 1_000 },
    );
    // Two whole poll runs more, then drained again: a late duplicate would have been created by now.
    const polls = () => logs.filter((line) => line.includes('"poll finished"')).length;
    const pollsBefore = polls();
    await vi.waitFor(() => expect(polls()).toBeGreaterThanOrEqual(pollsBefore + 2), { timeout: 60_000, interval: 250 });
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), { timeout: 180_000, interval: 500 });

    const { salesforce: inSalesforce, hubspot: inHubspot } = await peopleByEmail();
    const counts = emails.map((e) => [e, inSalesforce.get(e)?.length ?? 0, inHubspot.get(e)?.length ?? 0]);
    expect(counts.filter(([, sf, hs]) => sf !== 1 || hs !== 1)).toEqual([]);
    expect((await sandboxRecords(hub.salesforce.url, 'Contact')).filter((c) => String(c['Email']).endsWith('@globex.example'))).toEqual([]);
  }, 600_000);
});
