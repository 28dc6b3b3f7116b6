import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { DynamoDbReviewStore } from '#adapters/aws/dynamodb-review-store';
import { reconcileCommand } from '#cli/sync';
import { hubConnection } from '#local/hub-file';
import type { Hub } from '#local/hub';
import { postJson, sandboxRecords, shippedContractWith, startTestHub } from '#test/support/hub-client';
import { judgeOutcome, loadScenario, runInitialSync, writeCalls, type LoadedScenario } from '#test/support/initial-sync-scenario';
import { dynamoClients } from '#test/support/local-aws';

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
    // Two full reads of 6,600 records and 6,300 changes through the pipeline, beside another acceptance hub.
  }, 900_000);

  it('after 200 changes per CRM whose notifications were lost, one reconciliation reports the drift, sends them through and leaves 0 drift', async () => {
    // Prepare: people created in each CRM while the hub heard nothing (no webhook, older than the poller's cursor).
    const LOST = 200;
    const accounts = (await sandboxRecords(hub.salesforce.url, 'Account')).filter((a) => a['HubSpot_Company_Id__c']);
    await postJson(`${hub.salesforce.url}/__sandbox/records/Contact`, { records: Array.from({ length: LOST }, (_, i) => ({ FirstName: 'Lost', LastName: `In Salesforce ${i}`, Email: `lost.sf.${i}@reconcile.test`, AccountId: accounts[i % accounts.length]?.['Id'] })) });
    await postJson(`${hub.hubspot.url}/__sandbox/records/contacts`, { records: Array.from({ length: LOST }, (_, i) => ({ properties: { firstname: 'Lost', lastname: `In HubSpot ${i}`, email: `lost.hs.${i}@reconcile.test` } })) });

    // Act
    const first = await reconcileCommand(hubConnection(hub), { dryRun: false, out: new PassThrough() });
    const second = await reconcileCommand(hubConnection(hub), { dryRun: false, out: new PassThrough() });

    // Assess
    console.log(first.text, second.text);
    expect(first.result?.drift).toBe(2 * LOST);
    // A pair the initial sync held for review (a father and his son, `Jr.` on one side, at one firm) waits for someone
    // to decide: neither record is created in the other CRM meanwhile.
    const state = Object.entries(hub.aws.tables).find(([id]) => id.includes('State'))?.[1] ?? '';
    const held = (await new DynamoDbReviewStore(dynamoClients(hub.aws.dynamodbEndpoint).documents, state).list()).filter((r) => r.identity !== undefined).length;
    expect(held).toBeLessThanOrEqual(10);
    expect(first.result?.objects.find((o) => o.object === 'person')).toMatchObject({
      counts: { salesforce: 3_000 + LOST - held, hubspot: 2_985 + LOST - held },
      missing: 2 * LOST,
      differing: 0,
      unlinked: 0,
    });
    expect(second.result?.drift).toBe(0);
  }, 600_000);
});
