import { describe, expect, it } from 'vitest';
import { processChange } from '#app/process-change';
import { repointConversion, repointConvertedLead } from '#app/repoint-conversion';
import type { ChangeEvent } from '#domain/change-event';
import { PermanentError } from '#domain/errors';
import { MetricName } from '#ports/metrics';
import { processorSetup } from '#test/support/processor-setup';

const LEAD = '00QDn0000000001AAA';
const CONTACT = '003Dn0000000001AAA';
const ADA = { Email: 'ada@example.com', FirstName: 'Ada', LastName: 'Lovelace', Title: 'Analyst' };

const setup = processorSetup;

let minute = 0;
const at = () => new Date(Date.parse('2026-11-23T09:00:00Z') + ++minute * 60_000).toISOString();
const change = (objectType: string, sourceId: string, eventId: string): ChangeEvent => ({ source: 'salesforce', objectType, sourceId, eventId, occurredAt: at(), kind: 'upsert', fields: {} });
const conversion = (contactId = CONTACT, leadId = LEAD): ChangeEvent => ({ source: 'salesforce', objectType: 'Contact', sourceId: contactId, eventId: `${leadId}-converted`, occurredAt: at(), kind: 'convert', fields: { convertedFrom: `Lead:${leadId}` } });

/** A Lead Syncline synced to HubSpot (one HubSpot contact, linked), then converted in Salesforce into CONTACT. */
async function syncedLeadThenConverted() {
  const world = setup();
  world.salesforceRecords.records.set(LEAD, { ...ADA, Company: 'Analytical Engines' });
  await processChange(world.deps, change('Lead', LEAD, 'lead-created'));
  const hubspotId = String((await world.state.getEntity(`salesforce:Lead:${LEAD}`))?.links['hubspot']).split(':')[1] ?? '';
  world.hubspot.records.set(hubspotId, { Id: hubspotId, ...ADA });
  // Conversion: the Lead is read-only and reads as gone; the Contact holds the Lead's mapped fields.
  world.salesforceRecords.records.delete(LEAD);
  world.salesforceRecords.records.set(CONTACT, { ...ADA });
  world.salesforceRecords.conversions.set(LEAD, `Contact:${CONTACT}`);
  world.salesforce.records.set('converted', { Id: CONTACT, ...ADA });
  return { ...world, hubspotId, entityId: `salesforce:Lead:${LEAD}` };
}

describe('repointConversion', () => {
  it("moves the entity's Salesforce link from the Lead to its Contact, and writes the new link", async () => {
    const { deps, state, metrics, entityId } = await syncedLeadThenConverted();

    const result = await repointConversion(deps, conversion());

    expect(result).toEqual({ status: 'repointed', entityId });
    expect((await state.getEntity(entityId))?.links['salesforce']).toBe(`Contact:${CONTACT}`);
    expect(await state.entityOf(`salesforce:Contact:${CONTACT}`)).toBe(entityId);
    expect(metrics.of(MetricName.LinksRepointed)).toBe(1);
  });

  it('lets a later HubSpot change update the Contact by its Id: no new Salesforce record, nothing sent to the Lead', async () => {
    const { deps, hubspotRecords, salesforce, hubspot, hubspotId } = await syncedLeadThenConverted();
    await repointConversion(deps, conversion());
    // The HubSpot contact was upserted by the Lead's id, which it still holds.
    const contact = { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace', jobtitle: 'Analyst', company: 'Analytical Engines', syncline_salesforce_id: LEAD };
    hubspotRecords.records.set(hubspotId, { ...contact, hubspotscore: '88' });
    const linkedBefore = hubspot.updates.length;

    const result = await processChange(deps, { source: 'hubspot', objectType: 'contacts', sourceId: hubspotId, eventId: 'score', occurredAt: at(), kind: 'upsert', fields: {} });

    // The HubSpot contact now names the Contact as its Salesforce record.
    expect(result).toMatchObject({
      status: 'synced',
      writes: [
        { target: 'salesforce', recordKey: `salesforce:Contact:${CONTACT}`, created: false },
        { target: 'hubspot', recordKey: `hubspot:contacts:${hubspotId}`, created: false, changes: [{ field: 'syncline_salesforce_id', before: null, after: CONTACT }] },
      ],
      unchanged: [],
    });
    // The Lead got the HubSpot contact's id once, when it was synced, before its conversion; nothing since.
    expect(salesforce.updates).toEqual([
      { objectType: 'Lead', records: [{ id: LEAD, fields: { HubSpot_Id__c: hubspotId } }] },
      { objectType: 'Contact', records: [{ id: CONTACT, fields: { HubSpot_Lead_Score__c: 88 } }] },
    ]);
    expect(salesforce.calls).toEqual([]);
    expect(hubspot.updates.slice(linkedBefore)).toEqual([{ objectType: 'contacts', records: [{ id: hubspotId, fields: { syncline_salesforce_id: CONTACT } }] }]);

    // Once it holds the Contact's id, a later change writes that link no more.
    hubspotRecords.records.set(hubspotId, { ...contact, syncline_salesforce_id: CONTACT, hubspotscore: '90' });
    const rescored = await processChange(deps, { source: 'hubspot', objectType: 'contacts', sourceId: hubspotId, eventId: 'rescore', occurredAt: at(), kind: 'upsert', fields: {} });
    expect(rescored).toMatchObject({ status: 'synced', writes: [{ target: 'salesforce', changes: [{ field: 'HubSpot_Lead_Score__c', before: 88, after: 90 }] }], unchanged: ['hubspot'] });
    expect(hubspot.updates).toHaveLength(linkedBefore + 1);
  });

  it("carries over what Syncline knew the Lead held, so the Contact's own change is no news and writes nothing", async () => {
    const { deps, hubspot } = await syncedLeadThenConverted();
    await repointConversion(deps, conversion());
    const writesBefore = hubspot.calls.length + hubspot.updates.length;

    const result = await processChange(deps, change('Contact', CONTACT, 'contact-created'));

    expect(result).toEqual({ status: 'ignored', reason: 'no-news' });
    expect(hubspot.calls.length + hubspot.updates.length).toBe(writesBefore);
  });

  it('takes a second report of the same conversion as no news, storing nothing', async () => {
    const { deps, state, metrics, entityId } = await syncedLeadThenConverted();
    await repointConversion(deps, conversion());
    const version = (await state.getEntity(entityId))?.version;

    expect(await repointConversion(deps, conversion())).toEqual({ status: 'ignored', reason: 'no-news' });
    expect((await state.getEntity(entityId))?.version).toBe(version);
    expect(metrics.of(MetricName.LinksRepointed)).toBe(1);
  });

  it('ignores the conversion of a Lead Syncline never linked, and a conversion that names no converted record', async () => {
    const { deps, state } = setup();

    expect(await repointConversion(deps, conversion())).toEqual({ status: 'ignored', reason: 'not-linked' });
    expect(await repointConversion(deps, { ...conversion(), fields: {} })).toEqual({ status: 'ignored', reason: 'not-propagated' });
    expect(state.entities.size).toBe(0);
  });

  it('fails with CONVERT_CONFLICT when the Contact already belongs to another entity, and moves nothing', async () => {
    const { deps, state, salesforceRecords, entityId } = await syncedLeadThenConverted();
    salesforceRecords.records.set('003Dn0000000002AAA', { Email: 'byron@example.com', LastName: 'Byron' });
    await processChange(deps, change('Contact', '003Dn0000000002AAA', 'byron'));

    const failure = repointConversion(deps, conversion('003Dn0000000002AAA'));

    await expect(failure).rejects.toBeInstanceOf(PermanentError);
    await expect(failure).rejects.toMatchObject({ code: 'CONVERT_CONFLICT', message: expect.stringContaining('merge their records in the other systems first') });
    expect((await state.getEntity(entityId))?.links['salesforce']).toBe(`Lead:${LEAD}`);
  });
});

describe('repointConvertedLead', () => {
  it('moves the link in place when the held Lead was converted into the matched Contact', async () => {
    const { deps, state, metrics, entityId } = await syncedLeadThenConverted();
    const entity = (await state.getEntity(entityId))!;

    const moved = await repointConvertedLead(deps, entity, { source: 'salesforce', objectType: 'Contact', sourceId: CONTACT });

    expect(moved).toBe(true);
    expect(entity.links['salesforce']).toBe(`Contact:${CONTACT}`);
    expect(metrics.of(MetricName.LinksRepointed)).toBe(1);
    // In place only: the caller stores the entity.
    expect((await state.getEntity(entityId))?.links['salesforce']).toBe(`Lead:${LEAD}`);
  });

  it('changes nothing for a Contact the Lead did not become, a Lead not converted, or a reader that cannot tell', async () => {
    const { deps, state, salesforceRecords, entityId } = await syncedLeadThenConverted();
    const entity = (await state.getEntity(entityId))!;
    const other = { source: 'salesforce', objectType: 'Contact', sourceId: '003Dn0000000009AAA' };

    const notThisContact = await repointConvertedLead(deps, entity, other);
    salesforceRecords.conversions.clear();
    const notConverted = await repointConvertedLead(deps, entity, { ...other, sourceId: CONTACT });
    const cannotTell = await repointConvertedLead({ ...deps, readers: { salesforce: { read: async () => null } } }, entity, { ...other, sourceId: CONTACT });

    expect([notThisContact, notConverted, cannotTell]).toEqual([false, false, false]);
    expect(entity.links['salesforce']).toBe(`Lead:${LEAD}`);
  });
});
