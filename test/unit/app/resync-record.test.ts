import { describe, expect, it } from 'vitest';
import { parseRecordKey, resyncRecord, type ResyncDeps } from '#app/resync-record';
import { QueueRefusal } from '#ports/change-queue';
import { MemoryQueue } from '#test/support/fakes';
import { shippedPlan } from '#test/support/processor-setup';

function setup() {
  const queue = new MemoryQueue();
  let n = 0;
  const deps: ResyncDeps = { plan: shippedPlan(), queue, clock: { nowMs: () => Date.parse('2026-12-07T06:00:00Z') }, readable: (s) => s === 'hubspot' || s === 'salesforce', newId: () => `id${++n}` };
  return { deps, queue };
}

describe('resyncRecord', () => {
  it('enqueues a change with no values and a fresh event id each time, so the processor reads the record now', async () => {
    const { deps, queue } = setup();

    const first = await resyncRecord(deps, 'salesforce:contact:003Dn000000000BIAQ');
    const second = await resyncRecord(deps, 'salesforce:Contact:003Dn000000000BIAQ');

    expect(first).toMatchObject({ status: 'enqueued', object: 'person', targets: ['hubspot'] });
    expect(queue.events).toEqual([
      { source: 'salesforce', objectType: 'Contact', sourceId: '003Dn000000000BIAQ', eventId: `resync-${Date.parse('2026-12-07T06:00:00Z')}-id1`, occurredAt: '2026-12-07T06:00:00.000Z', kind: 'upsert', fields: {} },
      expect.objectContaining({ eventId: `resync-${Date.parse('2026-12-07T06:00:00Z')}-id2` }),
    ]);
    expect(second.status).toBe('enqueued');
  });

  it.each([
    ['zendesk:tickets:1', 'unknown system "zendesk"'],
    ['hubspot:tickets:1', 'unknown object "tickets" of hubspot'],
    ['hubspot:1001', 'is not a record'],
  ])('rejects %s, enqueuing nothing', async (key, reason) => {
    const { deps, queue } = setup();

    const result = await resyncRecord(deps, key);

    expect(result).toEqual({ status: 'refused', reason: expect.stringContaining(reason) });
    expect(queue.events).toEqual([]);
  });

  it('rejects a system whose records Syncline cannot read again', async () => {
    const { deps, queue } = setup();

    const result = await resyncRecord({ ...deps, readable: () => false }, 'hubspot:contacts:1001');

    expect(result).toEqual({ status: 'refused', reason: expect.stringContaining('cannot read hubspot records') });
    expect(queue.events).toEqual([]);
  });

  it('fails with the queue\'s reason when the queue refuses the change', async () => {
    const { deps } = setup();
    const queue = { enqueue: async (events: readonly never[]) => ({ refused: events.map((event) => ({ event, code: QueueRefusal.Refused, reason: 'SQS refused the message' })) }) };

    const result = await resyncRecord({ ...deps, queue }, 'hubspot:contacts:1001');

    expect(result).toEqual({ status: 'refused', reason: expect.stringContaining('SQS refused the message') });
  });
});

describe('parseRecordKey', () => {
  it('keeps an id that holds colons whole', () => {
    expect(parseRecordKey(shippedPlan(), 'hubspot:contacts:a:b')).toEqual({ system: 'hubspot', objectType: 'contacts', id: 'a:b' });
  });
});
