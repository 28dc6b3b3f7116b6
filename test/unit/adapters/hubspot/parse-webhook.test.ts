import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHubspotWebhook } from '#adapters/vendors/hubspot/parse-webhook';
import { ChangeEvent } from '#domain/change-event';

const base = { eventId: 1, subscriptionId: 12345, portalId: 62515, appId: 54321, occurredAt: 1564113600000, attemptNumber: 0, objectId: 123, changeSource: 'CRM' };

describe('parseHubspotWebhook', () => {
  it('marks a property change as the whole change only when it names the new value', () => {
    const body = JSON.stringify([
      { ...base, subscriptionType: 'contact.propertyChange', propertyName: 'jobtitle', propertyValue: 'CFO' },
      { ...base, eventId: 2, subscriptionType: 'contact.propertyChange', propertyName: 'jobtitle' },
    ]);
    const parsed = parseHubspotWebhook(body);

    expect(parsed.ok && parsed.events.map((e) => [e.fields, e.delta])).toEqual([
      [{ jobtitle: 'CFO' }, true],
      [{ jobtitle: null }, undefined],
    ]);
  });

  it('turns a batch into change events keyed by subscription, event and time', () => {
    const body = JSON.stringify([
      { ...base, subscriptionType: 'contact.creation', changeFlag: 'NEW' },
      { ...base, eventId: 2, subscriptionType: 'contact.propertyChange', propertyName: 'email', propertyValue: 'a@b.co' },
      { ...base, eventId: 3, subscriptionType: 'company.deletion', objectId: 9 },
    ]);
    const parsed = parseHubspotWebhook(body);

    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.events).toEqual([
      { source: 'hubspot', objectType: 'contacts', sourceId: '123', eventId: '12345-1-1564113600000', occurredAt: '2019-07-26T04:00:00.000Z', kind: 'upsert', fields: {} },
      { source: 'hubspot', objectType: 'contacts', sourceId: '123', eventId: '12345-2-1564113600000', occurredAt: '2019-07-26T04:00:00.000Z', kind: 'upsert', fields: { email: 'a@b.co' }, delta: true },
      { source: 'hubspot', objectType: 'companies', sourceId: '9', eventId: '12345-3-1564113600000', occurredAt: '2019-07-26T04:00:00.000Z', kind: 'delete', fields: {} },
    ]);
  });

  it('names the surviving record of a merge and lists the records merged into it', () => {
    const parsed = parseHubspotWebhook(JSON.stringify([{ ...base, subscriptionType: 'contact.merge', objectId: 123, primaryObjectId: 123, mergedObjectIds: [456], newObjectId: 789 }]));
    expect(parsed.ok && parsed.events[0]).toMatchObject({ kind: 'merge', sourceId: '789', fields: { mergedIds: '456,123' } });
    const sameId = parseHubspotWebhook(JSON.stringify([{ ...base, subscriptionType: 'contact.merge', objectId: 123, primaryObjectId: 123, mergedObjectIds: [456] }]));
    expect(sameId.ok && sameId.events[0]).toMatchObject({ kind: 'merge', sourceId: '123', fields: { mergedIds: '456' } });
  });

  it('gives a retry (higher attemptNumber) the same event id', () => {
    const first = parseHubspotWebhook(JSON.stringify([{ ...base, subscriptionType: 'contact.creation' }]));
    const retry = parseHubspotWebhook(JSON.stringify([{ ...base, attemptNumber: 3, subscriptionType: 'contact.creation' }]));
    expect(first.ok && retry.ok && first.events[0]?.eventId === retry.events[0]?.eventId).toBe(true);
  });

  it('rejects non-JSON, non-arrays, empty batches and events without required keys, saying where', () => {
    expect(parseHubspotWebhook('{nope')).toMatchObject({ ok: false, reason: 'malformed-body', message: 'The body is not valid JSON.' });
    expect(parseHubspotWebhook('{}')).toMatchObject({ ok: false, reason: 'malformed-body' });
    expect(parseHubspotWebhook('[]')).toMatchObject({ ok: false, reason: 'malformed-body' });
    const missing = parseHubspotWebhook(JSON.stringify([{ ...base, objectId: undefined, subscriptionType: 'contact.creation' }]));
    expect(missing).toMatchObject({ ok: false, reason: 'malformed-body' });
    expect(!missing.ok && missing.message).toContain('event 0 at objectId');
  });

  it('keeps the readable events of a batch and reports the others by index', () => {
    const association = { ...base, eventId: 5, subscriptionType: 'contact.associationChange', objectId: undefined, fromObjectId: 1, toObjectId: 2 };
    const parsed = parseHubspotWebhook(JSON.stringify([association, { ...base, subscriptionType: 'contact.creation' }]));

    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.events.map((e) => e.sourceId)).toEqual(['123']);
    expect(parsed.skipped).toEqual([{ index: 0, reason: expect.stringContaining('objectId') }]);
  });

  it('never throws, and every event it returns is a valid change event', () => {
    const event = fc.record({
      eventId: fc.nat(),
      subscriptionId: fc.nat(),
      occurredAt: fc.integer({ min: 1, max: 4_102_444_800_000 }),
      subscriptionType: fc.constantFrom('contact.creation', 'contact.propertyChange', 'deal.deletion', 'company.merge', 'ticket.restore'),
      objectId: fc.integer({ min: 1 }),
      propertyName: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
      propertyValue: fc.option(fc.string(), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.oneof(fc.array(event, { maxLength: 20 }).map((a) => JSON.stringify(a)), fc.string()), (body) => {
        const parsed = parseHubspotWebhook(body);
        if (parsed.ok) for (const e of parsed.events) expect(ChangeEvent.safeParse(e).success).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
