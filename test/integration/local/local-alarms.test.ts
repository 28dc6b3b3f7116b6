import type { SQSClient } from '@aws-sdk/client-sqs';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAlarms, oldestMessageAgeSeconds, sqsAttributeReader, type LocalAlert } from '#local/runner/alarms';
import type { CfnTemplate } from '#local/runner/template';
import type { LocalSqs } from '#local/runner/local-sqs';
import { startTestSqs } from '#test/support/local-aws';

/** The DLQ alarm as the FifoWorker construct synthesizes it: the queue named by Fn::GetAtt of its logical id. */
const template: CfnTemplate = {
  Resources: {
    WorkerDlqDepthAlarm: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['WorkerChangesDlq', 'QueueName'] } }],
        Statistic: 'Maximum',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmDescription: 'Changes failed 5 times and wait in changes-dlq.fifo.',
      },
    },
  },
};

describe('the local DLQ alarm (fauxqs)', () => {
  let server: LocalSqs;
  let sqs: SQSClient;
  beforeAll(async () => {
    ({ server, sqs } = await startTestSqs());
  });
  afterAll(() => server.stop());

  it('raises the alarm once a message waits in the dead-letter queue, read from the queue itself', async () => {
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'alarm-dlq.fifo', Attributes: { FifoQueue: 'true' } }))).QueueUrl ?? '';
    const alerts: LocalAlert[] = [];
    const alarms = new LocalAlarms(template, (a) => alerts.push(a), { queues: [{ logicalId: 'WorkerChangesDlq', name: 'alarm-dlq.fifo', url }], read: sqsAttributeReader(sqs) });
    const t0 = Date.parse('2026-12-01T10:00:00Z');

    await alarms.sample(t0);
    const whileEmpty = alerts.length;
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '{}', MessageGroupId: 'g', MessageDeduplicationId: 'd' }));
    await alarms.sample(t0 + 5_000);

    expect(alarms.notEvaluated).toEqual([]);
    expect(whileEmpty).toBe(0);
    expect(alerts.map((a) => [a.alarm, a.state, a.value])).toEqual([['WorkerDlqDepthAlarm', 'ALARM', 1]]);
  });

  it("raises the oldest-message alarm from the queue's messages, counting one in flight, and leaves them as they were", async () => {
    // Prepare: a 5-minute period in 5 s; the age passes at the same pace, so 1 s waiting is a minute.
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'alarm-age' }))).QueueUrl ?? '';
    const ageAlarm: CfnTemplate = {
      Resources: {
        OldestMessageAlarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/SQS', MetricName: 'ApproximateAgeOfOldestMessage', Dimensions: [{ Name: 'QueueName', Value: 'alarm-age' }], Statistic: 'Maximum', Period: 300, EvaluationPeriods: 1, Threshold: 60, ComparisonOperator: 'GreaterThanOrEqualToThreshold' } },
      },
    };
    const alerts: LocalAlert[] = [];
    const alarms = new LocalAlarms(ageAlarm, (a) => alerts.push(a), { queues: [{ logicalId: 'Changes', name: 'alarm-age', url, deadLetter: false }], read: sqsAttributeReader(sqs) }, { timeScale: 1 / 60 });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'old' }));
    const inFlight = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 1, VisibilityTimeout: 300 }));

    // Act: only the message in flight is old by the second sample.
    await alarms.sample(Date.now());
    const young = alerts.length;
    await sleep(1_200);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'new' }));
    await alarms.sample(Date.now());
    const visible = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));

    // Assess
    expect(inFlight.Messages?.map((m) => m.Body)).toEqual(['old']);
    expect(young).toBe(0);
    expect(alerts.map((a) => [a.alarm, a.state])).toEqual([['OldestMessageAlarm', 'ALARM']]);
    expect(alerts[0]?.value).toBeGreaterThanOrEqual(60);
    expect(visible.Messages?.map((m) => m.Body)).toEqual(['new']);
  });

  it('reads no age from an empty queue, nor from a message received three times (as SQS leaves poison pills out)', async () => {
    // Prepare: ages are taken ten minutes from now, so a counted message is nearly 600 s old.
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'alarm-age-poison' }))).QueueUrl ?? '';
    const later = Date.now() + 600_000;
    const receive = () => sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }));

    // Act
    const empty = await oldestMessageAgeSeconds(server.endpoint, 'alarm-age-poison', later);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'poison' }));
    await receive();
    await receive();
    const twice = await oldestMessageAgeSeconds(server.endpoint, 'alarm-age-poison', later);
    await receive();
    const thrice = await oldestMessageAgeSeconds(server.endpoint, 'alarm-age-poison', later);

    // Assess
    expect(empty).toBe(0);
    expect(twice).toBeGreaterThan(500);
    expect(thrice).toBe(0);
  });

  it('fails to read an age where the queue does not exist', async () => {
    await expect(oldestMessageAgeSeconds(server.endpoint, 'no-such-queue')).rejects.toThrow(/HTTP 404/);
  });

  it('lists the oldest-message alarm of a dead-letter queue as not evaluated: fauxqs does not record when a message moved there', () => {
    const dlqAge: CfnTemplate = { Resources: { DlqAge: { ...template.Resources['WorkerDlqDepthAlarm']!, Properties: { ...template.Resources['WorkerDlqDepthAlarm']!.Properties, MetricName: 'ApproximateAgeOfOldestMessage' } } } };

    const alarms = new LocalAlarms(dlqAge, undefined, { queues: [{ logicalId: 'WorkerChangesDlq', name: 'dlq.fifo', url: 'http://127.0.0.1:1/000000000000/dlq.fifo', deadLetter: true }], read: sqsAttributeReader(sqs) });

    expect(alarms.notEvaluated).toEqual(['DlqAge']);
  });

  it('raises a stoppage alarm over an EMF series and a sampled queue when changes wait and none sync, and resolves it when one syncs', async () => {
    // Prepare: three 5-minute buckets run in 5 s each, on a clock the test sets.
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'alarm-stoppage.fifo', Attributes: { FifoQueue: 'true' } }))).QueueUrl ?? '';
    const metric = (MetricName: string) => ({ Metric: { Namespace: 'Syncline', MetricName, Dimensions: [{ Name: 'service', Value: 'syncline' }] }, Period: 300, Stat: 'Sum' });
    const stoppage: CfnTemplate = {
      Resources: {
        Stoppage: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: {
            Metrics: [
              { Id: 'expr_1', Expression: 'IF(FILL(synced, 0) == 0 AND FILL(waiting, 0) > 0, 1, 0)' },
              { Id: 'synced', MetricStat: metric('ChangesSynced'), ReturnData: false },
              { Id: 'waiting', MetricStat: { Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['Changes', 'QueueName'] } }] }, Period: 300, Stat: 'Maximum' }, ReturnData: false },
            ],
            Threshold: 1,
            EvaluationPeriods: 3,
            DatapointsToAlarm: 3,
            ComparisonOperator: 'GreaterThanOrEqualToThreshold',
            TreatMissingData: 'notBreaching',
          },
        },
      },
    };
    const t0 = Date.parse('2026-12-01T10:00:00Z');
    const clock = { now: t0 };
    const alerts: LocalAlert[] = [];
    const alarms = new LocalAlarms(stoppage, (a) => alerts.push(a), { queues: [{ logicalId: 'Changes', name: 'alarm-stoppage.fifo', url }], read: sqsAttributeReader(sqs) }, { timeScale: 1 / 60, clock: () => clock.now });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '{}', MessageGroupId: 'g', MessageDeduplicationId: 'd' }));

    // Act: the change waits through three buckets; then one syncs.
    for (const at of [1_000, 6_000, 11_000]) await alarms.sample(t0 + at);
    const stopped = alerts.map((a) => [a.alarm, a.state, a.value]);
    clock.now = t0 + 12_000;
    alarms.observe(JSON.stringify({ _aws: { Timestamp: clock.now, CloudWatchMetrics: [{ Namespace: 'Syncline', Dimensions: [['service']], Metrics: [{ Name: 'ChangesSynced', Unit: 'Count' }] }] }, service: 'syncline', ChangesSynced: 1 }));

    // Assess
    expect(alarms.notEvaluated).toEqual([]);
    expect(stopped).toEqual([['Stoppage', 'ALARM', 1]]);
    expect(alerts.map((a) => [a.alarm, a.state, a.value])).toEqual([
      ['Stoppage', 'ALARM', 1],
      ['Stoppage', 'OK', 0],
    ]);
  });
});
