import { describe, expect, it } from 'vitest';
import { checkStorable, VALUE_TOO_LARGE } from '#app/check-storable';
import { PermanentError } from '#domain/errors';
import type { EntityState } from '#ports/stores';

const EVENT = { source: 'hubspot', objectType: 'contacts', sourceId: '101' };
const observed = (value: string) => ({ value, source: 'hubspot', observedAt: 0, eventId: 'hubspot:e1' });

function entity(fields: Record<string, string>): EntityState {
  const golden = { version: 1, fields: Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, observed(v)])) };
  return { entityId: 'hubspot:contacts:101', object: 'person', golden, links: { hubspot: 'contacts:101' }, written: { hubspot: { ...fields } }, version: 0 };
}

describe('checkStorable', () => {
  it('lets a change of ordinary size through, a 10,000-character value included', () => {
    expect(checkStorable(entity({ email: 'a@example.com', firstName: 'F'.repeat(10_000) }), EVENT, ['salesforce'])).toBeUndefined();
  });

  it('rejects a change whose state would pass the item limit once written to its targets, naming the largest field', () => {
    // 120,000 characters: golden + HubSpot's copy fit (about 240 KB); a copy per target makes it too large.
    const state = entity({ email: 'a@example.com', title: 't'.repeat(120_000), lastName: 'L'.repeat(20_000) });

    const fits = checkStorable(state, EVENT, []);
    const error = checkStorable(state, EVENT, ['salesforce', 'outreach']);

    expect(fits).toBeUndefined();
    expect(error).toBeInstanceOf(PermanentError);
    expect(error?.code).toBe(VALUE_TOO_LARGE);
    expect(error?.message).toMatch(/field title \(120000 characters/);
  });

  it('counts multi-byte characters by their UTF-8 bytes', () => {
    // 70,000 three-byte characters are 210 KB per copy: two copies already pass 400 KB.
    const error = checkStorable(entity({ title: '€'.repeat(70_000) }), EVENT, []);
    expect(error?.message).toMatch(/field title \(70000 characters/);
  });
});

describe('checkStorable with held proposals', () => {
  it('rejects a change whose proposal for review would not fit a review item, naming its field', () => {
    const proposal = { id: 'e#amount', entityId: 'e', object: 'deal', field: 'description', current: observed('old'), proposed: observed('d'.repeat(450_000)), at: '2026-11-23T10:00:00Z' };

    const error = checkStorable(entity({ email: 'a@example.com' }), EVENT, ['salesforce'], [proposal]);

    expect(error?.code).toBe(VALUE_TOO_LARGE);
    expect(error?.message).toContain('field description');
  });
});
