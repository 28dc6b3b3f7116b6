import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PassThrough } from 'node:stream';
import { backfillCommand, reconcileCommand } from '#local/cli/sync';
import { hubConnection } from '#local/hub-file';
import type { Hub } from '#local/hub';
import { hubspotClient, postJson, queuesDrained, salesforceConnection, sandboxRecords, startTestHub } from '#test/support/hub-client';
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

    // The first run's own echoes (webhooks and polls of what it wrote) are through before the second run is measured.
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), { timeout: 60_000, interval: 500 });
    const writesBefore = await writeCalls(hub);
    const again = await runInitialSync(hub);
    expect(await writeCalls(hub)).toBe(writesBefore);
    // Nothing to link or create again; a record still settling from the first run's own echoes may be sent through
    // once more, and writes nothing (above).
    for (const r of again.reports) {
      expect([r.linked, r.missing, r.toCreate]).toEqual([0, 0, {}]);
      expect(r.enqueued).toBe(r.differing);
    }
  });

  it('links an existing Account to the HubSpot company with its domain when the Account changes, and a new HubSpot contact lands with its Account', async () => {
    // Prepare: a company both CRMs held before, never synced (loaded after the initial sync).
    const [accountId] = (await postJson<{ ids: string[] }>(`${hub.salesforce.url}/__sandbox/records/Account`, { records: [{ Name: 'Vandelay Industries, Inc.', Website: 'https://www.vandelay.test/en', BillingCountry: 'United States' }] })).ids;
    const [companyId] = (await postJson<{ ids: string[] }>(`${hub.hubspot.url}/__sandbox/records/companies`, { records: [{ properties: { name: 'Vandelay Industries', domain: 'vandelay.test' } }] })).ids;
    const vandelay = async () => (await sandboxRecords(hub.hubspot.url, 'companies')).filter((c) => (c['properties'] as Record<string, unknown>)['domain'] === 'vandelay.test');

    // Act: a rep edits the Account; then marketing creates a contact at that company in HubSpot.
    await salesforceConnection(hub).sobject('Account').update({ Id: accountId ?? '', NumberOfEmployees: 120 });
    await vi.waitFor(async () => expect((await vandelay()).map((c) => (c['properties'] as Record<string, unknown>)['syncline_salesforce_id'])).toEqual([accountId]), { timeout: 60_000, interval: 500 });
    const contact = await hubspotClient(hub).crm.contacts.basicApi.create({
      properties: { email: 'art.vandelay@vandelay.test', firstname: 'Art', lastname: 'Vandelay' },
      associations: [{ to: { id: companyId ?? '' }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 279 }] }],
    });

    // Assess: one HubSpot company, linked both ways; the Contact under its Account.
    const accounts = await sandboxRecords(hub.salesforce.url, 'Account');
    expect(accounts.find((a) => a['Id'] === accountId)?.['HubSpot_Company_Id__c']).toBe(companyId);
    await vi.waitFor(
      async () => {
        const created = (await sandboxRecords(hub.salesforce.url, 'Contact')).filter((c) => c['HubSpot_Id__c'] === contact.id);
        expect(created.map((c) => c['AccountId'])).toEqual([accountId]);
      },
      { timeout: 60_000, interval: 500 },
    );
    expect(await vandelay()).toHaveLength(1);
  });

  it('reconciles 40 changes per CRM whose notifications were lost: reports the drift, sends them through, and leaves none', async () => {
    // Prepare: people created in each CRM while nothing told the hub (no webhook, older than the poller's cursor).
    const LOST = 40;
    const accounts = (await sandboxRecords(hub.salesforce.url, 'Account')).filter((a) => a['HubSpot_Company_Id__c']);
    await postJson(`${hub.salesforce.url}/__sandbox/records/Contact`, { records: Array.from({ length: LOST }, (_, i) => ({ FirstName: 'Lost', LastName: `In Salesforce ${i}`, Email: `lost.sf.${i}@reconcile.test`, AccountId: accounts[i % accounts.length]?.['Id'] })) });
    await postJson(`${hub.hubspot.url}/__sandbox/records/contacts`, { records: Array.from({ length: LOST }, (_, i) => ({ properties: { firstname: 'Lost', lastname: `In HubSpot ${i}`, email: `lost.hs.${i}@reconcile.test` } })) });

    // Act
    const first = await reconcileCommand(hubConnection(hub), { dryRun: false, object: 'person', out: new PassThrough() });
    const second = await reconcileCommand(hubConnection(hub), { dryRun: false, object: 'person', out: new PassThrough() });
    const last = await reconcileCommand(hubConnection(hub), { dryRun: false, last: true, out: new PassThrough() });

    // Assess
    expect(first.result?.objects.map((o) => [o.object, o.missing, o.differing, o.unlinked])).toEqual([['person', 2 * LOST, 0, 0]]);
    expect(first.result?.drift).toBe(2 * LOST);
    expect(second.result?.drift).toBe(0);
    expect(last.text).toContain('drift 0 record(s)');
    const people = await sandboxRecords(hub.hubspot.url, 'contacts');
    expect(people.filter((p) => String((p['properties'] as Record<string, unknown>)['email']).startsWith('lost.sf.'))).toHaveLength(LOST);
    const contacts = await sandboxRecords(hub.salesforce.url, 'Contact');
    expect(contacts.filter((c) => String(c['Email']).startsWith('lost.hs.'))).toHaveLength(LOST);
  });

  it('backfills the Salesforce people changed since a date through the pipeline, and only those', async () => {
    // Prepare: history the hub never saw, some of it older than the date asked for.
    const load = (modifiedAt: string, tag: string, n: number) =>
      postJson(`${hub.salesforce.url}/__sandbox/records/Contact`, { modifiedAt, records: Array.from({ length: n }, (_, i) => ({ FirstName: 'Back', LastName: `Filled ${tag} ${i}`, Email: `backfill.${tag}.${i}@history.test` })) });
    await load('2026-11-01T09:00:00.000Z', 'recent', 12);
    await load('2025-03-01T09:00:00.000Z', 'old', 6);

    // Act
    const { report } = await backfillCommand(hubConnection(hub), { system: 'salesforce', object: 'person', since: '2026-10-01', out: new PassThrough() });

    // Assess: every Salesforce person changed since the date (the recent history, and what Syncline itself wrote
    // since then), and nothing older.
    const since = Date.parse('2026-10-01');
    const changedSince = [...(await sandboxRecords(hub.salesforce.url, 'Contact')), ...(await sandboxRecords(hub.salesforce.url, 'Lead'))].filter(
      (r) => r['IsDeleted'] !== true && r['IsConverted'] !== true && Date.parse(String(r['SystemModstamp']).replace('+0000', 'Z')) >= since,
    );
    expect(report.read).toBe(changedSince.length);
    expect(report).toMatchObject({ enqueued: report.read, processed: report.read, quarantined: 0, unsettled: 0 });
    const emails = (await sandboxRecords(hub.hubspot.url, 'contacts')).map((p) => String((p['properties'] as Record<string, unknown>)['email']));
    expect(emails.filter((e) => e.startsWith('backfill.recent.'))).toHaveLength(12);
    expect(emails.filter((e) => e.startsWith('backfill.old.'))).toHaveLength(0);
  });
});
