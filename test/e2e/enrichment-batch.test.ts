import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { enrichNowCommand, type EnrichOutput } from '#cli/enrich';
import { healthCommand } from '#cli/health';
import { clients, reviewDecide, reviewList } from '#cli/operations';
import { DynamoDbReviewStore } from '#adapters/aws/dynamodb-review-store';
import type { Hub } from '#local/hub';
import { hubConnection } from '#local/hub-file';
import { auditOf, postJson, sandboxCounts, sandboxRecords, salesforceConnection, shippedContractWith, startTestHub, waitForCount, waitForDrained } from '#test/support/hub-client';

/** Accounts created while ZoomInfo is down: the processor writes them without a lookup, and nothing changes them again. */
const STALE = 300;

type Row = Record<string, unknown>;

/**
 * The daily enrichment batch through the whole local hub: Accounts that missed their lookup (ZoomInfo was down when
 * they were created) are found by one `syncline enrich --now`, looked up 25 at a time, and their firmographics reach
 * Salesforce and HubSpot through the processor, each write audited. The pollers are held back: the Accounts reach the
 * hub by their Outbound Messages.
 */
describe('the enrichment batch, end to end', () => {
  let hub: Hub;
  let salesforce: Connection;
  let companies: { name: string; website: string }[];
  beforeAll(async () => {
    const contractFile = shippedContractWith(['hubspot', 'salesforce', 'zoominfo']);
    hub = await startTestHub({ contractFile, scheduleIntervalMs: 600_000 });
    salesforce = salesforceConnection(hub);
    // The companies the ZoomInfo sandbox knows beyond the CRMs' demo ones (generated, the same on every run).
    companies = (await sandboxRecords(hub.zoominfo.url, 'companies')).slice(-STALE).map((c) => ({ name: String(c['name']), website: String(c['website']) }));
  });
  afterAll(() => hub?.stop());

  it(`enriches ${STALE} stale Accounts with one enrich --now, in at most 12 lookups, each change audited`, async () => {
    // Prepare: ZoomInfo is down while the Accounts are created and synced.
    await postJson(`${hub.zoominfo.url}/__sandbox/faults`, { endpoint: 'enrichCompany', kind: 'status', status: 503, count: 1_000_000 });
    const created: string[] = [];
    for (let i = 0; i < companies.length; i += 200) {
      const batch = companies.slice(i, i + 200).map((c) => ({ Name: c.name, Website: `https://${c.website}` }));
      const results = (await salesforce.sobject('Account').create(batch)) as { id?: string; success: boolean }[];
      for (const r of results) if (r.success && r.id) created.push(r.id);
    }
    expect(created).toHaveLength(STALE);
    const hubspotCompanies = async () => (await sandboxRecords(hub.hubspot.url, 'companies')).filter((c) => companies.some((z) => (c['properties'] as Row | undefined)?.['name'] === z.name)).length;
    await waitForCount(hubspotCompanies, STALE, { stallMs: 120_000, intervalMs: 1_000 });
    const accounts = async () => (await sandboxRecords(hub.salesforce.url, 'Account')).filter((a) => created.includes(String(a['Id'])));
    expect((await accounts()).filter((a) => a['Industry']).length).toBe(0);
    // Every change of the Accounts' creation is through while ZoomInfo is still down (an echo or a late row asking it
    // once it is back would spend credits the batch then spends again).
    await postJson(`${hub.hubspot.url}/__sandbox/webhooks/flush`, {});
    await waitForDrained(hub);
    // ZoomInfo is back; its call log starts again (the reset also clears the fault).
    await postJson(`${hub.zoominfo.url}/__sandbox/reset`, { seed: true });

    const before = { salesforce: await sandboxCounts(hub.salesforce.url), hubspot: await sandboxCounts(hub.hubspot.url) };

    // Act
    const { output, text } = await enrichNowCommand(hubConnection(hub), {});

    // Assess
    const calls = await sandboxCounts(hub.zoominfo.url);
    expect(calls['enrichCompany']).toBeLessThanOrEqual(12);
    expect(calls['authenticate']).toBeLessThanOrEqual(1);
    // One Contact Search per chunk of matched Accounts, for the people to suggest (no credits).
    expect(calls['searchContact'] ?? 0).toBeLessThanOrEqual(12);
    expect(Object.keys(calls).filter((endpoint) => !['enrichCompany', 'authenticate', 'searchContact'].includes(endpoint))).toEqual([]);
    expect(output.summary).toMatchObject({ selected: STALE, lookedUp: STALE, enriched: STALE, failed: 0, failedChunks: 0 });
    expect(text).toContain(`looked up   ${STALE} of ${STALE}`);
    expect(text).toMatch(/ {2}suggested {3}\d+ new contacts, waiting in `syncline review list`/);
    await waitForCount(async () => (await accounts()).filter((a) => typeof a['Industry'] === 'string' && typeof a['NumberOfEmployees'] === 'number' && typeof a['Tech_Stack__c'] === 'string').length, STALE, { stallMs: 120_000, intervalMs: 1_000 });
    await waitForDrained(hub);
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    const spent = { salesforce: total(await sandboxCounts(hub.salesforce.url)) - total(before.salesforce), hubspot: total(await sandboxCounts(hub.hubspot.url)) - total(before.hubspot) };
    console.log(`enrichment batch of ${STALE}: zoominfo ${JSON.stringify(calls)}, salesforce ${spent.salesforce} calls, hubspot ${spent.hubspot} calls`);
    // Each Account's audit trail has the write that set its Industry, attributed to the lookup.
    for (const id of created) {
      const trail = await auditOf(hub, `salesforce:Account:${id}`);
      expect(trail.find((e) => e.field === 'Industry')).toMatchObject({ before: null, sourceKey: expect.stringMatching(/^zoominfo:company:/) });
    }
  });

  it("runs the same machine by its daily schedule in the hub, which continues the day's run and looks nothing up twice", async () => {
    // Prepare
    const schedule = hub.schedules.find((s) => s.target.startsWith('Enrichment'));
    const before = await sandboxCounts(hub.zoominfo.url);

    // Act: what the rule's timer does at 05:00 UTC.
    const output = (await schedule?.run()) as EnrichOutput;

    // Assess
    expect(schedule?.expression).toBe('cron(0 5 * * ? *)');
    expect(output.selection.chunks).toEqual([]);
    expect(output.summary).toMatchObject({ selected: STALE, lookedUp: STALE, enriched: STALE });
    expect(await sandboxCounts(hub.zoominfo.url)).toEqual(before);
    // `syncline health` shows the day's credits and the run.
    const { text } = await healthCommand(hubConnection(hub));
    expect(text).toContain(`Enrichment: zoominfo ${STALE} of 1,000 credits today (30%); last batch`);
    expect(text).toContain(`${STALE} selected, ${STALE} looked up: ${STALE} matched`);
  });

  it('suggests senior people at the matched Accounts for review, and creates one in both CRMs, under its Account, only when approved', async () => {
    // Prepare: what the batch held, as `syncline review list` shows it.
    const connection = hubConnection(hub);
    const held = (await new DynamoDbReviewStore(clients(connection).documents, connection.stateTable).list()).filter((r) => r.suggestion);
    expect(held.length).toBeGreaterThan(0);
    const perAccount = new Map<string, number>();
    for (const r of held) perAccount.set(r.entityId, (perAccount.get(r.entityId) ?? 0) + 1);
    expect(Math.max(...perAccount.values())).toBeLessThanOrEqual(3);
    expect(held.every((r) => (r.suggestion?.score ?? 0) >= 80)).toBe(true);
    const listed = await reviewList(connection);
    const [chosen, declined] = held;
    if (!chosen?.suggestion || !declined) throw new Error('expected two suggestions');
    expect(listed).toContain(`zoominfo:contact:${chosen.suggestion.vendorId}`);
    expect(listed).toContain('new-contact');
    const accountId = (await sandboxRecords(hub.salesforce.url, 'Account')).find((a) => `salesforce:Account:${String(a['Id'])}` === chosen.entityId)?.['Id'];
    expect(accountId).toBeDefined();
    const zoominfoBefore = await sandboxCounts(hub.zoominfo.url);

    // Act
    expect((await reviewDecide(connection, 'approve', chosen.id)).ok).toBe(true);
    expect((await reviewDecide(connection, 'reject', declined.id)).ok).toBe(true);

    // Assess: the person, looked up once by id, is a Contact under the Account and a HubSpot contact, both holding the ZoomInfo id.
    const contactOf = async () => (await sandboxRecords(hub.salesforce.url, 'Contact')).find((c) => c['ZoomInfo_Contact_Id__c'] === chosen.suggestion?.vendorId);
    await vi.waitFor(async () => expect(await contactOf()).toMatchObject({ LastName: chosen.suggestion?.lastName, AccountId: accountId, Email: expect.stringContaining('@') }), { timeout: 60_000, interval: 500 });
    const email = String((await contactOf())?.['Email']);
    await vi.waitFor(async () => expect((await sandboxRecords(hub.hubspot.url, 'contacts')).some((c) => (c['properties'] as Row | undefined)?.['zoominfo_contact_id'] === chosen.suggestion?.vendorId && (c['properties'] as Row)['email'] === email)).toBe(true), { timeout: 60_000, interval: 500 });
    expect((await sandboxCounts(hub.zoominfo.url))['enrichContact'] ?? 0).toBe((zoominfoBefore['enrichContact'] ?? 0) + 1);
    const trail = await auditOf(hub, `salesforce:Contact:${String((await contactOf())?.['Id'])}`);
    expect(trail.find((e) => e.field === 'Email')).toMatchObject({ before: null, after: email, sourceKey: `zoominfo:contact:${chosen.suggestion.vendorId}` });
    // Neither waits any more; the declined person is not created.
    const left = async () => (await new DynamoDbReviewStore(clients(connection).documents, connection.stateTable).list()).map((r) => r.id);
    await vi.waitFor(async () => expect(await left()).not.toContain(chosen.id), { timeout: 30_000, interval: 500 });
    expect(await left()).not.toContain(declined.id);
    expect((await sandboxRecords(hub.salesforce.url, 'Contact')).some((c) => c['ZoomInfo_Contact_Id__c'] === declined.suggestion?.vendorId)).toBe(false);
  });
});
