import { describe, expect, it } from 'vitest';
import { processBatch, type BatchRecord, type ProcessBatchDeps } from '#app/process-batch';
import type { ChangeEvent } from '#domain/change-event';
import { VendorPaused } from '#domain/errors';
import type { FakeClock } from '#test/support/fakes';
import { processorSetup } from '#test/support/processor-setup';

let n = 0;
function created(id: string): BatchRecord {
  const event: ChangeEvent = { source: 'hubspot', objectType: 'contacts', sourceId: id, eventId: `e${++n}`, occurredAt: new Date(Date.parse('2026-11-23T09:00:00Z') + n).toISOString(), kind: 'upsert', fields: {} };
  return { messageId: `m-${id}-${n}`, body: JSON.stringify(event), groupId: `hubspot:contacts:${id}`, receiveCount: 1, event };
}

function setup() {
  const ports = processorSetup();
  const clock = ports.deps.clock as FakeClock;
  const deferred: string[] = [];
  const deps: ProcessBatchDeps = {
    change: ports.deps,
    probes: {},
    deferrals: { defer: async (changes) => (deferred.push(...changes.map((c) => c.record.messageId)), new Set()) },
    failures: { record: async () => undefined, lastOf: async () => new Map() },
    sleep: async (ms) => void (clock.now += ms),
    random: () => 0.5,
  };
  const end = clock.now + 60_000;
  const run = (records: readonly BatchRecord[]) => processBatch(deps, records, { remainingMs: () => end - clock.now });
  return { ...ports, run, clock, deferred };
}

describe('processBatch over a window', () => {
  it('writes a window of new people to a target in one call, after one lookup call for every target object', async () => {
    // Prepare
    const { run, hubspotRecords, salesforce, salesforceRecords } = setup();
    const ids = Array.from({ length: 25 }, (_, i) => String(i + 1));
    for (const id of ids) hubspotRecords.records.set(id, { email: `p${id}@example.com`, firstname: 'Pat', lastname: `Person ${id}` });

    // Act
    const result = await run(ids.map(created));

    // Assess: every change synced; one read of the sources, one lookup call (Contact and Lead), one write.
    expect(result.failed).toEqual([]);
    expect([...result.outcomes.values()].every((o) => o.status === 'processed' && o.result.status === 'synced')).toBe(true);
    expect(hubspotRecords.calls).toEqual([{ method: 'readMany', ids }]);
    expect(salesforceRecords.lookups.map((l) => [l.method, l.objectType, l.values.length])).toEqual([['findIdsAcross', 'Contact+Lead', 50]]);
    expect(salesforce.calls).toHaveLength(1);
    expect(salesforce.calls[0]?.records).toHaveLength(25);
  });

  it('creates one person once when two records of the window are that person, and holds the second for review', async () => {
    const { run, hubspotRecords, salesforce } = setup();
    hubspotRecords.records.set('1', { email: 'same@example.com', firstname: 'Sam', lastname: 'Same' });
    hubspotRecords.records.set('2', { email: 'SAME@example.com', firstname: 'Sam', lastname: 'Same' });
    hubspotRecords.records.set('3', { email: 'other@example.com', firstname: 'Oda', lastname: 'Other' });

    const result = await run([created('1'), created('2'), created('3')]);

    // The second lost the race for the e-mail, ran again after the first was stored, and matched it: two HubSpot
    // records of one person are a duplicate in HubSpot, for a person to decide, never a second Salesforce record.
    expect(result.failed).toEqual([]);
    expect([...result.outcomes.values()].map((o) => (o.status === 'processed' ? o.result.status : o.status))).toEqual(['synced', 'held-for-review', 'synced']);
    expect(salesforce.records.size).toBe(2);
  });

  it('waits in place for a vendor paused for less than the invocation has left, then goes on', async () => {
    const { run, hubspotRecords, salesforce, clock, deferred } = setup();
    hubspotRecords.records.set('1', { email: 'p1@example.com', lastname: 'One' });
    salesforce.nextResult = new VendorPaused('salesforce', clock.now + 5_000, 'share of the daily allocation spent');

    const result = await run([created('1')]);

    expect(result).toMatchObject({ failed: [], deferred: 0, paused: { vendor: 'salesforce' } });
    expect(salesforce.records.size).toBe(1);
    expect(deferred).toEqual([]);
  });

  it('defers, burning no delivery, what a vendor pause longer than the invocation leaves undone', async () => {
    const { run, hubspotRecords, salesforce, clock, deferred } = setup();
    hubspotRecords.records.set('1', { email: 'p1@example.com', lastname: 'One' });
    salesforce.nextResult = new VendorPaused('salesforce', clock.now + 3_600_000, 'REQUEST_LIMIT_EXCEEDED');
    const record = created('1');

    const result = await run([record]);

    expect(result).toMatchObject({ failed: [], deferred: 1 });
    expect(deferred).toEqual([record.messageId]);
    expect(salesforce.records.size).toBe(0);
  });
});
