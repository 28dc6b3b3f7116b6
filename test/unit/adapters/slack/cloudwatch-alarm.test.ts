import { describe, expect, it } from 'vitest';
import { alertFromCloudWatchAlarm } from '#adapters/vendors/slack/cloudwatch-alarm';
import { PermanentError } from '#domain/errors';

/** An SNS `Message` as CloudWatch publishes it on a state change (AWS docs, "Amazon SNS notification payload"). */
function alarmMessage(name: string, state: 'ALARM' | 'OK' | 'INSUFFICIENT_DATA', extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    AlarmName: name,
    AlarmDescription: 'Changes failed 5 times and wait in changes-dlq.fifo; inspect them, fix the cause, then redrive.',
    AWSAccountId: '123456789012',
    AlarmConfigurationUpdatedTimestamp: '2024-05-01T08:00:00.000+0000',
    NewStateValue: state,
    NewStateReason: 'Threshold Crossed: 1 datapoint [3.0 (01/05/24 09:25:00)] was greater than or equal to the threshold (1.0).',
    StateChangeTime: '2024-05-01T09:30:00.000+0000',
    Region: 'EU (Ireland)',
    AlarmArn: `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`,
    OldStateValue: state === 'OK' ? 'ALARM' : 'OK',
    Trigger: { MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', StatisticType: 'Statistic', Statistic: 'MAXIMUM', Dimensions: [{ value: 'changes-dlq.fifo', name: 'QueueName' }], Period: 300, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 1.0, TreatMissingData: 'notBreaching' },
    ...extra,
  });
}

describe('alertFromCloudWatchAlarm', () => {
  it('maps the dead-letter alarm going to ALARM to a critical alert with the console link', () => {
    const alert = alertFromCloudWatchAlarm(alarmMessage('Syncline-WorkerDlqDepthAlarm5E3C2A1B-1QW2E3R4T5Y6', 'ALARM'));
    expect(alert).toEqual({
      title: 'Changes are waiting in the dead-letter queue',
      severity: 'critical',
      summary: expect.stringContaining('changes-dlq.fifo'),
      details: {
        Alarm: 'Syncline-WorkerDlqDepthAlarm5E3C2A1B-1QW2E3R4T5Y6',
        State: 'OK → ALARM',
        Since: '2024-05-01T09:30:00.000+0000',
        Metric: 'AWS/SQS ApproximateNumberOfMessagesVisible',
        Threshold: 'GreaterThanOrEqualToThreshold 1',
        Reason: expect.stringContaining('Threshold Crossed'),
      },
      link: 'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/Syncline-WorkerDlqDepthAlarm5E3C2A1B-1QW2E3R4T5Y6',
    });
  });

  it.each([
    ['Syncline-AlarmsSyncStoppageAlarm12AB34CD-XYZ', 'Sync stopped', 'critical'],
    ['Syncline-WebhookhubspotErrorAlarm0A1B2C3D-XYZ', 'The hubspot webhook function is failing', 'critical'],
    ['Syncline-PollerzoominfoErrorAlarm0A1B2C3D-XYZ', 'The zoominfo poller is failing', 'warning'],
    ['Syncline-WorkerFailureSpikeAlarm0A1B2C3D-XYZ', 'Changes are failing permanently', 'warning'],
    ['Syncline-WorkerInfrastructureErrorsAlarm0A1B2C3D-XYZ', 'DynamoDB or SQS is failing the processor', 'critical'],
    ['Syncline-WorkerSoftDeleteBurstAlarm0A1B2C3D-XYZ', 'Records were deleted in bulk', 'warning'],
    ['WorkerSoftDeleteBurstAlarm0A1B2C3D', 'Records were deleted in bulk', 'warning'],
    ['someone-elses-alarm', 'someone-elses-alarm', 'warning'],
  ])('names %s and gives it its severity', (name, title, severity) => {
    expect(alertFromCloudWatchAlarm(alarmMessage(name, 'ALARM'))).toMatchObject({ title, severity });
  });

  it('reports OK as a recovery and INSUFFICIENT_DATA as info', () => {
    expect(alertFromCloudWatchAlarm(alarmMessage('Syncline-AlarmsSyncStoppageAlarm1-X', 'OK'))).toMatchObject({ title: 'Resolved: Sync stopped', severity: 'ok' });
    expect(alertFromCloudWatchAlarm(JSON.parse(alarmMessage('x', 'INSUFFICIENT_DATA')) as unknown)).toMatchObject({ severity: 'info' });
  });

  it('describes a metric-math alarm and one without description or ARN', () => {
    const alert = alertFromCloudWatchAlarm(alarmMessage('Syncline-AlarmsSyncStoppageAlarm1-X', 'ALARM', { AlarmDescription: null, AlarmArn: undefined, Trigger: { Metrics: [{ Id: 'e1', Expression: 'IF(...)' }], Period: 300 } }));
    expect(alert.details?.['Metric']).toBe('metric math');
    expect(alert.summary).toContain('Threshold Crossed');
    expect(alert).not.toHaveProperty('link');
  });

  it.each([['not json', '{'], ['no AlarmName', JSON.stringify({ NewStateValue: 'ALARM', StateChangeTime: 'x' })], ['an unknown state', alarmMessage('x', 'ALARM').replace('"ALARM"', '"BROKEN"')]])('rejects %s with PermanentError', (_name, message) => {
    expect(() => alertFromCloudWatchAlarm(message)).toThrow(PermanentError);
  });
});
