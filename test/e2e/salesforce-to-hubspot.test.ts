import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hub } from '#local/hub';
import { sandboxCounts, sandboxRecords, startTestHub, salesforceConnection } from '#test/support/hub-client';

const WAIT = { timeout: 60_000, interval: 250 };

describe('a Salesforce contact edit reaches HubSpot through the scheduled poller', () => {
  let hub: Hub;
  let salesforce: Connection;
  const logs: { fn: string; line: string }[] = [];
  beforeAll(async () => {
    hub = await startTestHub({ scheduleIntervalMs: 1000, log: (fn, line) => logs.push({ fn, line }) });
    salesforce = salesforceConnection(hub);
  });
  afterAll(() => hub?.stop());

  const hubspotContactOf = async (salesforceId: string) => (await sandboxRecords(hub.hubspot.url, 'contacts')).find((c) => (c['properties'] as Record<string, string>)['syncline_salesforce_id'] === salesforceId);

  it('copies a new Title to the HubSpot contact keyed by the Salesforce Id as jobtitle', async () => {
    // The first poll of each object sets its starting point to "now"; edit only after it, or the edit predates the cursor.
    await vi.waitFor(async () => expect((await sandboxCounts(hub.salesforce.url))['queryAll'] ?? 0).toBeGreaterThanOrEqual(2), WAIT);
    const [contact] = (await salesforce.query<{ Id: string; Email: string }>('SELECT Id, Email FROM Contact ORDER BY CreatedDate LIMIT 1')).records;
    const id = contact?.Id ?? '';
    const title = `Principal Engineer ${Date.now()}`;

    await salesforce.sobject('Contact').update({ Id: id, Title: `  ${title} ` });

    const synced = await vi.waitFor(async () => {
      const found = await hubspotContactOf(id);
      expect((found?.['properties'] as Record<string, string> | undefined)?.['jobtitle']).toBe(title);
      return found?.['properties'] as Record<string, string>;
    }, WAIT);
    expect(synced).toMatchObject({ email: contact?.Email, syncline_salesforce_id: id });

    // Once linked, the next edit updates the same HubSpot contact.
    await salesforce.sobject('Contact').update({ Id: id, Title: 'Distinguished Engineer' });
    await vi.waitFor(async () => expect(((await hubspotContactOf(id))?.['properties'] as Record<string, string>)['jobtitle']).toBe('Distinguished Engineer'), WAIT);
    const linked = (await sandboxRecords(hub.hubspot.url, 'contacts')).filter((c) => (c['properties'] as Record<string, string>)['syncline_salesforce_id'] === id);
    expect(linked).toHaveLength(1);
  });

  it('logs each poll run without contact data', () => {
    const pollLines = logs.filter((l) => l.line.includes('"poll finished"')).map((l) => JSON.parse(l.line) as Record<string, unknown>);

    expect(pollLines.length).toBeGreaterThan(0);
    expect(pollLines[0]).toMatchObject({ source: 'salesforce', polled: expect.any(Object) });
    expect(logs.some((l) => l.fn.includes('Poller') && /@|Principal Engineer/.test(l.line))).toBe(false);
  });
});
