import { describe, expect, it } from 'vitest';
import { writeTarget } from '#app/write-target';
import type { ChangeEvent } from '#domain/change-event';
import type { Observation } from '#domain/survivorship';
import { MetricName } from '#ports/metrics';
import type { EntityState } from '#ports/stores';
import { CountingMetrics, FakeClock, MemoryReader, MemoryState, MemoryWriter } from '#test/support/fakes';
import { shippedPlan } from '#test/support/processor-setup';
import { deepFreeze } from './deep-freeze.ts';

const plan = shippedPlan();
const person = plan.objects['person']!;
const event: ChangeEvent = { source: 'hubspot', objectType: 'contacts', sourceId: '101', eventId: 'e1', occurredAt: '2026-11-23T09:00:00Z', kind: 'upsert', fields: {} };
const seen = (value: Observation['value'], source: string, observedAt = 1): Observation => ({ value, source, observedAt, eventId: `${source}:e0` });

/** The write step's deps alone: one target system's reader and writer, no audit log (the processor appends). */
function deps() {
  const salesforceRecords = new MemoryReader();
  const salesforce = new MemoryWriter('003');
  return { deps: { plan, state: new MemoryState(), readers: { salesforce: salesforceRecords }, writers: { salesforce }, metrics: new CountingMetrics(), clock: new FakeClock() }, salesforceRecords, salesforce };
}

function entity(fields: Record<string, Observation>, links: Record<string, string>, written: EntityState['written'] = {}, linksHeld?: EntityState['linksHeld']): EntityState {
  return deepFreeze({ entityId: 'hubspot:contacts:101', object: 'person', golden: { fields, version: 1 }, links: { hubspot: 'contacts:101', ...links }, written, ...(linksHeld && { linksHeld }), version: 1 });
}

/** The Contact Syncline upserted by the HubSpot contact's id: it holds that id in `HubSpot_Id__c`. */
const contactHoldsHubspotId: EntityState['linksHeld'] = { salesforce: { hubspot: '101' } };

describe('writeTarget', () => {
  it('creates a person the target lacks and returns the link, what it now holds, the write and its audit entries, leaving the entity as it was', async () => {
    const { deps: d, salesforce, salesforceRecords } = deps();
    const state = entity({ email: seen('ada@example.com', 'hubspot'), lastName: seen('Lovelace', 'hubspot') }, {});
    const before = structuredClone(state);

    const decision = await writeTarget(d, { event, mapping: person, target: 'salesforce', state });

    expect(salesforceRecords.lookups.map((l) => l.objectType)).toEqual(['Contact', 'Lead']);
    expect(salesforce.calls).toEqual([{ objectType: 'Contact', externalIdField: 'HubSpot_Id__c', records: [{ externalId: '101', fields: { Email: 'ada@example.com', LastName: 'Lovelace' } }] }]);
    const written = { target: 'salesforce', recordKey: 'salesforce:Contact:003000000000000001', created: true, changes: [{ field: 'Email', before: null, after: 'ada@example.com' }, { field: 'LastName', before: null, after: 'Lovelace' }] };
    const entry = { recordKey: written.recordKey, sourceKey: 'hubspot:contacts:101', eventId: 'hubspot:e1', actor: 'syncline', at: '2026-11-23T10:00:00.000Z' };
    expect(decision).toEqual({
      target: 'salesforce',
      link: 'Contact:003000000000000001',
      golden: state.golden,
      written: { email: 'ada@example.com', lastName: 'Lovelace' },
      // Upserted by the HubSpot id, the Contact holds it: no link to write back.
      linksHeld: { hubspot: '101' },
      write: written,
      audit: [{ field: 'Email', before: null, after: 'ada@example.com', ...entry }, { field: 'LastName', before: null, after: 'Lovelace', ...entry }],
    });
    expect(state).toEqual(before);
    expect(d.metrics.of(MetricName.RecordsWritten)).toBe(0);
  });

  it('returns no write for a target that holds every golden value already, and nothing else changed', async () => {
    const { deps: d, salesforce } = deps();
    const state = entity({ email: seen('ada@example.com', 'hubspot') }, { salesforce: 'Contact:003A' }, { salesforce: { email: 'ada@example.com' } }, contactHoldsHubspotId);

    const decision = await writeTarget(d, { event, mapping: person, target: 'salesforce', state });

    expect(decision).toEqual({ target: 'salesforce', link: 'Contact:003A', golden: state.golden, audit: [] });
    expect([salesforce.calls, salesforce.updates]).toEqual([[], []]);
  });

  it('returns what the target kept instead of the value written as its own, in the golden record and known as held, neither audited nor written', async () => {
    const { deps: d, salesforce } = deps();
    salesforce.nextResult = { ok: true, id: '003A', created: false, kept: { Title: 'CTO' } };
    const state = entity({ email: seen('ada@example.com', 'hubspot'), title: seen('VP', 'hubspot') }, { salesforce: 'Contact:003A' }, { salesforce: { email: 'ada@example.com' } }, contactHoldsHubspotId);

    const decision = await writeTarget(d, { event, mapping: person, target: 'salesforce', state });

    expect(salesforce.updates).toEqual([{ objectType: 'Contact', records: [{ id: '003A', fields: { Title: 'VP' } }] }]);
    expect(decision).toMatchObject({ link: 'Contact:003A', written: { email: 'ada@example.com', title: 'CTO' }, write: { recordKey: 'salesforce:Contact:003A', created: false, changes: [] }, audit: [] });
    expect(decision.golden.fields['title']).toMatchObject({ value: 'CTO', source: 'salesforce', eventId: 'salesforce:kept' });
    expect(state.golden.fields['title']?.value).toBe('VP');
    expect(d.metrics.of(MetricName.FieldsKeptByTarget)).toBe(1);
  });

  it("returns a value the target changed behind Syncline's back, read before the write, merged into the golden record and known as held, with no write", async () => {
    const { deps: d, salesforce, salesforceRecords } = deps();
    salesforceRecords.records.set('003A', { Syncline_Last_Activity__c: '2026-11-22T00:00:00.000Z' });
    const state = entity({ email: seen('ada@example.com', 'hubspot'), lastActivityDate: seen('2026-11-20T00:00:00.000Z', 'hubspot') }, { salesforce: 'Contact:003A' }, { salesforce: { email: 'ada@example.com' } }, contactHoldsHubspotId);
    const before = structuredClone(state);

    const decision = await writeTarget(d, { event, mapping: person, target: 'salesforce', state });

    expect(decision.write).toBeUndefined();
    expect(decision.link).toBe('Contact:003A');
    expect(decision.golden.fields['lastActivityDate']).toMatchObject({ value: '2026-11-22T00:00:00.000Z', source: 'salesforce', eventId: 'salesforce:read-before-write' });
    expect(decision.golden.fields['email']).toBe(state.golden.fields['email']);
    expect(decision.written).toEqual({ email: 'ada@example.com', lastActivityDate: '2026-11-22T00:00:00.000Z' });
    expect(decision.audit).toEqual([]);
    expect([salesforce.calls, salesforce.updates]).toEqual([[], []]);
    expect(state).toEqual(before);
  });

  it("writes a linked record's id the target's record is not known to hold, audited, and returns it as held, so the next write leaves it out", async () => {
    const { deps: d, salesforce } = deps();
    salesforce.records.set('by-hand', { Id: '003A' }); // a Contact made in Salesforce and matched, not upserted by Syncline
    const state = entity({ email: seen('ada@example.com', 'hubspot') }, { salesforce: 'Contact:003A' }, { salesforce: { email: 'ada@example.com' } });

    const decision = await writeTarget(d, { event, mapping: person, target: 'salesforce', state });

    expect(salesforce.updates).toEqual([{ objectType: 'Contact', records: [{ id: '003A', fields: { HubSpot_Id__c: '101' } }] }]);
    expect(decision).toMatchObject({ linksHeld: { hubspot: '101' }, written: { email: 'ada@example.com' }, write: { recordKey: 'salesforce:Contact:003A', created: false, changes: [{ field: 'HubSpot_Id__c', before: null, after: '101' }] } });
    expect(decision.audit.map((e) => [e.field, e.before, e.after])).toEqual([['HubSpot_Id__c', null, '101']]);
    const linked = deepFreeze({ ...state, linksHeld: { salesforce: decision.linksHeld ?? {} } });
    expect(await writeTarget(d, { event: { ...event, eventId: 'e2' }, mapping: person, target: 'salesforce', state: linked })).toEqual({ target: 'salesforce', link: 'Contact:003A', golden: state.golden, audit: [] });
    expect(salesforce.updates).toHaveLength(1);
  });
});
