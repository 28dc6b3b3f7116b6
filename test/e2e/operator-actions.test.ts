import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hub } from '#local/hub';
import { operatorCli } from '#test/support/operator-cli';
import { getJson, hubspotClient, queuesDrained, sandboxRecords, shippedContractWith, startTestHub } from '#test/support/hub-client';

const WAIT = { timeout: 60_000, interval: 300 };

describe('operators: pause and resume, resync, audit by e-mail, through the syncline CLI', () => {
  let hub: Hub;
  let syncline: ReturnType<typeof operatorCli>;
  beforeAll(async () => {
    // The two CRMs, Salesforce polled: the other connectors' traffic is not these actions' subject.
    hub = await startTestHub({ contractFile: shippedContractWith(['hubspot', 'salesforce'], { salesforce: { webhooks: false } }) });
    syncline = operatorCli(hub);
  });
  afterAll(() => hub?.stop());


  const salesforceContactsOf = async (hubspotId: string) => (await sandboxRecords(hub.salesforce.url, 'Contact')).filter((c) => c['HubSpot_Id__c'] === hubspotId);

  /** A HubSpot contact created through the sandbox's API, and the Salesforce Contact it became. */
  async function syncedContact(email: string, lastname: string): Promise<{ hubspotId: string; contact: Record<string, unknown> }> {
    const created = await hubspotClient(hub).crm.contacts.basicApi.create({ properties: { email, firstname: 'Ada', lastname }, associations: [] });
    const contact = await vi.waitFor(async () => {
      const [found] = await salesforceContactsOf(created.id);
      expect(found).toBeDefined();
      return found as Record<string, unknown>;
    }, WAIT);
    return { hubspotId: created.id, contact };
  }

  it('resyncs a record changed in HubSpot without a notification: Salesforce gets the change', async () => {
    // Prepare: a synced contact; then HubSpot's notifications are off and its lead score changes.
    const { hubspotId } = await syncedContact('ada.resync@example.com', 'Resync');
    hub.hubspot.setWebhookUrl(undefined);
    try {
      await hubspotClient(hub).crm.contacts.basicApi.update(hubspotId, { properties: { hubspotscore: '77' } });

      // Act
      const resynced = await syncline('resync', `hubspot:contacts:${hubspotId}`);

      // Assess
      expect(resynced).toMatchObject({ code: 0, stdout: expect.stringContaining(`Enqueued hubspot:contacts:${hubspotId} (person), event resync-`) });
      await vi.waitFor(async () => expect(await salesforceContactsOf(hubspotId)).toEqual([expect.objectContaining({ HubSpot_Lead_Score__c: 77 })]), WAIT);
      expect(await syncline('resync', 'hubspot:tickets:1')).toMatchObject({ code: 1, stdout: expect.stringContaining('unknown object "tickets" of hubspot') });
    } finally {
      hub.hubspot.setWebhookUrl(hub.webhookUrl('hubspot'));
    }
  });

  it('parks HubSpot changes while HubSpot is paused, its webhooks accepted, and sends them through once on resume', async () => {
    // Prepare
    expect(await syncline('pause', 'hubspot')).toMatchObject({ code: 0, stdout: expect.stringContaining('Paused hubspot.') });
    try {
      await pausedAndResumed();
    } finally {
      // Whatever failed, the next test finds HubSpot running.
      await syncline('resume', 'hubspot');
    }
  });

  async function pausedAndResumed(): Promise<void> {
    const deliveriesBefore = (await getJson<{ deliveries: unknown[] }>(`${hub.hubspot.url}/__sandbox/webhooks`)).deliveries.length;

    // Act: a new contact while paused; its webhook arrives and is accepted.
    const created = await hubspotClient(hub).crm.contacts.basicApi.create({ properties: { email: 'ada.paused@example.com', firstname: 'Ada', lastname: 'Paused' }, associations: [] });
    await vi.waitFor(async () => {
      const { deliveries } = await getJson<{ deliveries: { attempts: { status: number }[] }[] }>(`${hub.hubspot.url}/__sandbox/webhooks`);
      const fresh = deliveries.slice(deliveriesBefore);
      expect(fresh.length).toBeGreaterThan(0);
      expect(fresh.every((d) => d.attempts.length > 0)).toBe(true);
      // The hub answers an accepted delivery 202, as it does when nothing is paused: never a 404, never a retry.
      expect(fresh.flatMap((d) => d.attempts.map((a) => a.status))).toEqual(fresh.flatMap((d) => d.attempts.map(() => 202)));
    }, WAIT);
    await vi.waitFor(async () => {
      const { stdout } = await syncline('pause');
      expect(Number(/^hubspot\s+\S+\s+(\d+)$/m.exec(stdout)?.[1] ?? 0)).toBeGreaterThan(0);
    }, WAIT);
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);

    // Assess: nothing reached Salesforce while paused; after the resume, the contact arrives exactly once.
    expect(await salesforceContactsOf(created.id)).toEqual([]);
    expect(await syncline('resume', 'hubspot')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Resumed hubspot: sent [1-9]\d* parked change\(s\)/) });
    await vi.waitFor(async () => expect(await salesforceContactsOf(created.id)).toHaveLength(1), WAIT);
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);
    expect(await salesforceContactsOf(created.id)).toHaveLength(1);
    expect((await sandboxRecords(hub.salesforce.url, 'Contact')).filter((c) => c['Email'] === 'ada.paused@example.com')).toHaveLength(1);
    expect((await syncline('pause')).stdout).toContain('No connector is paused.');
  }

  it('audits a person by e-mail: the records linked to her and what was written to each', async () => {
    const { hubspotId, contact } = await syncedContact('ada.audit@example.com', 'Audited');
    const salesforceKey = `salesforce:Contact:${String(contact['Id'])}`;

    const audit = await vi.waitFor(async () => {
      const { stdout } = await syncline('audit', 'Ada.Audit@Example.com');
      expect(stdout).toMatch(new RegExp(`${salesforceKey}\\s+LastName\\s+∅\\s+"Audited"\\s+hubspot:contacts:${hubspotId}`));
      return stdout;
    }, WAIT);
    expect(audit.split('\n')[0]).toContain(`person Ada Audited <ada.audit@example.com>`);
    expect(audit.split('\n')[0]).toContain(`hubspot:contacts:${hubspotId}`);
  });
});
