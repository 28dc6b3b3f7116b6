import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { CredentialCheck } from '#cdk/constructs/credential-check';
import { FifoWorker } from '#cdk/constructs/fifo-worker';
import { SyncAlarms } from '#cdk/constructs/sync-alarms';
import { PROJECT_ROOT } from '#cdk/syncline-stack';

function newStack(): Stack {
  return new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');
}

describe('FifoWorker operations alarms', () => {
  it.each([Duration.minutes(4), Duration.days(15)])('rejects an oldest-change alarm age of %s', (age) => {
    expect(() => new FifoWorker(newStack(), 'Worker', { projectRoot: PROJECT_ROOT, oldestChangeAlarmAge: age })).toThrow(/oldest change alarm age \d+ s is out of range; use 300 s \(5 minutes\) to 1209600 s/);
  });

  it('alarms on the oldest change at the age it is given', () => {
    const stack = newStack();
    new FifoWorker(stack, 'Worker', { projectRoot: PROJECT_ROOT, oldestChangeAlarmAge: Duration.minutes(20) });

    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 1200 });
  });
});

describe('SyncAlarms per integration', () => {
  it('rejects an integration with no source object types, or more than one alarm can take beside its synced count', () => {
    const alarms = new SyncAlarms(newStack(), 'Alarms');

    expect(() => alarms.alarmOnIntegrationStoppage({ from: 'hubspot', to: 'salesforce', object: 'person', sourceObjects: [] })).toThrow('integration hubspot>salesforce (person) has 0 source object types; its stoppage alarm takes 1 to 9');
    expect(() => alarms.alarmOnIntegrationStoppage({ from: 'hubspot', to: 'salesforce', object: 'person', sourceObjects: Array.from({ length: 10 }, (_, i) => `T${i}`) })).toThrow('has 10 source object types');
  });
});

describe('CredentialCheck', () => {
  it('rejects being created with no connector to check', () => {
    expect(() => new CredentialCheck(newStack(), 'Check', { secrets: {}, projectRoot: PROJECT_ROOT })).toThrow('credential check has no connectors to check');
  });

  it('alarms 7 days and 1 day ahead for each connector it checks', () => {
    const stack = newStack();
    new CredentialCheck(stack, 'Check', { secrets: { outreach: new Secret(stack, 'Outreach') }, projectRoot: PROJECT_ROOT });

    const thresholds = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'CredentialDaysLeft' } })).map((a) => (a as { Properties: { Threshold: number } }).Properties.Threshold);
    expect(thresholds.sort()).toEqual([1, 7]);
  });
});
