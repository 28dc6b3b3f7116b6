import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/** Sends each alarm's ALARM and OK transitions to the alerts action, when there is one. */
export function notify(action: IAlarmAction | undefined, ...alarms: Alarm[]): void {
  if (!action) return;
  for (const alarm of alarms) {
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
}

/**
 * `ErrorAlarm`: `threshold` or more failed invocations of `fn` within 5 minutes, for functions whose failures the
 * queue-side alarms cannot see (a failing webhook or poller never gets a change onto the queue).
 */
export function functionErrorAlarm(scope: Construct, fn: IFunction, props: { threshold: number; description: string; action: IAlarmAction | undefined }): Alarm {
  const alarm = new Alarm(scope, 'ErrorAlarm', {
    alarmDescription: props.description,
    metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
    threshold: props.threshold,
    evaluationPeriods: 1,
    comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  notify(props.action, alarm);
  return alarm;
}
