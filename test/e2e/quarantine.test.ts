import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hub } from '#local/hub';
import { operatorCli } from '#test/support/operator-cli';
import { hubspotClient, queuesDrained, sandboxRecords, startTestHub } from '#test/support/hub-client';

const WAIT = { timeout: 60_000, interval: 300 };

describe('operators: the quarantine and the review queue, through the syncline CLI', () => {
  let hub: Hub;
  let syncline: ReturnType<typeof operatorCli>;
  beforeAll(async () => {
    hub = await startTestHub();
    syncline = operatorCli(hub);
  });
  afterAll(() => hub?.stop());


  it('quarantines a contact without LastName with the reason, then syncs it after the fix and `quarantine retry`', async () => {
    const hubspot = hubspotClient(hub);
    const created = await hubspot.crm.contacts.basicApi.create({ properties: { email: 'cher@example.com', firstname: 'Cher' }, associations: [] });
    const id = `hubspot:contacts:${created.id}`;

    await vi.waitFor(async () => {
      const { stdout } = await syncline('quarantine', 'list');
      expect(stdout).toContain(id);
      expect(stdout).toMatch(/REQUIRED_FIELD_MISSING\s+\d+\s+salesforce requires lastName/);
    }, WAIT);
    expect((await sandboxRecords(hub.salesforce.url, 'Contact')).some((c) => c['HubSpot_Id__c'] === created.id)).toBe(false);

    // The fix arrives without a webhook (say, an import that does not notify): only the retry will carry it.
    hub.hubspot.setWebhookUrl(undefined);
    await hubspot.crm.contacts.basicApi.update(created.id, { properties: { lastname: 'Sarkisian' } });

    const retried = await syncline('quarantine', 'retry', id);
    expect(retried).toMatchObject({ code: 0, stdout: expect.stringContaining(`Retried 1 change(s): ${id}.`) });
    const contact = await vi.waitFor(async () => {
      const found = (await sandboxRecords(hub.salesforce.url, 'Contact')).find((c) => c['HubSpot_Id__c'] === created.id);
      expect(found).toMatchObject({ FirstName: 'Cher', LastName: 'Sarkisian' });
      return found as Record<string, unknown>;
    }, WAIT);
    hub.hubspot.setWebhookUrl(hub.webhookUrl('hubspot')); // the unsent notification of the fix is long gone by now
    expect((await syncline('quarantine', 'list')).stdout).toContain('The quarantine is empty.');

    const audit = await syncline('audit', `salesforce:${String(contact['Id'])}`);
    expect(audit.stdout).toMatch(/LastName\s+∅\s+"Sarkisian"\s+hubspot:contacts:/);
  });

  it('holds a HubSpot change to a deal amount Salesforce already has for review; approval applies it to Salesforce', async () => {
    const hubspot = hubspotClient(hub);
    const deal = await hubspot.crm.deals.basicApi.create({ properties: { dealname: 'Globex expansion', amount: '12000', dealstage: 'qualifiedtobuy', closedate: '2026-12-15T00:00:00.000Z', pipeline: 'default' }, associations: [] });
    const opportunity = async () => (await sandboxRecords(hub.salesforce.url, 'Opportunity')).find((o) => o['HubSpot_Deal_Id__c'] === deal.id);
    await vi.waitFor(async () => expect(await opportunity()).toMatchObject({ Name: 'Globex expansion', Amount: 12000, StageName: 'Qualification', CloseDate: '2026-12-15' }), WAIT);

    await hubspot.crm.deals.basicApi.update(deal.id, { properties: { amount: '20000' } });
    const id = `hubspot:deals:${deal.id}#amount`;
    await vi.waitFor(async () => expect((await syncline('review', 'list')).stdout).toMatch(new RegExp(`${id}.*deal\\s+amount\\s+12000 \\(hubspot\\)\\s+20000 \\(hubspot\\)`)), WAIT);
    expect((await opportunity())?.['Amount']).toBe(12000);

    expect(await syncline('review', 'approve', id)).toMatchObject({ code: 0, stdout: expect.stringContaining(`Approved ${id}`) });
    await vi.waitFor(async () => expect((await opportunity())?.['Amount']).toBe(20000), WAIT);
    await vi.waitFor(async () => expect((await syncline('review', 'list')).stdout).toContain('Nothing is waiting for review.'), WAIT);
    expect(await syncline('review', 'reject', id)).toMatchObject({ code: 1, stdout: expect.stringContaining(`No review ${id} is waiting.`) });
  });

  it('rejects a retry of something not in the quarantine, saying so', async () => {
    const result = await syncline('quarantine', 'retry', 'hubspot:contacts:404');
    expect(result).toMatchObject({ code: 1, stdout: expect.stringContaining('Not in the quarantine: hubspot:contacts:404.') });
  });

  it("quarantines only the two contacts of a HubSpot batch of 100 that Salesforce cannot hold (a 200-character title, an 81-character address), writes the other 98, dead-letters nothing", async () => {
    const hubspot = hubspotClient(hub);
    const longTitle = 'Director of '.padEnd(200, 'x');
    // HubSpot takes addresses Salesforce's 80-character Email field cannot hold.
    const longEmail = `${'a'.repeat(40)}@${'field-operations.'.repeat(2)}initech.example`.slice(0, 81);
    const inputs = Array.from({ length: 100 }, (_, i) => ({ properties: { email: i === 42 ? longEmail : `fits${i}@initech.example`, lastname: `Fits ${i}`, ...(i === 17 && { jobtitle: longTitle }) }, associations: [] }));
    const created = (await hubspot.crm.contacts.batchApi.create({ inputs })).results;
    const byEmail = new Map(created.map((r) => [r.properties['email'], r.id]));
    const [titled, addressed] = [byEmail.get('fits17@initech.example'), byEmail.get(longEmail)];

    const ids = new Set(created.map((r) => r.id));
    await vi.waitFor(async () => expect((await sandboxRecords(hub.salesforce.url, 'Contact')).filter((c) => ids.has(String(c['HubSpot_Id__c'])))).toHaveLength(98), WAIT);
    const listed = await vi.waitFor(async () => {
      const { stdout } = await syncline('quarantine', 'list');
      expect(stdout).toContain(`hubspot:contacts:${titled}`);
      expect(stdout).toContain(`hubspot:contacts:${addressed}`);
      return stdout;
    }, WAIT);

    const line = (id: string | undefined) => listed.split('\n').find((l) => l.includes(`hubspot:contacts:${id}`)) ?? '';
    expect(line(titled)).toMatch(/VALUE_TOO_LONG.*salesforce Contact\.Title \(person\.title\) holds at most 128 characters, and the value has 200/);
    expect(line(addressed)).toMatch(/(VALUE_TOO_LONG|INVALID_EMAIL).*Contact\.Email/);
    expect(listed).not.toContain(longEmail);
    expect((await syncline('dlq', 'list')).stdout).not.toContain('hubspot:contacts:');
    // No write reached Salesforce to be refused there: the check came first.
    expect((await sandboxRecords(hub.salesforce.url, 'Contact')).some((c) => [titled, addressed].includes(String(c['HubSpot_Id__c'])))).toBe(false);
  });

  it("sends every deal stage of the contract to Salesforce as a value the org's restricted StageName takes", async () => {
    const hubspot = hubspotClient(hub);
    const stages = { appointmentscheduled: 'Prospecting', qualifiedtobuy: 'Qualification', presentationscheduled: 'Proposal/Price Quote', decisionmakerboughtin: 'Negotiation/Review', closedwon: 'Closed Won', closedlost: 'Closed Lost' };
    const inputs = Object.keys(stages).map((dealstage) => ({ properties: { dealname: `Stage ${dealstage}`, amount: '1000', dealstage, closedate: '2026-12-31T00:00:00Z', pipeline: 'default' }, associations: [] }));
    const created = (await hubspot.crm.deals.batchApi.create({ inputs })).results;

    const opportunities = await vi.waitFor(async () => {
      const found = (await sandboxRecords(hub.salesforce.url, 'Opportunity')).filter((o) => String(o['Name']).startsWith('Stage '));
      expect(found).toHaveLength(created.length);
      return found;
    }, WAIT);

    expect(Object.fromEntries(opportunities.map((o) => [String(o['Name']).slice('Stage '.length), o['StageName']]))).toEqual(stages);
    expect((await syncline('quarantine', 'list')).stdout).not.toMatch(/hubspot:deals:/);
  });

  it("`syncline check` passes the shipped contract against the sandboxes' metadata, and names a misspelled field, a missing stage and a read-only target; `setup` says what to create", async () => {
    const passed = await syncline('check');
    expect(passed).toMatchObject({ code: 0, stdout: expect.stringContaining('No problems') });
    expect(passed.stdout).toContain('salesforce Contact, salesforce Lead, hubspot contacts');

    const contract = readFileSync(hub.contractFile, 'utf8')
      .replace('HubSpot_Lead_Score__c', 'HubSpot_Lead_Scor__c')
      .replace('Proposal: Proposal/Price Quote', 'Proposal: Proposal')
      .replace('salesforce: { field: Syncline_Last_Activity__c', 'salesforce: { field: LastModifiedDate');
    const file = join(mkdtempSync(join(tmpdir(), 'syncline-check-')), 'syncline.yaml');
    writeFileSync(file, contract);
    const failed = await syncline('check', '--config', file);

    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('salesforce Contact has no field HubSpot_Lead_Scor__c (person.leadScore): did you mean HubSpot_Lead_Score__c?');
    expect(failed.stdout).toContain('salesforce Opportunity.StageName (deal.stage) is a restricted picklist without "Proposal"');
    expect(failed.stdout).toMatch(/salesforce Contact\.LastModifiedDate \(person\.\w+\) cannot be written by the integration user/);

    // `syncline setup` prints what to create for the misspelled field, and nothing for the shipped contract.
    expect((await syncline('setup', '--config', file)).stdout).toContain('- HubSpot_Lead_Scor__c: Number(18, 2)  (for person.leadScore)');
    const shipped = await syncline('setup');
    expect(shipped).toMatchObject({ code: 0, stdout: expect.stringContaining('Every field the contract maps exists in Salesforce and HubSpot.') });
    expect(shipped.stdout).toMatch(/HubSpot webhook subscriptions on contacts \(person\), to <hub>\/webhooks\/hubspot: creation, deletion, merge, and propertyChange of .*email/);
    // The record version a message and the poller's row share; nothing for what no sync reads; no association as a property.
    expect(shipped.stdout).toMatch(/Salesforce Outbound Message on Contact \(person\), to <hub>\/webhooks\/salesforce, with the fields: Id, SystemModstamp, /);
    expect(shipped.stdout).not.toContain('Outbound Message on Task');
    expect(shipped.stdout).not.toMatch(/propertyChange of [^\n]*associations\./);
  });

  it('creates a HubSpot contact once in Salesforce when it is updated at once, while HubSpot search lags (3 s after a create, 5 s after an update)', async () => {
    const hubspot = hubspotClient(hub);
    const lag = (searchLagMs: number, searchUpdateLagMs: number) => fetch(`${hub.hubspot.url}/__sandbox/search-lag`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ searchLagMs, searchUpdateLagMs }) });
    await lag(3_000, 5_000);
    try {
      const created = await hubspot.crm.contacts.basicApi.create({ properties: { email: 'lagging@initech.example', lastname: 'Lagging', jobtitle: 'Analyst' }, associations: [] });
      await hubspot.crm.contacts.basicApi.update(created.id, { properties: { jobtitle: 'Head of Analytics' } });

      const mine = async () => (await sandboxRecords(hub.salesforce.url, 'Contact')).filter((c) => c['Email'] === 'lagging@initech.example');
      await vi.waitFor(async () => expect((await mine()).map((c) => c['Title'])).toEqual(['Head of Analytics']), WAIT);
      await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);

      expect(await mine()).toHaveLength(1);
      expect((await sandboxRecords(hub.hubspot.url, 'contacts')).filter((c) => JSON.stringify(c).includes('lagging@initech.example'))).toHaveLength(1);
    } finally {
      await lag(0, 0);
    }
  });
});
