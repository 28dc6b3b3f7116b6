import { idempotencyKey, type ChangeEvent } from '#domain/change-event';
import { ConcurrentChange, InfrastructureUnavailable, PermanentError, RetryableError, SynclineError, VendorPaused, type InfrastructureService } from '#domain/errors';
import { MetricName } from '#ports/metrics';
import type { FailureLog, FailureRecord } from '#ports/stores';
import { ClaimLedger } from './claim-ledger.ts';
import { prefetchBatch } from './prefetch-batch.ts';
import { processChange, type ProcessChangeDeps, type ProcessResult } from './process-change.ts';
import { Window, type WindowTask } from './window.ts';
import { windowedDeps, type ForTask } from './windowed-deps.ts';

/** How often a change was sent back unprocessed, and when the first time was (epoch ms). */
export interface Deferral {
  count: number;
  firstAt: number;
}

/** One message of a batch from the changes queue. */
export interface BatchRecord {
  messageId: string;
  /** The body as received: a deferred change is sent again exactly as it came. */
  body: string;
  /** The FIFO message group (the record's identity). */
  groupId: string;
  /** Which delivery of this message this is (ApproximateReceiveCount), from 1. */
  receiveCount: number;
  /** The change, or `undefined` when the body is not one. */
  event: ChangeEvent | undefined;
  /** Set on a message that is itself a deferred change. */
  deferral?: Deferral;
}

/** A change to send back, with its deferral counted. */
export interface DeferredChange {
  record: BatchRecord;
  deferral: Deferral;
}

/** Port: sends changes back, unprocessed, to the end of their group on the changes queue. */
export interface DeferralQueue {
  /** Sends in order; returns the message ids whose copy was not sent (the queue refused it, or its call failed). */
  defer(changes: readonly DeferredChange[]): Promise<Set<string>>;
}

/** Port: parks the changes a paused connector holds back (`syncline pause`); their outcomes, by message id. */
export interface PausedChanges {
  parkHeld(records: readonly BatchRecord[]): Promise<Map<string, RecordOutcome>>;
}

/** What a batch needs: the pipeline's deps, a probe per infrastructure service, the deferral queue, the failure log, time. */
export interface ProcessBatchDeps {
  change: ProcessChangeDeps;
  /** Connectors an operator paused: the changes they hold back are parked before the batch runs. */
  pauses?: PausedChanges;
  /** A cheap call that succeeds once the service answers again. Without one, the failed change itself is the probe. */
  probes: Partial<Record<InfrastructureService, () => Promise<void>>>;
  deferrals: DeferralQueue;
  failures: FailureLog;
  sleep(ms: number): Promise<void>;
  /** In [0, 1): the jitter. */
  random(): number;
}

/** What the invocation has left, in ms (Lambda's `context.getRemainingTimeInMillis`). */
export interface TimeBudget {
  remainingMs(): number;
}

/** How the batch waits for its infrastructure, and for how long it defers. */
export const BATCH_TIMING = {
  /**
   * Kept back from the invocation's remaining time for what follows the last wait: a probe (about 2 s at most), the
   * deferral send (the SQS client's timeouts and retries, about 6.5 s at worst) and the metrics flush.
   */
  reserveMs: 10_000,
  /** Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  /** A change deferred for longer than this fails as usual, so a deployment that never recovers ends in the DLQ with its reason. */
  maxDeferralMs: 24 * 3600 * 1000,
  /** Rounds a change may lose to another change of its window (the same new person twice) before it fails as usual. */
  maxRaces: 3,
} as const;

/**
 * A message's outcome: processed (with the pipeline's result), failed (back to the queue), deferred (sent back as a
 * copy), or parked behind a paused connector (kept in the state table until it resumes).
 */
export type RecordOutcome = { status: 'processed'; result: ProcessResult } | { status: 'failed'; error: unknown } | { status: 'deferred' } | { status: 'parked'; connector: string };

/** What became of a batch. */
export interface BatchResult {
  /** Message ids to report as batch item failures: they go back to the queue, and the delivery counts. */
  failed: string[];
  /** Each message's outcome, in batch order. */
  outcomes: Map<string, RecordOutcome>;
  /** Changes sent back unprocessed (their originals count as done). */
  deferred: number;
  /** The error name when the batch reads failed and each change read its own. */
  prefetchError?: string;
  /** Syncline's own infrastructure failed during the batch: the first cause, and how long the batch waited for it. */
  outage?: { service: InfrastructureService; reason: string; waitedMs: number; resolved: boolean };
  /** A vendor's allocation was spent during the batch: which, and until when (ISO time). */
  paused?: { vendor: string; until: string };
}

/**
 * Processes a batch from the changes queue in order, one change at a time per message group: a failed change holds
 * back the later changes of its group (they fail with it), never the other groups.
 *
 * When Syncline's own infrastructure is unavailable (DynamoDB down or throttling), the change is not failed: the
 * batch waits with exponential backoff and jitter, probing the service, for as long as the invocation allows, and
 * goes on when it answers. A change whose idempotency claim another claim holds (one left by a crash, for its
 * lease) is tried again after the rest. What is not done when time runs out is deferred: sent again to the end of
 * its group, in batch order, and reported done, so waiting costs no delivery and no change reaches the DLQ for an
 * outage. A change deferred for over a day, or whose resend fails, fails as usual. Every failure that sends a
 * change back to the queue is recorded in the failure log (best-effort), for the dead-letter tools. Changes a paused
 * connector holds back are parked first ({@link PausedChanges}), and the batch runs without them.
 */
export async function processBatch(deps: ProcessBatchDeps, records: readonly BatchRecord[], budget: TimeBudget): Promise<BatchResult> {
  const parked = deps.pauses ? await deps.pauses.parkHeld(records) : new Map<string, RecordOutcome>();
  if (parked.size === 0) return new BatchRun(deps, budget).run(records);
  const result = await new BatchRun(deps, budget).run(records.filter((r) => !parked.has(r.messageId)));
  const outcomes = new Map(records.map((r) => [r.messageId, parked.get(r.messageId) ?? (result.outcomes.get(r.messageId) as RecordOutcome)]));
  return { ...result, outcomes, failed: [...outcomes].filter(([, o]) => o.status === 'failed').map(([id]) => id) };
}

class BatchRun {
  private readonly outcomes = new Map<string, RecordOutcome>();
  private readonly lastErrors = new Map<string, unknown>();
  private readonly failureRecords: FailureRecord[] = [];
  private readonly claims: ClaimLedger;
  private change: ProcessChangeDeps;
  private outage: InfrastructureUnavailable | undefined;
  private outOfTime = false;
  /** The outage outlasted the invocation's time. */
  private stillDown = false;
  private waitedMs = 0;
  private backoffStep = 0;
  private prefetchError: string | undefined;
  /** The first vendor pause met, for the batch's result. */
  private pausedVendor: VendorPaused | undefined;
  private readonly window = new Window();
  /** The deps of one change of the window (its batched calls carry its task). */
  private forTask: ForTask<ProcessChangeDeps>;
  /** How long the longest round of this batch took (ms). */
  private longestRoundMs = 0;

  constructor(
    private readonly deps: ProcessBatchDeps,
    private readonly budget: TimeBudget,
  ) {
    this.claims = new ClaimLedger(deps.change.idempotency);
    this.change = { ...deps.change, idempotency: this.claims };
    this.forTask = windowedDeps(this.window, this.change);
  }

  async run(records: readonly BatchRecord[]): Promise<BatchResult> {
    await this.prefetch(records);
    let pending = [...records];
    while (pending.length > 0) {
      pending = await this.pass(pending);
      // Only changes held by another claim are left (or time ran out): wait, then try them again.
      if (pending.length === 0 || this.outOfTime || !(await this.pause())) break;
    }
    await this.defer(pending);
    await this.recordFailures();
    const ordered = new Map(records.map((r) => [r.messageId, this.outcomes.get(r.messageId) ?? { status: 'failed' as const, error: new RetryableError('not processed') }]));
    const failed = [...ordered].filter(([, o]) => o.status === 'failed').map(([id]) => id);
    const deferred = [...ordered.values()].filter((o) => o.status === 'deferred').length;
    return {
      failed,
      outcomes: ordered,
      deferred,
      ...(this.prefetchError ? { prefetchError: this.prefetchError } : {}),
      ...(this.outage ? { outage: { service: this.outage.service, reason: this.outage.reason, waitedMs: this.waitedMs, resolved: !this.stillDown } } : {}),
      ...(this.pausedVendor ? { paused: { vendor: this.pausedVendor.vendor, until: new Date(this.pausedVendor.resumeAt).toISOString() } } : {}),
    };
  }

  /** The batch's reads in a few calls; if they fail, each change reads its own as usual. */
  private async prefetch(records: readonly BatchRecord[]): Promise<void> {
    try {
      this.change = await prefetchBatch(this.change, records.flatMap((r) => r.event ?? []));
      this.forTask = windowedDeps(this.window, this.change);
    } catch (error) {
      this.prefetchError = error instanceof SynclineError ? error.name : 'UnexpectedError';
    }
  }

  /**
   * One pass over the changes, in rounds: each round runs the next change of every record group side by side in one
   * window, so their vendor calls are made once per object and round (see {@link Window}), while a group's own
   * changes still run one after another, in order. A failed change fails the rest of its group; a change that lost a
   * race with another change of the window (the same new person from two records) runs again in the next round,
   * after the winner. Returns the changes to try again: held by another claim, or not reached before time ran out,
   * in batch order.
   */
  private async pass(pending: readonly BatchRecord[]): Promise<BatchRecord[]> {
    const order = new Map(pending.map((r, i) => [r.messageId, i]));
    const groups = new Map<string, BatchRecord[]>();
    for (const record of pending) groups.set(record.groupId, [...(groups.get(record.groupId) ?? []), record]);
    const again: BatchRecord[] = [];
    const races = new Map<string, number>();
    while (groups.size > 0) {
      // What is left of the invocation is for deferring what is not done (a change may take a vendor call's whole
      // timeout): a change started now could run the function out of time, and its whole batch back to the queue.
      // A round may take as long as the longest one before it: one that would run into the reserve is not started.
      if (this.outOfTime || (this.outOfTime = this.budget.remainingMs() < BATCH_TIMING.reserveMs + this.longestRoundMs)) break;
      const heads = [...groups.values()].map((list) => list[0] as BatchRecord);
      const roundStart = this.change.clock.nowMs();
      const settled = await this.window.runAll(heads.map((record) => (task: WindowTask) => this.attempt(record, task)));
      this.longestRoundMs = Math.max(this.longestRoundMs, this.change.clock.nowMs() - roundStart);
      let outage: InfrastructureUnavailable | undefined;
      let paused: VendorPaused | undefined;
      heads.forEach((record, i) => {
        const result = settled[i];
        const verdict = result?.status === 'fulfilled' ? result.value : 'failed';
        const list = groups.get(record.groupId) ?? [];
        if (verdict === 'done' || verdict === 'failed') {
          list.shift();
          if (verdict === 'failed') for (const later of list.splice(0)) this.fail(later, new RetryableError(`held back behind an earlier change of its record that failed in this batch`));
        } else if (verdict === 'raced') {
          const tries = (races.get(record.messageId) ?? 0) + 1;
          races.set(record.messageId, tries);
          if (tries >= BATCH_TIMING.maxRaces) {
            this.fail(record, this.lastErrors.get(record.messageId));
            for (const later of list.splice(0)) this.fail(later, new RetryableError(`held back behind an earlier change of its record that failed in this batch`));
          }
        } else if (verdict === 'held') {
          again.push(...list.splice(0));
        } else if (verdict instanceof VendorPaused) {
          paused = paused && paused.resumeAt >= verdict.resumeAt ? paused : verdict;
        } else {
          outage ??= verdict;
        }
        if (list.length === 0) groups.delete(record.groupId);
      });
      if (outage && !(await this.waitFor(outage.service))) break;
      if (paused && !(await this.waitUntil(paused))) break;
      if (!outage && !paused) this.backoffStep = 0;
    }
    for (const list of groups.values()) again.push(...list);
    return again.sort((a, b) => (order.get(a.messageId) ?? 0) - (order.get(b.messageId) ?? 0));
  }

  /**
   * A vendor's allocation is spent: waits until it reopens when the invocation has the time (true), else waits as
   * long as it can, so a long pause costs one invocation per timeout rather than a stream of deferrals (false).
   */
  private async waitUntil(paused: VendorPaused): Promise<boolean> {
    this.change.metrics.count(MetricName.VendorPauses);
    this.pausedVendor ??= paused;
    const wait = paused.resumeAt - this.change.clock.nowMs();
    const room = this.budget.remainingMs() - BATCH_TIMING.reserveMs;
    if (wait > room) {
      if (room > 0) await this.sleep(room);
      this.outOfTime = true;
      return false;
    }
    if (wait > 0) await this.sleep(wait);
    return true;
  }

  private async sleep(ms: number): Promise<void> {
    const start = this.change.clock.nowMs();
    await this.deps.sleep(ms);
    this.waitedMs += this.change.clock.nowMs() - start;
  }

  private async attempt(record: BatchRecord, task: WindowTask): Promise<'done' | 'failed' | 'held' | 'raced' | InfrastructureUnavailable | VendorPaused> {
    const event = record.event;
    if (!event) {
      this.fail(record, new PermanentError('BAD_MESSAGE', `message ${record.messageId} is not a change event`));
      return 'failed';
    }
    try {
      const result = await processChange(this.forTask(task), event, { attempt: record.receiveCount });
      this.outcomes.set(record.messageId, { status: 'processed', result });
      return 'done';
    } catch (error) {
      this.lastErrors.set(record.messageId, error);
      if (error instanceof InfrastructureUnavailable) {
        this.change.metrics.count(MetricName.InfrastructureErrors);
        this.outage ??= error;
        return error;
      }
      if (error instanceof VendorPaused) return error;
      if (error instanceof ConcurrentChange) return 'raced';
      if (error instanceof RetryableError && this.claims.isHeld(idempotencyKey(event))) return 'held';
      this.fail(record, error);
      return 'failed';
    }
  }

  /** Waits with backoff until the service answers a probe (true) or the invocation's time is up (false). */
  private async waitFor(service: InfrastructureService): Promise<boolean> {
    while (await this.pause()) {
      const probe = this.deps.probes[service];
      if (!probe) return true;
      try {
        await probe();
        return true;
      } catch {
        // Still unavailable: wait longer.
      }
    }
    this.stillDown = true;
    return false;
  }

  /** Sleeps the next backoff step, if the invocation has time for it and what follows; false otherwise. */
  private async pause(): Promise<boolean> {
    const ceiling = Math.min(BATCH_TIMING.maxDelayMs, BATCH_TIMING.baseDelayMs * 2 ** this.backoffStep);
    const delay = Math.floor(this.deps.random() * ceiling);
    if (this.budget.remainingMs() - BATCH_TIMING.reserveMs < delay) {
      this.outOfTime = true;
      return false;
    }
    this.backoffStep++;
    await this.sleep(delay);
    return true;
  }

  /**
   * Sends the changes not done back to the end of their groups, in batch order. A group goes back whole or fails
   * whole: when a copy of one of its changes is refused, or one was deferred for too long, all its changes fail, so
   * the originals return before any copy (a copy that arrives after its original was processed is a duplicate, a no-op).
   */
  private async defer(records: readonly BatchRecord[]): Promise<void> {
    if (records.length === 0) return;
    const now = this.change.clock.nowMs();
    const expired = new Set(records.filter((r) => r.deferral && now - r.deferral.firstAt >= BATCH_TIMING.maxDeferralMs).map((r) => r.groupId));
    const sending = records.filter((r) => !expired.has(r.groupId));
    let refused = new Set<string>();
    let sendError: unknown;
    if (sending.length > 0) {
      try {
        refused = await this.deps.deferrals.defer(sending.map((record) => ({ record, deferral: { count: (record.deferral?.count ?? 0) + 1, firstAt: record.deferral?.firstAt ?? now } })));
      } catch (error) {
        sendError = error;
        refused = new Set(sending.map((r) => r.messageId));
        if (error instanceof InfrastructureUnavailable) this.outage ??= error;
      }
    }
    const failedGroups = new Set([...expired, ...sending.filter((r) => refused.has(r.messageId)).map((r) => r.groupId)]);
    let deferred = 0;
    for (const record of records) {
      if (!failedGroups.has(record.groupId)) {
        this.outcomes.set(record.messageId, { status: 'deferred' });
        deferred++;
        continue;
      }
      const error = (expired.has(record.groupId) ? undefined : sendError) ?? this.lastErrors.get(record.messageId) ?? this.outage ?? new RetryableError('not processed in time');
      if (error instanceof InfrastructureUnavailable) this.change.metrics.count(MetricName.InfrastructureErrors);
      this.fail(record, error);
    }
    if (deferred > 0) this.change.metrics.count(MetricName.ChangesDeferred, deferred);
  }

  private fail(record: BatchRecord, error: unknown): void {
    this.outcomes.set(record.messageId, { status: 'failed', error });
    if (record.event) this.failureRecords.push({ key: idempotencyKey(record.event), ...failureOf(error), receiveCount: record.receiveCount, at: new Date(this.change.clock.nowMs()).toISOString() });
  }

  /**
   * Best-effort: a failure to record changes no outcome. Skipped while DynamoDB, where the log lives, is still down:
   * the writes could only fail, and would spend the time the batch's answer needs.
   */
  private async recordFailures(): Promise<void> {
    if (this.failureRecords.length === 0 || (this.stillDown && this.outage?.service === 'dynamodb')) return;
    await Promise.allSettled(this.failureRecords.map((failure) => this.deps.failures.record(failure)));
  }
}

/** A failure as the failure log keeps it: the class, a code where there is one, the error's own message. */
function failureOf(error: unknown): Pick<FailureRecord, 'error' | 'code' | 'message'> {
  if (error instanceof InfrastructureUnavailable) return { error: error.name, code: `${error.service}:${error.reason}`, message: error.message };
  if (error instanceof PermanentError) return { error: error.name, code: error.code, message: error.message };
  if (error instanceof SynclineError) return { error: error.name, message: error.message };
  if (error instanceof Error) return { error: 'UnexpectedError', message: `${error.name}: ${error.message}` };
  return { error: 'UnexpectedError', message: String(error) };
}
