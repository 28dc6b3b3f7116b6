import { describe, expect, it } from 'vitest';
import { BATCH_TIMING, processBatch, type BatchRecord, type DeferralQueue, type DeferredChange, type ProcessBatchDeps } from '#app/process-batch';
import type { ChangeEvent } from '#domain/change-event';
import { InfrastructureUnavailable } from '#domain/errors';
import { MetricName } from '#ports/metrics';
import type { Claim, FailureLog, FailureRecord } from '#ports/stores';
import { MemoryIdempotency, type FakeClock } from '#test/support/fakes';
import { processorSetup } from '#test/support/processor-setup';

/**
 * The idempotency store as DynamoDB would behave during an outage (every call refused), with claims another worker
 * left behind (`leases`), and changes whose processing fails on its own (`poison`). It is the first store every
 * change touches, so it decides each change's fate here.
 */
class OutageIdempotency extends MemoryIdempotency {
  downUntil = 0;
  readonly leases = new Map<string, number>();
  readonly poison = new Set<string>();
  /** Keys in the order they were completed: the order changes were processed. */
  readonly completed: string[] = [];
  /** Called on each successful claim, e.g. to start an outage right after it. */
  onClaim: (key: string) => void = () => undefined;
  constructor(private readonly clock: FakeClock) {
    super();
  }
  private check() {
    if (this.clock.now < this.downUntil) throw new InfrastructureUnavailable('dynamodb', 'ECONNREFUSED');
  }
  override async claim(key: string): Promise<Claim> {
    this.check();
    if (this.poison.has(key)) throw new TypeError('cannot read properties of undefined');
    if ((this.leases.get(key) ?? 0) > this.clock.now) return { status: 'in-progress' };
    const claim = await super.claim(key);
    if (claim.status === 'claimed') this.onClaim(key);
    return claim;
  }
  override async complete(key: string, token: string) {
    this.check();
    await super.complete(key, token);
    this.completed.push(key);
  }
  override async release(key: string, token: string) {
    this.check();
    await super.release(key, token);
  }
}

class MemoryDeferrals implements DeferralQueue {
  readonly sent: DeferredChange[] = [];
  refuse = new Set<string>();
  failWith: Error | undefined;
  async defer(changes: readonly DeferredChange[]) {
    if (this.failWith) throw this.failWith;
    this.sent.push(...changes.filter((c) => !this.refuse.has(c.record.messageId)));
    return new Set(changes.filter((c) => this.refuse.has(c.record.messageId)).map((c) => c.record.messageId));
  }
}

class MemoryFailures implements FailureLog {
  readonly records: FailureRecord[] = [];
  async record(failure: FailureRecord) {
    this.records.push(failure);
  }
  async lastOf() {
    return new Map<string, FailureRecord>();
  }
}

/** A change of a source the contract does not map: processed as `ignored` once its claim is taken. */
function change(id: string): ChangeEvent {
  return { source: 'nowhere', objectType: 'contacts', sourceId: id, eventId: id, occurredAt: '2026-11-23T09:00:00Z', kind: 'upsert', fields: {} };
}

function record(id: string, groupId: string, extra: Partial<BatchRecord> = {}): BatchRecord {
  const event = change(id);
  return { messageId: `m-${id}`, body: JSON.stringify(event), groupId, receiveCount: 1, event, ...extra };
}

/** A batch with 30 s to run, on a fake clock that only sleeping moves. */
function setup() {
  const { deps: change, metrics } = processorSetup();
  const clock = change.clock as FakeClock;
  const idempotency = new OutageIdempotency(clock);
  const deferrals = new MemoryDeferrals();
  const failures = new MemoryFailures();
  const sleeps: number[] = [];
  const deps: ProcessBatchDeps = {
    change: { ...change, idempotency },
    probes: {
      dynamodb: async () => {
        if (clock.now < idempotency.downUntil) throw new InfrastructureUnavailable('dynamodb', 'ECONNREFUSED');
      },
    },
    deferrals,
    failures,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.now += ms;
    },
    random: () => 0.5,
  };
  const end = clock.now + 30_000;
  const run = (records: readonly BatchRecord[]) => processBatch(deps, records, { remainingMs: () => end - clock.now });
  return { deps, clock, idempotency, deferrals, failures, metrics, sleeps, run, start: clock.now };
}

const statuses = (result: Awaited<ReturnType<ReturnType<typeof setup>['run']>>) => [...result.outcomes.values()].map((o) => o.status);

describe('processBatch', () => {
  it('defers the changes not started before the last reserve of the invocation, which is for deferring', async () => {
    // Prepare: the first round takes the clock to within the reserve of the end (a slow vendor, say).
    const { run, clock, idempotency, deferrals, start } = setup();
    idempotency.onClaim = (key) => {
      if (key === 'nowhere:a') clock.now = start + 30_000 - BATCH_TIMING.reserveMs + 1;
    };

    // Act
    const result = await run([record('a', 'g1'), record('b', 'g1'), record('c', 'g1'), record('d', 'g2')]);

    // Assess: a and d (the first round) are done; b and c, later changes of a's group, were not started, and go
    // back as copies in their order, burning no receive.
    expect(statuses(result)).toEqual(['processed', 'deferred', 'deferred', 'processed']);
    expect(result.failed).toEqual([]);
    expect(deferrals.sent.map((d) => d.record.messageId)).toEqual(['m-b', 'm-c']);
    expect(idempotency.completed).toEqual(['nowhere:a', 'nowhere:d']);
  });

  it('processes a healthy batch in order, reporting no failures', async () => {
    const { run, idempotency, sleeps } = setup();

    const result = await run([record('a1', 'a'), record('b1', 'b'), record('a2', 'a')]);

    expect(result).toMatchObject({ failed: [], deferred: 0 });
    expect(result.outage).toBeUndefined();
    expect(idempotency.completed).toEqual(['nowhere:a1', 'nowhere:b1', 'nowhere:a2']);
    expect(sleeps).toEqual([]);
  });

  it('waits out an outage that clears within the invocation, probing, then processes everything', async () => {
    const { run, idempotency, clock, metrics, failures, start } = setup();
    idempotency.downUntil = clock.now + 3_000;

    const result = await run([record('a1', 'a'), record('b1', 'b'), record('a2', 'a')]);

    expect(result).toMatchObject({ failed: [], deferred: 0, outage: { service: 'dynamodb', reason: 'ECONNREFUSED', resolved: true } });
    expect(result.outage?.waitedMs).toBe(clock.now - start);
    expect(clock.now - start).toBeGreaterThanOrEqual(3_000);
    expect(idempotency.completed).toEqual(['nowhere:a1', 'nowhere:b1', 'nowhere:a2']);
    // The probe, not each change, found out when DynamoDB was back: one failure per change of the first round (a1
    // and b1 ran side by side), none for the retries the backoff would otherwise have spent.
    expect(metrics.of(MetricName.InfrastructureErrors)).toBe(2);
    expect(failures.records).toEqual([]);
  });

  it('defers what an outage outlasting the invocation left undone, in group order, and fails nothing', async () => {
    const { run, idempotency, clock, deferrals, metrics, start } = setup();
    // DynamoDB goes away during the second round (a group's second changes).
    idempotency.onClaim = (key) => {
      if (key === 'nowhere:a1') idempotency.downUntil = Number.MAX_SAFE_INTEGER;
    };
    const previously = { count: 2, firstAt: start - 3_600_000 };

    const result = await run([record('a0', 'a'), record('b1', 'b'), record('a1', 'a'), record('b2', 'b', { deferral: previously }), record('c1', 'c'), record('c2', 'c')]);

    expect(result.failed).toEqual([]);
    expect(statuses(result)).toEqual(['processed', 'processed', 'deferred', 'deferred', 'processed', 'deferred']);
    expect(idempotency.completed).toEqual(['nowhere:a0', 'nowhere:b1', 'nowhere:c1']);
    expect(deferrals.sent.map((d) => [d.record.messageId, d.deferral])).toEqual([
      ['m-a1', { count: 1, firstAt: clock.now }],
      ['m-b2', { count: 3, firstAt: previously.firstAt }],
      ['m-c2', { count: 1, firstAt: clock.now }],
    ]);
    expect(result.outage).toMatchObject({ service: 'dynamodb', reason: 'ECONNREFUSED', resolved: false });
    // It waited for as long as the invocation allowed, keeping the reserve for the deferral.
    expect(clock.now - start).toBeLessThanOrEqual(30_000 - BATCH_TIMING.reserveMs);
    expect(clock.now - start).toBeGreaterThan(30_000 - BATCH_TIMING.reserveMs - BATCH_TIMING.maxDelayMs);
    expect(metrics.of(MetricName.ChangesDeferred)).toBe(3);
  });

  it('retries a change whose claim it could not release during the outage, without waiting for the lease', async () => {
    const { run, idempotency, clock } = setup();
    // DynamoDB goes away between the claim and its completion: neither completion nor release reaches it.
    let struck = false;
    idempotency.onClaim = (key) => {
      if (key !== 'nowhere:a1' || struck) return;
      struck = true;
      idempotency.downUntil = clock.now + 2_000;
    };

    const result = await run([record('a1', 'a'), record('a2', 'a')]);

    expect(result).toMatchObject({ failed: [], deferred: 0, outage: { resolved: true } });
    expect(idempotency.completed).toEqual(['nowhere:a1', 'nowhere:a2']);
  });

  it('tries a change held by another claim again after the others, and defers it while the lease runs', async () => {
    const { run, idempotency, clock, deferrals } = setup();
    idempotency.leases.set('nowhere:a1', clock.now + 5_000);
    idempotency.leases.set('nowhere:c1', clock.now + 60_000);

    const result = await run([record('a1', 'a'), record('a2', 'a'), record('b1', 'b'), record('c1', 'c')]);

    expect(result.failed).toEqual([]);
    expect(idempotency.completed).toEqual(['nowhere:b1', 'nowhere:a1', 'nowhere:a2']);
    expect(deferrals.sent.map((d) => d.record.messageId)).toEqual(['m-c1']);
    expect(result.outage).toBeUndefined();
  });

  it('fails a group whose resend the queue refused, and defers the others', async () => {
    const { run, idempotency, deferrals } = setup();
    idempotency.downUntil = Number.MAX_SAFE_INTEGER;
    deferrals.refuse.add('m-a2');

    const result = await run([record('a1', 'a'), record('b1', 'b'), record('a2', 'a')]);

    // The whole group goes back as it came, so no copy overtakes its original.
    expect(result.failed).toEqual(['m-a1', 'm-a2']);
    expect(statuses(result)).toEqual(['failed', 'deferred', 'failed']);
  });

  it('fails every change, naming SQS, when the resend itself fails', async () => {
    const { run, idempotency, deferrals } = setup();
    idempotency.downUntil = Number.MAX_SAFE_INTEGER;
    deferrals.failWith = new InfrastructureUnavailable('sqs', 'TimeoutError');

    const result = await run([record('a1', 'a'), record('b1', 'b')]);

    expect(result.failed).toEqual(['m-a1', 'm-b1']);
    expect([...result.outcomes.values()].map((o) => o.status === 'failed' && o.error)).toEqual([deferrals.failWith, deferrals.failWith]);
  });

  it('fails a poison change as before, holding back its group only, and records why', async () => {
    const { run, idempotency, failures, deferrals, metrics } = setup();
    idempotency.poison.add('nowhere:a1');

    const result = await run([record('a1', 'a', { receiveCount: 3 }), record('b1', 'b'), record('a2', 'a'), { ...record('x', 'x'), event: undefined }]);

    expect(result.failed).toEqual(['m-a1', 'm-a2', 'm-x']);
    expect(idempotency.completed).toEqual(['nowhere:b1']);
    expect(deferrals.sent).toEqual([]);
    expect(result.outage).toBeUndefined();
    expect(metrics.of(MetricName.InfrastructureErrors)).toBe(0);
    expect(failures.records).toEqual([
      { key: 'nowhere:a1', error: 'UnexpectedError', message: 'TypeError: cannot read properties of undefined', receiveCount: 3, at: expect.any(String) },
      { key: 'nowhere:a2', error: 'RetryableError', message: expect.stringContaining('held back'), receiveCount: 1, at: expect.any(String) },
    ]);
  });

  it('keeps a poison change failing when the failure log itself fails', async () => {
    const { run, idempotency, failures } = setup();
    idempotency.poison.add('nowhere:a1');
    failures.record = async () => {
      throw new InfrastructureUnavailable('dynamodb', 'ThrottlingException');
    };

    const result = await run([record('a1', 'a'), record('b1', 'b')]);

    expect(result.failed).toEqual(['m-a1']);
    expect(statuses(result)).toEqual(['failed', 'processed']);
  });

  it('fails a change deferred for a day or more as usual, with its group, so a lasting outage ends in the DLQ', async () => {
    const { run, idempotency, deferrals, start } = setup();
    idempotency.downUntil = Number.MAX_SAFE_INTEGER;
    const dayOld = { count: 40, firstAt: start - BATCH_TIMING.maxDeferralMs };

    const result = await run([record('a1', 'a', { deferral: dayOld }), record('b1', 'b', { deferral: { count: 1, firstAt: start - 1_000 } }), record('a2', 'a')]);

    expect(result.failed).toEqual(['m-a1', 'm-a2']);
    expect(deferrals.sent.map((d) => d.record.messageId)).toEqual(['m-b1']);
    const a1 = result.outcomes.get('m-a1');
    expect(a1?.status === 'failed' && a1.error).toBeInstanceOf(InfrastructureUnavailable);
  });
});
