import type { GetMetricDataCommand, GetMetricDataCommandInput, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CloudWatchMetricsReader, MAX_QUERIES_PER_CALL, sqsOldestAgeReader, type GetMetricDataSender } from '#adapters/aws/cloudwatch-metrics-reader';
import { MetricName } from '#ports/metrics';
import type { MetricQuery } from '#ports/metrics-reader';

const FROM = Date.parse('2026-12-07T06:00:00Z');
const TO = Date.parse('2026-12-07T07:00:00Z');

/** Records each GetMetricData input and answers from `answer` (by default: no data for any query). */
class FakeCloudWatch implements GetMetricDataSender {
  readonly inputs: GetMetricDataCommandInput[] = [];
  constructor(private readonly answer: (input: GetMetricDataCommandInput, call: number) => { MetricDataResults?: MetricDataResult[]; NextToken?: string } = () => ({ MetricDataResults: [] })) {}
  async send(command: GetMetricDataCommand) {
    this.inputs.push(command.input);
    return this.answer(command.input, this.inputs.length - 1);
  }
}

const query = (over: Partial<MetricQuery> = {}): MetricQuery => ({ name: MetricName.IntegrationSynced, dimensions: { integration: 'hubspot>salesforce', object: 'person' }, stat: 'Sum', periodSec: 300, fromMs: FROM, toMs: TO, ...over });

describe('CloudWatchMetricsReader', () => {
  it('asks for each series in namespace Syncline under service=syncline and its own dimensions, with its period and statistic', async () => {
    const cloudwatch = new FakeCloudWatch();

    await new CloudWatchMetricsReader(cloudwatch).read([query(), query({ name: MetricName.SyncLatency, stat: 'p99', periodSec: 3600 }), query({ name: MetricName.VendorCalls, dimensions: { vendor: 'salesforce', source: undefined }, stat: 'p50' })]);

    expect(cloudwatch.inputs).toHaveLength(1);
    expect(cloudwatch.inputs[0]).toEqual({
      StartTime: new Date(FROM),
      EndTime: new Date(TO),
      ScanBy: 'TimestampAscending',
      MetricDataQueries: [
        { Id: 'q0', ReturnData: true, MetricStat: { Metric: { Namespace: 'Syncline', MetricName: 'IntegrationSynced', Dimensions: [{ Name: 'service', Value: 'syncline' }, { Name: 'integration', Value: 'hubspot>salesforce' }, { Name: 'object', Value: 'person' }] }, Period: 300, Stat: 'Sum' } },
        { Id: 'q1', ReturnData: true, MetricStat: { Metric: { Namespace: 'Syncline', MetricName: 'SyncLatency', Dimensions: [{ Name: 'service', Value: 'syncline' }, { Name: 'integration', Value: 'hubspot>salesforce' }, { Name: 'object', Value: 'person' }] }, Period: 3600, Stat: 'p99' } },
        { Id: 'q2', ReturnData: true, MetricStat: { Metric: { Namespace: 'Syncline', MetricName: 'VendorCalls', Dimensions: [{ Name: 'service', Value: 'syncline' }, { Name: 'vendor', Value: 'salesforce' }] }, Period: 300, Stat: 'p50' } },
      ],
    });
  });

  it('answers one series per query in the order asked, oldest bucket first, across pages', async () => {
    const t = (minute: number) => new Date(FROM + minute * 60_000);
    const cloudwatch = new FakeCloudWatch((input, call) =>
      call === 0
        ? { MetricDataResults: [{ Id: 'q1', Timestamps: [t(5), t(0)], Values: [7, 3] }, { Id: 'q0', Timestamps: [t(0)], Values: [1] }], NextToken: 'page-2' }
        : { MetricDataResults: [{ Id: 'q1', Timestamps: [t(10)], Values: [9] }, { Id: 'q0', Timestamps: [], Values: [] }] },
    );

    const series = await new CloudWatchMetricsReader(cloudwatch).read([query(), query({ name: MetricName.ChangesReceivedFrom })]);

    expect(cloudwatch.inputs.map((i) => i.NextToken)).toEqual([undefined, 'page-2']);
    expect(series).toEqual([
      [{ at: t(0).getTime(), value: 1 }],
      [
        { at: t(0).getTime(), value: 3 },
        { at: t(5).getTime(), value: 7 },
        { at: t(10).getTime(), value: 9 },
      ],
    ]);
  });

  it('puts queries of one time range into calls of at most 500, and each time range into calls of its own', async () => {
    const cloudwatch = new FakeCloudWatch();
    const queries = [...Array.from({ length: 1_001 }, () => query()), query({ fromMs: FROM - 86_400_000 })];

    const series = await new CloudWatchMetricsReader(cloudwatch).read(queries);

    expect(cloudwatch.inputs.map((i) => [i.MetricDataQueries?.length, i.StartTime?.getTime()])).toEqual([
      [500, FROM],
      [500, FROM],
      [1, FROM],
      [1, FROM - 86_400_000],
    ]);
    expect(series).toHaveLength(1_002);
  });

  it('asks for every query exactly once, in calls of at most 500 queries sharing one time range', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(0, 1, 2), { maxLength: 1_200 }), async (ranges) => {
        const cloudwatch = new FakeCloudWatch();
        const queries = ranges.map((r) => query({ fromMs: FROM - r * 3_600_000 }));

        await new CloudWatchMetricsReader(cloudwatch).read(queries);

        const asked = cloudwatch.inputs.flatMap((input) => (input.MetricDataQueries ?? []).map((q) => ({ id: q.Id, from: input.StartTime?.getTime() })));
        expect(asked.map((a) => a.id).sort()).toEqual(queries.map((_, i) => `q${i}`).sort());
        for (const a of asked) expect(a.from).toBe(queries[Number(a.id?.slice(1))]?.fromMs);
        for (const input of cloudwatch.inputs) expect(input.MetricDataQueries?.length).toBeLessThanOrEqual(MAX_QUERIES_PER_CALL);
      }),
      { numRuns: 30 },
    );
  });

  it('fails when CloudWatch refuses a series, naming the metric and its message', async () => {
    const cloudwatch = new FakeCloudWatch(() => ({ MetricDataResults: [{ Id: 'q0', StatusCode: 'Forbidden', Messages: [{ Code: 'Forbidden', Value: 'not authorized to perform cloudwatch:GetMetricData' }] }] }));

    await expect(new CloudWatchMetricsReader(cloudwatch).read([query()])).rejects.toThrow('CloudWatch could not read IntegrationSynced (Forbidden): not authorized to perform cloudwatch:GetMetricData');
  });

  it('makes no call for no queries', async () => {
    const cloudwatch = new FakeCloudWatch();

    expect(await new CloudWatchMetricsReader(cloudwatch).read([])).toEqual([]);
    expect(cloudwatch.inputs).toEqual([]);
  });
});

describe('sqsOldestAgeReader', () => {
  it("reads the queue's latest ApproximateAgeOfOldestMessage of the last 15 minutes by its name, and NaN without one", async () => {
    // Prepare
    const url = 'https://sqs.us-east-1.amazonaws.com/123456789012/Syncline-Changes.fifo';
    const answered = new FakeCloudWatch(() => ({ MetricDataResults: [{ Id: 'age', Values: [420, 360], Timestamps: [new Date(TO - 60_000), new Date(TO - 120_000)] }] }));
    const idle = new FakeCloudWatch();

    // Act
    const [age, none] = await Promise.all([sqsOldestAgeReader(answered, () => TO)(url), sqsOldestAgeReader(idle, () => TO)(url)]);

    // Assess
    expect(age).toBe(420);
    expect(none).toBeNaN();
    expect(answered.inputs[0]).toEqual({
      StartTime: new Date(TO - 15 * 60_000),
      EndTime: new Date(TO),
      ScanBy: 'TimestampDescending',
      MetricDataQueries: [{ Id: 'age', ReturnData: true, MetricStat: { Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Dimensions: [{ Name: 'QueueName', Value: 'Syncline-Changes.fifo' }] }, Period: 60, Stat: 'Maximum' } }],
    });
  });
});

