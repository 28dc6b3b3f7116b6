import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HealthReport, IntegrationHealth } from '#app/health-types';
import type { Hub } from '#local/hub';
import { operatorCli } from '#test/support/operator-cli';
import { getJson, hubspotClient, postJson, sandboxRecords, shippedContractWith, startTestHub } from '#test/support/hub-client';

const WAIT = { timeout: 150_000, interval: 500 };

describe('operating it: GET /health, syncline health and the stoppage alarm, on the local hub', () => {
  let hub: Hub;
  let syncline: ReturnType<typeof operatorCli>;
  beforeAll(async () => {
    // Alarm periods of 5 s instead of 5 min, and a stoppage window of 15 s instead of 15 min.
    hub = await startTestHub({ contractFile: shippedContractWith(['hubspot', 'salesforce', 'slack']), alarmTimeScale: 1 / 60 });
    syncline = operatorCli(hub);
  });
  afterAll(() => hub?.stop());

  const health = () => getJson<HealthReport>(`${hub.url}/health`, { headers: { authorization: `Bearer ${hub.healthToken}` } });
  const row = async (integration = 'hubspot>salesforce'): Promise<IntegrationHealth | undefined> => (await health()).integrations.find((i) => i.integration === integration && i.object === 'person');
  const createContacts = (emails: readonly string[]) => Promise.all(emails.map((email) => hubspotClient(hub).crm.contacts.basicApi.create({ properties: { email, lastname: email.split('@')[0] ?? 'x' }, associations: [] })));

  it('refuses GET /health without the hub token, or with another, with 401', async () => {
    // Act
    const [none, wrong] = await Promise.all([fetch(`${hub.url}/health`), fetch(`${hub.url}/health`, { headers: { authorization: 'Bearer not-the-token' } })]);

    // Assess
    expect([none.status, wrong.status]).toEqual([401, 401]);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await none.json()) as { message: string }).message).toMatch(/Authorization: Bearer/);
  });

  it('turns an integration Stopped while its processor is off and changes keep arriving, alerts Slack, and Active again once it runs', async () => {
    // Prepare
    await vi.waitFor(async () => expect((await row())?.status).toBe('Active'), WAIT);
    await hub.eventSources.disable();

    // Act
    const created = await createContacts(['ada.stopped@health.example', 'grace.stopped@health.example']);

    // Assess
    try {
      await vi.waitFor(async () => expect(await row()).toMatchObject({ status: 'Stopped', reason: expect.stringMatching(/none went through/) }), WAIT);
      // The changes wait in the queue meanwhile, the oldest for as long as the integration has been stopped.
      expect((await health()).queues.changes).toMatchObject({ waiting: expect.any(Number), oldestAgeSec: expect.any(Number) });
      expect((await health()).queues.changes.oldestAgeSec).toBeGreaterThan(0);
      expect(await syncline('health')).toEqual({ code: 1, stdout: expect.stringMatching(/HubSpot → Salesforce\s+person\s+Stopped[\s\S]*Queues: [1-9]\d* waiting, 0 in flight \(oldest \d/) });
      await vi.waitFor(() => expect(hub.slack.messages().map((m) => JSON.stringify(m)).join('\n')).toMatch(/stoppage|stopped/i), WAIT);
    } finally {
      hub.eventSources.enable();
    }
    await vi.waitFor(async () => {
      const contacts = await sandboxRecords(hub.salesforce.url, 'Contact');
      expect(created.every((c) => contacts.some((sf) => sf['HubSpot_Id__c'] === c.id))).toBe(true);
    }, WAIT);
    await vi.waitFor(async () => expect((await row())?.status).toBe('Active'), WAIT);
    const again = await syncline('health', '--json');
    expect((JSON.parse(again.stdout) as HealthReport).integrations.find((i) => i.integration === 'hubspot>salesforce' && i.object === 'person')?.status).toBe('Active');
  });

  it('shows Degraded with the category and count of failures, and the dead-letter count, after a Salesforce 503 storm', async () => {
    // Prepare
    await postJson(`${hub.salesforce.url}/__sandbox/faults`, { endpoint: '*', kind: 'status', status: 503, count: 100_000 });

    // Act
    await createContacts(['storm@health.example']);

    // Assess
    await vi.waitFor(async () => {
      const report = await health();
      expect(report.integrations.find((i) => i.integration === 'hubspot>salesforce' && i.object === 'person')).toMatchObject({ status: 'Degraded', errors: expect.arrayContaining([expect.objectContaining({ category: 'vendor-5xx' })]) });
      expect(report.queues.deadLetter.waiting).toBeGreaterThanOrEqual(1);
    }, WAIT);
    const { stdout } = await syncline('health');
    expect(stdout).toMatch(/HubSpot → Salesforce\s+person\s+Degraded/);
    expect(stdout).toMatch(/\d+ × hubspot>salesforce vendor-5xx/);
    expect(stdout).toMatch(/dead-letter: [1-9]/);
    await fetch(`${hub.salesforce.url}/__sandbox/faults`, { method: 'DELETE' });
  });
});
