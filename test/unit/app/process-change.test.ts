import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { processChange } from '#app/process-change';
import type { ChangeEvent } from '#domain/change-event';
import { ConcurrentChange, RetryableError } from '#domain/errors';
import { MetricName } from '#ports/metrics';
import { retryQuarantined } from '#app/retry-quarantined';
import { approveReview, rejectReview } from '#app/decide-review';
import { processorSetup } from '#test/support/processor-setup';
import { MemoryQueue, MemoryReader, MemoryWriter, type MemoryIdempotency } from '#test/support/fakes';

const setup = processorSetup;

let minute = 0;
const at = () => new Date(Date.parse('2026-11-23T09:00:00Z') + ++minute * 60_000).toISOString();
const fromHubspot = (eventId: string, sourceId = '101'): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId, eventId, occurredAt: at(), kind: 'upsert', fields: {} });
const fromSalesforce = (eventId: string, sourceId: string): ChangeEvent => ({ source: 'salesforce', objectType: 'Contact', sourceId, eventId, occurredAt: at(), kind: 'upsert', fields: {} });

describe('processChange', () => {
  it('creates the mapped Salesforce Contact by HubSpot id, links it to the entity, audits each field, and writes the link back', async () => {
    const { deps, hubspotRecords, salesforce, hubspot, audit, metrics, state } = setup();
    hubspotRecords.records.set('101', { email: ' Ada@Example.com', firstname: 'Ada', lastname: 'Lovelace', hubspotscore: '77' });

    const result = await processChange(deps, fromHubspot('e1'));

    expect(result).toMatchObject({ status: 'synced', entityId: 'hubspot:contacts:101', writes: [{ target: 'salesforce', created: true }, { target: 'hubspot', created: false }] });
    expect(salesforce.calls).toEqual([{ objectType: 'Contact', externalIdField: 'HubSpot_Id__c', records: [{ externalId: '101', fields: { Email: 'ada@example.com', FirstName: 'Ada', LastName: 'Lovelace', HubSpot_Lead_Score__c: 77 } }] }]);
    // The HubSpot contact learns its Salesforce id, once.
    expect(hubspot.updates).toEqual([{ objectType: 'contacts', records: [{ id: '101', fields: { syncline_salesforce_id: '003000000000000001' } }] }]);
    expect(audit.entries.map((e) => [e.field, e.before, e.after])).toEqual([
      ['Email', null, 'ada@example.com'],
      ['FirstName', null, 'Ada'],
      ['HubSpot_Lead_Score__c', null, 77],
      ['LastName', null, 'Lovelace'],
      ['syncline_salesforce_id', null, '003000000000000001'],
    ]);
    expect(audit.entries[0]).toMatchObject({ recordKey: 'salesforce:Contact:003000000000000001', sourceKey: 'hubspot:contacts:101', actor: 'syncline' });
    expect(await state.entityOf('salesforce:Contact:003000000000000001')).toBe('hubspot:contacts:101');
    expect(metrics.of(MetricName.RecordsWritten)).toBe(2);
    await processChange(deps, fromHubspot('e2'));
    expect(hubspot.updates).toHaveLength(1);
  });

  it('updates the linked record by its own id with only the changed fields, before and after in the audit', async () => {
    const { deps, hubspotRecords, salesforce, audit } = setup();
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace', hubspotscore: '10' });
    await processChange(deps, fromHubspot('e1'));
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace', hubspotscore: '35', syncline_salesforce_id: '003000000000000001' });

    await processChange(deps, fromHubspot('e2'));

    expect(salesforce.updates).toEqual([{ objectType: 'Contact', records: [{ id: '003000000000000001', fields: { HubSpot_Lead_Score__c: 35 } }] }]);
    expect(audit.entries.at(-1)).toMatchObject({ field: 'HubSpot_Lead_Score__c', before: 10, after: 35 });
  });

  it("keeps filling a field the owner never set, but once Salesforce sets it, HubSpot's changes are ignored and counted", async () => {
    const { deps, hubspotRecords, salesforceRecords, salesforce, hubspot, metrics } = setup();
    hubspot.records.set('101', { Id: '101' }); // the HubSpot contact itself, as its writer sees it
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace', jobtitle: 'Analyst' });
    await processChange(deps, fromHubspot('e1'));
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace', jobtitle: 'Senior Analyst', syncline_salesforce_id: '003000000000000001' });
    await processChange(deps, fromHubspot('e2'));
    expect(salesforce.records.get('101')?.['Title']).toBe('Senior Analyst');

    // A Salesforce user sets the title: Salesforce, the system of record, has spoken; HubSpot gets it.
    salesforceRecords.records.set('003000000000000001', { Email: 'ada@example.com', LastName: 'Lovelace', Title: 'VP Engineering', HubSpot_Id__c: '101' });
    await processChange(deps, fromSalesforce('s1', '003000000000000001'));
    expect(hubspot.updates.at(-1)?.records).toEqual([{ id: '101', fields: { jobtitle: 'VP Engineering' } }]);

    const writesBefore = salesforce.calls.length + salesforce.updates.length;
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace', jobtitle: 'Chief Analyst', syncline_salesforce_id: '003000000000000001' });
    const result = await processChange(deps, fromHubspot('e3'));
    expect(salesforce.calls.length + salesforce.updates.length).toBe(writesBefore);
    expect(metrics.of(MetricName.FieldsIgnoredNotOwner)).toBe(1);
    // HubSpot's copy is corrected to the system of record's value, so the two converge.
    expect(result).toMatchObject({ status: 'synced', writes: [{ target: 'hubspot' }], unchanged: ['salesforce'] });
    expect(hubspot.updates.at(-1)?.records).toEqual([{ id: '101', fields: { jobtitle: 'VP Engineering' } }]);
  });

  it("drops Salesforce's echo of what Syncline just wrote, so nothing ping-pongs back to HubSpot", async () => {
    const { deps, hubspotRecords, salesforceRecords, hubspot, metrics } = setup();
    hubspotRecords.records.set('101', { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace', hubspotscore: '5' });
    await processChange(deps, fromHubspot('e1'));
    salesforceRecords.records.set('003000000000000001', { Email: 'ada@example.com', FirstName: 'Ada', LastName: 'Lovelace', HubSpot_Lead_Score__c: 5, HubSpot_Id__c: '101' });
    const linkBack = hubspot.updates.length;

    expect(await processChange(deps, fromSalesforce('s1', '003000000000000001'))).toEqual({ status: 'ignored', reason: 'no-news' });
    expect(hubspot.calls).toEqual([]);
    expect(hubspot.updates).toHaveLength(linkBack);
    expect(metrics.of(MetricName.EchoesDropped)).toBe(1);
  });

  it('makes no call when nothing changed since the last write', async () => {
    const { deps, hubspotRecords, salesforce } = setup();
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace' });
    await processChange(deps, fromHubspot('e1'));
    const result = await processChange(deps, fromHubspot('e2'));
    expect(result).toEqual({ status: 'ignored', reason: 'no-news' });
    expect(salesforce.calls).toHaveLength(1);
    expect(salesforce.updates).toHaveLength(0);
  });

  it('treats a redelivered event as a no-op that reads and writes nothing', async () => {
    const { deps, hubspotRecords, salesforce, metrics } = setup();
    hubspotRecords.records.set('101', { lastname: 'Lovelace', hubspotscore: '1' });
    const event = fromHubspot('e1');
    await processChange(deps, event);
    hubspotRecords.records.set('101', { lastname: 'Lovelace', hubspotscore: '2' });

    expect(await processChange(deps, event)).toEqual({ status: 'duplicate' });
    expect(salesforce.calls).toHaveLength(1);
    expect(metrics.of(MetricName.DuplicatesSkipped)).toBe(1);
  });

  it('fails with a retryable error on a vendor 429 and lets the retry process the event', async () => {
    const { deps, hubspotRecords, salesforce } = setup();
    hubspotRecords.records.set('101', { lastname: 'Lovelace' });
    salesforce.nextResult = new RetryableError('rate limited', { retryAfterMs: 1000 });
    const event = fromHubspot('e1');

    await expect(processChange(deps, event)).rejects.toBeInstanceOf(RetryableError);
    const retried = await processChange(deps, event);

    expect(retried).toMatchObject({ status: 'synced', writes: [{ target: 'salesforce', created: true }, { target: 'hubspot', created: false }] });
    expect(salesforce.records.get('101')).toMatchObject({ LastName: 'Lovelace' });
  });

  it('quarantines a record missing a required field with the reason, writing nothing; a retry after the fix syncs it', async () => {
    const { deps, hubspotRecords, salesforce, audit, state, quarantine, metrics } = setup();
    hubspotRecords.records.set('101', { email: 'no-last-name@example.com' });
    const event = fromHubspot('e1');

    expect(await processChange(deps, event)).toEqual({ status: 'quarantined', id: 'hubspot:contacts:101', code: 'REQUIRED_FIELD_MISSING', reason: 'salesforce requires lastName' });
    expect(salesforce.calls).toEqual([]);
    expect(audit.entries).toEqual([]);
    expect(state.entities.size).toBe(0);
    expect(await quarantine.list()).toEqual([expect.objectContaining({ id: 'hubspot:contacts:101', event, code: 'REQUIRED_FIELD_MISSING', attempts: 1 })]);
    expect(metrics.of(MetricName.ChangesQuarantined)).toBe(1);

    // Retried before the fix: back in the quarantine, one more attempt, still one entry.
    const queue = new MemoryQueue();
    await retryQuarantined({ quarantine, queue }, 'all');
    expect(await processChange(deps, queue.events.shift() as ChangeEvent)).toMatchObject({ status: 'quarantined', id: 'hubspot:contacts:101' });
    expect((await quarantine.list()).map((i) => i.attempts)).toEqual([2]);

    hubspotRecords.records.set('101', { email: 'no-last-name@example.com', lastname: 'Fixed' });
    expect(await retryQuarantined({ quarantine, queue }, ['hubspot:contacts:101', 'hubspot:contacts:nope'])).toEqual({ retried: ['hubspot:contacts:101'], missing: ['hubspot:contacts:nope'] });
    expect(await processChange(deps, queue.events.shift() as ChangeEvent)).toMatchObject({ status: 'synced', writes: [{ target: 'salesforce', created: true }, { target: 'hubspot', created: false }] });
    expect(await quarantine.list()).toEqual([]);
    expect(salesforce.records.get('101')).toMatchObject({ LastName: 'Fixed' });
  });

  it('retries a quarantined polled row or property notification as a change that reads the record afresh', async () => {
    const { quarantine } = setup();
    const polled: ChangeEvent = { ...fromSalesforce('003A-1', '003A'), fields: { Email: 'old@example.com' }, polled: true };
    const property: ChangeEvent = { ...fromHubspot('p1'), fields: { jobtitle: 'Old' }, delta: true };
    for (const [id, event] of [['salesforce:Contact:003A', polled], ['hubspot:contacts:101', property]] as const) await quarantine.put({ id, event, code: 'REQUIRED_FIELD_MISSING', reason: 'LastName', at: at(), attempts: 1 });
    const queue = new MemoryQueue();

    await retryQuarantined({ quarantine, queue }, 'all');

    expect(queue.events.map((e) => [e.eventId, e.polled, e.delta])).toEqual([
      ['003A-1~retry1', undefined, undefined],
      ['p1~retry1', undefined, undefined],
    ]);
  });

  it('quarantines a permanent refusal by the target, and retries a retryable one through the queue', async () => {
    const { deps, hubspotRecords, salesforce, quarantine } = setup();
    hubspotRecords.records.set('101', { lastname: 'L' });
    salesforce.nextResult = { ok: false, code: 'INVALID_FIELD', message: 'No such column', retryable: false };
    expect(await processChange(deps, fromHubspot('e1'))).toMatchObject({ status: 'quarantined', code: 'INVALID_FIELD' });
    expect((await quarantine.list())[0]?.reason).toContain('No such column');
    salesforce.nextResult = { ok: false, code: 'UNABLE_TO_LOCK_ROW', message: 'locked', retryable: true };
    await expect(processChange(deps, fromHubspot('e2'))).rejects.toBeInstanceOf(RetryableError);
  });

  it('holds a conflicting change to a critical deal field for review; approval applies it to Salesforce, rejection drops it', async () => {
    const { deps, hubspotRecords, salesforce, reviews, metrics } = setup();
    const deal = (eventId: string): ChangeEvent => ({ ...fromHubspot(eventId, '501'), objectType: 'deals' });
    hubspotRecords.records.set('501', { dealname: 'Acme renewal', amount: '1000', dealstage: 'qualifiedtobuy', closedate: '2026-12-31T00:00:00.000Z' });
    await processChange(deps, deal('d1'));
    expect(salesforce.calls[0]).toMatchObject({ objectType: 'Opportunity', externalIdField: 'HubSpot_Deal_Id__c', records: [{ fields: { Name: 'Acme renewal', Amount: 1000, StageName: 'Qualification', CloseDate: '2026-12-31' } }] });

    hubspotRecords.records.set('501', { dealname: 'Acme renewal', amount: '5000', dealstage: 'qualifiedtobuy', closedate: '2026-12-31T00:00:00.000Z' });
    await processChange(deps, deal('d2'));
    expect(salesforce.updates).toEqual([]);
    const [review] = await reviews.list();
    expect(review).toMatchObject({ id: 'hubspot:deals:501#amount', field: 'amount', current: { value: 1000 }, proposed: { value: 5000, source: 'hubspot' } });
    expect(metrics.of(MetricName.FieldsHeldForReview)).toBe(1);

    const queue = new MemoryQueue();
    expect(await approveReview({ reviews, queue, clock: deps.clock }, review?.id ?? '')).toEqual({ status: 'approved', id: 'hubspot:deals:501#amount' });
    const approval = queue.events[0] as ChangeEvent;
    expect(await processChange(deps, approval)).toMatchObject({ status: 'synced', writes: [{ target: 'salesforce' }] });
    expect(salesforce.updates.at(-1)?.records).toEqual([{ id: salesforce.records.get('501')?.Id, fields: { Amount: 5000 } }]);
    expect(await reviews.list()).toEqual([]);
    expect(await processChange(deps, approval)).toEqual({ status: 'duplicate' });

    hubspotRecords.records.set('501', { dealname: 'Acme renewal', amount: '9000', dealstage: 'qualifiedtobuy', closedate: '2026-12-31T00:00:00.000Z' });
    await processChange(deps, deal('d3'));
    expect(await rejectReview({ reviews, queue, clock: deps.clock }, 'hubspot:deals:501#amount')).toEqual({ status: 'rejected', id: 'hubspot:deals:501#amount' });
    expect(await reviews.list()).toEqual([]);
    expect(salesforce.updates).toHaveLength(1);
    expect(await rejectReview({ reviews, queue, clock: deps.clock }, 'hubspot:deals:501#amount')).toEqual({ status: 'not-found', id: 'hubspot:deals:501#amount' });
  });

  it('never deletes elsewhere: a HubSpot delete flags the Salesforce Contact, and a restore within the grace period clears it', async () => {
    const { deps, hubspotRecords, salesforce, audit, metrics } = setup();
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace' });
    await processChange(deps, fromHubspot('e1'));
    const contactId = salesforce.records.get('101')?.Id;

    expect(await processChange(deps, { ...fromHubspot('del1'), kind: 'delete' })).toEqual({ status: 'soft-deleted', entityId: 'hubspot:contacts:101', flagged: 1 });
    expect(salesforce.updates.at(-1)).toEqual({ objectType: 'Contact', records: [{ id: contactId, fields: { Syncline_Deleted__c: true } }] });
    expect(salesforce.records.get('101')).toMatchObject({ Id: contactId, LastName: 'Lovelace', Syncline_Deleted__c: true });
    expect(audit.entries.at(-1)).toMatchObject({ field: 'Syncline_Deleted__c', before: false, after: true });
    expect(metrics.of(MetricName.RecordsSoftDeleted)).toBe(1);

    await processChange(deps, fromHubspot('restore1'));
    expect(salesforce.records.get('101')?.['Syncline_Deleted__c']).toBe(false);
    expect(metrics.of(MetricName.RecordsRestored)).toBe(1);

    // The restore brought no other news, and is kept all the same: the next change does not restore again.
    const updates = salesforce.updates.length;
    await processChange(deps, fromHubspot('e3'));
    expect(metrics.of(MetricName.RecordsRestored)).toBe(1);
    expect(salesforce.updates).toHaveLength(updates);
  });

  it('counts what an attempt did only when it completes: a delete whose entity save loses a race, then runs again, counts one flag', async () => {
    const { deps, hubspotRecords, salesforce, metrics, state } = setup();
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace' });
    await processChange(deps, fromHubspot('e1'));
    const putEntity = state.putEntity.bind(state);
    let races = 1;
    state.putEntity = async (entity) => {
      if (races-- > 0) throw new ConcurrentChange('the entity was saved by another change meanwhile');
      return putEntity(entity);
    };
    const del = { ...fromHubspot('del1'), kind: 'delete' as const };

    await expect(processChange(deps, del)).rejects.toBeInstanceOf(ConcurrentChange);
    expect(salesforce.records.get('101')?.['Syncline_Deleted__c']).toBe(true);
    expect(metrics.of(MetricName.RecordsSoftDeleted)).toBe(0);
    expect(metrics.of(MetricName.SyncRetries)).toBe(1);

    expect(await processChange(deps, del)).toMatchObject({ status: 'soft-deleted', flagged: 1 });
    expect(metrics.of(MetricName.RecordsSoftDeleted)).toBe(1);
    expect(metrics.of(MetricName.ChangesSynced)).toBe(2);
  });

  it("knows a one-property notification of Syncline's own write from the stored entity, without reading the source", async () => {
    const { deps, hubspotRecords, salesforceRecords, metrics } = setup();
    salesforceRecords.records.set('003A', { Email: 'ada@example.com', LastName: 'Lovelace', Title: 'Analyst' });
    await processChange(deps, fromSalesforce('s1', '003A'));
    const hubspotId = [...(await deps.state.getEntity('salesforce:Contact:003A'))!.links['hubspot']!.split(':')].at(-1)!;
    hubspotRecords.records.set(hubspotId, { email: 'ada@example.com', lastname: 'Lovelace', jobtitle: 'Analyst', syncline_salesforce_id: '003A' });
    const reads = () => hubspotRecords.calls.length;
    const before = reads();
    const property = (eventId: string, fields: Record<string, string>) => ({ ...fromHubspot(eventId, hubspotId), fields, delta: true });

    // The link field and a mapped field, each holding what Syncline wrote there: echoes, decided with no read.
    expect(await processChange(deps, property('p1', { syncline_salesforce_id: '003A' }))).toEqual({ status: 'ignored', reason: 'no-news' });
    expect(await processChange(deps, property('p2', { jobtitle: ' Analyst ' }))).toEqual({ status: 'ignored', reason: 'no-news' });
    expect(reads()).toBe(before);
    expect(metrics.of(MetricName.EchoesDropped)).toBe(2);

    // A value Syncline did not write, a link to another record, or a property not mapped: read and processed as usual
    // (the notification may be late or out of order; the record as it is now decides).
    hubspotRecords.records.set(hubspotId, { email: 'ada@example.com', lastname: 'Lovelace', jobtitle: 'Analyst', syncline_salesforce_id: '003A', phone: '+1 555 0100' });
    await processChange(deps, property('p3', { jobtitle: 'Lead Analyst' }));
    await processChange(deps, property('p4', { syncline_salesforce_id: '003B' }));
    await processChange(deps, property('p5', { hs_lead_status: 'NEW' }));
    expect(reads()).toBe(before + 3);
    // Without `delta` a field list may be partial: never taken as the whole change.
    await processChange(deps, { ...fromHubspot('p6', hubspotId), fields: { jobtitle: 'Analyst' } });
    expect(reads()).toBe(before + 4);
  });

  it("leaves an Outbound Message that only repeats Syncline's write to the poller: no read, no claim, and the poller's row of that version still runs", async () => {
    const { deps, hubspotRecords, salesforceRecords, hubspot, metrics } = setup();
    hubspot.records.set('101', { Id: '101' }); // the HubSpot contact itself, as its writer sees it
    hubspotRecords.records.set('101', { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace', hubspotscore: '5' });
    await processChange(deps, fromHubspot('e1'));
    const linkBack = hubspot.updates.length;
    const id = '003000000000000001';
    const version = `${id}-1796500000000`;
    // As the notification sends them: text, stamps beside the fields, null fields left out.
    const notified = (fields: Record<string, string>): ChangeEvent => ({ ...fromSalesforce(version, id), fields: { ...fields, SystemModstamp: '2026-12-06T10:00:00.000Z', LastModifiedDate: '2026-12-06T10:00:00.000Z' }, partial: true });
    const reads = () => salesforceRecords.calls.length;
    const before = reads();

    expect(await processChange(deps, notified({ Email: 'ada@example.com', FirstName: 'Ada', LastName: 'Lovelace', HubSpot_Id__c: '101', HubSpot_Lead_Score__c: '5' }))).toEqual({ status: 'ignored', reason: 'left-to-poller' });
    expect(reads()).toBe(before);
    expect([...(deps.idempotency as MemoryIdempotency).keys.keys()].filter((key) => key.includes(version))).toEqual([]);
    // The poller's row of the same version (the same event id) is processed, not skipped as a duplicate.
    const row: ChangeEvent = { ...fromSalesforce(version, id), fields: { Email: 'ada@example.com', FirstName: 'Ada', LastName: 'Lovelace', HubSpot_Lead_Score__c: 5, Title: null }, polled: true };
    expect(await processChange(deps, row)).toEqual({ status: 'ignored', reason: 'no-news' });
    expect(metrics.of(MetricName.DuplicatesSkipped)).toBe(0);
    expect(hubspot.updates).toHaveLength(linkBack);

    // A value Syncline did not write is news: read and processed at once.
    salesforceRecords.records.set(id, { Email: 'ada@example.com', FirstName: 'Ada', LastName: 'Lovelace', HubSpot_Id__c: '101', HubSpot_Lead_Score__c: 5, Title: 'CTO' });
    expect(await processChange(deps, { ...notified({ Email: 'ada@example.com', FirstName: 'Ada', LastName: 'Lovelace', HubSpot_Id__c: '101', Title: 'CTO' }), eventId: `${id}-1796500000001` })).toMatchObject({ status: 'synced', writes: [{ target: 'hubspot' }] });
    expect(reads()).toBe(before + 1);
    // The poller's row of that version is still processed, not taken for the notification's duplicate: an edit made
    // later in the same second (the same version id) would be in it. Here it holds what was read: an echo.
    const title = await processChange(deps, { ...row, eventId: `${id}-1796500000001`, fields: { ...row.fields, Title: 'CTO' } });
    expect(title).toEqual({ status: 'ignored', reason: 'no-news' });
    expect(metrics.of(MetricName.DuplicatesSkipped)).toBe(0);
    // A field known to hold a value is left out: cleared, or not sent. Read at once rather than left to the poller.
    await processChange(deps, { ...notified({ Email: 'ada@example.com', LastName: 'Lovelace', HubSpot_Id__c: '101', Title: 'CTO' }), eventId: `${id}-1796500000002` });
    expect(reads()).toBe(before + 2);
    // Only stamps: nothing to tell it by, so it is read.
    await processChange(deps, { ...notified({}), eventId: `${id}-1796500000003` });
    expect(reads()).toBe(before + 3);
  });

  it('reads an Outbound Message that repeats Syncline\'s write when Salesforce is not polled: nothing else would report that version', async () => {
    const { deps, hubspotRecords, salesforceRecords } = setup();
    const unpolled = { ...deps, plan: { ...deps.plan, polledSources: [] } };
    hubspotRecords.records.set('101', { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' });
    await processChange(unpolled, fromHubspot('e1'));
    salesforceRecords.records.set('003000000000000001', { Email: 'ada@example.com', FirstName: 'Ada', LastName: 'Lovelace' });
    const before = salesforceRecords.calls.length;
    const event: ChangeEvent = { ...fromSalesforce('003000000000000001-1796500000000', '003000000000000001'), fields: { Email: 'ada@example.com', FirstName: 'Ada', LastName: 'Lovelace', HubSpot_Id__c: '101' }, partial: true };
    expect(await processChange(unpolled, event)).toEqual({ status: 'ignored', reason: 'no-news' });
    expect(salesforceRecords.calls.length).toBe(before + 1);
  });

  it("keeps the flag when a poll's row from before the delete is processed after it: the record is gone, and that is no restore", async () => {
    const { deps, hubspotRecords, salesforce, metrics } = setup();
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace' });
    await processChange(deps, { ...fromHubspot('e1'), occurredAt: '2026-01-01T00:00:00Z' });
    await processChange(deps, { ...fromHubspot('del1'), kind: 'delete', occurredAt: '2026-01-01T00:05:00Z' });
    const updates = salesforce.updates.length;

    const rowBefore: ChangeEvent = { ...fromHubspot('poll1'), occurredAt: '2026-01-01T00:04:00Z', fields: { email: 'ada@example.com', lastname: 'Lovelace', hubspotscore: '3' }, polled: true };
    const result = await processChange(deps, rowBefore);

    expect(result).toEqual({ status: 'ignored', reason: 'source-record-gone' });
    expect(salesforce.records.get('101')?.['Syncline_Deleted__c']).toBe(true);
    expect(salesforce.updates).toHaveLength(updates);
    expect(metrics.of(MetricName.RecordsRestored)).toBe(0);
    // Nor does a read made before the delete was processed (a window's batched read): the record then was older.
    hubspotRecords.modified.set('101', Date.parse('2026-01-01T00:04:30Z'));
    expect(await processChange(deps, { ...fromHubspot('late1'), occurredAt: '2026-01-01T00:04:30Z' })).toEqual({ status: 'ignored', reason: 'source-record-gone' });
    expect(salesforce.records.get('101')?.['Syncline_Deleted__c']).toBe(true);
    // A row from after the delete is the record restored: the flag goes.
    await processChange(deps, { ...rowBefore, eventId: 'poll2', occurredAt: '2026-01-01T00:06:00Z' });
    expect(salesforce.records.get('101')?.['Syncline_Deleted__c']).toBe(false);
  });

  it('keeps the flag when the restore comes after the grace period, for a person to decide', async () => {
    const { deps, hubspotRecords, salesforce, metrics } = setup();
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace' });
    await processChange(deps, fromHubspot('e1'));
    await processChange(deps, { ...fromHubspot('del1'), kind: 'delete', occurredAt: '2026-01-01T00:00:00Z' });

    await processChange(deps, { ...fromHubspot('restore1'), occurredAt: '2026-02-15T00:00:00Z' });

    expect(salesforce.records.get('101')?.['Syncline_Deleted__c']).toBe(true);
    expect(metrics.of(MetricName.RestoresAfterGrace)).toBe(1);
  });

  it('re-points links after a HubSpot merge, so the survivor keeps updating the same Salesforce Contact', async () => {
    const { deps, hubspotRecords, salesforce, metrics } = setup();
    hubspotRecords.records.set('101', { email: 'ada@example.com', lastname: 'Lovelace', hubspotscore: '1' });
    await processChange(deps, fromHubspot('e1'));

    const merge = { ...fromHubspot('m1', '202'), kind: 'merge' as const, fields: { mergedIds: '101' } };
    expect(await processChange(deps, merge)).toEqual({ status: 'repointed', entityId: 'hubspot:contacts:101' });
    hubspotRecords.records.set('202', { email: 'ada@example.com', lastname: 'Lovelace', hubspotscore: '9' });
    await processChange(deps, fromHubspot('e2', '202'));

    expect(salesforce.calls).toHaveLength(1); // no second Contact
    // The Contact now names the survivor as its HubSpot contact.
    expect(salesforce.updates.at(-1)?.records).toEqual([{ id: salesforce.records.get('101')?.Id, fields: { HubSpot_Lead_Score__c: 9, HubSpot_Id__c: '202' } }]);
    expect(metrics.of(MetricName.LinksRepointed)).toBe(1);
  });

  it('quarantines a merge of records linked to two different entities instead of merging other systems on its own', async () => {
    const { deps, hubspotRecords, quarantine } = setup();
    hubspotRecords.records.set('101', { email: 'a@example.com', lastname: 'A' });
    hubspotRecords.records.set('202', { email: 'b@example.com', lastname: 'B' });
    await processChange(deps, fromHubspot('e1', '101'));
    await processChange(deps, fromHubspot('e2', '202'));

    const result = await processChange(deps, { ...fromHubspot('m1', '202'), kind: 'merge', fields: { mergedIds: '101' } });
    expect(result).toMatchObject({ status: 'quarantined', code: 'MERGE_CONFLICT' });
    expect((await quarantine.list())[0]?.reason).toContain('merge their records in the other systems first');
  });

  it('ignores objects and systems the contract does not sync, and deletes of records it never linked', async () => {
    const { deps, salesforce } = setup();
    expect(await processChange(deps, { ...fromHubspot('d1'), kind: 'delete' })).toEqual({ status: 'ignored', reason: 'not-linked' });
    expect(await processChange(deps, { ...fromHubspot('m1'), kind: 'merge', fields: { mergedIds: '5' } })).toEqual({ status: 'ignored', reason: 'not-linked' });
    expect(await processChange(deps, { ...fromHubspot('c1'), kind: 'convert' })).toEqual({ status: 'ignored', reason: 'not-propagated' });
    expect(await processChange(deps, { ...fromHubspot('t1'), objectType: 'tickets' })).toEqual({ status: 'ignored', reason: 'no-mapping' });
    expect(await processChange(deps, fromHubspot('gone', '999'))).toEqual({ status: 'ignored', reason: 'source-record-gone' });
    expect(salesforce.calls).toEqual([]);
  });

  it('for any sequence of deliveries with duplicates, writes each distinct change once and ends with the latest value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('10', '20', '30'), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 8 }), async (edits) => {
        const { deps, hubspotRecords, salesforce } = setup();
        let expectedWrites = 0;
        let last: string | undefined;
        for (const [i, [score, deliveries]] of edits.entries()) {
          hubspotRecords.records.set('101', { lastname: 'Lovelace', hubspotscore: score });
          if (score !== last) expectedWrites++;
          last = score;
          const event = fromHubspot(`e${i}`);
          for (let d = 0; d < deliveries; d++) await processChange(deps, event);
        }
        expect(salesforce.calls.length + salesforce.updates.length).toBe(expectedWrites);
        expect(salesforce.records.get('101')?.['HubSpot_Lead_Score__c']).toBe(Number(last));
      }),
      { numRuns: 300 },
    );
  });
});

describe('processChange when a target keeps its own value', () => {
  it('records the value the target kept (an Outreach status it cannot reach) as what it holds, and sends it back to the source', async () => {
    const { deps, salesforceRecords, salesforce, audit, metrics, state } = setup({ enable: ['hubspot', 'salesforce', 'outreach'] });
    const outreach = new MemoryWriter('1');
    deps.writers['outreach'] = outreach;
    deps.readers['outreach'] = new MemoryReader();
    salesforce.records.set('003A', { Id: '003A' }); // the Contact itself, as its writer sees it
    salesforceRecords.records.set('003A', { Email: 'ada@example.com', LastName: 'Lovelace', Outreach_Status__c: 'Opted Out' });
    outreach.nextResult = { ok: true, id: '1001', created: true, kept: { sequenceState: 'active' } };

    const result = await processChange(deps, fromSalesforce('s1', '003A'));

    expect(result).toMatchObject({ status: 'synced' });
    expect(outreach.calls[0]?.records[0]?.fields).toMatchObject({ sequenceState: 'opted_out' });
    // With the status, the Contact learns the ids of its HubSpot contact and Outreach prospect.
    expect(salesforce.updates).toEqual([{ objectType: 'Contact', records: [{ id: '003A', fields: { Outreach_Status__c: 'Active', HubSpot_Id__c: '9000000000000001', Outreach_Prospect_Id__c: '1001' } }] }]);
    expect((await state.getEntity('salesforce:Contact:003A'))?.golden.fields['outreachStatus']).toMatchObject({ value: 'Active', source: 'outreach' });
    // The status Outreach kept was not written there: no audit entry claims it was; the Contact's correction is one,
    // and so is each link it learned.
    expect(audit.entries.filter((e) => e.recordKey === 'outreach:prospect:1001').map((e) => e.field)).toEqual(['email', 'lastName']);
    expect(audit.entries.filter((e) => e.recordKey === 'salesforce:Contact:003A').map((e) => [e.field, e.before, e.after])).toEqual([
      ['HubSpot_Id__c', null, '9000000000000001'],
      ['Outreach_Prospect_Id__c', null, '1001'],
      ['Outreach_Status__c', 'Opted Out', 'Active'],
    ]);
    expect((await state.getEntity('salesforce:Contact:003A'))?.written['outreach']).toMatchObject({ outreachStatus: 'Active' });
    expect(metrics.of(MetricName.FieldsKeptByTarget)).toBe(1);

    // The Contact as Salesforce now holds it, with a new title: the title goes out, the links are not written again.
    outreach.records.set('1001', { Id: '1001' }); // the prospect Outreach made, as its writer sees it
    salesforceRecords.records.set('003A', { Email: 'ada@example.com', LastName: 'Lovelace', Title: 'CTO', Outreach_Status__c: 'Active', HubSpot_Id__c: '9000000000000001', Outreach_Prospect_Id__c: '1001' });
    const retitled = await processChange(deps, fromSalesforce('s2', '003A'));
    expect(retitled).toMatchObject({
      status: 'synced',
      writes: [
        { target: 'hubspot', changes: [{ field: 'jobtitle', before: null, after: 'CTO' }] },
        { target: 'outreach', changes: [{ field: 'title', before: null, after: 'CTO' }] },
      ],
      unchanged: ['salesforce'],
    });
    expect(salesforce.updates).toHaveLength(1);
  });
});
