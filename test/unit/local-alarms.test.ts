import { describe, expect, it } from 'vitest';
import { LocalAlarms, snsAlarmEvent, type LocalAlert, type QueueSampling } from '#local/runner/alarms';
import type { CfnTemplate } from '#local/runner/template';

const dlqAlarm = { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['Q', 'QueueName'] } }], Statistic: 'Maximum', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmDescription: 'dead letters' };
const template: CfnTemplate = {
  Resources: {
    Burst: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'Syncline', MetricName: 'RecordsSoftDeleted', Dimensions: [{ Name: 'service', Value: 'syncline' }], Statistic: 'Sum', Period: 300, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmDescription: 'burst' } },
    Dlq: { Type: 'AWS::CloudWatch::Alarm', Properties: dlqAlarm },
    Stoppage: { Type: 'AWS::CloudWatch::Alarm', Properties: { Metrics: [{ Id: 'expr_1', Expression: 'IF(synced == 0, 1, 0)' }], Threshold: 1, EvaluationPeriods: 6, ComparisonOperator: 'GreaterThanOrEqualToThreshold' } },
  },
};
const emf = (at: number, value: number | number[]) => JSON.stringify({ _aws: { Timestamp: at, CloudWatchMetrics: [{ Namespace: 'Syncline', Dimensions: [['service']], Metrics: [{ Name: 'RecordsSoftDeleted', Unit: 'Count' }] }] }, service: 'syncline', RecordsSoftDeleted: value });

const DLQ_URL = 'http://127.0.0.1:1/000000000000/dlq.fifo';

/** A fake queue-attribute reader: the depth the test sets, and every read it was asked for. */
function fakeQueues(): QueueSampling & { depth: number | Error; reads: string[] } {
  const fake = {
    depth: 0 as number | Error,
    reads: [] as string[],
    queues: [{ logicalId: 'Q', name: 'changes-dlq.fifo', url: DLQ_URL }],
    read: async (url: string, attribute: string) => {
      fake.reads.push(`${url} ${attribute}`);
      if (fake.depth instanceof Error) throw fake.depth;
      return fake.depth;
    },
  };
  return fake;
}

describe('local alarm evaluation', () => {
  it('raises one alert for a burst and resolves it once the period passes without data', () => {
    const alarms = new LocalAlarms(template);
    const now = Date.now();
    for (let i = 0; i < 50; i++) alarms.observe(emf(now, i % 2 ? 1 : [1, 1]));
    alarms.observe('not json');
    alarms.evaluate(now + 60_000);
    expect(alarms.alerts.map((a) => [a.alarm, a.state])).toEqual([['Burst', 'ALARM']]);
    alarms.evaluate(now + 301_000);
    expect(alarms.alerts.map((a) => a.state)).toEqual(['ALARM', 'OK']);
  });

  it('lists the alarms it cannot evaluate locally: math over an id no metric defines, and AWS/SQS metrics of a queue it cannot sample', () => {
    expect(new LocalAlarms(template).notEvaluated).toEqual(['Dlq', 'Stoppage']);
    expect(new LocalAlarms(template, undefined, fakeQueues()).notEvaluated).toEqual(['Stoppage']);
    const otherQueue = { ...fakeQueues(), queues: [{ logicalId: 'Other', name: 'other.fifo', url: DLQ_URL }] };
    expect(new LocalAlarms(template, undefined, otherQueue).notEvaluated).toEqual(['Dlq', 'Stoppage']);
  });

  it('raises the DLQ alarm from the sampled queue depth, keeps it for the period (Maximum), then resolves it', async () => {
    const queues = fakeQueues();
    const notified: LocalAlert[] = [];
    const alarms = new LocalAlarms(template, (a) => notified.push(a), queues);
    const t0 = Date.parse('2026-12-01T10:00:00Z');

    await alarms.sample(t0);
    queues.depth = 4;
    await alarms.sample(t0 + 5_000);
    queues.depth = 0;
    // Redriven: the queue is empty again, but the period's maximum is still 4 (an average would have fallen below 1).
    for (const at of [60_000, 120_000, 180_000, 240_000]) await alarms.sample(t0 + at);
    const during = notified.map((a) => [a.alarm, a.state, a.value]);
    await alarms.sample(t0 + 306_000);

    expect(during).toEqual([['Dlq', 'ALARM', 4]]);
    expect(notified.map((a) => [a.alarm, a.state, a.value])).toEqual([
      ['Dlq', 'ALARM', 4],
      ['Dlq', 'OK', 0],
    ]);
    expect(new Set(queues.reads)).toEqual(new Set([`${DLQ_URL} ApproximateNumberOfMessages`]));
    expect(JSON.parse(snsAlarmEvent(notified[0] as LocalAlert, 'arn:aws:sns:us-east-1:000000000000:alerts', 'us-east-1').Records[0]?.Sns.Message ?? '{}')).toMatchObject({
      AlarmName: 'Dlq',
      NewStateValue: 'ALARM',
      NewStateReason: expect.stringContaining('maximum over the period was 4'),
    });
  });

  it('fails to raise the DLQ alarm while the queue does not answer: no sample is missing data, not breaching', async () => {
    const queues = fakeQueues();
    queues.depth = new Error('connect ECONNREFUSED');
    const alarms = new LocalAlarms(template, undefined, queues);

    await alarms.sample(Date.parse('2026-12-01T10:00:00Z'));

    expect(queues.reads).toHaveLength(1);
    expect(alarms.alerts).toEqual([]);
  });

  it('samples when an evaluation finds a sample due, at most once per interval', async () => {
    const queues = { ...fakeQueues(), everyMs: 10_000 };
    const alarms = new LocalAlarms(template, undefined, queues);
    const t0 = Date.parse('2026-12-01T10:00:00Z');

    alarms.evaluate(t0);
    await alarms.sample(t0); // the evaluation's sample is under way: this one joins it
    alarms.evaluate(t0 + 5_000);
    alarms.evaluate(t0 + 10_000);
    await alarms.sample(t0 + 10_000);

    expect(queues.reads).toHaveLength(2);
  });

  it('alarms only when DatapointsToAlarm of its EvaluationPeriods breach', async () => {
    const twoOfThree: CfnTemplate = { Resources: { Dlq: { Type: 'AWS::CloudWatch::Alarm', Properties: { ...dlqAlarm, Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 2 } } } };
    const queues = fakeQueues();
    const alarms = new LocalAlarms(twoOfThree, undefined, queues);
    const t0 = Date.parse('2026-12-01T10:00:00Z');

    queues.depth = 1;
    await alarms.sample(t0);
    queues.depth = 0;
    await alarms.sample(t0 + 60_000);
    const afterOne = alarms.alerts.length;
    queues.depth = 2;
    await alarms.sample(t0 + 120_000);

    expect(afterOne).toBe(0);
    expect(alarms.alerts.map((a) => [a.state, a.value])).toEqual([['ALARM', 2]]);
  });
});
