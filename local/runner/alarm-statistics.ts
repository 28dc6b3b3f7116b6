/** A statistic over the observations of one period (never called with none: no observation is no datapoint). */
export type AlarmStatistic = (values: readonly number[]) => number;

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

const STATISTICS: Record<string, AlarmStatistic> = {
  Sum: sum,
  Maximum: (v) => Math.max(...v),
  Minimum: (v) => Math.min(...v),
  Average: (v) => sum(v) / v.length,
  SampleCount: (v) => v.length,
};

/** `p50`, `p99.9`: a percentile between 0 and 100. */
const PERCENTILE = /^p(\d{1,2}(?:\.\d+)?|100)$/;

/**
 * The statistic an alarm names in `Statistic` (Sum, Maximum, Minimum, Average, SampleCount) or `ExtendedStatistic`
 * (percentiles `pNN`), or undefined for one not evaluated locally (trimmed means, `TM`, `WM`, `PR`, `TC`, `TS`).
 * Statistic definitions: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html
 * Locally a percentile is the nearest-rank value over the raw observations (each EMF value is one observation);
 * CloudWatch may approximate it from its own value distribution, so a local percentile can differ slightly.
 */
export function alarmStatistic(name: string): AlarmStatistic | undefined {
  if (Object.hasOwn(STATISTICS, name)) return STATISTICS[name];
  const percentile = PERCENTILE.exec(name)?.[1];
  if (percentile === undefined) return undefined;
  const p = Number(percentile);
  return (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
  };
}
