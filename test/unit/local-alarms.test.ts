import { describe, expect, it } from 'vitest';
import { LocalAlarms } from '#local/runner/alarms';
import type { CfnTemplate } from '#local/runner/template';

const template: CfnTemplate = {
  Resources: {
    Burst: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'Syncline', MetricName: 'RecordsSoftDeleted', Dimensions: [{ Name: 'service', Value: 'syncline' }], Statistic: 'Sum', Period: 300, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', AlarmDescription: 'burst' } },
    Dlq: { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['Q', 'QueueName'] } }], Statistic: 'Maximum', Period: 300, Threshold: 1 } },
  },
};
const emf = (at: number, value: number | number[]) => JSON.stringify({ _aws: { Timestamp: at, CloudWatchMetrics: [{ Namespace: 'Syncline', Dimensions: [['service']], Metrics: [{ Name: 'RecordsSoftDeleted', Unit: 'Count' }] }] }, service: 'syncline', RecordsSoftDeleted: value });

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

  it('lists the alarms it cannot evaluate locally (AWS service metrics)', () => {
    expect(new LocalAlarms(template).notEvaluated).toEqual(['Dlq']);
  });
});
