import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDbStateStore } from '#adapters/aws/dynamodb-state-store';
import type { Hub } from '#local/hub';
import { auditOf, hubspotClient, sandboxCounts, sandboxRecords, startTestHub, salesforceConnection } from '#test/support/hub-client';
import { dynamoClients } from '#test/support/local-aws';

const WAIT = { timeout: 60_000, interval: 200 };

describe('Salesforce lead conversion through the local hub', () => {
  let hub: Hub;
  let salesforce: Connection;
  const logs: string[] = [];
  beforeAll(async () => {
    // The pollers run every second instead of at their own rate.
    hub = await startTestHub({ scheduleIntervalMs: 1000, log: (_fn, line) => logs.push(line) });
    salesforce = salesforceConnection(hub);
  });
  afterAll(() => hub?.stop());

  /** The hub's sync state in DynamoDB Local: the links of the entity a record belongs to. */
  async function linksOf(recordKey: string): Promise<Record<string, string> | undefined> {
    const table = Object.entries(hub.aws.tables).find(([id]) => id.toLowerCase().includes('state'))?.[1];
    if (!table) throw new Error(`no state table among ${Object.keys(hub.aws.tables).join(', ')}`);
    const state = new DynamoDbStateStore(dynamoClients(hub.aws.dynamodbEndpoint).documents, table);
    const entityId = await state.entityOf(recordKey);
    return entityId ? (await state.getEntity(entityId))?.links : undefined;
  }
  const salesforceRecord = async (object: string, id: string) => (await sandboxRecords(hub.salesforce.url, object)).find((r) => r['Id'] === id);

  it('a Lead converted in the Salesforce sandbox keeps receiving updates on its Contact', async () => {
    // The first poll of each object sets its starting point to "now": create only once a whole run has finished (a
    // count of queryAll calls can be reached by the Contact poll alone, whose first call answers 401 before a refresh).
    await vi.waitFor(() => expect(logs.some((line) => line.includes('"poll finished"'))).toBe(true), WAIT);
    const email = `ada.lovelace.${Date.now()}@analytical.example`;
    const { id: leadId } = (await salesforce.sobject('Lead').create({ FirstName: 'Ada', LastName: 'Lovelace', Email: email, Title: 'Analyst', Company: 'Analytical Engines' })) as { id: string };

    // The Lead syncs to HubSpot as a contact keyed by the Lead's Id.
    const hubspotId = await vi.waitFor(async () => {
      const found = (await sandboxRecords(hub.hubspot.url, 'contacts')).find((c) => (c['properties'] as Record<string, string>)['syncline_salesforce_id'] === leadId);
      expect(found).toBeDefined();
      return String(found?.['id']);
    }, WAIT);
    // (The person is an Outreach prospect too: Salesforce people sync there as well.)
    await vi.waitFor(async () => expect(await linksOf(`hubspot:contacts:${hubspotId}`)).toMatchObject({ salesforce: `Lead:${leadId}`, hubspot: `contacts:${hubspotId}` }), WAIT);

    const { contactId } = await salesforce.soap.convertLead({ leadId, convertedStatus: 'Closed - Converted', doNotCreateOpportunity: true });
    const contactsAfterConversion = (await sandboxRecords(hub.salesforce.url, 'Contact')).length;

    // The poller reports the conversion; the person's Salesforce link moves to the Contact.
    await vi.waitFor(async () => expect((await linksOf(`hubspot:contacts:${hubspotId}`))?.['salesforce']).toBe(`Contact:${contactId}`), WAIT);

    // HubSpot owns the lead score: its change is written to the Contact, by the Contact's Id.
    await hubspotClient(hub).crm.contacts.basicApi.update(hubspotId, { properties: { hubspotscore: '88' } });
    await vi.waitFor(async () => expect(await salesforceRecord('Contact', contactId ?? '')).toMatchObject({ HubSpot_Lead_Score__c: 88, Email: email }), WAIT);

    // The audit entry is written right after the Contact is: wait for that state too, not for the first read.
    await vi.waitFor(async () => {
      const audit = await auditOf(hub, `salesforce:Contact:${contactId}`);
      expect(audit.map((e) => [e.field, e.before, e.after, e.sourceKey])).toContainEqual(['HubSpot_Lead_Score__c', null, 88, `hubspot:contacts:${hubspotId}`]);
    }, WAIT);
    expect((await auditOf(hub, `salesforce:Lead:${leadId}`)).filter((e) => e.field === 'HubSpot_Lead_Score__c')).toEqual([]);
    const lead = await salesforceRecord('Lead', leadId);
    expect(lead).toMatchObject({ IsConverted: true, ConvertedContactId: contactId });
    expect(lead?.['HubSpot_Lead_Score__c'] ?? null).toBeNull();
    // No Salesforce record was created for the person after the conversion's own Contact, and HubSpot still has one contact.
    expect((await sandboxRecords(hub.salesforce.url, 'Contact')).length).toBe(contactsAfterConversion);
    expect((await sandboxRecords(hub.hubspot.url, 'contacts')).filter((c) => (c['properties'] as Record<string, string>)['email'] === email)).toHaveLength(1);
    expect(await linksOf(`salesforce:Contact:${contactId}`)).toMatchObject({ salesforce: `Contact:${contactId}`, hubspot: `contacts:${hubspotId}` });
    expect((await sandboxCounts(hub.salesforce.url))['convertLead']).toBe(1);
  });
});
