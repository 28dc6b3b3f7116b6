import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hub } from '#local/hub';
import { auditOf, getJson, hubspotClient, postJson, queuesDrained, salesforceConnection, sandboxCounts, sandboxRecords, shippedContractWith, startTestHub } from '#test/support/hub-client';

const WAIT = { timeout: 60_000, interval: 250 };

type Row = Record<string, unknown>;

/**
 * One change from each push connector, through the whole local hub: the vendor sandbox signs and sends its webhook
 * as the vendor does, the hub's webhook function verifies it, the processor writes Salesforce or HubSpot. The
 * pollers are held back (a 10-minute schedule), so a Salesforce change can only reach HubSpot by its Outbound Message.
 */
describe('the connector set, end to end', () => {
  let hub: Hub;
  let salesforce: Connection;
  const logs: { fn: string; line: string }[] = [];
  beforeAll(async () => {
    // The shipped contract with ZoomInfo enabled as well: new records are looked up in its sandbox.
    const contractFile = shippedContractWith(['hubspot', 'salesforce', 'outreach', 'gong', 'stripe', 'zoominfo']);
    hub = await startTestHub({ contractFile, scheduleIntervalMs: 600_000, log: (fn, line) => logs.push({ fn, line }) });
    salesforce = salesforceConnection(hub);
  });
  afterAll(() => hub?.stop());

  const sfRecord = async (object: string, where: (r: Row) => boolean) => (await sandboxRecords(hub.salesforce.url, object)).find(where);
  const processed = (eventId: (id: string) => boolean) =>
    logs
      .filter((l) => l.line.includes('"change processed"'))
      .map((l) => JSON.parse(l.line) as Row)
      .filter((l) => typeof l['correlationId'] === 'string' && eventId(l['correlationId']));

  /** The prospect the first test creates and the Contact it became, for the sequence-status test after it. */
  let prospect = { id: '', contactId: '' };
  const outreachToken = async (): Promise<string> => {
    const { clientId, clientSecret, refreshToken } = hub.credentials.outreach;
    return (await postJson<{ access_token: string }>(`${hub.outreach.url}/oauth/token`, { grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken })).access_token;
  };

  it('lands an Outreach e-mail as a Salesforce Task on the Contact its prospect became', async () => {
    const token = await outreachToken();
    const email = `ines.moreau.${Date.now()}@lumen.example`;
    const created = await getJson<{ data: { id: number } }>(`${hub.outreach.url}/api/v2/prospects`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.api+json' },
      body: JSON.stringify({ data: { type: 'prospect', attributes: { firstName: 'Inès', lastName: 'Moreau', emails: [email], title: 'VP Sales' } } }),
    });
    const prospectId = String(created.data.id);

    // The prospect's webhook creates the person's Contact, keyed by the prospect id.
    const contact = await vi.waitFor(async () => {
      const found = await sfRecord('Contact', (r) => r['Outreach_Prospect_Id__c'] === prospectId);
      expect(found).toMatchObject({ Email: email, LastName: 'Moreau', Title: 'VP Sales' });
      return found as Row;
    }, WAIT);

    const mailing = await postJson<{ data: { id: number } }>(`${hub.outreach.url}/__sandbox/mailings`, { prospectId: Number(prospectId), subject: 'Following up on the pilot' });

    const task = await vi.waitFor(async () => {
      const found = await sfRecord('Task', (r) => r['Outreach_Activity_Id__c'] === `mailing:${mailing.data.id}`);
      expect(found).toBeDefined();
      return found as Row;
    }, WAIT);
    expect(task).toMatchObject({ WhoId: contact['Id'], Subject: 'Following up on the pilot', Type: 'Email' });
    prospect = { id: prospectId, contactId: String(contact['Id']) };
    expect(task['ActivityDate']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("mirrors the prospect's sequence status on its Contact; a rep's Paused pauses the sequence, a status only Outreach sets is put back", async () => {
    expect(prospect.id).not.toBe('');
    const token = await outreachToken();
    const sequenced = await getJson<{ data: { id: number } }>(`${hub.outreach.url}/api/v2/sequenceStates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.api+json' },
      body: JSON.stringify({ data: { type: 'sequenceState', relationships: { prospect: { data: { type: 'prospect', id: Number(prospect.id) } }, sequence: { data: { type: 'sequence', id: 1 } } } } }),
    });
    const sequenceState = async () => (await sandboxRecords(hub.outreach.url, 'sequenceState')).find((r) => r['id'] === sequenced.data.id)?.['attributes'] as Row | undefined;

    const contact = async () => (await sfRecord('Contact', (r) => r['Id'] === prospect.contactId)) as Row;
    const processedFor = (key: string) => logs.filter((l) => l.line.includes('"change processed"')).map((l) => JSON.parse(l.line) as Row).filter((l) => l['recordKey'] === key);

    await vi.waitFor(async () => expect((await contact())['Outreach_Status__c']).toBe('Active'), WAIT);
    const seen = processedFor(`outreach:prospect:${prospect.id}`).length;
    await salesforce.sobject('Contact').update({ Id: prospect.contactId, Outreach_Status__c: 'Paused' });
    const editedAt = (await contact())['SystemModstamp'];

    await vi.waitFor(async () => expect((await sequenceState())?.['state']).toBe('paused'), WAIT);
    // Outreach's own webhook for the pause comes back: whether it is taken for an echo or finds Salesforce already
    // holding the value depends on which is processed first; either way nothing is written to the Contact.
    await vi.waitFor(() => expect(processedFor(`outreach:prospect:${prospect.id}`).slice(seen).map((l) => l['status'])).toEqual(expect.arrayContaining([expect.stringMatching(/^(ignored|synced)$/)])), WAIT);
    expect(await contact()).toMatchObject({ Outreach_Status__c: 'Paused' });
    // Nothing from Outreach was written to the Contact since the rep's edit (the rep's own change may have written
    // the new HubSpot contact's id back to it, once).
    const sinceEdit = (await auditOf(hub, `salesforce:Contact:${prospect.contactId}`)).filter((e) => e.at > String(editedAt).replace('+0000', 'Z'));
    expect(sinceEdit.filter((e) => e.sourceKey.startsWith('outreach:'))).toEqual([]);

    // A status only Outreach sets: the sequence stays as it is, and the Contact gets Outreach's own status back.
    await salesforce.sobject('Contact').update({ Id: prospect.contactId, Outreach_Status__c: 'Opted Out' });
    await vi.waitFor(async () => expect((await contact())['Outreach_Status__c']).toBe('Paused'), WAIT);
    expect((await sequenceState())?.['state']).toBe('paused');
  });

  it("writes a Gong call's insights to the Gong_* fields of its Opportunity and Contact, and logs the call as a Task", async () => {
    const [opportunity] = (await salesforce.query<{ Id: string; AccountId: string }>("SELECT Id, AccountId FROM Opportunity WHERE Name = 'Contoso lab expansion'")).records;
    const [contact] = (await salesforce.query<{ Id: string }>(`SELECT Id FROM Contact WHERE AccountId = '${opportunity?.AccountId ?? ''}' LIMIT 1`)).records;
    const started = '2026-11-30T15:00:00.000Z';

    const { call } = await postJson<{ call: { metaData: { id: string; url: string } } }>(`${hub.gong.url}/__sandbox/calls`, {
      title: 'Contoso: lab expansion pricing',
      started,
      duration: 2400,
      media: 'Video',
      salesforceOpportunityId: opportunity?.Id,
      salesforceAccountId: opportunity?.AccountId,
      salesforceContactIds: [contact?.Id],
      trackers: [{ name: 'Competitor: Globex', count: 3, type: 'competitor' }],
      talkRatio: 0.42,
    });

    await vi.waitFor(async () => {
      // Salesforce answers datetimes as 2026-11-30T15:00:00.000+0000: compared as instants.
      const opp = await sfRecord('Opportunity', (r) => r['Id'] === opportunity?.Id);
      expect(opp).toMatchObject({ Gong_Talk_Ratio__c: 0.42, Gong_Competitor_Mentioned__c: 'Globex', Gong_Last_Call_Url__c: call.metaData.url });
      expect(Date.parse(String(opp?.['Gong_Last_Call_Date__c']))).toBe(Date.parse(started));
      const person = await sfRecord('Contact', (r) => r['Id'] === contact?.Id);
      expect(person).toMatchObject({ Gong_Last_Call_Url__c: call.metaData.url });
      expect(Date.parse(String(person?.['Gong_Last_Call_Date__c']))).toBe(Date.parse(started));
      expect(await sfRecord('Task', (r) => r['Gong_Call_Id__c'] === call.metaData.id)).toMatchObject({ WhoId: contact?.Id, WhatId: opportunity?.Id, Subject: 'Contoso: lab expansion pricing', Type: 'Meeting', CallDurationInSeconds: 2400 });
    }, WAIT);
    // Gong only updates: no Opportunity or Contact was created for it.
    expect((await sandboxRecords(hub.salesforce.url, 'Opportunity')).length).toBe(4);
  });

  it('updates the billing fields of the Account a Stripe invoice.paid belongs to', async () => {
    const { invoice } = await postJson<{ invoice: { id: string; number: string } }>(`${hub.stripe.url}/__sandbox/invoices`, { customer: 'cus_SyncNorthwind01', amount: 480_000, currency: 'eur' });
    await postJson(`${hub.stripe.url}/__sandbox/invoices/${invoice.id}/pay`, {});

    await vi.waitFor(async () => {
      const account = await sfRecord('Account', (r) => r['Stripe_Customer_Id__c'] === 'cus_SyncNorthwind01');
      expect(account).toMatchObject({ Name: 'Northwind Traders', Stripe_Last_Payment_Amount__c: 4800, Stripe_Currency__c: 'EUR', Stripe_Payment_Status__c: 'Paid', Stripe_Last_Invoice__c: invoice.number });
      expect(Date.parse(String(account?.['Stripe_Last_Payment_Date__c']))).toBeGreaterThan(0);
    }, WAIT);
  });

  it('quarantines a Stripe customer no Account holds, creating nothing', async () => {
    const before = (await sandboxRecords(hub.salesforce.url, 'Account')).length;
    const { invoice } = await postJson<{ invoice: { id: string } }>(`${hub.stripe.url}/__sandbox/invoices`, { customer: 'cus_SyncGlobex00099', amount: 1500 });
    await postJson(`${hub.stripe.url}/__sandbox/invoices/${invoice.id}/pay`, {});

    await vi.waitFor(() => expect(processed((id) => id.startsWith('evt_')).some((l) => l['status'] === 'quarantined')).toBe(true), WAIT);
    expect((await sandboxRecords(hub.salesforce.url, 'Account')).length).toBe(before);
  });

  it("enriches a new company from ZoomInfo: its Account gets ZoomInfo's industry, head count and revenue, HubSpot the numbers", async () => {
    // The earlier tests' changes (a Stripe invoice's Account, looked up too when first seen) are through first: the
    // lookups counted below are this company's alone.
    await vi.waitFor(async () => expect(await queuesDrained(hub)).toBe(true), WAIT);
    const before = await sandboxCounts(hub.zoominfo.url);
    const company = await hubspotClient(hub).crm.companies.basicApi.create({ properties: { name: 'Vandelay Industries', domain: 'vandelay.example' }, associations: [] });

    await vi.waitFor(async () => {
      const account = await sfRecord('Account', (r) => r['HubSpot_Company_Id__c'] === company.id);
      // ZoomInfo's own values (its sandbox seeds them for the demo companies), never its spelling of the name.
      expect(account).toMatchObject({ Name: 'Vandelay Industries', Industry: 'Wholesale', NumberOfEmployees: 45, AnnualRevenue: 8_200_000 });
    }, WAIT);
    await vi.waitFor(async () => {
      const properties = (await sandboxRecords(hub.hubspot.url, 'companies')).find((c) => String(c['id']) === company.id)?.['properties'] as Record<string, string> | undefined;
      expect(properties).toMatchObject({ numberofemployees: '45', annualrevenue: '8200000' });
      expect(properties?.['industry'] ?? null).toBeNull();
    }, WAIT);
    const after = await sandboxCounts(hub.zoominfo.url);
    expect((after['enrichCompany'] ?? 0) - (before['enrichCompany'] ?? 0)).toBe(1);
  });

  it('carries a Salesforce edit to HubSpot through its Outbound Message, acknowledged', async () => {
    const [contact] = (await salesforce.query<{ Id: string }>('SELECT Id FROM Contact WHERE HubSpot_Id__c != null ORDER BY CreatedDate LIMIT 1')).records;
    const title = `Head of Platform ${Date.now()}`;

    await salesforce.sobject('Contact').update({ Id: contact?.Id ?? '', Title: title });

    await vi.waitFor(async () => {
      const synced = (await sandboxRecords(hub.hubspot.url, 'contacts')).find((c) => (c['properties'] as Record<string, string>)['syncline_salesforce_id'] === contact?.Id);
      expect((synced?.['properties'] as Record<string, string> | undefined)?.['jobtitle']).toBe(title);
    }, WAIT);
    // Every message is acknowledged; the last ones (Syncline's own writes coming back) may still be on their way.
    await vi.waitFor(async () => {
      const { messages } = await getJson<{ messages: { state: string; notifications: unknown[] }[] }>(`${hub.salesforce.url}/__sandbox/outbound-messages`);
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.filter((m) => m.state !== 'delivered').map((m) => m.state)).toEqual([]);
    }, WAIT);
    // The change came by its notification (the pollers run every 10 minutes here): the Salesforce webhook accepted
    // it, named by the record's version (Id and SystemModstamp), the name a poll of the same version would give it.
    // Log lines reach the test from the functions' workers a moment after their answers: waited for as states.
    await vi.waitFor(() => {
      expect(processed((id) => id.startsWith(`${contact?.Id}-`)).some((l) => l['status'] === 'synced')).toBe(true);
      expect(logs.some((l) => /salesforce/i.test(l.fn) && l.line.includes('"webhook accepted"'))).toBe(true);
    }, WAIT);
  });
});
