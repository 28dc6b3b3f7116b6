import { CATEGORY_HINT, codeCategory, ERROR_CATEGORIES, type ErrorCategory } from '#domain/error-category';
import { BudgetMetric, Dimension, FAILURE_RATE_MIN_FAILED, FAILURE_RATE_PERCENT, integrationName, MetricName, type BudgetedVendor, type MetricDimensions } from '#ports/metrics';
import type { MetricPoint, MetricQuery, MetricStat } from '#ports/metrics-reader';
import type { HealthDeps } from './health-deps.ts';
import type { HealthReport, HealthSeries, IntegrationHealth, RecentError } from './health-types.ts';

export type { HealthDeps } from './health-deps.ts';
export type { HealthReport } from './health-types.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;


/** Options of {@link healthReport}. */
export interface HealthOptions {
  /**
   * Changes arrived and none went through, nor failed, for this long: the integration is Stopped (its processor is
   * down or stuck). @default 15 minutes
   */
  stoppageWindowMs?: number;
  /** How far back the charts go. @default 6 hours */
  seriesMs?: number;
}

interface Route {
  source: string;
  target: string;
  object: string;
  dimensions: MetricDimensions;
  /** The source's vendor object types of the object (`Contact`, `Lead`), whose received changes feed it. */
  sourceObjects: readonly string[];
}

/**
 * The operator's view of the hub, computed from what the functions emitted (`MetricsReader`), the queues and the
 * stores: per integration Active, Degraded (failed attempts above 1% of the last hour's, and at least 3: the
 * failure-rate alarm's rule) or Stopped (a change arrived in the stoppage window and nothing went through, nor
 * failed, since; or its connector is paused), with the last
 * sync, error rate, lag and failures by category; then queues, recent errors with hints, quota and today's
 * data-quality counters. The same report serves `syncline health`, `GET /health` and the dashboard, locally and
 * deployed.
 */
export async function healthReport(deps: HealthDeps, options: HealthOptions = {}): Promise<HealthReport> {
  const now = deps.clock.nowMs();
  // Whole minutes, as CloudWatch rounds a query's start, so that every bucket is a whole one.
  const end = Math.ceil(now / MINUTE) * MINUTE;
  const window = options.stoppageWindowMs ?? 15 * MINUTE;
  // Buckets fine enough to see the stoppage window in five of them, and no finer than a second.
  const stepSec = Math.max(1, Math.min(60, Math.floor(window / 5 / 1000)));
  const routes = routesOf(deps);
  const reader = new Batch(deps);
  const midnight = Math.floor(now / DAY) * DAY;
  const seriesFrom = end - (options.seriesMs ?? 6 * HOUR);

  const perRoute = routes.map((r) => ({
    synced: reader.ask({ name: MetricName.IntegrationSynced, dimensions: r.dimensions, stat: 'Sum', periodSec: stepSec, fromMs: end - DAY, toMs: end }),
    failed: ERROR_CATEGORIES.map((category) => ({ category, points: reader.ask({ name: MetricName.IntegrationFailed, dimensions: { ...r.dimensions, [Dimension.category]: category }, stat: 'Sum', periodSec: stepSec, fromMs: seriesFrom, toMs: end }) })),
    received: r.sourceObjects.map((o) => reader.ask({ name: MetricName.ChangesReceivedFrom, dimensions: { [Dimension.source]: r.source, [Dimension.sourceObject]: o }, stat: 'Sum', periodSec: stepSec, fromMs: seriesFrom, toMs: end })),
    latency: (['p50', 'p99'] as const).map((stat) => reader.ask({ name: MetricName.SyncLatency, dimensions: r.dimensions, stat, periodSec: 3_600, fromMs: end - HOUR, toMs: end })),
    latencySeries: (['p50', 'p99'] as const).map((stat) => reader.ask({ name: MetricName.SyncLatency, dimensions: r.dimensions, stat, periodSec: 300, fromMs: seriesFrom, toMs: end })),
  }));
  const vendors = [...new Set([...(deps.budgeted ?? []), ...(deps.vendors ?? routes.flatMap((r) => [r.source, r.target]))])];
  const quota = vendors.map((vendor) => ({
    vendor,
    calls: reader.ask({ name: MetricName.VendorCalls, dimensions: { [Dimension.vendor]: vendor }, stat: 'Sum', periodSec: 86_400, fromMs: end - DAY, toMs: end }),
    used: vendor in BudgetMetric && deps.budgeted?.includes(vendor) ? reader.ask({ name: BudgetMetric[vendor as BudgetedVendor], dimensions: {}, stat: 'Maximum', periodSec: 300, fromMs: end - HOUR, toMs: end }) : undefined,
  }));
  const today = (name: MetricName, dimensions: MetricDimensions = {}) => reader.ask({ name, dimensions, stat: 'Sum', periodSec: Math.max(60, Math.ceil((end - midnight) / 60_000) * 60), fromMs: midnight, toMs: end });
  const activitySources = [...new Set(routes.filter((r) => r.object === 'activity').map((r) => r.source))];
  const quality = {
    enriched: today(MetricName.RecordsEnriched),
    duplicatesPrevented: today(MetricName.RecordsMatched),
    quarantined: today(MetricName.ChangesQuarantined),
    activities: activitySources.map((source) => ({ source, points: today(MetricName.ActivitiesLogged, { [Dimension.source]: source }) })),
  };

  const [answers, changes, deadLetter, quarantined, reviews, paused, enrichment] = await Promise.all([reader.run(), deps.queues.changes(), deps.queues.deadLetter(), deps.quarantine.list(), deps.reviews.list(), deps.paused?.() ?? ([] as readonly string[]), deps.enrichment?.()]);
  const sum = (id: number, from = Number.NEGATIVE_INFINITY) => (answers[id] ?? []).filter((p) => p.at >= from).reduce((a, p) => a + p.value, 0);
  const last = (id: number | undefined) => (id === undefined ? undefined : answers[id]?.at(-1)?.value);

  const integrations = routes.map((route, i): IntegrationHealth => {
    const q = perRoute[i] as (typeof perRoute)[number];
    const synced = sum(q.synced, end - HOUR);
    const errors = q.failed.map((f) => ({ category: f.category, count: sum(f.points, end - HOUR) })).filter((e) => e.count > 0);
    const failed = errors.reduce((a, e) => a + e.count, 0);
    const received = q.received.reduce((a, id) => a + sum(id, end - HOUR), 0);
    const lastBucket = [...(answers[q.synced] ?? [])].reverse().find((p) => p.value > 0);
    const [p50, p99] = q.latency.map(last);
    const errorRate = synced + failed === 0 ? 0 : failed / (synced + failed);
    // Stopped: a change arrived in the window, long enough ago (a third of it) to have gone through, and nothing of
    // the integration went through or failed since. A change that arrived a moment ago is only on its way.
    const waitingSince = Math.min(...q.received.map((id) => (answers[id] ?? []).find((p) => p.value > 0 && p.at >= now - window - stepSec * 1000 && p.at + stepSec * 1000 <= now - window / 3)?.at ?? Number.POSITIVE_INFINITY));
    const quiet = (since: number) => sum(q.synced, since) === 0 && q.failed.every((f) => sum(f.points, since) === 0);
    // Or the queue does not drain: its oldest change has waited longer than the window, changes of the integration
    // arrived since, and nothing of it went through or failed since. This holds for as long as the outage lasts,
    // where the arrival rule above lets go once the last arrival is a window old. The queue is every integration's:
    // one that went through after the oldest change arrived is not held up by it (another target may be down).
    const oldestMs = (changes.oldestAgeSec ?? 0) * 1000;
    const queuedSince = now - oldestMs - stepSec * 1000;
    const undrained = changes.waiting > 0 && oldestMs > window && q.received.some((id) => sum(id, queuedSince) > 0) && quiet(queuedSince);
    const arrivedAndStuck = Number.isFinite(waitingSince) && quiet(waitingSince);
    const stalled = arrivedAndStuck || undrained;
    const pausedOne = [route.source, route.target].find((c) => paused.includes(c));
    const status = pausedOne || stalled ? 'Stopped' : errorRate * 100 > FAILURE_RATE_PERCENT && failed >= FAILURE_RATE_MIN_FAILED ? 'Degraded' : 'Active';
    const reason = pausedOne
      ? `${pausedOne} is paused: its changes are parked until \`syncline resume ${pausedOne}\``
      : arrivedAndStuck
        ? `changes arrived in the last ${Math.round(window / MINUTE) || window / 1000 + ' s'}${window >= MINUTE ? ' min' : ''} and none went through: is the processor running?`
        : undrained
          ? `the oldest queued change has waited ${Math.round(oldestMs / MINUTE) || Math.round(oldestMs / 1000) + ' s'}${oldestMs >= MINUTE ? ' min' : ''} and none of this integration's went through since: is the processor running?`
        : status === 'Degraded'
          ? `${(errorRate * 100).toFixed(1)}% of the last hour's attempts failed (${errors.map((e) => `${e.count} ${e.category}`).join(', ')})`
          : undefined;
    return {
      integration: integrationName(route.source, route.target),
      source: route.source,
      target: route.target,
      object: route.object,
      title: `${title(deps, route.source)} → ${title(deps, route.target)}`,
      status,
      ...(reason ? { reason } : {}),
      ...(lastBucket ? { lastSyncAt: new Date(Math.min(now, lastBucket.at + stepSec * 1000)).toISOString() } : {}),
      received,
      synced,
      failed,
      errorRate,
      ...(p50 !== undefined && p99 !== undefined ? { latencyMs: { p50, p99 } } : {}),
      errors,
    };
  });

  return {
    at: new Date(now).toISOString(),
    integrations,
    queues: { changes, deadLetter: { waiting: deadLetter.waiting + deadLetter.inFlight } },
    quarantined: quarantined.length,
    inReview: reviews.length,
    recentErrors: recentErrors(integrations, quarantined, now),
    quota: quota.map((v) => ({ vendor: v.vendor, calls24h: sum(v.calls), ...(last(v.used) !== undefined ? { usedPercent: last(v.used) as number } : {}) })).filter((v) => v.calls24h > 0 || v.usedPercent !== undefined),
    dataQuality: {
      enriched: sum(quality.enriched),
      duplicatesPrevented: sum(quality.duplicatesPrevented),
      quarantined: sum(quality.quarantined),
      activitiesLogged: quality.activities.map((a) => ({ source: a.source, count: sum(a.points) })),
    },
    ...(enrichment && enrichment.length > 0 ? { enrichment } : {}),
    paused: [...paused],
    series: seriesOf(perRoute, answers, seriesFrom, end),
  };
}

/** The contract's syncs, one per source → target and object. */
function routesOf(deps: HealthDeps): Route[] {
  const seen = new Set<string>();
  return deps.plan.syncs.flatMap((s) => {
    const key = `${s.from}>${s.to}:${s.object}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const sourceObjects = deps.plan.objects[s.object]?.systems[s.from]?.objects ?? [];
    return [{ source: s.from, target: s.to, object: s.object, dimensions: { [Dimension.integration]: integrationName(s.from, s.to), [Dimension.object]: s.object }, sourceObjects }];
  });
}

const title = (deps: HealthDeps, vendor: string) => deps.titleOf?.(vendor) ?? vendor;

/**
 * The last hour's failures by integration and category, with the quarantined changes of the hour grouped by their
 * source and code; most frequent first. Reasons are cut short: they name fields, never whole records.
 */
function recentErrors(integrations: readonly IntegrationHealth[], quarantined: readonly { at: string; code: string; reason: string; event: { source: string } }[], now: number): RecentError[] {
  // A refused record is quarantined with its code, grouped below: its validation failures are not listed twice.
  const failures = integrations.flatMap((i) => i.errors.filter((e) => e.category !== 'validation').map((e) => ({ where: i.integration, category: e.category, code: e.category, count: e.count, hint: CATEGORY_HINT[e.category] })));
  const grouped = new Map<string, RecentError>();
  for (const item of quarantined) {
    if (Date.parse(item.at) < now - HOUR) continue;
    const key = `${item.event.source}|${item.code}`;
    const known = grouped.get(key);
    if (known) known.count++;
    else {
      const category: ErrorCategory = codeCategory(item.code);
      grouped.set(key, { where: item.event.source, category, code: item.code, count: 1, example: item.reason.slice(0, 160), hint: CATEGORY_HINT[category] });
    }
  }
  return [...failures, ...grouped.values()].sort((a, b) => b.count - a.count);
}

/** Five-minute buckets of the charts, summed over integrations; lag is the worst integration's. */
function seriesOf(perRoute: readonly { synced: number; failed: { points: number }[]; received: number[]; latencySeries: number[] }[], answers: readonly MetricPoint[][], from: number, end: number): HealthSeries {
  const bucketMs = 300_000;
  const points = Array.from({ length: Math.ceil((end - from) / bucketMs) }, (_, k) => ({ at: from + k * bucketMs, synced: 0, failed: 0, received: 0, p50Ms: undefined as number | undefined, p99Ms: undefined as number | undefined }));
  const add = (id: number, field: 'synced' | 'failed' | 'received') => {
    for (const p of answers[id] ?? []) {
      const bucket = points[Math.floor((p.at - from) / bucketMs)];
      if (bucket) bucket[field] += p.value;
    }
  };
  const worst = (id: number | undefined, field: 'p50Ms' | 'p99Ms') => {
    for (const p of answers[id ?? -1] ?? []) {
      const bucket = points[Math.floor((p.at - from) / bucketMs)];
      if (bucket) bucket[field] = Math.max(bucket[field] ?? 0, p.value);
    }
  };
  for (const r of perRoute) {
    add(r.synced, 'synced');
    for (const f of r.failed) add(f.points, 'failed');
    worst(r.latencySeries[0], 'p50Ms');
    worst(r.latencySeries[1], 'p99Ms');
  }
  // A source's received changes feed each of its integrations: counted once per source object.
  const counted = new Set<number>();
  for (const id of perRoute.flatMap((r) => r.received)) {
    if (counted.has(id)) continue;
    counted.add(id);
    add(id, 'received');
  }
  return {
    bucketSec: bucketMs / 1000,
    points: points.map(({ at, p50Ms, p99Ms, ...rest }) => ({ at: new Date(at).toISOString(), ...rest, ...(p50Ms !== undefined ? { p50Ms } : {}), ...(p99Ms !== undefined ? { p99Ms } : {}) })),
  };
}

/** Collects queries (one identical query asked twice is read once) and reads them in one call. */
class Batch {
  private readonly queries: MetricQuery[] = [];
  private readonly ids = new Map<string, number>();
  constructor(private readonly deps: HealthDeps) {}
  ask(query: MetricQuery & { stat: MetricStat }): number {
    const key = JSON.stringify(query);
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    this.queries.push(query);
    this.ids.set(key, this.queries.length - 1);
    return this.queries.length - 1;
  }
  run(): Promise<MetricPoint[][]> {
    return this.deps.metrics.read(this.queries);
  }
}
