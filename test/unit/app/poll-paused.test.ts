import { describe, expect, it } from 'vitest';
import { pollChanges, type PollChangesDeps } from '#app/poll-changes';
import type { ChangeEvent } from '#domain/change-event';
import { CountingMetrics, FakeClock, MemoryCursors, MemoryFeed, MemoryQuarantine, MemoryQueue } from '#test/support/fakes';
import { shippedPlan } from '#test/support/processor-setup';

const change = (n: number): ChangeEvent => ({ source: 'salesforce', objectType: 'Contact', sourceId: `003${n}`, eventId: `e${n}`, occurredAt: '2026-11-23T10:00:00Z', kind: 'upsert', fields: {} });

function setup(paused: Set<string>) {
  const feed = new MemoryFeed();
  feed.events.set('Contact', [change(1), change(2)]);
  const cursors = new MemoryCursors();
  const queue = new MemoryQueue();
  const deps: PollChangesDeps = { plan: shippedPlan(), feed, cursors, queue, quarantine: new MemoryQuarantine(), clock: new FakeClock(), metrics: new CountingMetrics(), pauses: { isPaused: async (c) => paused.has(c) } };
  return { deps, feed, cursors, queue };
}

describe('pollChanges of a paused source', () => {
  it('polls nothing while the source is paused and keeps its cursors, then goes on from them once resumed', async () => {
    // Prepare: a first poll has set the cursor; Salesforce is then paused.
    const paused = new Set<string>();
    const { deps, feed, cursors, queue } = setup(paused);
    await pollChanges(deps, { source: 'salesforce' });
    const before = new Map(cursors.values);
    feed.events.set('Contact', [change(1), change(2), change(3)]);
    paused.add('salesforce');

    const pollsBefore = feed.polls.length;

    // Act
    const whilePaused = await pollChanges(deps, { source: 'salesforce' });
    const pollsWhilePaused = feed.polls.length - pollsBefore;
    const cursorsWhilePaused = new Map(cursors.values);
    paused.delete('salesforce');
    await pollChanges(deps, { source: 'salesforce' });

    // Assess: nothing read or enqueued while paused, cursors unchanged; after the resume, the change made meanwhile.
    expect(whilePaused).toEqual({ polled: {}, more: false, failed: {}, pausedByOperator: true });
    expect(pollsWhilePaused).toBe(0);
    expect(cursorsWhilePaused).toEqual(before);
    expect(cursors.values.get('salesforce:Contact')).toBe('3');
    expect(queue.events.map((e) => e.eventId)).toEqual(['e1', 'e2', 'e3']);
  });

  it('polls a source when only another connector is paused', async () => {
    const { deps, queue } = setup(new Set(['hubspot']));

    const result = await pollChanges(deps, { source: 'salesforce' });

    expect(result.pausedByOperator).toBeUndefined();
    expect(queue.events).toHaveLength(2);
  });
});
