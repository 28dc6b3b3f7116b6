import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE, MetricName } from '#ports/metrics';

/** Properties of {@link SyncAlarms}. */
export interface SyncAlarmsProps {
  /** Changes received but none synced for this long raises the stoppage alarm; 5 to 360 minutes. @default 30 minutes */
  readonly stoppageWindow?: Duration;
}

/**
 * The `alerts` topic every Syncline alarm notifies (subscribe Slack through AWS Chatbot, or e-mail), and the
 * end-to-end **sync stoppage** alarm: changes arrive (`ChangesReceived`, emitted by the webhooks and pollers) but
 * none completes (`ChangesSynced`, emitted by the processor) within the window. It lives here because it spans
 * both emitters; the alarms of one component live in that component's construct.
 *
 * The topic is encrypted with a customer-managed key: CloudWatch alarms cannot publish to a topic encrypted with
 * the AWS-managed `aws/sns` key, because its key policy cannot grant `cloudwatch.amazonaws.com`.
 */
export class SyncAlarms extends Construct {
  readonly topic: Topic;
  /** Wire other alarms to the topic with this. */
  readonly action: IAlarmAction;
  readonly stoppageAlarm: Alarm;

  constructor(scope: Construct, id: string, props: SyncAlarmsProps = {}) {
    super(scope, id);
    const window = props.stoppageWindow ?? Duration.minutes(30);
    const minutes = window.toMinutes({ integral: false });
    if (!Number.isInteger(minutes) || minutes < 5 || minutes > 360) {
      throw new Error(`stoppage window ${minutes} minutes is out of range; use whole minutes from 5 to 360`);
    }

    const key = new Key(this, 'AlertsKey', { description: 'Syncline: encrypts the alerts topic', enableKeyRotation: true });
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy, "*" means this key
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new Topic(this, 'Alerts', { displayName: 'Syncline alerts', enforceSSL: true, masterKey: key });
    this.action = new SnsAction(this.topic);

    const metric = (metricName: string) =>
      new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: METRICS_SERVICE }, statistic: 'Sum', period: window });
    this.stoppageAlarm = new Alarm(this, 'SyncStoppageAlarm', {
      alarmDescription: `Changes arrived but none was synced for ${minutes} minutes: the processor is failing, throttled or stuck.`,
      metric: new MathExpression({
        expression: 'IF(FILL(received, 0) > 0 AND FILL(synced, 0) == 0, 1, 0)',
        usingMetrics: { received: metric(MetricName.ChangesReceived), synced: metric(MetricName.ChangesSynced) },
        period: window,
        label: 'sync stopped',
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data means no traffic, which is quiet, not stopped.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.stoppageAlarm.addAlarmAction(this.action);
    this.stoppageAlarm.addOkAction(this.action);
  }
}
