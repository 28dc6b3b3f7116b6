import { describe, expect, it } from 'vitest';
import { emptyGoldenRecord } from '#domain/golden-record';
import type { ReviewItem } from '#ports/stores';
import { isEmail, reviewSubjects } from '#cli/record-views';
import { MemoryState } from '#test/support/fakes';
import { shippedPlan } from '#test/support/processor-setup';

const observed = (value: string | number | null, source = 'salesforce') => ({ value, source, observedAt: 0, eventId: 'e0' });

async function state() {
  const store = new MemoryState();
  await store.putEntity({ entityId: 'salesforce:Opportunity:006A', object: 'deal', golden: { ...emptyGoldenRecord(), fields: { name: observed('Acme renewal') } }, links: { salesforce: 'Opportunity:006A', hubspot: 'deals:9006' }, written: {}, version: 0 });
  await store.putEntity({ entityId: 'hubspot:contacts:1', object: 'person', golden: { ...emptyGoldenRecord(), fields: { firstName: observed('Ada'), lastName: observed('Lovelace'), email: observed('ada@example.com') } }, links: { hubspot: 'contacts:1', salesforce: 'Contact:003A' }, written: {}, version: 0 });
  return store;
}

const valueReview: ReviewItem = { id: 'salesforce:Opportunity:006A#amount', entityId: 'salesforce:Opportunity:006A', object: 'deal', field: 'amount', current: observed(12000), proposed: observed(20000, 'hubspot'), at: '2026-12-01T10:00:00Z' };
const event = { source: 'hubspot', objectType: 'contacts', sourceId: '2', eventId: 'e', occurredAt: '2026-12-01T10:00:00Z', kind: 'upsert' as const, fields: { firstname: 'Ada', lastname: 'Lovelace' } };
const identityReview = (subject?: Record<string, string>): ReviewItem => ({
  id: 'identity#hubspot:contacts:2',
  entityId: 'hubspot:contacts:2',
  object: 'person',
  field: 'identity',
  current: observed(null, 'hubspot'),
  proposed: observed('entity:hubspot:contacts:1', 'hubspot'),
  at: '2026-12-01T10:00:00Z',
  identity: { candidates: ['entity:hubspot:contacts:1', 'record:salesforce:Contact:003Q'], code: 'AMBIGUOUS_MATCH', reason: 'two people', event, ...(subject && { subject }) },
});

describe('reviewSubjects', () => {
  it('names a value review\'s record from its entity, and the record its change came from', async () => {
    const [row] = await reviewSubjects(await state(), shippedPlan(), [valueReview]);

    expect(row).toEqual({ from: 'hubspot:deals:9006', record: 'Acme renewal' });
  });

  it('names an identity review\'s held record from what was stored with it, and each record it may be', async () => {
    const [row] = await reviewSubjects(await state(), shippedPlan(), [identityReview({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada.l@example.com' })]);

    expect(row).toEqual({ from: 'hubspot:contacts:2', record: 'Ada Lovelace <ada.l@example.com>; may be: Ada Lovelace <ada@example.com> | salesforce:Contact:003Q' });
  });

  it('falls back to what the held change carried for an identity review stored without names', async () => {
    const [row] = await reviewSubjects(await state(), shippedPlan(), [identityReview()]);

    expect(row?.record).toMatch(/^Ada Lovelace; may be: /);
  });
});

describe('isEmail', () => {
  it('tells an e-mail address from a record key', () => {
    expect(isEmail('ada@example.com')).toBe(true);
    expect(isEmail('salesforce:Contact:003A')).toBe(false);
    expect(isEmail('hubspot:1001')).toBe(false);
  });
});
