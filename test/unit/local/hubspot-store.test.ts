import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HubspotStore } from '#local/sandboxes/hubspot/store';

const store = () => new HubspotStore(() => undefined, () => Date.parse('2026-12-01T09:00:00Z'));

describe('the HubSpot sandbox store looks records up by property through an index kept in step with every write', () => {
  it('finds a contact by e-mail whatever its case, and follows the e-mail when it changes', () => {
    const s = store();
    const ada = s.create('contacts', { email: 'ada@example.com', lastname: 'Lovelace' });
    expect(s.findBy('contacts', 'email', ' ADA@example.com ')?.id).toBe(ada.id);

    s.update('contacts', ada, { email: 'ada@analytical.example' });

    expect(s.findBy('contacts', 'email', 'ada@example.com')).toBeUndefined();
    expect(s.findBy('contacts', 'email', 'ada@analytical.example')?.id).toBe(ada.id);
  });

  it('finds no archived contact, and no merged-away one; the survivor answers for the e-mail it took over', () => {
    const s = store();
    const gone = s.create('contacts', { email: 'gone@example.com' });
    s.findBy('contacts', 'email', 'gone@example.com');
    s.archive('contacts', gone);
    expect(s.findBy('contacts', 'email', 'gone@example.com')).toBeUndefined();

    const primary = s.create('contacts', { lastname: 'Hopper' });
    const merged = s.create('contacts', { email: 'grace@example.com', lastname: 'Hopper' });
    expect(s.findBy('contacts', 'email', 'grace@example.com')?.id).toBe(merged.id);
    const { survivor } = s.merge('contacts', primary, merged, true, ['email']);

    expect(s.findBy('contacts', 'email', 'grace@example.com')?.id).toBe(survivor.id);

    // Merged into a primary that keeps its id: the e-mail moves to the primary, and is found there.
    const keeper = s.create('contacts', { lastname: 'Johnson' });
    const other = s.create('contacts', { email: 'katherine@example.com', lastname: 'Johnson' });
    expect(s.findBy('contacts', 'email', 'katherine@example.com')?.id).toBe(other.id);
    s.merge('contacts', keeper, other, false, ['email']);
    expect(s.findBy('contacts', 'email', 'katherine@example.com')?.id).toBe(keeper.id);
  });

  it('answers as a scan in id order would, over any sequence of creates, updates, archives and merges', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), email: fc.constantFrom('a@x.io', 'b@x.io', 'c@x.io', '') }),
      fc.record({ kind: fc.constant('update' as const), at: fc.nat(), email: fc.constantFrom('a@x.io', 'b@x.io', 'c@x.io', '') }),
      fc.record({ kind: fc.constant('archive' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('merge' as const), at: fc.nat(), other: fc.nat(), newId: fc.boolean() }),
      fc.record({ kind: fc.constant('find' as const), email: fc.constantFrom('a@x.io', 'b@x.io', 'c@x.io') }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const s = store();
        const live = () => s.live('contacts');
        for (const o of ops) {
          const pick = (i: number) => live()[i % Math.max(1, live().length)];
          if (o.kind === 'create') s.create('contacts', o.email ? { email: o.email } : {});
          else if (o.kind === 'update' && pick(o.at)) s.update('contacts', pick(o.at)!, { email: o.email });
          else if (o.kind === 'archive' && pick(o.at)) s.archive('contacts', pick(o.at)!);
          else if (o.kind === 'merge' && live().length >= 2) {
            const a = pick(o.at)!;
            const b = live().filter((r) => r.id !== a.id)[o.other % (live().length - 1)]!;
            s.merge('contacts', a, b, o.newId, ['email']);
          } else if (o.kind === 'find') {
            expect(s.findBy('contacts', 'email', o.email)?.id).toBe(live().find((r) => r.properties['email'] === o.email)?.id);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
