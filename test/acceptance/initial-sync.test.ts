import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '#local/hub';
import { shippedContractWith, startTestHub } from '#test/support/hub-client';
import { judgeOutcome, loadScenario, runInitialSync, writeCalls, type LoadedScenario } from '#test/support/initial-sync-scenario';

/** The sizes a team meets on day one: 500 companies and 2,000 people in both CRMs, and 300 and 1,000 on one side only. */
const SIZES = { seed: 2026, sharedCompanies: 500, oneSidedCompanies: 300, sharedPeople: 2_000, oneSidedPeople: 1_000 };

describe('syncline sync --initial at customer size', () => {
  let hub: Hub;
  let scenario: LoadedScenario;
  beforeAll(async () => {
    // The two CRMs only: the initial sync is theirs, and Outreach's copies of 3,000 people would only add minutes.
    hub = await startTestHub({ seed: false, contractFile: shippedContractWith(['hubspot', 'salesforce']) });
    scenario = await loadScenario(hub, SIZES);
  });
  afterAll(() => hub?.stop());

  it('links every pair it can prove, creates only the one-sided records, with 0 duplicates in either CRM, and a second run writes nothing', async () => {
    // Act
    const first = await runInitialSync(hub);

    // Assess
    const outcome = await judgeOutcome(hub, scenario);
    console.log(JSON.stringify({ outcome, reports: first.reports.map((r) => ({ ...r, held: r.held.length, quarantined: r.quarantined.length })) }));
    expect(outcome.falseLinks).toBe(0);
    expect(outcome.companies.falsePositives + outcome.people.falsePositives).toBe(0);
    expect(outcome.companies.recall).toBeGreaterThanOrEqual(0.99);
    expect(outcome.people.recall).toBeGreaterThanOrEqual(0.98);
    expect(outcome.duplicates).toEqual({ accounts: 0, contacts: 0, companies: 0, hubspotContacts: 0 });
    expect(outcome.withoutCompany).toEqual({ salesforce: 0, hubspot: 0 });
    expect(first.reports.map((r) => r.unsettled)).toEqual([0, 0, 0]);
    const waiting = first.reports.reduce((n, r) => n + r.held.length + r.quarantined.length, 0);
    expect(outcome.unlinked.salesforce + outcome.unlinked.hubspot).toBeLessThanOrEqual(waiting * 2);

    const writesBefore = await writeCalls(hub);
    const again = await runInitialSync(hub);
    expect(await writeCalls(hub)).toBe(writesBefore);
    expect(again.reports.map((r) => [r.linked, r.enqueued, r.toCreate])).toEqual([
      [0, 0, {}],
      [0, 0, {}],
      [0, 0, {}],
    ]);
  });
});
