import type { Allocation } from '#ports/vendor-budget';

/** A vendor budget's item, as its attributes read back. */
export interface BudgetItem {
  /** The vendor's last reported usage of its daily allocation plus the calls taken since. */
  used?: number | undefined;
  /** Syncline's share of the reported limit, in calls. */
  cap?: number | undefined;
  /** When the last report, or the last pause, was written: a report no newer than it is stale. */
  observedAt?: number | undefined;
  pausedUntil?: number | undefined;
  reason?: string;
  /** The fixed burst window the counter below counts (epoch ms / window length). */
  window?: number | undefined;
  windowCalls?: number | undefined;
}

/** A report of usage this process has not written yet, and when it arrived. */
export interface PendingUsage {
  daily: Allocation;
  at: number;
}

/** What one update of a budget does. */
export interface BudgetUpdateInput {
  now: number;
  /** A report to write: it replaces the count (the vendor's own is the truth) and, having room, lifts a pause. */
  pending?: PendingUsage | undefined;
  /** The share of the pending report's limit, in calls. */
  cap: number;
  /** The burst window to count the call in; `fresh` when this process has not seen it yet (a take opens it). */
  window?: { index: number; max: number; fresh: boolean } | undefined;
  /** Whether the update takes a call (a take) or only writes a report. @default true */
  countCall?: boolean;
  /** Writes the report as spent, pausing everyone until then. */
  pauseUntil?: number;
}

/** Attribute names, all aliased: several (`limit`, `window`, ...) are DynamoDB reserved words. */
export const BUDGET_NAMES = {
  '#used': 'used',
  '#cap': 'cap',
  '#limit': 'limit',
  '#at': 'observedAt',
  '#paused': 'pausedUntil',
  '#reason': 'reason',
  '#window': 'window',
  '#calls': 'windowCalls',
} as const;

/** The UpdateItem expression of one take, or of a report: see `DynamoDbVendorBudget` for the item it keeps. */
export function budgetUpdate(input: BudgetUpdateInput): { UpdateExpression: string; ConditionExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> } {
  const countCall = input.countCall ?? true;
  const set: string[] = [];
  const add: string[] = [];
  const remove: string[] = [];
  const conditions: string[] = [];
  const values: Record<string, unknown> = {};
  if (input.pending) {
    set.push('#used = :used', '#cap = :cap', '#limit = :limit', '#at = :at');
    Object.assign(values, { ':used': input.pending.daily.used + (countCall ? 1 : 0), ':cap': input.cap, ':limit': input.pending.daily.limit, ':at': input.pending.at });
    if (input.pauseUntil !== undefined) {
      // A spent report pauses everyone: only when nothing newer is written.
      conditions.push('(attribute_not_exists(#at) OR #at <= :at)');
      set.push('#paused = :until', '#reason = :reason');
      Object.assign(values, { ':until': input.pauseUntil, ':reason': `Syncline's share of the allocation is spent (${input.pending.daily.used}/${input.pending.daily.limit} used)` });
    } else {
      // A report with room lifts a pause only when newer than it. Between reports, the last written wins whatever
      // their order: reports of concurrent calls differ by a few calls, and refusing the older one would cost its
      // take a second request.
      conditions.push('(attribute_not_exists(#paused) OR attribute_not_exists(#at) OR #at <= :at)');
      remove.push('#paused', '#reason');
    }
  } else if (countCall) {
    add.push('#used :one');
    conditions.push('attribute_not_exists(#paused)', '(attribute_not_exists(#cap) OR #used < #cap)');
  }
  if (countCall && input.window) {
    values[':window'] = input.window.index;
    if (input.window.fresh) {
      set.push('#window = :window', '#calls = :one');
      conditions.push('(attribute_not_exists(#window) OR #window < :window)');
    } else {
      add.push('#calls :one');
      values[':max'] = input.window.max;
      conditions.push('#window = :window', '#calls < :max');
    }
  }
  values[':one'] = 1;
  if (conditions.length === 0) throw new Error('a budget update takes a call or writes a report');
  const clauses = [set.length ? `SET ${set.join(', ')}` : '', add.length ? `ADD ${add.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : ''];
  const expression = clauses.filter(Boolean).join(' ');
  // DynamoDB refuses names and values an expression does not use.
  const used = new Set(`${expression} ${conditions.join(' ')}`.match(/[#:][a-z]+/gi));
  return {
    UpdateExpression: expression,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: Object.fromEntries(Object.entries(BUDGET_NAMES).filter(([alias]) => used.has(alias))),
    ExpressionAttributeValues: Object.fromEntries(Object.entries(values).filter(([placeholder]) => used.has(placeholder))),
  };
}
