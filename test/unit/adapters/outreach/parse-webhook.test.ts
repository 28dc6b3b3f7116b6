import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOutreachWebhook } from '#adapters/vendors/outreach/parse-webhook';
import { ChangeEvent } from '#domain/change-event';

const DELIVERED_AT = '2024-05-01T10:00:00.000Z';

function delivery(eventName: string, data: Record<string, unknown>, meta: Record<string, unknown> = {}): string {
  return JSON.stringify({ data, meta: { deliveredAt: DELIVERED_AT, eventName, jobId: 'job-1', ...meta } });
}

function only(body: string): ChangeEvent {
  const parsed = parseOutreachWebhook(body);
  if (!parsed.ok || parsed.events.length !== 1) throw new Error(`expected one event, got ${JSON.stringify(parsed)}`);
  return parsed.events[0] as ChangeEvent;
}

describe('parseOutreachWebhook', () => {
  it('turns prospect.created and prospect.updated into prospect upserts carrying the changed attributes, flattened', () => {
    const created = only(delivery('prospect.created', { type: 'prospect', id: 123, attributes: { firstName: 'Ada', emails: ['ada@x.example', 'a@y.example'], tags: [], custom1: '003X' }, relationships: { account: { data: { type: 'account', id: 9 } } } }));
    const updated = only(delivery('prospect.updated', { type: 'prospect', id: 123, attributes: { title: 'CTO', updatedAt: '2024-05-01T09:59:59.000Z' } }, { jobId: 'job-2' }));

    expect(created).toEqual({
      source: 'outreach',
      objectType: 'prospect',
      sourceId: '123',
      eventId: 'job-1',
      occurredAt: DELIVERED_AT,
      kind: 'upsert',
      fields: { firstName: 'Ada', emails: 'ada@x.example,a@y.example', email: 'ada@x.example', tags: '', custom1: '003X', accountId: '9' },
    });
    expect(updated).toMatchObject({ sourceId: '123', eventId: 'job-2', kind: 'upsert', fields: { title: 'CTO', updatedAt: '2024-05-01T09:59:59.000Z' } });
    expect(updated.snapshot).toBeUndefined();
  });

  it('turns prospect.destroyed into a delete', () => {
    expect(only(delivery('prospect.destroyed', { type: 'prospect', id: '77', attributes: { lastName: 'Gone' } }))).toMatchObject({ objectType: 'prospect', sourceId: '77', kind: 'delete' });
  });

  it('turns any sequenceState event into an upsert of its prospect', () => {
    for (const action of ['created', 'updated', 'finished', 'destroyed']) {
      const event = only(delivery(`sequenceState.${action}`, { type: 'sequenceState', id: 5001, attributes: { state: 'paused' }, relationships: { prospect: { data: { type: 'prospect', id: 1001 } }, sequence: { data: { type: 'sequence', id: 2 } } } }));
      expect(event).toMatchObject({ objectType: 'prospect', sourceId: '1001', kind: 'upsert', fields: { state: 'paused', prospectId: '1001', sequenceId: '2' } });
    }
  });

  it('skips a sequenceState event that names no prospect, saying so', () => {
    const parsed = parseOutreachWebhook(delivery('sequenceState.updated', { type: 'sequenceState', id: 5001, attributes: { state: 'active' } }));
    expect(parsed).toEqual({ ok: true, events: [], skipped: [{ index: 0, reason: 'sequenceState.updated names no related prospect' }] });
  });

  it('reads mailing.delivered as a mailing activity and skips the mailing events that do not mean an e-mail went out', () => {
    expect(only(delivery('mailing.delivered', { type: 'mailing', id: 7001, attributes: { state: 'delivered', deliveredAt: DELIVERED_AT }, relationships: { prospect: { data: { type: 'prospect', id: 1001 } } } }))).toMatchObject({
      objectType: 'mailing',
      sourceId: '7001',
      kind: 'upsert',
      fields: { state: 'delivered', prospectId: '1001' },
    });
    for (const action of ['created', 'updated', 'opened', 'replied', 'bounced', 'destroyed']) {
      const parsed = parseOutreachWebhook(delivery(`mailing.${action}`, { type: 'mailing', id: 7001, attributes: {} }));
      expect(parsed.ok && parsed.events).toEqual([]);
      expect(parsed.ok && parsed.skipped[0]?.reason).toContain('mailing.delivered');
    }
  });

  it('reads call.created and call.updated as call activities and skips call.destroyed', () => {
    expect(only(delivery('call.created', { type: 'call', id: 9001, attributes: { outcome: 'Answered' } }))).toMatchObject({ objectType: 'call', sourceId: '9001', kind: 'upsert' });
    expect(only(delivery('call.updated', { type: 'call', id: 9001, attributes: { note: 'x' } }))).toMatchObject({ objectType: 'call', kind: 'upsert' });
    const destroyed = parseOutreachWebhook(delivery('call.destroyed', { type: 'call', id: 9001, attributes: {} }));
    expect(destroyed.ok && destroyed.events.length === 0 && destroyed.skipped.length === 1).toBe(true);
  });

  it('skips events of resources Syncline does not read, with the reason', () => {
    expect(parseOutreachWebhook(delivery('account.updated', { type: 'account', id: 1, attributes: {} }))).toEqual({ ok: true, events: [], skipped: [{ index: 0, reason: 'Syncline does not read Outreach account events' }] });
  });

  it('names the delivery by event, id and deliveredAt when there is no jobId, and falls back to updatedAt for the time', () => {
    const noJob = JSON.stringify({ data: { type: 'prospect', id: 5, attributes: {} }, meta: { eventName: 'prospect.updated', deliveredAt: DELIVERED_AT } });
    expect(only(noJob).eventId).toBe(`prospect.updated:5:${DELIVERED_AT}`);
    const noDeliveredAt = JSON.stringify({ data: { type: 'prospect', id: 5, attributes: { updatedAt: '2024-05-01T08:00:00Z' } }, meta: { eventName: 'prospect.updated' } });
    expect(only(noDeliveredAt)).toMatchObject({ occurredAt: '2024-05-01T08:00:00.000Z', eventId: 'prospect.updated:5:2024-05-01T08:00:00Z' });
    const noTime = parseOutreachWebhook(JSON.stringify({ data: { type: 'prospect', id: 5, attributes: {} }, meta: { eventName: 'prospect.updated' } }));
    expect(noTime.ok && noTime.skipped[0]?.reason).toContain('neither meta.deliveredAt nor attributes.updatedAt');
  });

  it('gives the same delivery (a retry or a replay) the same event id', () => {
    const body = delivery('prospect.updated', { type: 'prospect', id: 5, attributes: { title: 'A' } });
    expect(only(body).eventId).toBe(only(body).eventId);
  });

  it('rejects a body that is not JSON or not a delivery, saying where', () => {
    expect(parseOutreachWebhook('{"data":')).toMatchObject({ ok: false, reason: 'malformed-body', message: 'The body is not valid JSON.' });
    expect(parseOutreachWebhook('[]')).toMatchObject({ ok: false, reason: 'malformed-body' });
    const noEvent = parseOutreachWebhook(JSON.stringify({ data: { type: 'prospect', id: 1 }, meta: {} }));
    expect(noEvent).toMatchObject({ ok: false, reason: 'malformed-body' });
    expect(!noEvent.ok && noEvent.message).toContain('meta.eventName');
    expect(parseOutreachWebhook(JSON.stringify({ data: { type: 'prospect', id: -1 }, meta: { eventName: 'prospect.updated' } }))).toMatchObject({ ok: false, reason: 'malformed-body' });
  });

  it('never throws, and every event it returns is a valid change event', () => {
    const json = fc.jsonValue({ maxDepth: 3 });
    const body = fc.record({
      data: fc.record({ type: fc.constantFrom('prospect', 'sequenceState', 'mailing', 'call'), id: fc.oneof(fc.integer({ min: 1 }), fc.string()), attributes: fc.dictionary(fc.string(), json), relationships: fc.dictionary(fc.string(), fc.record({ data: fc.oneof(fc.constant(null), fc.record({ type: fc.string(), id: fc.integer({ min: 1 }) })) })) }),
      meta: fc.record({ eventName: fc.constantFrom('prospect.created', 'prospect.updated', 'prospect.destroyed', 'sequenceState.updated', 'mailing.delivered', 'call.created', 'x.y'), deliveredAt: fc.option(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), { nil: undefined }), jobId: fc.option(fc.string({ minLength: 1, maxLength: 100 }), { nil: undefined }) }, { requiredKeys: ['eventName'] }),
    });
    fc.assert(
      fc.property(fc.oneof(body.map((b) => JSON.stringify(b)), fc.string()), (raw) => {
        const parsed = parseOutreachWebhook(raw);
        if (parsed.ok) for (const e of parsed.events) expect(ChangeEvent.safeParse(e).success).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
