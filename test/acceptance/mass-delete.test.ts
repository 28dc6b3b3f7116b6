import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hub } from '#local/hub';
import { hubspotClient, queueDepths, queuesDrained, sandboxCounts, sandboxRecords, shippedContractWith, startTestHub, waitForCount } from '#test/support/hub-client';

const WAIT = { timeout: 60_000, interval: 200 };

describe('a HubSpot mass delete reaches Salesforce through the local hub as flags, never as deletes', () => {
  let hub: Hub;
  const logs: { fn: string; line: string }[] = [];
  beforeAll(async () => {
    // The two CRMs only, Salesforce polled (its Outbound Messages have their own e2e): at 2,300 contacts the other
    // connectors' traffic, and a second copy of every Salesforce echo, would only add minutes.
    hub = await startTestHub({ contractFile: shippedContractWith(['hubspot', 'salesforce'], { salesforce: { webhooks: false } }), log: (fn, line) => logs.push({ fn, line }) });
  });
  afterAll(() => hub?.stop());

  /** The sum of one metric over every EMF document the functions printed. */
  const metricTotal = (name: string) =>
    logs
      .filter((l) => l.line.includes('"_aws"'))
      .map((l) => (JSON.parse(l.line) as Record<string, unknown>)[name])
      .reduce<number>((sum, v) => sum + (Array.isArray(v) ? v.reduce((a: number, b: number) => a + b, 0) : typeof v === 'number' ? v : 0), 0);

  it('a mass delete of 2,300 HubSpot contacts deletes nothing in Salesforce: every Contact stays, flagged, with one alert', async () => {
    const COUNT = 2_300;
    const hubspot = hubspotClient(hub);
    const created: string[] = [];
    // HubSpot's batch endpoints take 100 inputs per call.
    for (let start = 0; start < COUNT; start += 100) {
      const inputs = Array.from({ length: Math.min(100, COUNT - start) }, (_, i) => ({ properties: { email: `leaver${start + i}@initech.example`, lastname: `Leaver ${start + i}` }, associations: [] }));
      created.push(...(await hubspot.crm.contacts.batchApi.create({ inputs })).results.map((r) => r.id));
    }
    const ids = new Set(created);
    const mine = async () => (await sandboxRecords(hub.salesforce.url, 'Contact')).filter((c) => ids.has(String(c['HubSpot_Id__c'])));
    await waitForCount(async () => (await mine()).length, COUNT);
    const softDeletedBefore = metricTotal('RecordsSoftDeleted');

    for (let start = 0; start < COUNT; start += 100) await hubspot.crm.contacts.batchApi.archive({ inputs: created.slice(start, start + 100).map((id) => ({ id })) });

    // Seven minutes without a new flag before the flow counts as stalled: on a two-core machine this phase has gone two
    // to five minutes without one (at 1,799, 1,801 and 2,048 of 2,300) where it usually takes about 80 s in all, and
    // without a failed invocation. One suspect is messages left in flight until the changes queue's visibility timeout
    // (6 minutes): the window is longer than that, so such a stall recovers here rather than failing. Why is not yet known.
    // On a stall the failure says where the changes are: HubSpot's deliveries that never got a 2xx, and the queues.
    const diagnose = async () => {
      type Delivery = { id: string; events: number; attempts: { status: number }[] };
      const { deliveries } = (await (await fetch(`${hub.hubspot.url}/__sandbox/webhooks`)).json()) as { deliveries: Delivery[] };
      const failed = deliveries.filter((d) => !d.attempts.some((a) => a.status >= 200 && a.status < 300));
      const failures = failed.map((d) => `${d.id} (${d.events} events): ${d.attempts.map((a) => a.status).join(',')}`);
      const errors = logs.filter((l) => /"level":"(ERROR|WARN)"/.test(l.line)).slice(-5).map((l) => `${l.fn}: ${l.line.slice(0, 300)}`);
      return JSON.stringify({ undelivered: failures, queues: await queueDepths(hub), errors }, null, 1);
    };
    await waitForCount(async () => (await mine()).filter((c) => c['Syncline_Deleted__c'] === true).length, COUNT, { stallMs: 420_000, diagnose });
    const contacts = await mine();
    expect(contacts).toHaveLength(COUNT);
    expect(contacts.every((c) => c['IsDeleted'] === false)).toBe(true);
    expect((await sandboxCounts(hub.salesforce.url))['deleteRecord'] ?? 0).toBe(0);
    await vi.waitFor(() => expect(metricTotal('RecordsSoftDeleted') - softDeletedBefore).toBe(COUNT), WAIT);
    // A change read before the delete and processed after it shows the record as it was, and restores nothing: once
    // everything in flight is through, every flag still stands.
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), { timeout: 120_000, interval: 1_000 });
    expect(metricTotal('RecordsRestored')).toBe(0);
    expect((await mine()).filter((c) => c['Syncline_Deleted__c'] === true)).toHaveLength(COUNT);
    // One alert for the whole burst (the template's alarm, evaluated locally on the emitted metrics).
    const softDeleteAlerts = hub.alerts.filter((a) => a.alarm.startsWith('WorkerSoftDeleteBurstAlarm'));
    expect(softDeleteAlerts.map((a) => a.state)).toEqual(['ALARM']);
    // The alerts topic's Slack subscriber posted it to the team's channel, once, saying what happened.
    await vi.waitFor(() => expect(JSON.stringify(hub.slack.messages())).toContain('Records were deleted in bulk'), WAIT);
    expect(hub.slack.messages().filter((m) => JSON.stringify(m).includes('Records were deleted in bulk'))).toHaveLength(1);
  }, 1_800_000);
});
