import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldValue, FieldValues } from '#domain/change-event';
import { emptyGoldenRecord, goldenValues, mergeObservations, targetChanges, type GoldenRecord } from '#domain/golden-record';
import type { FieldRule, Observation } from '#domain/survivorship';

const rules: Record<string, FieldRule> = {
  email: { owner: 'hubspot', policy: 'owner' },
  phone: { owner: 'hubspot', policy: 'newest' },
  company: { owner: 'salesforce', policy: 'owner' },
  title: { owner: 'salesforce', policy: 'review' },
};

/** One change event from one system, already mapped to canonical fields. */
interface Event {
  source: string;
  eventId: string;
  observedAt: number;
  fields: FieldValues;
}

function observationsOf(event: Event): Record<string, Observation> {
  const { source, eventId, observedAt } = event;
  return Object.fromEntries(Object.entries(event.fields).map(([field, value]) => [field, { value, source, observedAt, eventId }]));
}

function mergeAll(events: readonly Event[], start: GoldenRecord = emptyGoldenRecord()): GoldenRecord {
  return events.reduce((record, event) => mergeObservations(record, rules, observationsOf(event)).record, start);
}

describe('mergeObservations', () => {
  it('merges field by field, records before → after of applied values and bumps the version once', () => {
    const start = mergeAll([{ source: 'hubspot', eventId: 'h1', observedAt: 100, fields: { email: 'ada@example.com', phone: '1' } }]);

    const { record, changes, decisions } = mergeObservations(start, rules, observationsOf({ source: 'salesforce', eventId: 's1', observedAt: 200, fields: { email: 'other@example.com', phone: '2', company: 'Acme' } }));

    expect(goldenValues(record)).toEqual({ email: 'ada@example.com', phone: '2', company: 'Acme' });
    expect(record.version).toBe(start.version + 1);
    expect(changes).toEqual([
      { field: 'company', before: null, after: 'Acme' },
      { field: 'phone', before: '1', after: '2' },
    ]);
    expect(decisions['email']?.kind).toBe('ignored-not-owner');
    expect(record.fields['phone']).toEqual({ value: '2', source: 'salesforce', observedAt: 200, eventId: 's1' });
  });

  it('leaves the record and its version alone when nothing survives, and does not modify its input', () => {
    const start = mergeAll([{ source: 'hubspot', eventId: 'h1', observedAt: 200, fields: { phone: 'new' } }]);
    const snapshot = structuredClone(start);

    const { record, changes, decisions } = mergeObservations(start, rules, observationsOf({ source: 'salesforce', eventId: 's1', observedAt: 100, fields: { phone: 'old', nickname: 'Ada' } }));

    expect(record).toBe(start);
    expect(start).toEqual(snapshot);
    expect(changes).toEqual([]);
    expect(decisions).toEqual({ phone: { kind: 'stale', current: start.fields['phone'] }, nickname: { kind: 'ignored-no-rule', proposed: { value: 'Ada', source: 'salesforce', observedAt: 100, eventId: 's1' } } });
  });

  it('bumps the version without a change when a confirmation only advances provenance', () => {
    const start = mergeAll([{ source: 'hubspot', eventId: 'h1', observedAt: 100, fields: { phone: '1' } }]);

    const { record, changes, decisions } = mergeObservations(start, rules, observationsOf({ source: 'salesforce', eventId: 's1', observedAt: 300, fields: { phone: '1' } }));

    expect(decisions['phone']?.kind).toBe('confirmed');
    expect(changes).toEqual([]);
    expect(record.version).toBe(start.version + 1);
    expect(record.fields['phone']?.observedAt).toBe(300);
  });

  it('reports a review decision for a conflicting critical field and keeps the current value', () => {
    const start = mergeAll([{ source: 'salesforce', eventId: 's1', observedAt: 100, fields: { title: 'CTO' } }]);

    const { record, decisions } = mergeObservations(start, rules, observationsOf({ source: 'hubspot', eventId: 'h1', observedAt: 200, fields: { title: 'CEO' } }));

    expect(record).toBe(start);
    expect(decisions['title']).toEqual({ kind: 'review', current: start.fields['title'], proposed: { value: 'CEO', source: 'hubspot', observedAt: 200, eventId: 'h1' } });
  });
});

// Reference oracle, written from the rules' wording rather than from the implementation: the newest observation
// is the greatest by (observedAt, source, value spelled as "null" or "<type>:<value>", eventId).
const spelled = (v: FieldValue) => (v === null ? 'null' : `${typeof v}:${String(v)}`);
function isNewer(a: Observation, b: Observation): boolean {
  const ka = [a.source, spelled(a.value), a.eventId];
  const kb = [b.source, spelled(b.value), b.eventId];
  if (a.observedAt !== b.observedAt) return a.observedAt > b.observedAt;
  const i = ka.findIndex((k, j) => k !== kb[j]);
  return i >= 0 && (ka[i] as string) > (kb[i] as string);
}
const newestOf = (list: Observation[]) => list.reduce<Observation | undefined>((best, o) => (best === undefined || isNewer(o, best) ? o : best), undefined);

function expectedField(rule: FieldRule, list: Observation[]): Observation | undefined {
  if (rule.policy === 'newest') return newestOf(list);
  const fromOwner = list.filter((o) => o.source === rule.owner);
  return fromOwner.length > 0 ? newestOf(fromOwner) : newestOf(list);
}

const orderedFields = ['email', 'phone', 'company', 'nickname'] as const;
const value = fc.constantFrom<FieldValue>('a', 'b', '1', 1, null);
const eventsOf = (source: string) =>
  fc
    .array(fc.record({ observedAt: fc.integer({ min: 0, max: 5 }), fields: fc.dictionary(fc.constantFrom(...orderedFields), value) }), { minLength: 1, maxLength: 20 })
    .map((list) => list.map((e, i): Event => ({ ...e, source, eventId: `${source}-${i}` })));
/** Two systems' events, some delivered twice, in one arbitrary order. */
const deliveries = fc
  .tuple(eventsOf('hubspot'), eventsOf('salesforce'))
  .map(([h, s]) => [...h, ...s])
  .chain((events) =>
    fc.tuple(fc.constant(events), fc.array(fc.nat({ max: events.length - 1 }), { maxLength: 10 })).chain(([all, again]) => {
      const list = [...all, ...again.map((i) => all[i] as Event)];
      return fc.tuple(fc.constant(all), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }));
    }),
  );

describe('golden record convergence', () => {
  it('ends in the same golden record for any order and duplication of the events (owner and newest)', () => {
    fc.assert(
      fc.property(deliveries, ([events, delivered]) => {
        const record = mergeAll(delivered);

        for (const field of ['email', 'phone', 'company']) {
          const seen = events.flatMap((e) => observationsOf(e)[field] ?? []);
          expect(record.fields[field]).toEqual(expectedField(rules[field] as FieldRule, seen));
        }
        expect(record.fields['nickname']).toBeUndefined();
      }),
      { numRuns: 1000 },
    );
  });
});

describe('targetChanges', () => {
  const golden: GoldenRecord = {
    version: 3,
    fields: {
      email: { value: 'ada@example.com', source: 'hubspot', observedAt: 100, eventId: 'h1' },
      phone: { value: '+44 20', source: 'salesforce', observedAt: 200, eventId: 's1' },
      company: { value: 'Acme', source: 'outreach', observedAt: 300, eventId: 'o1' },
      title: { value: 'CTO', source: 'outreach', observedAt: 300, eventId: 'o1' },
      nickname: { value: 'Ada', source: 'outreach', observedAt: 300, eventId: 'o1' },
    },
  };

  it("sends changed fields, including blanks the owner never set, and never the target's own change back", () => {
    expect(targetChanges(golden, rules, 'salesforce', {})).toEqual({ email: 'ada@example.com', company: 'Acme', title: 'CTO' });
    expect(targetChanges(golden, rules, 'hubspot', { company: 'Acme' })).toEqual({ phone: '+44 20', title: 'CTO' });
  });

  it('sends nothing the target already holds', () => {
    expect(targetChanges(golden, rules, 'hubspot', { phone: '+44 20', company: 'Acme', title: 'CTO' })).toEqual({});
  });

  it('never sends an echo or an unruled field, and brings every sendable field to the golden value', () => {
    const systems = ['hubspot', 'salesforce', 'outreach'] as const;
    const rule = fc.record({ owner: fc.constantFrom(...systems), policy: fc.constantFrom<FieldRule['policy']>('owner', 'newest', 'review') });
    const observation = fc.record({ value, source: fc.constantFrom(...systems), observedAt: fc.nat({ max: 5 }), eventId: fc.constantFrom('e1', 'e2') });
    const names = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    fc.assert(
      fc.property(fc.dictionary(names, observation), fc.dictionary(names, rule), fc.constantFrom(...systems), fc.dictionary(names, value), (fields, fieldRules, target, known) => {
        const record: GoldenRecord = { fields, version: 1 };

        const changes = targetChanges(record, fieldRules, target, known);

        const after = { ...known, ...changes };
        for (const [field, o] of Object.entries(fields)) {
          const r = fieldRules[field];
          const sendable = r !== undefined && o.source !== target;
          if (!sendable) expect(changes).not.toHaveProperty(field);
          else expect(after[field] ?? null).toEqual(o.value);
          if (field in changes) expect(known[field] ?? null).not.toEqual(o.value);
        }
        for (const field of Object.keys(changes)) expect(fields).toHaveProperty(field);
      }),
      { numRuns: 1000 },
    );
  });
});
