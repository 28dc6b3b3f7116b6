import type { MetricDimensions, MetricName } from './metrics.ts';

/** A statistic as CloudWatch names it; `p50` and `p99` are percentiles of the observations (timings). */
export type MetricStat = 'Sum' | 'Maximum' | 'Minimum' | 'SampleCount' | 'p50' | 'p99';

/** One series to read: a metric under exactly these dimensions (besides `service`), in buckets of `periodSec`. */
export interface MetricQuery {
  name: MetricName;
  dimensions: MetricDimensions;
  stat: MetricStat;
  periodSec: number;
  fromMs: number;
  toMs: number;
}

/** A bucket of a series: its start (epoch ms) and the statistic's value. Buckets with no data are left out. */
export interface MetricPoint {
  at: number;
  value: number;
}

/**
 * Port: reads back what `Metrics` emitted. Deployed, CloudWatch answers (GetMetricData); locally, the hub's store
 * of the functions' EMF documents does, so `syncline health` computes the same report from either.
 */
export interface MetricsReader {
  /** One series per query, in the order asked, oldest bucket first. */
  read(queries: readonly MetricQuery[]): Promise<MetricPoint[][]>;
}
