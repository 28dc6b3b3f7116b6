import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { VendorPaused } from '#domain/errors';
import { Dimension, MetricName, type Metrics } from '#ports/metrics';
import type { Allocation, UsageProbe, VendorBudget, VendorUsage } from '#ports/vendor-budget';
import { fitsInvocation } from '../vendors/rate-limit-gate.ts';
import { BUDGET_NAMES, budgetUpdate, type BudgetItem, type PendingUsage } from './vendor-budget-update.ts';

const PAUSE_NAMES = { '#paused': BUDGET_NAMES['#paused'], '#reason': BUDGET_NAMES['#reason'], '#at': BUDGET_NAMES['#at'] };

/** Settings of {@link DynamoDbVendorBudget}. */
export interface DynamoDbVendorBudgetOptions {
  /** The vendor, e.g. `salesforce`: names the item (`budget#<vendor>`) and `VendorPaused.vendor`. */
  vendor: string;
  /** Syncline's share of the vendor's daily allocation, 0 < share ≤ 1. */
  dailyShare: number;
  /** The vendor's burst window before it reports its own (HubSpot: 100 calls per 10 s); none for Salesforce. */
  burst?: { max: number; intervalMs: number };
  /** How long a spent budget stays paused before one caller probes for room. @default 15 minutes */
  probeIntervalMs?: number;
  /** The longest a call waits in place for a burst window to reopen. @default 10,000 */
  maxWaitMs?: number;
  /** Where the share used, in percent, is counted on every take. */
  metrics?: { sink: Metrics; name: MetricName };
  /** Injected for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Whether a caller can still wait `ms` in place; default: within `maxWaitMs` and the invocation's deadline. */
  canWait?: (ms: number, nowMs: number) => boolean;
}

/**
 * How long a spent allocation waits before a probe. Salesforce frees a rolling 24 h allocation only as the calls of
 * a day ago age out, so a probe every few seconds would learn nothing new (and `GET /limits` is not documented as
 * free of the allocation, so it is treated as a call); 15 minutes costs at most 96 calls a day.
 */
export const BUDGET_PROBE_INTERVAL_MS = 15 * 60_000;

/** The reason a pause holds while one caller probes the vendor. */
const PROBE_REASON = 'a probe is finding out whether the allocation has room again';
/** How soon the others look again while a probe is out. */
const PROBE_RECHECK_MS = 30_000;
/** Update rounds of one take: a stale guess of the burst window or a stale report costs one more round each. */
const MAX_ROUNDS = 6;
/** A report not written within this long is dropped: after a pause it would tell of a usage long gone. */
const REPORT_TTL_MS = 60_000;

type Outcome = { taken: true; item: BudgetItem } | { taken: false; item: BudgetItem | undefined };

/**
 * A vendor's budget in the state table, one item per vendor (`pk = budget#<vendor>`, `sk = allocation`), shared by
 * every function through conditional writes. `used` is the vendor's own count of the daily allocation as last
 * reported (the report is written with the next take; `observedAt` keeps a report from undoing a newer pause) plus
 * the calls taken since;
 * `cap` is the share of the reported limit. A take is one UpdateItem: `ADD used 1` on the condition that the budget
 * is not paused, `used < cap` and, for a burst window, that the current fixed window has room (its counter resets
 * when a take opens a new window). A spent share or a vendor's refusal writes `pausedUntil`; once it has passed,
 * the first caller claims the probe (one conditional write) and only a report with room lifts the pause.
 *
 * The burst window is counted in fixed windows of half the vendor's rolling maximum: any rolling window then
 * spans at most two fixed ones, so Syncline alone never exceeds the vendor's maximum and other apps of the
 * account keep room (HubSpot counts bursts per account, vendor-apis §2.7).
 */
export class DynamoDbVendorBudget implements VendorBudget {
  readonly vendor: string;
  private readonly key: { pk: string; sk: string };
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly canWait: (ms: number, nowMs: number) => boolean;
  private readonly probeIntervalMs: number;
  private burst: { max: number; intervalMs: number } | undefined;
  private pending: PendingUsage | undefined;
  /** The burst window this process last saw in the item: guesses which update a take needs. */
  private lastWindow: number | undefined;
  /** A pause this process learned of: it asks DynamoDB nothing more until then. */
  private pausedUntil = 0;
  private pauseReason = '';
  /** This process's call is the probe: its answer's report is written at once. */
  private probing = false;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: DynamoDbVendorBudgetOptions,
  ) {
    if (!(options.dailyShare > 0 && options.dailyShare <= 1)) throw new Error(`daily share ${options.dailyShare} is out of range; use a number above 0 and at most 1`);
    this.vendor = options.vendor;
    this.key = { pk: `budget#${options.vendor}`, sk: 'allocation' };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const maxWaitMs = options.maxWaitMs ?? 10_000;
    this.canWait = options.canWait ?? ((ms, nowMs) => ms <= maxWaitMs && fitsInvocation(ms, nowMs));
    this.probeIntervalMs = options.probeIntervalMs ?? BUDGET_PROBE_INTERVAL_MS;
    this.burst = options.burst;
  }

  async take(probe?: UsageProbe): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = this.now();
      if (this.pausedUntil > now) throw new VendorPaused(this.vendor, this.pausedUntil, this.pauseReason);
      if (this.pending && now - this.pending.at > REPORT_TTL_MS) this.pending = undefined;
      if (this.pending?.daily && this.isSpent(this.pending.daily)) {
        await this.recordSpent(this.pending, now);
        continue;
      }
      const carried = this.pending;
      const outcome = await this.update(budgetUpdate({ now, pending: carried, window: this.windowOf(now), cap: this.capOf(carried?.daily) }));
      if (outcome.taken) return this.taken(outcome.item, now, carried);
      if (await this.refused(outcome.item, now, probe)) return;
    }
    throw new VendorPaused(this.vendor, this.now() + 1_000, 'the budget is contended');
  }

  async observe(usage: VendorUsage): Promise<void> {
    if (usage.burst) this.burst = usage.burst;
    if (usage.daily) this.pending = { daily: usage.daily, at: this.now() };
    if (!this.probing) return;
    // The answer of a probe: the others wait on it, so it is written now rather than with a later take.
    this.probing = false;
    const pending = this.pending;
    if (!usage.daily || !pending) {
      // An answer without a usage report (HubSpot's OAuth-app calls may lack the daily headers): it went through,
      // so the pause is lifted; a refusal pauses again right after (`exhausted`).
      const now = this.now();
      await this.update({ UpdateExpression: 'SET #at = :now REMOVE #paused, #reason', ConditionExpression: 'attribute_not_exists(#at) OR #at <= :now', ExpressionAttributeNames: PAUSE_NAMES, ExpressionAttributeValues: { ':now': now } });
      // Takes of this process refused while the probe was out remembered its pause: it is over.
      this.pausedUntil = 0;
      return;
    }
    if (this.isSpent(pending.daily)) return void (await this.recordSpent(pending, this.now()));
    await this.update(budgetUpdate({ now: this.now(), pending, cap: this.capOf(pending.daily), countCall: false }));
    this.pausedUntil = 0;
    if (this.pending === pending) this.pending = undefined;
  }

  async exhausted(reason: string, resumeAt?: number): Promise<VendorPaused> {
    const now = this.now();
    const until = resumeAt ?? now + this.probeIntervalMs;
    const outcome = await this.update({
      UpdateExpression: 'SET #paused = :until, #reason = :reason, #at = :now',
      ConditionExpression: 'attribute_not_exists(#paused) OR #paused < :until',
      ExpressionAttributeNames: PAUSE_NAMES,
      ExpressionAttributeValues: { ':until': until, ':reason': reason, ':now': now },
    });
    const paused = outcome.taken ? until : Math.max(until, outcome.item?.pausedUntil ?? 0);
    this.pending = undefined;
    return this.remember(paused, outcome.taken ? reason : (outcome.item?.reason ?? reason));
  }

  /** Whether a report leaves no room for one more call. */
  private isSpent(daily: Allocation): boolean {
    return daily.used + 1 > this.capOf(daily);
  }

  private capOf(daily: Allocation | undefined): number {
    return daily ? Math.max(1, Math.floor(daily.limit * this.options.dailyShare)) : 0;
  }

  private windowOf(now: number): { index: number; max: number; fresh: boolean } | undefined {
    if (!this.burst) return undefined;
    // A window another function's clock already opened is the current one, even where this clock lags.
    const index = Math.max(Math.floor(now / this.burst.intervalMs), this.lastWindow ?? 0);
    return { index, max: Math.max(1, Math.floor(this.burst.max / 2)), fresh: this.lastWindow !== index };
  }

  private taken(item: BudgetItem, now: number, carried: PendingUsage | undefined): void {
    if (carried && this.pending === carried) this.pending = undefined; // written with this take
    const window = this.windowOf(now);
    if (window) this.lastWindow = window.index;
    this.options.metrics?.sink.countBy(MetricName.VendorCalls, { [Dimension.vendor]: this.vendor });
    this.count(item);
  }

  /** Handles a refused take: true when the call may go after all (as the probe); false to try another round. */
  private async refused(item: BudgetItem | undefined, now: number, probe: UsageProbe | undefined): Promise<boolean> {
    if (!item) return false;
    if (this.pending) {
      // With a report the take lifts an older pause: it was refused for a newer pause, or the burst window.
      if ((item.observedAt ?? 0) > this.pending.at) {
        this.pending = undefined;
        return false;
      }
    } else {
      if (item.pausedUntil !== undefined && item.pausedUntil > now) throw this.rememberPause(item.pausedUntil, item.reason, now);
      const spent = item.cap !== undefined && (item.used ?? 0) >= item.cap;
      if (item.pausedUntil !== undefined || spent) return this.claimProbe(now, probe);
    }
    const window = this.windowOf(now);
    if (!window || item.window === undefined) return false;
    this.lastWindow = item.window;
    if (item.window < window.index || (item.windowCalls ?? 0) < window.max) return false; // a stale guess: try the other update
    const reopensAt = (item.window + 1) * (this.burst?.intervalMs ?? 0);
    if (!this.canWait(reopensAt - now, now)) throw this.remember(reopensAt, `its ${window.max}-call burst window is full`);
    await this.sleep(reopensAt - now);
    return false;
  }

  /** The pause has passed, or the share is spent: one caller claims the probe, the others stay paused. */
  private async claimProbe(now: number, probe: UsageProbe | undefined): Promise<boolean> {
    const next = now + this.probeIntervalMs;
    const claim = await this.update({
      UpdateExpression: 'SET #paused = :next, #reason = :reason, #at = :now',
      ConditionExpression: 'attribute_not_exists(#paused) OR #paused <= :now',
      ExpressionAttributeNames: PAUSE_NAMES,
      ExpressionAttributeValues: { ':next': next, ':now': now, ':reason': PROBE_REASON },
    });
    if (!claim.taken) throw this.rememberPause(claim.item?.pausedUntil ?? next, claim.item?.reason, now);
    const usage = probe ? await probe().catch(() => undefined) : 'send-the-call';
    if (usage === 'send-the-call') {
      this.probing = true;
      return true;
    }
    if (usage?.burst) this.burst = usage.burst;
    if (!usage?.daily) throw this.remember(next, 'the probe found no usage report');
    // Written here, with this call's take: other takes of this process may have remembered the pause meanwhile.
    const report = { daily: usage.daily, at: this.now() };
    if (this.isSpent(report.daily)) {
      await this.recordSpent(report, report.at);
      throw this.remember(next, "Syncline's share of the allocation is spent");
    }
    const outcome = await this.update(budgetUpdate({ now: report.at, pending: report, window: this.windowOf(report.at), cap: this.capOf(report.daily) }));
    if (!outcome.taken) return false;
    this.pausedUntil = 0;
    this.taken(outcome.item, report.at, undefined);
    return true;
  }

  /** Writes a report that leaves no room, pausing everyone until the next probe. */
  private async recordSpent(pending: PendingUsage, now: number): Promise<void> {
    const until = now + this.probeIntervalMs;
    const outcome = await this.update(budgetUpdate({ now, pending, cap: this.capOf(pending.daily), countCall: false, pauseUntil: until }));
    if (this.pending === pending) this.pending = undefined;
    if (outcome.taken) {
      this.count(outcome.item);
      throw this.remember(until, `Syncline's share of the allocation is spent (${pending.daily.used}/${pending.daily.limit} used)`);
    }
  }

  /**
   * A pause read from the item. One that only holds the others back while a probe is out is rechecked soon, not
   * waited out: the probe may find room a moment later.
   */
  private rememberPause(until: number, reason: string | undefined, now: number): VendorPaused {
    return reason === PROBE_REASON ? this.remember(Math.min(until, now + PROBE_RECHECK_MS), reason) : this.remember(until, reason ?? 'paused');
  }

  private remember(until: number, reason: string): VendorPaused {
    this.pausedUntil = until;
    this.pauseReason = reason;
    return new VendorPaused(this.vendor, until, reason);
  }

  private count(item: BudgetItem): void {
    if (!this.options.metrics || item.cap === undefined || item.used === undefined) return;
    this.options.metrics.sink.count(this.options.metrics.name, Math.round((100 * item.used) / item.cap));
  }

  /** One conditional UpdateItem; a refusal answers the item as it was (read again where DynamoDB did not return it). */
  private async update(input: Pick<ConstructorParameters<typeof UpdateCommand>[0], 'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>): Promise<Outcome> {
    try {
      const { Attributes } = await this.client.send(new UpdateCommand({ TableName: this.tableName, Key: this.key, ...input, ReturnValues: 'ALL_NEW', ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }));
      return { taken: true, item: toBudgetItem(Attributes) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (error.Item) return { taken: false, item: toBudgetItem(error.Item) };
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: this.key, ConsistentRead: true }));
      return { taken: false, item: Item ? toBudgetItem(Item) : undefined };
    }
  }
}

/** The item's attributes as numbers, from the document client's values or a refusal's raw `AttributeValue`s. */
function toBudgetItem(raw: Record<string, unknown> | undefined): BudgetItem {
  const value = (name: string): unknown => {
    const v = raw?.[name];
    if (typeof v === 'object' && v !== null) return 'N' in v ? Number((v as { N: string }).N) : (v as { S?: string }).S;
    return v;
  };
  const num = (name: string) => (typeof value(name) === 'number' ? (value(name) as number) : undefined);
  const reason = value('reason');
  return {
    used: num('used'),
    cap: num('cap'),
    observedAt: num('observedAt'),
    pausedUntil: num('pausedUntil'),
    window: num('window'),
    windowCalls: num('windowCalls'),
    ...(typeof reason === 'string' ? { reason } : {}),
  };
}
