import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '#local/hub';
import { startTestHub } from '#test/support/hub-client';
import { judgeOutcome, loadScenario, runInitialSync, writeCalls, type LoadedScenario } from '#test/support/initial-sync-scenario';

/** A small corpus: the acceptance suite runs the same scenario at 500 / 300 companies and 2,000 / 1,000 people. */
const SIZES = { seed: 7, sharedCompanies: 24, oneSidedCompanies: 12, sharedPeople: 80, oneSidedPeople: 40 };

describe('syncline sync --initial: two CRMs that already hold overlapping data', () => {
  let hub: Hub;
  let scenario: LoadedScenario;
  beforeAll(async () => {
    hub = await startTestHub({ seed: false, scheduleIntervalMs: 1000 });
    scenario = await loadScenario(hub, SIZES);
  });
  afterAll(() => hub?.stop());

  it('reports what it would do in a dry run, and writes nothing', async () => {
    // Prepare
    const before = await writeCalls(hub);

    // Act
    const { reports, text } = await runInitialSync(hub, { dryRun: true });

    // Assess
    expect(await writeCalls(hub)).toBe(before);
    expect(text).toContain('dry run');
    const company = reports.find((r) => r.object === 'company');
    expect(company?.read).toEqual({ salesforce: scenario.corpus.salesforce.accounts.length, hubspot: scenario.corpus.hubspot.companies.length });
    expect(company?.linked).toBeGreaterThanOrEqual(SIZES.sharedCompanies - 1);
  });

  it('links the pairs, creates only the one-sided records, every person with its company, and a second run writes nothing', async () => {
    const { reports } = await runInitialSync(hub);

    const outcome = await judgeOutcome(hub, scenario);
    expect(outcome.falseLinks).toBe(0);
    expect(outcome.companies.falsePositives).toBe(0);
    expect(outcome.people.falsePositives).toBe(0);
    expect(outcome.companies.recall).toBeGreaterThanOrEqual(0.95);
    expect(outcome.people.recall).toBeGreaterThanOrEqual(0.95);
    expect(outcome.duplicates).toEqual({ accounts: 0, contacts: 0, companies: 0, hubspotContacts: 0 });
    expect(outcome.withoutCompany).toEqual({ salesforce: 0, hubspot: 0 });
    // Every record is in both CRMs, once, and each names the other: the pairs, and each side's one-sided records
    // created on the other. Only records held for review (or refused by a target) wait.
    const waiting = reports.reduce((n, r) => n + r.held.length + r.quarantined.length, 0);
    expect(reports.map((r) => r.unsettled)).toEqual([0, 0, 0]);
    expect(outcome.unlinked.salesforce + outcome.unlinked.hubspot).toBeLessThanOrEqual(waiting * 2);
    expect(outcome.counts.accounts).toBe(SIZES.sharedCompanies + SIZES.oneSidedCompanies);
    expect(outcome.counts.companies).toBe(SIZES.sharedCompanies + SIZES.oneSidedCompanies);

    const writesBefore = await writeCalls(hub);
    const again = await runInitialSync(hub);
    expect(await writeCalls(hub)).toBe(writesBefore);
    for (const r of again.reports) {
      expect(r.linked).toBe(0);
      expect(r.toCreate).toEqual({});
      expect(r.enqueued).toBe(0);
      expect(r.inStep).toBe(r.read['salesforce'] ?? 0);
    }
  });
});
