import type { MetricName } from '#ports/metrics';
import { seriesKey } from './alarm-definitions.ts';
import { alarmStatistic } from './alarm-statistics.ts';
import type { MetricPoint, MetricQuery, MetricsReader, MetricStat } from '#ports/metrics-reader';

/** One metric of one EMF document under one of its dimension sets: its name, dimensions and observations. */
export interface EmfMetric {
  namespace: string;
  name: string;
  /** Every dimension of the set, `service` included. */
  dimensions: Record<string, string>;
  at: number;
  values: number[];
}

/**
 * The metrics of one log line when it is a CloudWatch embedded-metric-format document, else none (also for a line
 * that is not JSON). Each dimension set of a directive is a series of every metric it names; values are the
 * document's top-level members, and an array holds several observations of one metric (Powertools writes one when
 * a metric is added again in an invocation). `now` stamps a document without a Timestamp.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export function emfMetrics(line: string, now: () => number = Date.now): EmfMetric[] | undefined {
  if (!line.includes('"_aws"')) return undefined;
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const meta = doc['_aws'] as { Timestamp?: number; CloudWatchMetrics?: { Namespace?: string; Dimensions?: string[][]; Metrics?: { Name: string }[] }[] } | undefined;
  const at = typeof meta?.Timestamp === 'number' ? meta.Timestamp : now();
  return (meta?.CloudWatchMetrics ?? []).flatMap((directive) => {
    const sets = directive.Dimensions?.length ? directive.Dimensions : [[]];
    return sets.flatMap((set) => {
      if (!set.every((name) => typeof doc[name] === 'string')) return [];
      const dimensions = Object.fromEntries(set.map((name) => [name, doc[name] as string]));
      return (directive.Metrics ?? []).map(({ Name }) => {
        const raw = doc[Name];
        const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
        return { namespace: String(directive.Namespace ?? ''), name: Name, dimensions, at, values };
      });
    });
  });
}

/** How long observations are kept: a day, for today's counters and the last sync. */
const RETENTION_MS = 26 * 3_600_000;

/** The series of a metric of the store's namespace under its dimensions (service aside), as the alarms key theirs. */
const keyOf = (namespace: string, name: string, dimensions: Readonly<Record<string, string | undefined>>) =>
  seriesKey(namespace, name, Object.fromEntries(Object.entries(dimensions).filter((e): e is [string, string] => typeof e[1] === 'string')));

/**
 * CloudWatch's part of the local hub for reading: it keeps the functions' EMF observations for a day and answers
 * `MetricsReader` queries as GetMetricData does: buckets of the period counted from the query's start (callers
 * start on whole minutes, as CloudWatch rounds), only buckets with data returned.
 */
export class LocalMetricStore implements MetricsReader {
  private readonly series = new Map<string, { at: number; values: number[] }[]>();

  constructor(private readonly namespace = 'Syncline') {}

  /** Takes one log line of a function; EMF documents of the namespace become observations. */
  observe(line: string): void {
    for (const metric of emfMetrics(line) ?? []) {
      if (metric.namespace !== this.namespace || metric.values.length === 0) continue;
      const { service: _service, ...dimensions } = metric.dimensions;
      this.add(metric.name, dimensions, metric.at, metric.values);
    }
  }

  /** Adds observations directly (a run of the CLI in the hub's process, a test). */
  add(name: MetricName | string, dimensions: Readonly<Record<string, string | undefined>>, at: number, values: readonly number[]): void {
    const key = keyOf(this.namespace, name, dimensions);
    const points = this.series.get(key) ?? [];
    points.push({ at, values: [...values] });
    if (points.length % 1_000 === 0) this.trim(points, at);
    this.series.set(key, points);
  }

  async read(queries: readonly MetricQuery[]): Promise<MetricPoint[][]> {
    return queries.map((q) => {
      const periodMs = q.periodSec * 1000;
      const buckets = new Map<number, number[]>();
      for (const point of this.series.get(keyOf(this.namespace, q.name, q.dimensions)) ?? []) {
        if (point.at < q.fromMs || point.at >= q.toMs) continue;
        const start = q.fromMs + Math.floor((point.at - q.fromMs) / periodMs) * periodMs;
        const bucket = buckets.get(start);
        if (bucket) bucket.push(...point.values);
        else buckets.set(start, [...point.values]);
      }
      return [...buckets.entries()].sort(([a], [b]) => a - b).map(([at, values]) => ({ at, value: statistic(q.stat, values) }));
    });
  }

  private trim(points: { at: number }[], now: number): void {
    const keep = points.findIndex((p) => p.at >= now - RETENTION_MS);
    points.splice(0, keep === -1 ? points.length : keep);
  }
}

/** A statistic over a bucket's observations (never none: a bucket without data is not returned). */
function statistic(stat: MetricStat, values: readonly number[]): number {
  const of = alarmStatistic(stat);
  if (!of) throw new Error(`statistic ${stat} is not computed locally`);
  return of(values);
}
