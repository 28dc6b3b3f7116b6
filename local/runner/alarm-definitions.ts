import { alarmStatistic, type AlarmStatistic } from './alarm-statistics.ts';
import { evaluateMathExpression, idsOf, MetricMathError, parseMathExpression, type MathExpr } from './metric-math.ts';
import type { LocalQueue } from './provision.ts';

/**
 * Where one series' datapoints are kept: namespace, metric name and the full dimension set, as CloudWatch tells
 * series apart (a metric with dimensions {integration, object, service} is not the one with {service}).
 */
export function seriesKey(namespace: string, metricName: string, dimensions: Readonly<Record<string, string>>): string {
  return JSON.stringify([namespace, metricName, Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
}

/** A queue attribute sampled as an AWS/SQS metric's datapoints. */
export interface SampledSeries {
  key: string;
  url: string;
  attribute: string;
}

/** One metric an alarm reads (a `MetricStat`, or the alarm's own metric), and the statistic taken of each period. */
export interface AlarmQuery {
  key: string;
  statistic: AlarmStatistic;
}

/** A template alarm the local evaluator can evaluate. */
export interface LocalAlarm {
  id: string;
  description: string;
  /** The alarm's period, times the time scale. */
  periodMs: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  missingBreaches: boolean;
  threshold: number;
  breaches: (value: number, threshold: number) => boolean;
  /** What the alarm's value is: its statistic (`Sum`, `p99`) or `Expression`. */
  statisticName: string;
  /** The metrics read, by query id. */
  queries: ReadonlyMap<string, AlarmQuery>;
  sampled: readonly SampledSeries[];
  /** The alarm's value in one period, from each query's statistic in it (`undefined`: no data). */
  value(valueOf: (queryId: string) => number | undefined): number | undefined;
}

/** The queues an alarm may name, and the time scale of its periods. */
export interface AlarmContext {
  queues: readonly (Pick<LocalQueue, 'logicalId' | 'name' | 'url'> & Partial<Pick<LocalQueue, 'deadLetter'>>)[];
  timeScale: number;
}

const COMPARE: Record<string, (value: number, threshold: number) => boolean> = {
  GreaterThanOrEqualToThreshold: (v, t) => v >= t,
  GreaterThanThreshold: (v, t) => v > t,
  LessThanThreshold: (v, t) => v < t,
  LessThanOrEqualToThreshold: (v, t) => v <= t,
};

/**
 * The AWS/SQS metrics read from a local queue, by metric name: depths from GetQueueAttributes, the oldest
 * message's age from the queue's messages (see `sqsAttributeReader`).
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
 */
const SQS_ATTRIBUTE: Record<string, string> = {
  ApproximateNumberOfMessagesVisible: 'ApproximateNumberOfMessages',
  ApproximateNumberOfMessagesNotVisible: 'ApproximateNumberOfMessagesNotVisible',
  ApproximateNumberOfMessagesDelayed: 'ApproximateNumberOfMessagesDelayed',
  ApproximateAgeOfOldestMessage: 'ApproximateAgeOfOldestMessage',
};

type Dimensions = { Name: string; Value: unknown }[];

/**
 * A template alarm as the local evaluator runs it, or undefined when it cannot: metrics nothing local emits
 * (other AWS namespaces), statistics or math functions it does not compute, anomaly-detection bands.
 */
export function localAlarm(id: string, p: Record<string, unknown>, context: AlarmContext): LocalAlarm | undefined {
  const breaches = COMPARE[String(p['ComparisonOperator'])];
  if (!breaches || p['ThresholdMetricId'] !== undefined) return undefined;
  const sampled: SampledSeries[] = [];
  const reading = Array.isArray(p['Metrics']) ? mathReading(p['Metrics'] as Record<string, unknown>[], context, sampled) : metricReading(p, context, sampled);
  if (!reading) return undefined;
  const evaluationPeriods = Number(p['EvaluationPeriods'] ?? 1);
  return {
    id,
    description: String(p['AlarmDescription'] ?? id),
    periodMs: reading.periodSeconds * 1000 * context.timeScale,
    evaluationPeriods,
    datapointsToAlarm: Number(p['DatapointsToAlarm'] ?? evaluationPeriods),
    missingBreaches: p['TreatMissingData'] === 'breaching',
    threshold: Number(p['Threshold'] ?? 0),
    breaches,
    sampled,
    ...reading,
  };
}

type Reading = Pick<LocalAlarm, 'statisticName' | 'queries' | 'value'> & { periodSeconds: number };

/** A single-metric alarm: `Namespace`, `MetricName`, `Dimensions`, and `Statistic` or `ExtendedStatistic`. */
function metricReading(p: Record<string, unknown>, context: AlarmContext, sampled: SampledSeries[]): Reading | undefined {
  const statisticName = String(p['Statistic'] ?? p['ExtendedStatistic']);
  const query = metricQuery(p['Namespace'], p['MetricName'], p['Dimensions'], statisticName, context, sampled);
  return query && { statisticName, periodSeconds: Number(p['Period'] ?? 300), queries: new Map([['m', query]]), value: (valueOf) => valueOf('m') };
}

/**
 * A metric-math alarm: `MetricStat` queries, all of one period, and expressions over their ids (or other
 * expressions' ids); the one query with `ReturnData` not false is the alarm's value.
 */
function mathReading(entries: Record<string, unknown>[], context: AlarmContext, sampled: SampledSeries[]): Reading | undefined {
  const queries = new Map<string, AlarmQuery>();
  const expressions = new Map<string, MathExpr>();
  const periods = new Set<number>();
  const stats = new Map<string, string>();
  for (const entry of entries) {
    const id = String(entry['Id']);
    const stat = entry['MetricStat'] as { Metric?: Record<string, unknown>; Period?: number; Stat?: string } | undefined;
    if (typeof entry['Expression'] === 'string') {
      try {
        expressions.set(id, parseMathExpression(entry['Expression']));
      } catch (error) {
        if (error instanceof MetricMathError) return undefined;
        throw error;
      }
    } else if (stat?.Metric) {
      const query = metricQuery(stat.Metric['Namespace'], stat.Metric['MetricName'], stat.Metric['Dimensions'], String(stat.Stat), context, sampled);
      if (!query) return undefined;
      queries.set(id, query);
      stats.set(id, String(stat.Stat));
      periods.add(Number(stat.Period ?? 300));
    } else return undefined;
  }
  const returned = entries.filter((e) => e['ReturnData'] !== false).map((e) => String(e['Id']));
  const [periodSeconds, ...others] = periods;
  if (returned.length !== 1 || periodSeconds === undefined || others.length > 0) return undefined;
  // Every id an expression reads resolves, and no expression reads itself through others.
  const resolves = (id: string, seen: ReadonlySet<string>): boolean => {
    if (queries.has(id)) return true;
    const expr = expressions.get(id);
    return expr !== undefined && !seen.has(id) && idsOf(expr).every((read) => resolves(read, new Set([...seen, id])));
  };
  const [top = ''] = returned;
  if (!resolves(top, new Set())) return undefined;
  const value = (valueOf: (queryId: string) => number | undefined) => {
    const at = (id: string): number | undefined => {
      const expr = expressions.get(id);
      return expr ? evaluateMathExpression(expr, at) : valueOf(id);
    };
    return at(top);
  };
  return { statisticName: expressions.has(top) ? 'Expression' : (stats.get(top) ?? ''), periodSeconds, queries, value };
}

/** One metric's series and statistic, or undefined when it has no local data or the statistic is not computed. */
function metricQuery(namespace: unknown, metricName: unknown, dimensions: unknown, statisticName: string, context: AlarmContext, sampled: SampledSeries[]): AlarmQuery | undefined {
  const statistic = alarmStatistic(statisticName);
  const dims = (dimensions as Dimensions | undefined) ?? [];
  if (!statistic || typeof namespace !== 'string' || typeof metricName !== 'string' || namespace === '') return undefined;
  if (namespace === 'AWS/SQS') {
    const attribute = SQS_ATTRIBUTE[metricName];
    const queue = queueOf(dims.find((d) => d.Name === 'QueueName')?.Value, context);
    // Samples are taken every second or so, not every minute as SQS reports: a Sum or SampleCount of them means nothing.
    if (!attribute || !queue || dims.length !== 1 || statisticName === 'Sum' || statisticName === 'SampleCount') return undefined;
    // A dead-letter queue's oldest age counts from when the message was moved there, which fauxqs does not record.
    if (attribute === 'ApproximateAgeOfOldestMessage' && queue.deadLetter !== false) return undefined;
    const key = seriesKey(namespace, metricName, { QueueName: queue.name });
    sampled.push({ key, url: queue.url, attribute });
    return { key, statistic };
  }
  if (namespace.startsWith('AWS/') || dims.some((d) => typeof d.Value !== 'string')) return undefined;
  return { key: seriesKey(namespace, metricName, Object.fromEntries(dims.map((d) => [d.Name, String(d.Value)]))), statistic };
}

/** A queue named by its name, or by `Fn::GetAtt [<logical id>, QueueName]` as CDK writes it. */
function queueOf(name: unknown, context: AlarmContext): AlarmContext['queues'][number] | undefined {
  if (typeof name === 'string') return context.queues.find((q) => q.name === name);
  const getAtt = (name as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt'];
  return getAtt?.[1] === 'QueueName' ? context.queues.find((q) => q.logicalId === getAtt[0]) : undefined;
}
