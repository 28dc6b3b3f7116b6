import jsforce, { type Connection } from 'jsforce';
import { expect, vi } from 'vitest';
import type { Hub, HubOptions } from '#local/hub';
import { hubspotClient, queuesDrained, sandboxCounts, sandboxRecords, shippedContractWith, startTestHub } from './hub-client.ts';

const WAIT = { timeout: 60_000, interval: 300 };

/** A local hub with one person in both CRMs, linked, for edits made on both sides. */
export interface TwoWayHub {
  hub: Hub;
  /** The real jsforce, signed in to the hub's Salesforce sandbox as a user would be. */
  salesforce: Connection;
  hubspotId: string;
  salesforceId: string;
  /** The HubSpot contact's properties as the sandbox holds them now. */
  hubspotProps(): Promise<Record<string, string>>;
  /** The Salesforce Contact as the sandbox holds it now. */
  salesforceRecord(): Promise<Record<string, unknown>>;
}

/**
 * Starts a hub with the two CRMs only (the races are between them), polling every second, and syncs one person:
 * created in HubSpot, synced to Salesforce, the poller's cursor past its creation, the queues drained. `options`
 * go to the hub (e.g. a HubSpot rate limit with headroom for many edits).
 */
export async function startTwoWayHub(options: HubOptions = {}): Promise<TwoWayHub> {
  const hub = await startTestHub({ contractFile: shippedContractWith(['hubspot', 'salesforce']), scheduleIntervalMs: 1000, ...options });
  try {
    return await syncOnePerson(hub);
  } catch (error) {
    await hub.stop(); // the caller never gets the hub to stop
    throw error;
  }
}

async function syncOnePerson(hub: Hub): Promise<TwoWayHub> {
  const { clientId, clientSecret, refreshToken } = hub.credentials.salesforce;
  const salesforce = new jsforce.Connection({ oauth2: { clientId, clientSecret, loginUrl: hub.salesforce.url, redirectUri: `${hub.salesforce.url}/services/oauth2/success` }, instanceUrl: hub.salesforce.url, refreshToken, version: '62.0' });
  const created = await hubspotClient(hub).crm.contacts.basicApi.create({ properties: { email: 'race@example.com', firstname: 'Rae', lastname: 'Sing', jobtitle: 'Engineer' }, associations: [] });
  const hubspotId = created.id;
  const contact = await vi.waitFor(async () => {
    const found = (await sandboxRecords(hub.salesforce.url, 'Contact')).find((c) => c['HubSpot_Id__c'] === hubspotId);
    expect(found).toBeDefined();
    return found as Record<string, unknown>;
  }, WAIT);
  const salesforceId = String(contact['Id']);
  await vi.waitFor(async () => expect((await sandboxCounts(hub.salesforce.url))['queryAll'] ?? 0).toBeGreaterThanOrEqual(3), WAIT);
  await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);
  return {
    hub,
    salesforce,
    hubspotId,
    salesforceId,
    hubspotProps: async () => ((await sandboxRecords(hub.hubspot.url, 'contacts')).find((c) => c['id'] === hubspotId)?.['properties'] ?? {}) as Record<string, string>,
    salesforceRecord: async () => (await sandboxRecords(hub.salesforce.url, 'Contact')).find((c) => c['Id'] === salesforceId) ?? {},
  };
}
