import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldValue } from '#domain/change-event';
import { compareObservations, decide, sameFieldValue, type Decision, type FieldRule, type Observation } from '#domain/survivorship';

const ownedByHubspot: FieldRule = { owner: 'hubspot', policy: 'owner' };
const newest: FieldRule = { owner: 'hubspot', policy: 'newest' };
const critical: FieldRule = { owner: 'hubspot', policy: 'review' };

let counter = 0;
function obs(source: string, observedAt: number, value: FieldValue, eventId = `e${++counter}`): Observation {
  return { value, source, observedAt, eventId };
}

/** Folds observations through `decide` the way the merge does: applied and confirmed replace the provenance. */
function survive(current: Observation | undefined, decision: Decision): Observation | undefined {
  return decision.kind === 'applied' || decision.kind === 'confirmed' ? decision.observation : current;
}

const sources = ['hubspot', 'salesforce', 'outreach'] as const;
const value = fc.constantFrom<FieldValue>('a', 'b', '1', 1, true, null);
/** Observations with unique event ids, few sources, values and times, so ties and equal values happen often. */
const reading = fc.record({ source: fc.constantFrom(...sources), observedAt: fc.integer({ min: 0, max: 4 }), value });
const observations = (maxLength: number) =>
  fc
    .array(reading, { maxLength })
    .map((list) => list.map((o, i) => ({ ...o, eventId: `${o.source}-${i}` })));
const rules = fc.constantFrom(ownedByHubspot, newest, critical);

describe('decide: newest', () => {
  it('applies a newer observation from any system', () => {
    const current = obs('hubspot', 100, 'a');
    const incoming = obs('salesforce', 200, 'b');

    expect(decide(newest, current, incoming)).toEqual({ kind: 'applied', observation: incoming });
  });

  it('applies the first observation of a field, null included', () => {
    const incoming = obs('salesforce', 200, null);

    expect(decide(newest, undefined, incoming)).toEqual({ kind: 'applied', observation: incoming });
  });

  it('rejects an older observation as stale, so an out-of-order event never regresses the field', () => {
    const current = obs('hubspot', 200, 'new');

    expect(decide(newest, current, obs('salesforce', 100, 'old'))).toEqual({ kind: 'stale', current });
  });

  it('confirms the same value seen later and advances the provenance to the newer observation', () => {
    const current = obs('hubspot', 100, 'a');
    const incoming = obs('salesforce', 300, 'a');

    expect(decide(newest, current, incoming)).toEqual({ kind: 'confirmed', observation: incoming });
    expect(decide(newest, incoming, obs('hubspot', 200, 'b')).kind).toBe('stale');
  });

  it('treats a clear (null) like any other value', () => {
    const current = obs('hubspot', 100, 'a');
    const cleared = obs('salesforce', 200, null);

    expect(decide(newest, current, cleared)).toEqual({ kind: 'applied', observation: cleared });
    expect(decide(newest, cleared, obs('hubspot', 150, 'a')).kind).toBe('stale');
  });

  it('confirms a redelivered event without changing anything', () => {
    const current = obs('hubspot', 100, 'a', 'evt-1');

    expect(decide(newest, current, { ...current })).toEqual({ kind: 'confirmed', observation: current });
  });

  it('breaks a tie on observedAt by source name, then value, whatever the arrival order', () => {
    const fromHubspot = obs('hubspot', 100, 'x');
    const fromSalesforce = obs('salesforce', 100, 'y');

    expect(decide(newest, fromHubspot, fromSalesforce).kind).toBe('applied');
    expect(decide(newest, fromSalesforce, fromHubspot).kind).toBe('stale');
    expect(decide(newest, obs('hubspot', 100, 'a'), obs('hubspot', 100, 'b')).kind).toBe('applied');
    expect(decide(newest, obs('hubspot', 100, 'b'), obs('hubspot', 100, 'a')).kind).toBe('stale');
  });
});

describe('decide: owner', () => {
  it('applies the owner over another system, even when the other system observed later', () => {
    const current = obs('salesforce', 500, 'theirs');
    const incoming = obs('hubspot', 100, 'ours');

    expect(decide(ownedByHubspot, current, incoming)).toEqual({ kind: 'applied', observation: incoming });
  });

  it('ignores another system once the owner has spoken', () => {
    const current = obs('hubspot', 100, 'ours');

    expect(decide(ownedByHubspot, current, obs('salesforce', 500, 'theirs'))).toEqual({ kind: 'ignored-not-owner', current });
  });

  it("rejects an owner observation older than the owner's current one as stale", () => {
    const current = obs('hubspot', 200, 'new');

    expect(decide(ownedByHubspot, current, obs('hubspot', 100, 'old'))).toEqual({ kind: 'stale', current });
  });

  it('lets other systems fill and update the field until the owner observes it', () => {
    const first = obs('salesforce', 100, 'a');
    const second = obs('outreach', 200, 'b');

    expect(decide(ownedByHubspot, undefined, first)).toEqual({ kind: 'applied', observation: first });
    expect(decide(ownedByHubspot, first, second)).toEqual({ kind: 'applied', observation: second });
    expect(decide(ownedByHubspot, second, obs('salesforce', 150, 'c'))).toEqual({ kind: 'stale', current: second });
  });

  it("confirms the owner's same value and moves the provenance to the owner", () => {
    const current = obs('salesforce', 500, 'same');
    const incoming = obs('hubspot', 100, 'same');

    expect(decide(ownedByHubspot, current, incoming)).toEqual({ kind: 'confirmed', observation: incoming });
  });
});

describe('decide: review', () => {
  it('parks a conflicting change from another system for review and keeps the current value', () => {
    const current = obs('hubspot', 100, 'Acme Inc');
    const proposed = obs('salesforce', 200, 'Acme Corp');

    expect(decide(critical, current, proposed)).toEqual({ kind: 'review', current, proposed });
  });

  it('fills a blank from another system directly: no value yet, or a null another system left', () => {
    const first = obs('salesforce', 100, 'Acme');
    const blank = obs('outreach', 100, null);
    const filler = obs('salesforce', 200, 'Acme');

    expect(decide(critical, undefined, first)).toEqual({ kind: 'applied', observation: first });
    expect(decide(critical, blank, filler)).toEqual({ kind: 'applied', observation: filler });
  });

  it("sends a change over the owner's own clear (null) to review: the owner cleared it on purpose", () => {
    const current = obs('hubspot', 100, null);
    const proposed = obs('salesforce', 200, 'Acme');

    expect(decide(critical, current, proposed)).toEqual({ kind: 'review', current, proposed });
  });

  it("confirms an equal value from another system and keeps the owner's provenance", () => {
    const current = obs('hubspot', 100, 'Acme');

    expect(decide(critical, current, obs('salesforce', 200, 'Acme'))).toEqual({ kind: 'confirmed', observation: current });
  });

  it('applies the owner as under the owner policy, and rejects an older conflicting observation as stale', () => {
    const current = obs('salesforce', 300, 'Acme Corp');
    const fromOwner = obs('hubspot', 100, 'Acme Inc');

    expect(decide(critical, current, fromOwner)).toEqual({ kind: 'applied', observation: fromOwner });
    expect(decide(critical, fromOwner, obs('hubspot', 50, 'Acme Ltd'))).toEqual({ kind: 'stale', current: fromOwner });
    expect(decide(critical, current, obs('outreach', 200, 'Acme Ltd'))).toEqual({ kind: 'stale', current });
  });
});

describe('survivorship properties', () => {
  it('orders observations totally: antisymmetric, and 0 only for the same observation', () => {
    // Event ids from a tiny set too, so that every component of the order ties somewhere.
    const one = fc.record({ reading, eventId: fc.constantFrom('e1', 'e2') }).map(({ reading: r, eventId }) => ({ ...r, eventId }));
    fc.assert(
      fc.property(one, one, (a, b) => {
        expect(Math.sign(compareObservations(a, b)) + Math.sign(compareObservations(b, a))).toBe(0);
        const same = a.source === b.source && a.eventId === b.eventId && a.observedAt === b.observedAt && sameFieldValue(a.value, b.value);
        expect(compareObservations(a, b) === 0).toBe(same);
      }),
      { numRuns: 1000 },
    );
  });

  it('never regresses a field: after an observation survives, observations that cannot outrank it change nothing', () => {
    // What may not override `o` once it survived: for `newest`, anything older; for `owner`, an older observation
    // of the same standing (owner vs owner, other vs other), or any other system's once the owner has spoken.
    const cannotOverride = (rule: FieldRule, o: Observation, later: Observation) => {
      const older = later.observedAt < o.observedAt;
      if (rule.policy === 'newest') return older;
      const fromOwner = o.source === rule.owner;
      return later.source !== rule.owner ? fromOwner || older : fromOwner && older;
    };
    const rule = fc.constantFrom(ownedByHubspot, newest);
    fc.assert(
      fc.property(rule, observations(10), observations(1), observations(15), (r, history, [o], later) => {
        fc.pre(o !== undefined);
        const chosen = { ...o, eventId: 'chosen' };
        const before = history.reduce<Observation | undefined>((current, h) => survive(current, decide(r, current, h)), undefined);
        const decision = decide(r, before, chosen);
        fc.pre(decision.kind === 'applied' || decision.kind === 'confirmed');
        let current = survive(before, decision);
        for (const l of later.filter((x) => cannotOverride(r, chosen, x))) {
          current = survive(current, decide(r, current, l));
          expect(current?.value).toEqual(chosen.value);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('review never applies a change from another system over a different non-null value', () => {
    fc.assert(
      fc.property(observations(20), (sequence) => {
        let current: Observation | undefined;
        for (const incoming of sequence) {
          const decision = decide(critical, current, incoming);
          const conflicting = incoming.source !== critical.owner && current !== undefined && current.value !== null && !sameFieldValue(current.value, incoming.value);
          if (conflicting) expect(['review', 'stale']).toContain(decision.kind);
          if (decision.kind === 'review') expect(decision).toEqual({ kind: 'review', current, proposed: incoming });
          const next = survive(current, decision);
          if (conflicting) expect(next).toBe(current);
          current = next;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('confirms every redelivery of the current observation, under every policy', () => {
    fc.assert(
      fc.property(rules, observations(10), (r, history) => {
        fc.pre(history.length > 0);
        const current = history.reduce<Observation | undefined>((c, h) => survive(c, decide(r, c, h)), undefined) as Observation;
        expect(decide(r, current, { ...current })).toEqual({ kind: 'confirmed', observation: current });
      }),
      { numRuns: 1000 },
    );
  });
});
