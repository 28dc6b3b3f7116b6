import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hub } from '#local/hub';
import type { CallRecord } from '#local/sandboxes/kit/calls';
import { queuesDrained, shippedContractWith, startTestHub } from '#test/support/hub-client';
import {
  countByEndpoint,
  createHubspotContacts,
  deadLetterDepth,
  hubspotEventsAcknowledged,
  isSalesforceApiCall,
  pollRunsEnded,
  resetSalesforceApiUsage,
  salesforceCalls,
  salesforcePeopleByEmail,
  setSalesforceApiUsage,
  type NewContact,
} from '#test/support/imports';

const WAIT = { timeout: 60_000, interval: 500 };
const DRAINED = { timeout: 120_000, interval: 1_000 };

/**
 * The two CRMs only, Salesforce polled (its Outbound Messages have their own e2e): the subject is what an import
 * costs Salesforce, and the other connectors' traffic, or a second copy of every echo, is not part of it.
 */
const twoCrms = () => shippedContractWith(['hubspot', 'salesforce'], { salesforce: { webhooks: false } });

/** `count` people with distinct e-mail addresses at `domain`. */
const newContacts = (count: number, domain: string): NewContact[] => Array.from({ length: count }, (_, i) => ({ email: `buyer${i}@${domain}`, firstname: 'Buyer', lastname: `Volume ${i}` }));

/** The e-mail addresses of `contacts` no Salesforce person holds yet, and those more than one holds. */
async function arrivals(hub: Hub, contacts: readonly NewContact[]): Promise<{ missing: string[]; duplicated: string[] }> {
  const held = await salesforcePeopleByEmail(hub);
  const emails = contacts.map((c) => c.email.toLowerCase());
  return { missing: emails.filter((e) => !held.has(e)), duplicated: emails.filter((e) => (held.get(e) ?? 0) > 1) };
}

describe('an import at volume costs Salesforce its batch sizes, not a call per record', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startTestHub({ contractFile: twoCrms() });
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);
  });
  afterAll(() => hub?.stop());

  it('2,000 contacts created in HubSpot in 20 batches all reach Salesforce once, for at most 0.05 Salesforce calls per record, pollers included', async () => {
    const COUNT = 2_000;
    const contacts = newContacts(COUNT, 'volume.example');
    // The hub's Salesforce calls from here on; the test itself makes none (the sandbox's inspection API is not logged).
    const before = (await salesforceCalls(hub)).length;

    await createHubspotContacts(hub, contacts);

    let calls: CallRecord[] = [];
    try {
      await vi.waitFor(async () => expect((await arrivals(hub, contacts)).missing.length).toBe(0), { timeout: 300_000, interval: 2_000 });
      await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), DRAINED);
    } finally {
      // The figure, also when the import did not finish: what it cost so far says why.
      calls = (await salesforceCalls(hub)).slice(before);
      console.info(`Salesforce calls for a ${COUNT}-contact import: ${calls.length}, ${(calls.length / COUNT).toFixed(4)} per record, by endpoint ${JSON.stringify(countByEndpoint(calls))}`);
    }
    const perRecord = calls.length / COUNT;

    expect((await arrivals(hub, contacts)).duplicated.slice(0, 10)).toEqual([]);
    // At the batch floor 2,000 records are ten collection writes of 200; look-ups, token grants and polls share the
    // rest of the 100 calls.
    expect(perRecord).toBeLessThanOrEqual(0.05);
  }, 480_000);
});

describe('an import waits while the Salesforce daily allocation is spent, and resumes by itself on a new day', () => {
  /** The org's daily API allocation in this test: a Developer Edition org's. */
  const LIMIT = 15_000;
  let hub: Hub;
  const logs: { fn: string; line: string }[] = [];
  beforeAll(async () => {
    // The poller runs every 15 s: how long the changes waited is counted in its runs.
    hub = await startTestHub({ contractFile: twoCrms(), scheduleIntervalMs: 15_000, log: (fn, line) => logs.push({ fn, line }) });
    await vi.waitFor(() => expect(pollRunsEnded(logs, 'salesforce')).toBeGreaterThan(0), WAIT);
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);
  });
  afterAll(() => hub?.stop());

  it('300 HubSpot contacts wait while the allocation is spent, none dead-lettered, then all arrive once after the reset', async () => {
    const COUNT = 300;
    const contacts = newContacts(COUNT, 'budget.example');
    // One call left of the day: fewer than the two collection writes 300 records need at the least.
    await setSalesforceApiUsage(hub, { used: LIMIT - 1, limit: LIMIT });
    const since = (await salesforceCalls(hub)).length;

    const ids = await createHubspotContacts(hub, contacts);

    // The hub holds every change (HubSpot's deliveries acknowledged) and has spent the last call of the day...
    const spentAt = await vi.waitFor(async () => {
      const acknowledged = await hubspotEventsAcknowledged(hub);
      expect(ids.filter((id) => !acknowledged.has(id))).toHaveLength(0);
      expect((await salesforceCalls(hub)).slice(since).filter(isSalesforceApiCall).length).toBeGreaterThanOrEqual(1);
      return logs.length;
    }, { timeout: 120_000, interval: 1_000 });
    // ...and the poller has run twice since: the changes have waited a whole poll interval, longer than the five
    // receives before the dead-letter queue take when each one fails at once.
    await vi.waitFor(() => expect(pollRunsEnded(logs.slice(spentAt), 'salesforce')).toBeGreaterThanOrEqual(2), { timeout: 180_000, interval: 1_000 });
    const whilePaused = await arrivals(hub, contacts);
    console.info(`Arrived in Salesforce while its allocation was spent: ${COUNT - whilePaused.missing.length} of ${COUNT}`);
    expect(whilePaused.missing.length).toBeGreaterThan(0);
    expect(await deadLetterDepth(hub)).toBe(0);

    await resetSalesforceApiUsage(hub);

    // Nothing else nudges the hub: its budget finds the new day's allocation by itself.
    await vi.waitFor(async () => {
      const { missing } = await arrivals(hub, contacts);
      expect({ missing: missing.length, deadLettered: await deadLetterDepth(hub) }).toEqual({ missing: 0, deadLettered: 0 });
    }, { timeout: 180_000, interval: 2_000 });
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), DRAINED);
    expect((await arrivals(hub, contacts)).duplicated).toEqual([]);
    expect(await deadLetterDepth(hub)).toBe(0);
  }, 600_000);
});
