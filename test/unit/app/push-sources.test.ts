import { describe, expect, it } from 'vitest';
import { processChange, REFERENCE_ATTEMPTS } from '#app/process-change';
import { PendingReference } from '#app/resolve-references';
import type { ChangeEvent, FieldValues } from '#domain/change-event';
import { processorSetup } from '#test/support/processor-setup';
import { MemoryReader, MemoryWriter } from '#test/support/fakes';

/** The processor with Outreach as a read/write system, besides the HubSpot and Salesforce fakes. */
function setup() {
  const base = processorSetup({ enable: ['hubspot', 'salesforce', 'outreach', 'gong', 'stripe'] });
  const outreachRecords = new MemoryReader();
  const outreach = new MemoryWriter('9', outreachRecords);
  base.deps.readers['outreach'] = outreachRecords;
  base.deps.writers['outreach'] = outreach;
  return { ...base, outreachRecords, outreach };
}

const event = (source: string, objectType: string, sourceId: string, eventId: string, extra: Partial<ChangeEvent> = {}): ChangeEvent => ({
  source,
  objectType,
  sourceId,
  eventId,
  occurredAt: '2026-11-30T10:00:00.000Z',
  kind: 'upsert',
  fields: {},
  ...extra,
});
const snapshot = (source: string, objectType: string, sourceId: string, eventId: string, fields: FieldValues) => event(source, objectType, sourceId, eventId, { snapshot: true, fields });

describe('changes pushed whole (snapshots)', () => {
  it('takes a snapshot as the read: a Gong call updates the Contact it names by its Salesforce id, nothing read, nothing created', async () => {
    const { deps, salesforce, salesforceRecords } = setup();
    salesforce.records.set('existing', { Id: '003000000000000777', LastName: 'Lovelace' });

    const result = await processChange(deps, snapshot('gong', 'contact', '003000000000000777', 'c1:contact', { started: '2026-11-30T09:00:00Z', url: 'https://app.gong.io/call?id=c1' }));

    expect(result).toMatchObject({ status: 'synced', writes: [{ target: 'salesforce', recordKey: 'salesforce:Contact:003000000000000777', created: false }] });
    expect(salesforce.calls).toEqual([]);
    expect(salesforce.updates).toEqual([{ objectType: 'Contact', records: [{ id: '003000000000000777', fields: { Gong_Last_Call_Date__c: '2026-11-30T09:00:00.000Z', Gong_Last_Call_Url__c: 'https://app.gong.io/call?id=c1' } }] }]);
    expect(salesforceRecords.calls).toEqual([]);
  });

  it('joins a Gong contact to the person Syncline already links to that Salesforce Contact', async () => {
    const { deps, salesforceRecords, salesforce, state } = setup();
    salesforceRecords.records.set('003000000000000001', { Email: 'ada@example.com', LastName: 'Lovelace' });
    salesforce.records.set('ada', { Id: '003000000000000001' });
    expect(await processChange(deps, event('salesforce', 'Contact', '003000000000000001', 's1'))).toMatchObject({ status: 'synced' });
    const person = await state.entityOf('salesforce:Contact:003000000000000001');

    expect(await processChange(deps, snapshot('gong', 'contact', '003000000000000001', 'c1:contact', { started: '2026-11-30T09:00:00Z' }))).toMatchObject({ status: 'synced' });

    expect(await state.entityOf('gong:contact:003000000000000001')).toBe(person);
  });
});

describe('update-only syncs (create: false)', () => {
  it('updates the Account whose Stripe_Customer_Id__c holds the customer', async () => {
    const { deps, salesforce, salesforceRecords } = setup();
    salesforceRecords.records.set('001000000000000042', { Name: 'Acme', Stripe_Customer_Id__c: 'cus_42' });
    salesforce.records.set('acme', { Id: '001000000000000042' });

    const result = await processChange(deps, snapshot('stripe', 'customer', 'cus_42', 'evt_1', { invoice_paid_at: '2026-11-30T09:59:00Z', invoice_amount_paid: 1200.5, invoice_currency: 'EUR', payment_status: 'paid', invoice_number: 'INV-7' }));

    expect(result).toMatchObject({ status: 'synced', writes: [{ recordKey: 'salesforce:Account:001000000000000042', created: false }] });
    expect(salesforce.calls).toEqual([]);
    expect(salesforce.updates.at(-1)?.records[0]?.fields).toEqual({
      Stripe_Last_Payment_Date__c: '2026-11-30T09:59:00.000Z',
      Stripe_Last_Payment_Amount__c: 1200.5,
      Stripe_Currency__c: 'EUR',
      Stripe_Payment_Status__c: 'Paid',
      Stripe_Last_Invoice__c: 'INV-7',
    });
  });

  it('quarantines a customer no Account holds, with what to do, and creates nothing', async () => {
    const { deps, salesforce, quarantine } = setup();

    const result = await processChange(deps, snapshot('stripe', 'customer', 'cus_404', 'evt_2', { payment_status: 'failed' }));

    expect(result).toMatchObject({ status: 'quarantined', code: 'NOT_IN_TARGET' });
    expect((await quarantine.get('stripe:customer:cus_404'))?.reason).toMatch(/Stripe_Customer_Id__c = cus_404/);
    expect(salesforce.calls).toEqual([]);
    expect(salesforce.updates).toEqual([]);
  });
});

describe('references between records', () => {
  it("writes an Outreach e-mail as a Task on the Contact its prospect became (WhoId is Salesforce's id)", async () => {
    const { deps, outreachRecords, outreach, salesforce } = setup();
    outreachRecords.records.set('42', { email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' });
    await processChange(deps, event('outreach', 'prospect', '42', 'p1'));
    const contactId = salesforce.records.get('42')?.Id;
    expect(contactId).toBe('003000000000000001');
    // The prospect learns the Contact's id.
    expect(outreach.updates).toEqual([{ objectType: 'prospect', records: [{ id: '42', fields: { externalId: contactId } }] }]);
    outreachRecords.records.set('m1', { subject: 'Following up', kind: 'mailing', occurredAt: '2026-11-30T09:30:00Z', prospectId: '42' });

    const result = await processChange(deps, event('outreach', 'mailing', 'm1', 'mailing.delivered:m1'));

    expect(result).toMatchObject({ status: 'synced', writes: [{ target: 'salesforce', created: true }] });
    expect(salesforce.calls.at(-1)).toEqual({ objectType: 'Task', externalIdField: 'Outreach_Activity_Id__c', records: [{ externalId: 'mailing:m1', fields: { WhoId: contactId, Subject: 'Following up', Type: 'Email', ActivityDate: '2026-11-30' } }] });
  });

  it('retries an activity whose person is not linked yet, then quarantines it with the reason', async () => {
    const { deps, outreachRecords, salesforce, quarantine } = setup();
    outreachRecords.records.set('m2', { subject: 'Hello', kind: 'mailing', occurredAt: '2026-11-30T09:30:00Z', prospectId: '404' });
    const mailing = event('outreach', 'mailing', 'm2', 'mailing.delivered:m2');

    await expect(processChange(deps, mailing, { attempt: 1 })).rejects.toBeInstanceOf(PendingReference);
    const result = await processChange(deps, mailing, { attempt: REFERENCE_ATTEMPTS });

    expect(result).toMatchObject({ status: 'quarantined', code: 'REFERENCE_UNRESOLVED' });
    expect((await quarantine.get('outreach:mailing:m2'))?.reason).toMatch(/outreach person 404/);
    expect(salesforce.calls).toEqual([]);
  });

  it('names a Gong call’s Opportunity and Contact by their Salesforce ids even when Syncline links neither', async () => {
    const { deps, salesforce } = setup();

    await processChange(deps, snapshot('gong', 'call', 'g1', 'g1:call', { title: 'Discovery', kind: 'meeting', started: '2026-11-30T08:00:00Z', duration: 1800, contactId: '003000000000000009', opportunityId: '006000000000000009' }));

    expect(salesforce.calls).toEqual([{ objectType: 'Task', externalIdField: 'Gong_Call_Id__c', records: [{ externalId: 'g1', fields: { WhoId: '003000000000000009', WhatId: '006000000000000009', Subject: 'Discovery', Type: 'Meeting', ActivityDate: '2026-11-30', CallDurationInSeconds: 1800 } }] }]);
  });
});
