import { describe, expect, it } from 'vitest';
import { pollChanges, polledObjects, type PollChangesDeps } from '#app/poll-changes';
import type { ChangeEvent } from '#domain/change-event';
import { RetryableError, VendorPaused } from '#domain/errors';
import type { SyncPlan } from '#domain/mapping';
import { MetricName } from '#ports/metrics';
import { CountingMetrics, FakeClock, FlakyQueue, MemoryCursors, MemoryFeed, MemoryQuarantine } from '#test/support/fakes';

const both = { direction: 'both', transform: [] } as const;
const plan: SyncPlan = {
  objects: {
    person: {
      systems: {
        salesforce: { objects: ['Contact', 'Lead'], externalIds: { hubspot: 'HubSpot_Id__c' }, required: [] },
        hubspot: { objects: ['contacts'], externalIds: { salesforce: 'syncline_salesforce_id' }, required: [] },
      },
      fields: {
        email: { type: 'email', owner: 'salesforce', map: { salesforce: { ...both, field: 'Email' }, hubspot: { ...both, field: 'email' } } },
        title: { type: 'string', owner: 'salesforce', map: { salesforce: { ...both, field: 'Title' }, hubspot: { ...both, field: 'jobtitle' } } },
        leadScore: { type: 'number', owner: 'hubspot', map: { salesforce: { field: 'HubSpot_Lead_Score__c', direction: 'in', transform: [] }, hubspot: { ...both, field: 'hubspotscore' } } },
      },
    },
    company: {
      systems: { salesforce: { objects: ['Account'], externalIds: {}, required: [] }, hubspot: { objects: ['companies'], externalIds: {}, required: [] } },
      fields: { name: { type: 'string', owner: 'salesforce', map: { salesforce: { ...both, field: 'Name' }, hubspot: { ...both, field: 'name' } } } },
    },
  },
  syncs: [
    { object: 'person', from: 'salesforce', to: 'hubspot' },
    { object: 'person', from: 'hubspot', to: 'salesforce' },
    { object: 'company', from: 'hubspot', to: 'salesforce' },
  ],
};

const change = (objectType: string, n: number): ChangeEvent => ({
  source: 'salesforce',
  objectType,
  sourceId: `003${n}`,
  eventId: `003${n}-${n}`,
  occurredAt: new Date(Date.UTC(2026, 10, 23, 10, 0, n)).toISOString(),
  kind: 'upsert',
  fields: { Email: `p${n}@example.com` },
});

function setup(events: Record<string, number> = {}) {
  const feed = new MemoryFeed();
  for (const [object, count] of Object.entries(events)) feed.events.set(object, Array.from({ length: count }, (_, i) => change(object, i)));
  const deps: PollChangesDeps & { feed: MemoryFeed; cursors: MemoryCursors; queue: FlakyQueue; metrics: CountingMetrics } = {
    plan,
    feed,
    cursors: new MemoryCursors(),
    queue: new FlakyQueue(),
    quarantine: new MemoryQuarantine(),
    clock: new FakeClock(),
    metrics: new CountingMetrics(),
    pageSize: 5,
    maxPages: 2,
  };
  return deps;
}

describe('pollChanges', () => {
  it('polls each object the source feeds into an active sync, with the fields read from it', () => {
    const objects = polledObjects(plan, 'salesforce');

    expect([...objects.keys()]).toEqual(['Contact', 'Lead']);
    // The mapped fields and the link fields: everything the processor reads, so a feed's rows can be snapshots.
    expect(objects.get('Contact')).toEqual(['Email', 'Title', 'HubSpot_Id__c']);
    expect([...polledObjects(plan, 'hubspot').keys()]).toEqual(['contacts', 'companies']);
  });

  it('enqueues changes in order, saves each cursor and counts them', async () => {
    const deps = setup({ Contact: 3, Lead: 1 });

    const result = await pollChanges(deps, { source: 'salesforce' });

    expect(result).toEqual({ polled: { Contact: 3, Lead: 1 }, more: false, failed: {} });
    expect(deps.queue.events.map((e) => e.eventId)).toEqual(['0030-0', '0031-1', '0032-2', '0030-0']);
    expect(Object.fromEntries(deps.cursors.values)).toEqual({ 'salesforce:Contact': '3', 'salesforce:Lead': '1' });
    expect(deps.feed.polls.map((p) => [p.objectType, p.fields, p.limit])).toEqual([
      ['Contact', ['Email', 'Title', 'HubSpot_Id__c'], 5],
      ['Lead', ['Email', 'Title', 'HubSpot_Id__c'], 5],
    ]);
    expect(deps.metrics.of(MetricName.ChangesReceived)).toBe(4);
    expect(deps.metrics.of(MetricName.PollRuns)).toBe(1);
  });

  it('resumes from the saved cursor, so a second run enqueues nothing twice', async () => {
    const deps = setup({ Contact: 3 });
    await pollChanges(deps, { source: 'salesforce' });
    deps.feed.events.get('Contact')?.push(change('Contact', 7));

    const second = await pollChanges(deps, { source: 'salesforce' });

    expect(second.polled).toEqual({ Contact: 1, Lead: 0 });
    expect(deps.queue.events.map((e) => e.sourceId)).toEqual(['0030', '0031', '0032', '0037']);
  });

  it('reads at most maxPages pages per object and run, and says more are waiting', async () => {
    const deps = setup({ Contact: 12 });

    const first = await pollChanges(deps, { source: 'salesforce' });
    const second = await pollChanges(deps, { source: 'salesforce' });

    expect([first.polled['Contact'], first.more]).toEqual([10, true]);
    expect([second.polled['Contact'], second.more]).toEqual([2, false]);
    expect(new Set(deps.queue.events.map((e) => e.eventId)).size).toBe(12);
  });

  it("asks for the feed's own page size, and reads no more than 4,000 rows of an object per run", async () => {
    const { pageSize: _p, maxPages: _m, ...deps } = setup({ Contact: 9_000 });
    Object.assign(deps.feed, { pageSize: 2_000 });

    const first = await pollChanges(deps, { source: 'salesforce' });

    expect(deps.feed.polls.filter((p) => p.objectType === 'Contact').map((p) => p.limit)).toEqual([2_000, 2_000]);
    expect([first.polled['Contact'], first.more]).toEqual([4_000, true]);
  });

  it('keeps the cursor when the enqueue fails, so the next run reads the same changes again', async () => {
    const deps = setup({ Contact: 2 });
    deps.queue.failNext = new RetryableError('SQS throttled');

    const failed = await pollChanges(deps, { source: 'salesforce' });
    const retried = await pollChanges(deps, { source: 'salesforce' });

    expect(failed.failed).toEqual({ Contact: 'RetryableError: SQS throttled' });
    expect(deps.cursors.values.get('salesforce:Contact')).toBe('2');
    expect(retried.polled['Contact']).toBe(2);
    expect(deps.queue.events.map((e) => e.eventId)).toEqual(['0030-0', '0031-1']);
    expect(deps.metrics.of(MetricName.PollFailures)).toBe(1);
  });

  it('skips an object whose vendor is paused for its allocation, as a pause rather than a failure, keeping its cursor', async () => {
    const deps = setup({ Contact: 2, Lead: 1 });
    const resumeAt = Date.UTC(2026, 10, 23, 12, 0, 0);
    deps.feed.failNext.set('Contact', new VendorPaused('salesforce', resumeAt, 'share of the daily allocation spent'));

    const paused = await pollChanges(deps, { source: 'salesforce' });
    const resumed = await pollChanges(deps, { source: 'salesforce' });

    expect(paused).toMatchObject({ failed: {}, paused: { Contact: new Date(resumeAt).toISOString() }, polled: { Lead: 1 } });
    expect(deps.metrics.of(MetricName.PollFailures)).toBe(0);
    expect(resumed.polled['Contact']).toBe(2);
  });

  it('fails one object without holding back the others', async () => {
    const deps = setup({ Contact: 1, Lead: 2 });
    deps.feed.failNext.set('Contact', new RetryableError('Salesforce call failed (SERVER_UNAVAILABLE)'));

    const result = await pollChanges(deps, { source: 'salesforce' });

    expect(result.polled).toEqual({ Lead: 2 });
    expect(Object.keys(result.failed)).toEqual(['Contact']);
    expect(deps.cursors.values.has('salesforce:Contact')).toBe(false);
    expect(deps.metrics.of(MetricName.PollRuns)).toBe(1);
  });

  it('saves the starting cursor of an empty first poll, and writes no unchanged cursor again', async () => {
    const deps = setup();
    deps.feed.poll = async (_o, _f, cursor) => ({ events: [], cursor: cursor ?? 'start', more: false });

    await pollChanges(deps, { source: 'salesforce' });
    await pollChanges(deps, { source: 'salesforce' });

    expect(deps.cursors.values.get('salesforce:Contact')).toBe('start');
    expect(deps.cursors.puts).toBe(2);
  });

  it('polls nothing for a source that feeds no active sync', async () => {
    const deps = setup({ Contact: 1 });

    const result = await pollChanges(deps, { source: 'outreach' });

    expect(result).toEqual({ polled: {}, more: false, failed: {} });
    expect(deps.feed.polls).toEqual([]);
  });
});
