import { describe, expect, it } from 'vitest';
import { countMergeDecisions, mergeEntity } from '#app/merge-entity';
import type { Observation } from '#domain/survivorship';
import { MetricName } from '#ports/metrics';
import type { EntityState } from '#ports/stores';
import { CountingMetrics } from '#test/support/fakes';
import { shippedPlan } from '#test/support/processor-setup';
import { deepFreeze } from './deep-freeze.ts';

const plan = shippedPlan();
const person = plan.objects['person']!;
const deal = plan.objects['deal']!;
const AT = '2026-11-23T10:00:00.000Z';
const fromHubspot = { source: 'hubspot', eventId: 'e2', occurredAt: '2026-11-23T09:00:00.000Z' };
const seen = (value: Observation['value'], source: string, observedAt = 1): Observation => ({ value, source, observedAt, eventId: `${source}:e1` });

function entity(object: string, fields: Record<string, Observation>): EntityState {
  return deepFreeze({ entityId: `hubspot:${object}:1`, object, golden: { fields, version: 3 }, links: { hubspot: 'contacts:1' }, written: {}, version: 2 });
}

describe('mergeEntity', () => {
  it("applies a new person's values with the change's source and time as provenance, leaving the entity as it was", () => {
    const state = entity('person', {});
    const before = structuredClone(state);

    const merge = mergeEntity(state, person, fromHubspot, { email: 'ada@example.com', lastName: 'Lovelace' }, AT);

    expect(merge.golden).toEqual({
      fields: {
        email: { value: 'ada@example.com', source: 'hubspot', observedAt: Date.parse(fromHubspot.occurredAt), eventId: 'hubspot:e2' },
        lastName: { value: 'Lovelace', source: 'hubspot', observedAt: Date.parse(fromHubspot.occurredAt), eventId: 'hubspot:e2' },
      },
      version: 4,
    });
    expect(Object.values(merge.decisions).map((d) => d.kind)).toEqual(['applied', 'applied']);
    expect(merge.reviews).toEqual([]);
    expect(state).toEqual(before);
  });

  it("ignores a value another system owns and has set, and returns the entity's own golden record", () => {
    const state = entity('person', { title: seen('CTO', 'salesforce') });

    const merge = mergeEntity(state, person, fromHubspot, { title: 'Chief Technologist' }, AT);

    expect(merge.golden).toBe(state.golden);
    expect(merge.decisions).toEqual({ title: { kind: 'ignored-not-owner', current: seen('CTO', 'salesforce') } });
    expect(merge.reviews).toEqual([]);
  });

  it('proposes a conflicting change to a critical field as a review stamped with the given time, the golden value unchanged', () => {
    const state = entity('deal', { amount: seen(1000, 'hubspot') });

    const merge = mergeEntity(state, deal, fromHubspot, { amount: 5000 }, AT);

    expect(merge.golden).toBe(state.golden);
    expect(merge.reviews).toEqual([
      { id: 'hubspot:deal:1#amount', entityId: 'hubspot:deal:1', object: 'deal', field: 'amount', current: seen(1000, 'hubspot'), proposed: { value: 5000, source: 'hubspot', observedAt: Date.parse(fromHubspot.occurredAt), eventId: 'hubspot:e2' }, at: AT },
    ]);
  });
});

describe('countMergeDecisions', () => {
  it('counts the fields not applied by why, and nothing for applied ones', () => {
    const metrics = new CountingMetrics();
    const state = entity('person', { title: seen('CTO', 'salesforce'), firstName: seen('Ada', 'salesforce'), lastActivityDate: seen('2026-11-22T00:00:00.000Z', 'salesforce', Date.parse('2026-11-23T09:30:00Z')) });

    const merge = mergeEntity(state, person, fromHubspot, { title: 'VP', firstName: 'Adah', lastActivityDate: '2026-11-21T00:00:00.000Z', email: 'ada@example.com' }, AT);
    countMergeDecisions(metrics, merge.decisions);

    expect(metrics.of(MetricName.FieldsIgnoredNotOwner)).toBe(2);
    expect(metrics.of(MetricName.FieldsStale)).toBe(1);
    expect(metrics.of(MetricName.FieldsHeldForReview)).toBe(0);
  });
});
