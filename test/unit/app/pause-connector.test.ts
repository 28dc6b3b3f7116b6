import { describe, expect, it } from 'vitest';
import { ParkPaused } from '#app/park-paused';
import { heldBackBy, pauseConnector, resumeConnector } from '#app/pause-connector';
import { processBatch, type BatchRecord, type ProcessBatchDeps } from '#app/process-batch';
import type { ChangeEvent } from '#domain/change-event';
import type { ParkedChange, ParkedChangeQueue, PausedConnector, PauseStore } from '#ports/pauses';
import type { FakeClock } from '#test/support/fakes';
import { processorSetup, shippedPlan } from '#test/support/processor-setup';

/** The pause store as the state table keeps it: parking succeeds only while the connector is paused. */
class MemoryPauses implements PauseStore {
  readonly set = new Map<string, string>();
  readonly parkedBy = new Map<string, ParkedChange[]>();
  reads = 0;
  failReads = false;
  async paused(): Promise<PausedConnector[]> {
    this.reads++;
    if (this.failReads) throw new Error('DynamoDB unavailable');
    return [...this.set].map(([connector, since]) => ({ connector, since }));
  }
  async isPaused(connector: string) {
    return this.set.has(connector);
  }
  async pause(connector: string, at: string) {
    if (this.set.has(connector)) return false;
    this.set.set(connector, at);
    return true;
  }
  async resume(connector: string) {
    return this.set.delete(connector);
  }
  async park(connector: string, changes: readonly ParkedChange[]) {
    if (!this.set.has(connector)) return false;
    this.parkedBy.set(connector, [...(this.parkedBy.get(connector) ?? []), ...changes].sort((a, b) => a.id.localeCompare(b.id)));
    return true;
  }
  async parked(connector: string, limit: number) {
    return (this.parkedBy.get(connector) ?? []).slice(0, limit);
  }
  async countParked(connector: string) {
    return this.parkedBy.get(connector)?.length ?? 0;
  }
  async unpark(connector: string, ids: readonly string[]) {
    this.parkedBy.set(connector, (this.parkedBy.get(connector) ?? []).filter((p) => !ids.includes(p.id)));
  }
}

class MemoryResends implements ParkedChangeQueue {
  readonly sent: ParkedChange[] = [];
  refuse = new Set<string>();
  async resend(changes: readonly ParkedChange[]) {
    const refusedAt = changes.findIndex((c) => this.refuse.has(c.event.eventId));
    const sending = refusedAt < 0 ? changes : changes.slice(0, refusedAt);
    this.sent.push(...sending);
    return { sent: sending.map((c) => c.id), refused: refusedAt < 0 ? [] : [{ id: changes[refusedAt]?.id ?? '', reason: 'MESSAGE_REFUSED' }] };
  }
}

const plan = shippedPlan(['hubspot', 'salesforce', 'outreach']);
const change = (source: string, objectType: string, id: string): ChangeEvent => ({ source, objectType, sourceId: id, eventId: `e-${source}-${id}`, occurredAt: '2026-11-23T09:00:00Z', kind: 'upsert', fields: {} });
const record = (event: ChangeEvent, groupId = `${event.source}:${event.objectType}:${event.sourceId}`): BatchRecord => ({ messageId: `m-${event.eventId}`, body: JSON.stringify(event), groupId, receiveCount: 1, event });
const parkedChange = (eventId: string, id: string): ParkedChange => ({ id, connector: 'hubspot', event: { ...change('hubspot', 'contacts', eventId), eventId }, groupId: `g-${eventId}`, at: '2026-11-23T10:00:00.000Z' });

describe('heldBackBy', () => {
  it('holds a change back by its paused source, or by a paused system it would write to', () => {
    const paused = new Set(['hubspot']);

    expect(heldBackBy(plan, change('hubspot', 'contacts', '1'), paused)).toBe('hubspot');
    expect(heldBackBy(plan, change('salesforce', 'Contact', '003'), paused)).toBe('hubspot');
    expect(heldBackBy(plan, change('review', 'review', 'x#amount'), paused)).toBe('hubspot');
    expect(heldBackBy(plan, change('salesforce', 'Contact', '003'), new Set(['salesforce'])), 'its own source').toBe('salesforce');
  });

  it('lets through a change that neither comes from nor writes to a paused connector', () => {
    expect(heldBackBy(plan, change('outreach', 'prospect', '1'), new Set(['hubspot']))).toBeUndefined();
    expect(heldBackBy(plan, change('salesforce', 'Contact', '003'), new Set())).toBeUndefined();
    expect(heldBackBy(plan, change('nowhere', 'contacts', '1'), new Set(['hubspot']))).toBeUndefined();
  });
});

describe('pauseConnector', () => {
  it('pauses a connector of the contract once, saying since when on a second pause', async () => {
    const pauses = new MemoryPauses();
    const deps = { plan, pauses, clock: { nowMs: () => Date.parse('2026-11-23T10:00:00Z') } };

    const first = await pauseConnector(deps, 'hubspot');
    const second = await pauseConnector(deps, 'hubspot');

    expect(first).toEqual({ status: 'paused' });
    expect(second).toEqual({ status: 'already-paused', since: '2026-11-23T10:00:00.000Z' });
    expect([...pauses.set.keys()]).toEqual(['hubspot']);
  });

  it('rejects a name no sync of the contract uses', async () => {
    const pauses = new MemoryPauses();

    const result = await pauseConnector({ plan, pauses, clock: { nowMs: () => 0 } }, 'hubspt');

    expect(result).toEqual({ status: 'refused', reason: expect.stringContaining('unknown connector "hubspt"') });
    expect(pauses.set.size).toBe(0);
  });
});

describe('resumeConnector', () => {
  it('resumes, then sends every parked change in parking order and unparks it', async () => {
    const pauses = new MemoryPauses();
    pauses.set.set('hubspot', 'then');
    const changes = Array.from({ length: 250 }, (_, n) => parkedChange(`e${n}`, `${String(n).padStart(15, '0')}#0000#m`));
    pauses.parkedBy.set('hubspot', changes);
    const queue = new MemoryResends();

    const result = await resumeConnector({ pauses, queue }, 'hubspot');

    expect(result).toEqual({ wasPaused: true, sent: 250, refused: [] });
    expect(queue.sent.map((c) => c.event.eventId)).toEqual(changes.map((c) => c.event.eventId));
    expect(pauses.set.has('hubspot')).toBe(false);
    expect(await pauses.countParked('hubspot')).toBe(0);
  });

  it('fails to send past a change the queue refuses: it and what follows stay parked for the next resume', async () => {
    const pauses = new MemoryPauses();
    pauses.set.set('hubspot', 'then');
    pauses.parkedBy.set('hubspot', [parkedChange('a', '1'), parkedChange('bad', '2'), parkedChange('c', '3')]);
    const queue = new MemoryResends();
    queue.refuse.add('bad');

    const first = await resumeConnector({ pauses, queue }, 'hubspot');
    queue.refuse.clear();
    const second = await resumeConnector({ pauses, queue }, 'hubspot');

    expect(first).toEqual({ wasPaused: true, sent: 1, refused: [{ id: '2', reason: 'MESSAGE_REFUSED' }] });
    expect(second).toEqual({ wasPaused: false, sent: 2, refused: [] });
    expect(queue.sent.map((c) => c.event.eventId)).toEqual(['a', 'bad', 'c']);
  });
});

/** A batch over the shipped contract's processor, with the pause gate in front. */
function batchSetup() {
  const { deps: change, hubspotRecords, salesforce } = processorSetup();
  const pauses = new MemoryPauses();
  const clock = change.clock as FakeClock;
  const deps: ProcessBatchDeps = {
    change,
    pauses: new ParkPaused({ plan: change.plan, pauses, clock }),
    probes: {},
    deferrals: { defer: async () => new Set() },
    failures: { record: async () => undefined, lastOf: async () => new Map() },
    sleep: async () => undefined,
    random: () => 0.5,
  };
  const run = (records: readonly BatchRecord[]) => processBatch(deps, records, { remainingMs: () => 60_000 });
  return { run, pauses, clock, hubspotRecords, salesforce };
}

describe('processBatch with paused connectors', () => {
  it('parks the changes of a paused source in batch order, writes nothing for them, and processes the rest', async () => {
    // Prepare: two HubSpot contacts; HubSpot is paused.
    const { run, pauses, hubspotRecords, salesforce } = batchSetup();
    hubspotRecords.records.set('1', { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com' });
    pauses.set.set('hubspot', 'then');
    const first = change('hubspot', 'contacts', '1');
    const second = { ...first, eventId: 'e-2' };

    // Act
    const result = await run([record(first), record(second), record(change('nowhere', 'contacts', '9'))]);

    // Assess: both HubSpot changes are parked (their messages done, not failed), in order; nothing reached Salesforce.
    expect([...result.outcomes.values()].map((o) => o.status)).toEqual(['parked', 'parked', 'processed']);
    expect(result.failed).toEqual([]);
    expect((pauses.parkedBy.get('hubspot') ?? []).map((p) => p.event.eventId)).toEqual(['e-hubspot-1', 'e-2']);
    expect(salesforce.calls).toHaveLength(0);
    expect(hubspotRecords.calls).toHaveLength(0);
  });

  it('reads the paused set once per batch, not per change, and keeps the last set read while the store cannot be read', async () => {
    const { run, pauses } = batchSetup();
    pauses.set.set('hubspot', 'then');

    await run([record(change('nowhere', 'contacts', '1')), record(change('nowhere', 'contacts', '2')), record(change('nowhere', 'contacts', '3'))]);
    pauses.failReads = true;
    const during = await run([record(change('hubspot', 'contacts', '4'))]);

    expect(pauses.reads).toBe(2);
    expect([...during.outcomes.values()].map((o) => o.status)).toEqual(['parked']);
  });

  it('processes a change whose connector was resumed after the set was read, rather than park it for nobody', async () => {
    const { run, pauses, hubspotRecords } = batchSetup();
    hubspotRecords.records.set('1', { firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com' });
    pauses.set.set('hubspot', 'then');
    await run([record(change('nowhere', 'contacts', '0'))]);
    pauses.set.delete('hubspot');

    const result = await run([record(change('hubspot', 'contacts', '1'))]);

    expect([...result.outcomes.values()].map((o) => o.status)).toEqual(['processed']);
    expect(pauses.parkedBy.get('hubspot') ?? []).toEqual([]);
  });

  it('fails, rather than processes, a held-back change it could not park', async () => {
    const { run, pauses } = batchSetup();
    pauses.set.set('hubspot', 'then');
    pauses.park = async () => {
      throw new Error('DynamoDB unavailable');
    };

    const result = await run([record(change('hubspot', 'contacts', '1'))]);

    expect(result.failed).toEqual(['m-e-hubspot-1']);
  });
});
