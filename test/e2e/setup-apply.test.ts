import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hub } from '#local/hub';
import { operatorCli } from '#test/support/operator-cli';
import { hubspotClient, salesforceConnection, sandboxRecords, startTestHub } from '#test/support/hub-client';

const WAIT = { timeout: 60_000, interval: 300 };

describe('a new org and portal: `syncline setup --apply` creates what the contract needs, and `check` then passes', () => {
  let hub: Hub;
  let syncline: ReturnType<typeof operatorCli>;
  beforeAll(async () => {
    hub = await startTestHub({ bareCrms: true });
    syncline = operatorCli(hub);
  });
  afterAll(() => hub?.stop());

  it('check fails naming the missing fields; setup --apply creates them (Tooling API, properties API) and the webhook subscriptions; check passes; a second apply creates nothing; a contact then syncs into the new fields', async () => {
    const before = await syncline('check');
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('salesforce Contact has no field HubSpot_Id__c');
    expect(before.stdout).toContain('hubspot contacts has no field syncline_salesforce_id');

    const applied = await syncline('setup', '--apply');

    expect(applied.stdout).toContain('salesforce Contact.HubSpot_Id__c: created (Text(255), External ID, Unique (case-insensitive))');
    expect(applied.stdout).toContain('salesforce Contact.HubSpot_Lifecycle_Stage__c: created (Picklist (restricted): Subscriber, Lead, MQL, SQL, Opportunity, Customer)');
    expect(applied.stdout).toContain('hubspot contacts.syncline_salesforce_id: created (type string, fieldType text, hasUniqueValue true)');
    // Fields made through the API are hidden from every profile until a permission set grants them.
    expect(applied.stdout).toContain('Access for the integration (salesforce):\n  - permission set Syncline_Integration created');
    expect(applied.stdout).toContain('  - read and edit of Contact.HubSpot_Id__c granted');
    expect(applied.stdout).toMatch(/permission set Syncline_Integration assigned to the integration user 005/);
    expect(applied.stdout).toContain('Salesforce: map the Lead fields to the Contact\'s in Setup');
    expect(applied.stdout).toMatch(/HubSpot webhook subscriptions: \d+ made \(contact\.creation, contact\.deletion, contact\.merge, contact\.propertyChange of [^)]*hubspotscore/);
    expect(applied.stdout).toContain('To make by hand (an Outbound Message needs the flow or workflow rule that sends it):');
    expect(applied.stdout).toContain('syncline check: no problems.');
    expect(applied).toMatchObject({ code: 0 });
    expect((await syncline('check')).code).toBe(0);
    const again = await syncline('setup', '--apply');
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('Nothing to create: every field the contract maps exists.') });
    expect(again.stdout).toMatch(/HubSpot webhook subscriptions: all \d+ in place\./);

    // The fields are what describe and the properties API report, with the flags upserts and picklist checks rely on.
    const describe = await salesforceConnection(hub).sobject('Contact').describe();
    const field = (name: string) => describe.fields.find((f) => f.name === name);
    expect(field('HubSpot_Id__c')).toMatchObject({ type: 'string', length: 255, externalId: true, unique: true });
    expect(field('HubSpot_Lifecycle_Stage__c')).toMatchObject({ type: 'picklist', restrictedPicklist: true });
    expect(field('HubSpot_Lifecycle_Stage__c')?.picklistValues?.map((v) => v.value)).toEqual(['Subscriber', 'Lead', 'MQL', 'SQL', 'Opportunity', 'Customer']);
    expect(field('Syncline_Deleted__c')).toMatchObject({ type: 'boolean' });
    const property = await hubspotClient(hub).crm.properties.coreApi.getByName('contacts', 'syncline_salesforce_id');
    expect(property).toMatchObject({ type: 'string', hasUniqueValue: true });

    // A contact made in HubSpot now reaches Salesforce with its score and id in the fields setup made, through the
    // subscriptions setup made (creation, then a propertyChange of the score).
    const created = await hubspotClient(hub).crm.contacts.basicApi.create({ properties: { email: 'new.org@example.com', firstname: 'Nova', lastname: 'Org', hubspotscore: '41' }, associations: [] });
    const contact = async () => (await sandboxRecords(hub.salesforce.url, 'Contact')).find((c) => c['HubSpot_Id__c'] === created.id);
    await vi.waitFor(async () => expect(await contact()).toMatchObject({ LastName: 'Org', HubSpot_Lead_Score__c: 41 }), WAIT);
    await hubspotClient(hub).crm.contacts.basicApi.update(created.id, { properties: { hubspotscore: '77' } });
    await vi.waitFor(async () => expect(await contact()).toMatchObject({ HubSpot_Lead_Score__c: 77 }), WAIT);
  });
});
