import { GetMetricDataCommand, type GetMetricDataCommandOutput, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '#ports/metrics';
import type { MetricPoint, MetricQuery, MetricsReader, MetricStat } from '#ports/metrics-reader';

/** The part of `CloudWatchClient` the reader uses; tests hand it a fake. */
export interface GetMetricDataSender {
  send(command: GetMetricDataCommand): Promise<Pick<GetMetricDataCommandOutput, 'MetricDataResults' | 'NextToken'>>;
}

/**
 * GetMetricData: "You can include up to 500 MetricDataQuery structures in one GetMetricData operation."
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 */
export const MAX_QUERIES_PER_CALL = 500;

/**
 * The port's statistics as CloudWatch names them in `MetricStat.Stat`: percentiles are `p` and the percentile
 * ("p99"), taken over the observations of a metric emitted with its values (EMF keeps each one).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html
 */
const CLOUDWATCH_STAT: Readonly<Record<MetricStat, string>> = {
  Sum: 'Sum',
  Maximum: 'Maximum',
  Minimum: 'Minimum',
  SampleCount: 'SampleCount',
  p50: 'p50',
  p99: 'p99',
};

/** One GetMetricData call's worth: queries of one time range (a call has a single StartTime and EndTime). */
interface Batch {
  fromMs: number;
  toMs: number;
  /** Indexes into the caller's queries. */
  indexes: number[];
}

/**
 * `MetricsReader` over CloudWatch GetMetricData, for a deployed stack: each query becomes a `MetricStat` on namespace
 * `Syncline` with the dimensions `service=syncline` and the query's own (EMF writes them as one dimension set, and
 * CloudWatch matches a set exactly). Queries of the same time range share calls, 500 to a call; pages (`NextToken`)
 * are followed, and a series split across pages is put back together, oldest bucket first.
 */
export class CloudWatchMetricsReader implements MetricsReader {
  constructor(private readonly cloudwatch: GetMetricDataSender) {}

  async read(queries: readonly MetricQuery[]): Promise<MetricPoint[][]> {
    const series: MetricPoint[][] = queries.map(() => []);
    for (const batch of batches(queries)) {
      const ids = batch.indexes.map((i) => `q${i}`);
      let nextToken: string | undefined;
      do {
        const answer = await this.cloudwatch.send(
          new GetMetricDataCommand({
            MetricDataQueries: batch.indexes.map((i, n) => metricDataQuery(ids[n]!, queries[i]!)),
            StartTime: new Date(batch.fromMs),
            EndTime: new Date(batch.toMs),
            ScanBy: 'TimestampAscending',
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        for (const result of answer.MetricDataResults ?? []) {
          const index = Number(result.Id?.slice(1));
          const query = queries[index];
          if (!query || !ids.includes(result.Id ?? '')) continue;
          if (result.StatusCode === 'Forbidden' || result.StatusCode === 'InternalError') {
            throw new Error(`CloudWatch could not read ${query.name} (${result.StatusCode}): ${(result.Messages ?? []).map((m) => m.Value).join('; ') || 'no message'}`);
          }
          const timestamps = result.Timestamps ?? [];
          (result.Values ?? []).forEach((value, k) => {
            const at = timestamps[k];
            if (at) series[index]!.push({ at: at.getTime(), value });
          });
        }
        nextToken = answer.NextToken;
      } while (nextToken);
    }
    return series.map((points) => points.sort((a, b) => a.at - b.at));
  }
}

/** The `MetricDataQuery` of one port query. */
export function metricDataQuery(id: string, query: MetricQuery): MetricDataQuery {
  const dimensions = Object.entries(query.dimensions)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'service')
    .map(([Name, Value]) => ({ Name, Value }));
  return {
    Id: id,
    MetricStat: {
      Metric: { Namespace: METRICS_NAMESPACE, MetricName: query.name, Dimensions: [{ Name: 'service', Value: METRICS_SERVICE }, ...dimensions] },
      Period: query.periodSec,
      Stat: CLOUDWATCH_STAT[query.stat],
    },
    ReturnData: true,
  };
}

/** Queries grouped by time range, in the order first asked, each group cut into calls of at most 500. */
function batches(queries: readonly MetricQuery[]): Batch[] {
  const byRange = new Map<string, Batch>();
  queries.forEach((q, i) => {
    const key = `${q.fromMs}-${q.toMs}`;
    const batch = byRange.get(key) ?? { fromMs: q.fromMs, toMs: q.toMs, indexes: [] };
    batch.indexes.push(i);
    byRange.set(key, batch);
  });
  return [...byRange.values()].flatMap((b) => {
    const calls: Batch[] = [];
    for (let start = 0; start < b.indexes.length; start += MAX_QUERIES_PER_CALL) calls.push({ ...b, indexes: b.indexes.slice(start, start + MAX_QUERIES_PER_CALL) });
    return calls;
  });
}

/**
 * The age in seconds of a queue's oldest message, deployed: CloudWatch's AWS/SQS `ApproximateAgeOfOldestMessage`,
 * which SQS reports each minute (GetQueueAttributes has no such attribute), its latest value within 15 minutes; NaN
 * without one (an idle queue reports none), which the report leaves out.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
 */
export function sqsOldestAgeReader(cloudwatch: GetMetricDataSender, now: () => number = Date.now): (queueUrl: string) => Promise<number> {
  return async (queueUrl) => {
    const end = now();
    const answer = await cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: [{ Id: 'age', MetricStat: { Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Dimensions: [{ Name: 'QueueName', Value: queueUrl.split('/').at(-1) ?? '' }] }, Period: 60, Stat: 'Maximum' }, ReturnData: true }],
        StartTime: new Date(end - 15 * 60_000),
        EndTime: new Date(end),
        ScanBy: 'TimestampDescending',
      }),
    );
    return answer.MetricDataResults?.[0]?.Values?.[0] ?? Number.NaN;
  };
}
