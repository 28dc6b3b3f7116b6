import { describe, expect, it } from 'vitest';
import { approveReview } from '#app/decide-review';
import { pollChanges } from '#app/poll-changes';
import { retryQuarantined } from '#app/retry-quarantined';
import type { ChangeEvent } from '#domain/change-event';
import { PermanentError } from '#domain/errors';
import type { SyncPlan } from '#domain/mapping';
import type { EnqueueResult } from '#ports/change-queue';
import { MetricName } from '#ports/metrics';
import { CountingMetrics, FakeClock, MemoryCursors, MemoryFeed, MemoryQuarantine, MemoryQueue, MemoryReviews } from '#test/support/fakes';

/** A queue that refuses changes whose source id `refuses` picks, as SqsChangeQueue reports a sender fault. */
class RefusingQueue extends MemoryQueue {
  constructor(private readonly refuses: (event: ChangeEvent) => boolean) {
    super();
  }
  override async enqueue(events: readonly ChangeEvent[]): Promise<EnqueueResult> {
    await super.enqueue(events.filter((e) => !this.refuses(e)));
    return { refused: events.filter(this.refuses).map((event) => ({ event, code: 'MESSAGE_REFUSED' as const, reason: 'SQS refused the message: InvalidParameterValue' })) };
  }
}

const change = (sourceId: string): ChangeEvent => ({ source: 'salesforce', objectType: 'Contact', sourceId, eventId: `${sourceId}-1`, occurredAt: '2026-11-23T10:00:00Z', kind: 'upsert', fields: {} });

const plan: SyncPlan = {
  objects: {
    person: {
      systems: { salesforce: { objects: ['Contact'], externalIds: {}, required: [] }, hubspot: { objects: ['contacts'], externalIds: {}, required: [] } },
      fields: { email: { type: 'email', owner: 'salesforce', map: { salesforce: { field: 'Email', direction: 'both', transform: [] }, hubspot: { field: 'email', direction: 'both', transform: [] } } } },
    },
  },
  syncs: [{ object: 'person', from: 'salesforce', to: 'hubspot' }],
};

describe('changes the queue refuses', () => {
  it('are quarantined with the reason by the poller, whose cursor moves on: one record never stalls its object', async () => {
    const feed = new MemoryFeed();
    feed.events.set('Contact', [change('0031'), change('0032'), change('0033')]);
    const cursors = new MemoryCursors();
    const metrics = new CountingMetrics();
    const quarantine = new MemoryQuarantine();
    const queue = new RefusingQueue((e) => e.sourceId === '0032');

    const result = await pollChanges({ plan, feed, cursors, queue, quarantine, clock: new FakeClock(), metrics, pageSize: 10 }, { source: 'salesforce' });

    expect(result.failed).toEqual({});
    expect(queue.events.map((e) => e.sourceId)).toEqual(['0031', '0033']);
    expect(await quarantine.get('salesforce:Contact:0032')).toMatchObject({ code: 'MESSAGE_REFUSED', reason: 'SQS refused the message: InvalidParameterValue', event: change('0032'), attempts: 1 });
    expect(cursors.values.get('salesforce:Contact')).toBeDefined();
    expect(metrics.of(MetricName.ChangesRefusedByQueue)).toBe(1);
    expect(metrics.of(MetricName.PollFailures)).toBe(0);
  });

  it('fail the poll of their object before its cursor moves when the quarantine cannot take them either', async () => {
    const feed = new MemoryFeed();
    feed.events.set('Contact', [change('0031'), change('0032')]);
    const cursors = new MemoryCursors();
    const quarantine = new MemoryQuarantine();
    quarantine.put = () => Promise.reject(new Error('DynamoDB is unreachable'));

    const result = await pollChanges({ plan, feed, cursors, queue: new RefusingQueue((e) => e.sourceId === '0032'), quarantine, clock: new FakeClock(), metrics: new CountingMetrics(), pageSize: 10 }, { source: 'salesforce' });

    expect(result.failed).toEqual({ Contact: 'Error: DynamoDB is unreachable' });
    expect(cursors.values.get('salesforce:Contact')).toBeUndefined();
  });

  it('stay in the quarantine on a retry, reported with the reason', async () => {
    const quarantine = new MemoryQuarantine();
    for (const id of ['0031', '0032']) await quarantine.put({ id: `salesforce:Contact:${id}`, event: change(id), code: 'REQUIRED_FIELD_MISSING', reason: 'hubspot requires email', at: '2026-11-23T10:00:00Z', attempts: 1 });
    const queue = new RefusingQueue((e) => e.sourceId === '0032');

    const result = await retryQuarantined({ quarantine, queue }, 'all');

    expect(result).toEqual({ retried: ['salesforce:Contact:0031'], missing: [], refused: [{ id: 'salesforce:Contact:0032', code: 'MESSAGE_REFUSED', reason: 'SQS refused the message: InvalidParameterValue' }] });
    expect(queue.events.map((e) => e.eventId)).toEqual(['0031-1~retry1']);
    expect(quarantine.items.has('salesforce:Contact:0032')).toBe(true);
  });

  it('fail a review decision and leave the review open', async () => {
    const reviews = new MemoryReviews();
    const observation = { value: 1, source: 'hubspot', observedAt: 0, eventId: 'hubspot:1' };
    await reviews.put({ id: 'e1#amount', entityId: 'e1', object: 'deal', field: 'amount', current: observation, proposed: { ...observation, value: 2 }, at: '2026-11-23T10:00:00Z' });

    await expect(approveReview({ reviews, queue: new RefusingQueue(() => true), clock: new FakeClock() }, 'e1#amount')).rejects.toThrow(PermanentError);
    expect(await reviews.get('e1#amount')).not.toBeNull();
  });
});
