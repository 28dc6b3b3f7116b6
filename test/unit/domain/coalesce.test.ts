import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordKey, type ChangeEvent } from '#domain/change-event';
import { coalesceUpserts } from '#domain/coalesce';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');

/** A delivery: events of a few records, mostly upserts, some deletes and snapshots, in any order. */
const delivery = fc
  .array(
    fc.record({
      id: fc.constantFrom('1', '2', '3'),
      kind: fc.constantFrom<ChangeEvent['kind']>('upsert', 'upsert', 'upsert', 'delete', 'merge'),
      snapshot: fc.boolean(),
      delta: fc.boolean(),
      field: fc.constantFrom('email', 'jobtitle', 'lastname'),
      value: fc.string({ maxLength: 5 }),
      at: fc.integer({ min: 0, max: 60_000 }),
    }),
    { maxLength: 25 },
  )
  .map((items) =>
    items.map(
      (item, n): ChangeEvent => ({
        source: 'hubspot',
        objectType: 'contacts',
        sourceId: item.id,
        eventId: `sub-${n}-${item.at}`,
        occurredAt: new Date(T0 + item.at).toISOString(),
        kind: item.kind,
        fields: { [item.field]: item.value },
        ...(item.snapshot && item.kind === 'upsert' ? { snapshot: true } : {}),
        ...(item.delta && !item.snapshot && item.kind === 'upsert' ? { delta: true } : {}),
      }),
    ),
  );

const keyOf = (e: ChangeEvent) => recordKey(e.source, e.objectType, e.sourceId);
const plain = (e: ChangeEvent) => e.kind === 'upsert' && !e.snapshot;

describe('coalesceUpserts', () => {
  it('keeps every record, and at most one change per record whose events are all plain upserts', () => {
    fc.assert(
      fc.property(delivery, (events) => {
        const out = coalesceUpserts(events);
        expect(new Set(out.map(keyOf))).toEqual(new Set(events.map(keyOf)));
        for (const key of new Set(events.map(keyOf))) {
          const mine = events.filter((e) => keyOf(e) === key);
          const kept = out.filter((e) => keyOf(e) === key);
          if (mine.every(plain)) expect(kept).toHaveLength(1);
          else expect(kept).toEqual(mine); // anything else of the record: every event, unchanged, in order
        }
      }),
    );
  });

  it('gives a collapsed change every reported field (the latest event wins, by time, then by delivery order) and the latest time', () => {
    fc.assert(
      fc.property(delivery, (events) => {
        for (const change of coalesceUpserts(events)) {
          const mine = events.filter((e) => keyOf(e) === keyOf(change));
          if (mine.length < 2 || !mine.every(plain)) continue;
          // Per field, the value of its latest event: by time, and at one time, the later in the delivery.
          const latest: Record<string, unknown> = {};
          const at: Record<string, number> = {};
          for (const e of mine) {
            for (const [field, value] of Object.entries(e.fields)) {
              if (at[field] === undefined || Date.parse(e.occurredAt) >= (at[field] ?? 0)) {
                latest[field] = value;
                at[field] = Date.parse(e.occurredAt);
              }
            }
          }
          expect(change.fields).toEqual(latest);
          expect(Date.parse(change.occurredAt)).toBe(Math.max(...mine.map((e) => Date.parse(e.occurredAt))));
          expect(change.eventId).toBe(`${mine[mine.length - 1]?.eventId ?? ''}+${mine.length - 1}`);
          // Everything that changed only when every event named everything it changed (a creation does not).
          expect(change.delta === true).toBe(mine.every((e) => e.delta === true));
        }
      }),
    );
  });

  it('keeps the order of the records’ last events, and is the same for the same delivery', () => {
    fc.assert(
      fc.property(delivery, (events) => {
        const out = coalesceUpserts(events);
        const positions = out.map((change) => events.findLastIndex((e) => keyOf(e) === keyOf(change) && (e.eventId === change.eventId || change.eventId.startsWith(`${e.eventId}+`))));
        expect(positions.every((p) => p >= 0)).toBe(true);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        expect(coalesceUpserts(events)).toEqual(out);
      }),
    );
  });

  it("collapses HubSpot's creation and property events of a new contact into one change", () => {
    const at = (ms: number) => new Date(T0 + ms).toISOString();
    const events: ChangeEvent[] = [
      { source: 'hubspot', objectType: 'contacts', sourceId: '7', eventId: '41-1-1', occurredAt: at(0), kind: 'upsert', fields: {} },
      { source: 'hubspot', objectType: 'contacts', sourceId: '8', eventId: '41-2-1', occurredAt: at(0), kind: 'upsert', fields: {} },
      { source: 'hubspot', objectType: 'contacts', sourceId: '7', eventId: '42-3-5', occurredAt: at(5), kind: 'upsert', fields: { email: 'a@example.com' } },
      { source: 'hubspot', objectType: 'contacts', sourceId: '7', eventId: '42-4-5', occurredAt: at(5), kind: 'upsert', fields: { lastname: 'Ames' } },
    ];
    expect(coalesceUpserts(events)).toEqual([events[1], { ...events[3], eventId: '42-4-5+2', fields: { email: 'a@example.com', lastname: 'Ames' } }]);
    // With the property events as HubSpot sends them (each names its new value), the creation still makes it no delta.
    const deltas = events.map((e) => (Object.keys(e.fields).length > 0 ? { ...e, delta: true } : e));
    expect(coalesceUpserts(deltas).find((e) => e.sourceId === '7')?.delta).toBeUndefined();
    expect(coalesceUpserts(deltas.slice(2)).find((e) => e.sourceId === '7')?.delta).toBe(true);
  });
});
