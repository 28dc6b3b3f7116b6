import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PassThrough } from 'node:stream';
import { backfillCommand, reconcileCommand } from '#cli/sync';
import { hubConnection } from '#local/hub-file';
import type { Hub } from '#local/hub';
import { getJson, hubspotClient, postJson, queuesDrained, salesforceConnection, sandboxRecords, startTestHub } from '#test/support/hub-client';
import { judgeOutcome, loadScenario, runInitialSync, writeCalls, type LoadedScenario } from '#test/support/initial-sync-scenario';

/**
 * The initial sync's flows around the first run, on a small corpus (initial-sync.test.ts runs the same scenario at
 * 500 / 300 companies and 2,000 / 1,000 people). Here rather than in npm test's e2e suite: its minutes of waiting
 * for whole runs fit the acceptance suite's, and CI runs both.
 * Deals only here: 16 held by both CRMs and 8 by one (look-alikes among them: next year's renewal, one name at two
 * accounts).
 */
const SIZES = { seed: 7, sharedCompanies: 24, oneSidedCompanies: 12, sharedPeople: 80, oneSidedPeople: 40, sharedDeals: 16, oneSidedDeals: 8 };

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
    const deal = reports.find((r) => r.object === 'deal');
    expect(deal?.read).toEqual({ salesforce: scenario.corpus.salesforce.opportunities?.length, hubspot: scenario.corpus.hubspot.deals?.length });
  });

  it('links the pairs, creates only the one-sided records, every person and deal with its company, and a second run writes nothing', async () => {
    const { reports } = await runInitialSync(hub);

    const outcome = await judgeOutcome(hub, scenario);
    expect(outcome.falseLinks).toBe(0);
    expect(outcome.companies.falsePositives).toBe(0);
    expect(outcome.people.falsePositives).toBe(0);
    expect(outcome.companies.recall).toBeGreaterThanOrEqual(0.95);
    expect(outcome.people.recall).toBeGreaterThanOrEqual(0.95);
    expect(outcome.duplicates).toEqual({ accounts: 0, contacts: 0, companies: 0, hubspotContacts: 0 });
    expect(outcome.withoutCompany).toEqual({ salesforce: 0, hubspot: 0 });
    // Deals: linked by name, account and close date; each side's own created on the other under its company.
    expect(outcome.deals.score.falsePositives).toBe(0);
    expect(outcome.deals.score.recall).toBeGreaterThanOrEqual(0.95);
    expect(outcome.deals.duplicates).toEqual({ salesforce: 0, hubspot: 0 });
    expect(outcome.deals.withoutCompany).toEqual({ salesforce: 0, hubspot: 0 });
    expect(outcome.deals.counts).toEqual({ salesforce: SIZES.sharedDeals + SIZES.oneSidedDeals, hubspot: SIZES.sharedDeals + SIZES.oneSidedDeals });
    // Every record is in both CRMs, once, and each names the other: the pairs, and each side's one-sided records
    // created on the other. Only records held for review (or refused by a target) wait.
    const waiting = reports.reduce((n, r) => n + r.held.length + r.quarantined.length, 0);
    expect(reports.map((r) => r.unsettled)).toEqual([0, 0, 0, 0]);
    expect(outcome.unlinked.salesforce + outcome.unlinked.hubspot).toBeLessThanOrEqual(waiting * 2);
    expect(outcome.counts.accounts).toBe(SIZES.sharedCompanies + SIZES.oneSidedCompanies);
    expect(outcome.counts.companies).toBe(SIZES.sharedCompanies + SIZES.oneSidedCompanies);

    // The first run's own echoes (webhooks and polls of what it wrote) are through before the second run is measured.
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), { timeout: 60_000, interval: 500 });
    const writesBefore = await writeCalls(hub);
    const again = await runInitialSync(hub);
    expect(await writeCalls(hub)).toBe(writesBefore);
    // Nothing to link or create again, deals included; a record still settling from the first run's own echoes may be
    // sent through once more, and writes nothing (above).
    expect(again.reports.map((r) => r.object)).toContain('deal');
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

  it('logs each Outreach e-mail and call and each Gong call it never heard of as one Task on its Contact, and a second run logs nothing', async () => {
    // Prepare: three prospects the hub knows (their webhooks made their Contacts); then history no webhook told it of,
    // as Outreach and Gong hold it before Syncline is installed: two e-mails and a call per prospect, a Gong call on
    // each of two Contacts with an Opportunity.
    const { clientId, clientSecret, refreshToken } = hub.credentials.outreach;
    const token = (await postJson<{ access_token: string }>(`${hub.outreach.url}/oauth/token`, { grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken })).access_token;
    const prospects: { id: string; contactId: string }[] = [];
    for (const name of ['Ortega', 'Lindqvist', 'Okafor']) {
      const created = await getJson<{ data: { id: number } }>(`${hub.outreach.url}/api/v2/prospects`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.api+json' },
        body: JSON.stringify({ data: { type: 'prospect', attributes: { firstName: 'Sam', lastName: name, emails: [`sam.${name.toLowerCase()}@history.test`] } } }),
      });
      const id = String(created.data.id);
      const contact = await vi.waitFor(async () => {
        const found = (await sandboxRecords(hub.salesforce.url, 'Contact')).find((c) => c['Outreach_Prospect_Id__c'] === id);
        expect(found).toBeDefined();
        return found as Record<string, unknown>;
      }, { timeout: 60_000, interval: 500 });
      prospects.push({ id, contactId: String(contact['Id']) });
    }
    const outreachIds: string[] = [];
    for (const p of prospects) {
      // A Task holds the Outreach id with its type: a mailing and a call may share a number.
      for (const subject of ['Intro', 'Follow-up']) outreachIds.push(`mailing:${(await postJson<{ data: { id: number } }>(`${hub.outreach.url}/__sandbox/mailings`, { prospectId: Number(p.id), subject, deliveredAt: '2026-06-02T10:00:00.000Z', silent: true })).data.id}`);
      outreachIds.push(`call:${(await postJson<{ data: { id: number } }>(`${hub.outreach.url}/__sandbox/logged-calls`, { prospectId: Number(p.id), dialedAt: '2026-06-03T10:00:00.000Z', completedAt: '2026-06-03T10:04:00.000Z', silent: true })).data.id}`);
    }
    const opportunities = await sandboxRecords(hub.salesforce.url, 'Opportunity');
    const gongCalls: { id: string; contactId: string; opportunityId: string }[] = [];
    for (const [i, p] of prospects.slice(0, 2).entries()) {
      const opportunityId = String(opportunities[i]?.['Id']);
      const answer = await postJson<{ call: { metaData: { id: string } } }>(`${hub.gong.url}/__sandbox/calls`, { title: `Discovery ${i}`, started: '2026-06-04T15:00:00.000Z', duration: 1500, salesforceContactIds: [p.contactId], salesforceOpportunityId: opportunityId, silent: true });
      gongCalls.push({ id: answer.call.metaData.id, contactId: p.contactId, opportunityId });
    }
    // One e-mail was logged before, by an earlier integration that kept its id; a rep logged a Task by hand.
    const first = prospects[0] as { id: string; contactId: string };
    const { ids: [handTaskId] } = await postJson<{ ids: string[] }>(`${hub.salesforce.url}/__sandbox/records/Task`, {
      records: [
        { Subject: 'Intro', Type: 'Email', ActivityDate: '2026-06-02', WhoId: first.contactId, Outreach_Activity_Id__c: outreachIds[0] },
        { Subject: 'Called from my phone', Type: 'Call', ActivityDate: '2026-06-05', WhoId: first.contactId },
      ],
    }).then(({ ids }) => ({ ids: [ids[1]] }));
    const tasks = async () => (await sandboxRecords(hub.salesforce.url, 'Task')).filter((t) => t['IsDeleted'] !== true);
    const handTask = async () => (await tasks()).find((t) => t['Id'] === handTaskId);
    const handBefore = await handTask();

    // Act
    const { reports } = await runInitialSync(hub, { object: 'activity' });

    // Assess: one Task per activity, on the prospect's Contact (and the call's Opportunity), none twice; the one
    // logged before is linked, not logged again; the Task logged by hand is neither read nor written.
    const logged = (await tasks()).filter((t) => t['Id'] !== handTaskId);
    expect(reports[0]).toMatchObject({ object: 'activity', read: { salesforce: 1, outreach: outreachIds.length, gong: gongCalls.length }, linked: 1, created: { salesforce: outreachIds.length + gongCalls.length - 1 }, unsettled: 0 });
    expect(logged.map((t) => t['Outreach_Activity_Id__c']).filter(Boolean).sort()).toEqual([...outreachIds].sort());
    expect(await handTask()).toEqual(handBefore);
    for (const p of prospects) expect(logged.filter((t) => t['WhoId'] === p.contactId && t['Outreach_Activity_Id__c']).map((t) => t['Type']).sort()).toEqual(['Call', 'Email', 'Email']);
    for (const g of gongCalls) expect(logged.filter((t) => t['Gong_Call_Id__c'] === g.id).map((t) => [t['WhoId'], t['WhatId'], t['CallDurationInSeconds']])).toEqual([[g.contactId, g.opportunityId, 1500]]);

    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), { timeout: 60_000, interval: 500 });
    const writesBefore = await writeCalls(hub);
    const again = await runInitialSync(hub, { object: 'activity' });
    expect(again.reports[0]).toMatchObject({ linked: 0, alreadyLinked: logged.length, inStep: logged.length, missing: 0, toCreate: {}, enqueued: 0 });
    expect(await writeCalls(hub)).toBe(writesBefore);
    expect(await tasks()).toHaveLength(logged.length + 1);
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
    // Only a person HubSpot must refuse (no e-mail) may wait in the quarantine, counted, not lost; one the pipeline
    // linked to a HubSpot contact by name and company is not refused.
    expect(report).toMatchObject({ enqueued: report.read, processed: report.read, unsettled: 0 });
    expect(report.quarantined).toBeLessThanOrEqual(changedSince.filter((r) => !r['Email']).length);
    const emails = (await sandboxRecords(hub.hubspot.url, 'contacts')).map((p) => String((p['properties'] as Record<string, unknown>)['email']));
    expect(emails.filter((e) => e.startsWith('backfill.recent.'))).toHaveLength(12);
    expect(emails.filter((e) => e.startsWith('backfill.old.'))).toHaveLength(0);
  });
});
