import type { SQSClient } from '@aws-sdk/client-sqs';
import { CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAlarms, sqsAttributeReader, type LocalAlert } from '#local/runner/alarms';
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
});
