/**
 * Reconciliation: the initial sync's engine run again on a schedule, in compare mode. It counts each object's records
 * per system, links what belongs together and was never linked, and sends through the pipeline every record a
 * system lacks and every linked record holding values Syncline never synced (a lost webhook, a poll that missed).
 * The drift it found is a metric with an alarm, and the run's summary is kept for `syncline health`.
 */
import { MetricName, type Metrics } from '#ports/metrics';
import type { CursorStore } from '#ports/cursor-store';
import { initialSync, type InitialSyncDeps, type ObjectReport } from './initial-sync.ts';

/** Where the last reconciliation's summary is kept (a cursor item of the state table). */
export const LAST_RECONCILIATION = 'reconciliation:last';

export interface ReconcileDeps extends InitialSyncDeps {
  cursors: CursorStore;
  metrics: Metrics;
}

export interface ReconcileOptions {
  object?: string;
  dryRun?: boolean;
  /** How long to wait for each object's changes; a scheduled run leaves the rest to the pipeline. @default 10 min */
  settleTimeoutMs?: number;
  /** When to stop waiting altogether (epoch ms). */
  deadline?: number;
  /**
   * Records changed within this long are left to the pipeline, which is probably still on them: only what stayed
   * out of step longer is drift. @default 1 hour
   */
  quietMs?: number;
  /**
   * Activities are compared from this far before the previous reconciliation (before now, on the first): those lost
   * since then are logged; their history is the initial sync's (`sync --initial --object activity`). @default 2 days
   */
  eventsOverlapMs?: number;
}

/** One object's drift: its records per system, and what was out of step. */
export interface ObjectDrift {
  object: string;
  counts: Record<string, number>;
  /** Records a system lacked. */
  missing: number;
  /** Linked records holding values Syncline had not synced. */
  differing: number;
  /** Pairs that were one entity but not linked. */
  unlinked: number;
  /** Records waiting for a person (review) or a fix (quarantine): not counted as drift, shown apart. */
  waiting: number;
  drift: number;
}

export interface Reconciliation {
  at: string;
  dryRun: boolean;
  objects: ObjectDrift[];
  /** Records out of step, over every object: the metric the alarm watches. */
  drift: number;
  /** Changes sent through the pipeline to close the drift. */
  enqueued: number;
}

export function driftOf(report: ObjectReport): ObjectDrift {
  const drift = report.missing + report.differing + report.linked;
  return { object: report.object, counts: report.read, missing: report.missing, differing: report.differing, unlinked: report.linked, waiting: report.held.length + report.quarantined.length, drift };
}

/** Runs a reconciliation, records its drift as a metric and keeps its summary (unless a dry run). */
export async function reconcile(deps: ReconcileDeps, options: ReconcileOptions = {}): Promise<Reconciliation> {
  const previous = await lastReconciliation(deps.cursors);
  const eventsSince = (previous ? Date.parse(previous.at) : deps.clock.nowMs()) - (options.eventsOverlapMs ?? 2 * 24 * 60 * 60_000);
  const reports = await initialSync(deps, {
    eventsSince,
    ...(options.object ? { object: options.object } : {}),
    ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
    dryRun: options.dryRun ?? false,
    settleTimeoutMs: options.settleTimeoutMs ?? 10 * 60_000,
    quietMs: options.quietMs ?? 60 * 60_000,
  });
  const objects = reports.map(driftOf);
  const result: Reconciliation = {
    at: new Date(deps.clock.nowMs()).toISOString(),
    dryRun: options.dryRun ?? false,
    objects,
    drift: objects.reduce((sum, o) => sum + o.drift, 0),
    enqueued: reports.reduce((sum, r) => sum + r.enqueued, 0),
  };
  deps.metrics.count(MetricName.ReconcileDrift, result.drift);
  deps.metrics.count(MetricName.ReconcileRuns);
  if (!result.dryRun) await deps.cursors.putCursor(LAST_RECONCILIATION, JSON.stringify(result));
  return result;
}

/** The last reconciliation's summary, if one ran. */
export async function lastReconciliation(cursors: CursorStore): Promise<Reconciliation | undefined> {
  const stored = await cursors.getCursor(LAST_RECONCILIATION);
  return stored === undefined ? undefined : (JSON.parse(stored) as Reconciliation);
}
