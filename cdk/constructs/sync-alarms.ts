import { notify } from './alarms.ts';
import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BudgetMetric, METRICS_NAMESPACE, METRICS_SERVICE, MetricName, type BudgetedVendor } from '#ports/metrics';

/** Properties of {@link SyncAlarms}. */
export interface SyncAlarmsProps {
  /** No change synced for this long while changes arrive or wait raises the stoppage alarm; a multiple of 5 minutes, 5 to 360. @default 30 minutes */
  readonly stoppageWindow?: Duration;
}

/** Share of a vendor budget used, in percent, at which its alarm fires: early enough to act before Syncline pauses. */
export const BUDGET_ALARM_PERCENT = 60;

/** The stoppage alarm looks at 5-minute buckets; the window is a run of them. */
const BUCKET = Duration.minutes(5);

/**
 * The `alerts` topic every Syncline alarm notifies (subscribe Slack through AWS Chatbot, or e-mail), and the
 * end-to-end **sync stoppage** alarm: for every 5-minute bucket of the window, no change completed
 * (`ChangesSynced`, emitted by the processor) while changes arrived (`ChangesReceived`, emitted by the webhooks
 * and pollers) or waited in the changes queue. Requiring every bucket to breach keeps one change that arrives at
 * the end of a bucket and syncs in the next from raising it. It lives here because it spans both emitters; the
 * alarms of one component live in that component's construct.
 *
 * The topic is encrypted with a customer-managed key: CloudWatch alarms cannot publish to a topic encrypted with
 * the AWS-managed `aws/sns` key, because its key policy cannot grant `cloudwatch.amazonaws.com`.
 */
export class SyncAlarms extends Construct {
  readonly topic: Topic;
  /** Wire other alarms to the topic with this. */
  readonly action: IAlarmAction;
  private readonly window: Duration;

  constructor(scope: Construct, id: string, props: SyncAlarmsProps = {}) {
    super(scope, id);
    const window = props.stoppageWindow ?? Duration.minutes(30);
    const minutes = window.toMinutes({ integral: false });
    if (!Number.isInteger(minutes) || minutes < 5 || minutes > 360 || minutes % 5 !== 0) {
      throw new Error(`stoppage window ${minutes} minutes is out of range; use a multiple of 5 minutes from 5 to 360`);
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
    this.window = window;
  }

  /** Creates the stoppage alarm over the processor's metrics and the queue its changes wait in. */
  alarmOnStoppage(changesQueue: IQueue): Alarm {
    const minutes = this.window.toMinutes();
    const metric = (metricName: string) =>
      new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: METRICS_SERVICE }, statistic: 'Sum', period: BUCKET });
    const buckets = minutes / 5;
    const alarm = new Alarm(this, 'SyncStoppageAlarm', {
      alarmDescription: `No change was synced for ${minutes} minutes while changes arrived or waited: the processor is failing, throttled or stuck.`,
      metric: new MathExpression({
        expression: 'IF(FILL(synced, 0) == 0 AND (FILL(received, 0) > 0 OR FILL(waiting, 0) + FILL(inflight, 0) > 0), 1, 0)',
        usingMetrics: {
          received: metric(MetricName.ChangesReceived),
          synced: metric(MetricName.ChangesSynced),
          waiting: changesQueue.metricApproximateNumberOfMessagesVisible({ period: BUCKET, statistic: 'Maximum' }),
          inflight: changesQueue.metricApproximateNumberOfMessagesNotVisible({ period: BUCKET, statistic: 'Maximum' }),
        },
        period: BUCKET,
        label: 'sync stopped',
      }),
      threshold: 1,
      evaluationPeriods: buckets,
      datapointsToAlarm: buckets,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data means no traffic, which is quiet, not stopped.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    notify(this.action, alarm);
    return alarm;
  }

  /**
   * Alarms when a vendor's allocation reaches {@link BUDGET_ALARM_PERCENT}% of Syncline's share of it (the
   * processor and pollers emit the share used with every call they take). At 100% Syncline pauses that vendor.
   */
  alarmOnVendorBudget(vendor: BudgetedVendor): Alarm {
    const alarm = new Alarm(this, `BudgetAlarm-${vendor}`, {
      alarmDescription: `${vendor} API use reached ${BUDGET_ALARM_PERCENT}% of Syncline's daily share (dailyShare in syncline.yaml): at 100% Syncline pauses ${vendor} until its usage falls.`,
      metric: new Metric({ namespace: METRICS_NAMESPACE, metricName: BudgetMetric[vendor], dimensionsMap: { service: METRICS_SERVICE }, statistic: 'Maximum', period: BUCKET }),
      threshold: BUDGET_ALARM_PERCENT,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No calls, no data: nothing is being spent.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    notify(this.action, alarm);
    return alarm;
  }
}
