import { describe, expect, it } from 'vitest';
import { restoreIfDeleted, softDelete } from '#app/soft-delete';
import type { ChangeEvent } from '#domain/change-event';
import type { EntityState } from '#ports/stores';
import { CountingMetrics, FakeClock, MemoryAudit, MemoryWriter } from '#test/support/fakes';
import { shippedPlan } from '#test/support/processor-setup';
import { deepFreeze } from './deep-freeze.ts';

const plan = shippedPlan();
const person = plan.objects['person']!;
const change = (kind: ChangeEvent['kind'], occurredAt: string): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId: '101', eventId: `e-${kind}`, occurredAt, kind, fields: {} });

function setup() {
  const salesforce = new MemoryWriter('003');
  salesforce.records.set('101', { Id: '003A' });
  const deps = { plan, writers: { salesforce }, audit: new MemoryAudit(), metrics: new CountingMetrics(), clock: new FakeClock() };
  return { deps, salesforce };
}

function entity(deleted?: EntityState['deleted']): EntityState {
  return deepFreeze({ entityId: 'hubspot:contacts:101', object: 'person', golden: { fields: {}, version: 1 }, links: { hubspot: 'contacts:101', salesforce: 'Contact:003A' }, written: {}, version: 1, ...(deleted && { deleted }) });
}

describe('softDelete and restoreIfDeleted', () => {
  it('flag the linked records and return the marker to set, leaving the entity as it was', async () => {
    const { deps, salesforce } = setup();
    const state = entity();

    const decision = await softDelete(deps, change('delete', '2026-11-23T09:00:00Z'), person, state);

    expect(decision).toEqual({ flagged: 1, deleted: { by: 'hubspot', at: '2026-11-23T09:00:00Z' } });
    expect(salesforce.updates).toEqual([{ objectType: 'Contact', records: [{ id: '003A', fields: { Syncline_Deleted__c: true } }] }]);
    expect(state.deleted).toBeUndefined();
  });

  it('clear the flags of a restore within the grace period and return no marker; after it, keep the marker', async () => {
    const { deps, salesforce } = setup();
    const state = entity({ by: 'hubspot', at: '2026-11-01T00:00:00Z' });

    const restored = await restoreIfDeleted(deps, change('upsert', '2026-11-23T09:00:00Z'), person, state);
    const late = await restoreIfDeleted(deps, change('upsert', '2027-01-23T09:00:00Z'), person, state);

    expect(restored).toEqual({ flagged: 1 });
    expect(late).toEqual({ flagged: 0, deleted: state.deleted });
    expect(salesforce.updates).toEqual([{ objectType: 'Contact', records: [{ id: '003A', fields: { Syncline_Deleted__c: false } }] }]);
    expect(state.deleted).toEqual({ by: 'hubspot', at: '2026-11-01T00:00:00Z' });
  });
});
