import { notify } from './alarms.ts';
import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IAlarmAction, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BudgetMetric, Dimension, integrationName, METRICS_NAMESPACE, METRICS_SERVICE, MetricName, type BudgetedVendor } from '#ports/metrics';

/** Properties of {@link SyncAlarms}. */
export interface SyncAlarmsProps {
  /** No change synced for this long while changes arrive or wait raises the stoppage alarm; a multiple of 5 minutes, 5 to 360. @default 30 minutes */
  readonly stoppageWindow?: Duration;
}

/** Share of a vendor budget used, in percent, at which its alarm fires: early enough to act before Syncline pauses. */
export const BUDGET_ALARM_PERCENT = 60;

/** The stoppage alarm looks at 5-minute buckets; the window is a run of them. */
const BUCKET = Duration.minutes(5);

/** CloudWatch: "you can include as many as 10 metrics" in an alarm's metric math (PutMetricAlarm, Metrics). */
const MAX_ALARM_METRICS = 10;

/** One active sync of the contract: changes of `object` from `from` written to `to`. */
export interface IntegrationSync {
  readonly from: string;
  readonly to: string;
  readonly object: string;
  /** The source's own object types that belong to `object` (the contract's mapping), e.g. `Contact`, `Lead`. */
  readonly sourceObjects: readonly string[];
}

/** A metric of Syncline's vocabulary under `service` and the given dimensions. */
function synclineMetric(metricName: MetricName, dimensions: Record<string, string>, statistic: string, period: Duration): Metric {
  return new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: METRICS_SERVICE, ...dimensions }, statistic, period });
}

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
    return this.stoppageAlarm('SyncStoppageAlarm', {
      description: `No change was synced for ${minutes} minutes while changes arrived or waited: the processor is failing, throttled or stuck.`,
      expression: 'IF(FILL(synced, 0) == 0 AND (FILL(received, 0) > 0 OR FILL(waiting, 0) + FILL(inflight, 0) > 0), 1, 0)',
      usingMetrics: {
        received: metric(MetricName.ChangesReceived),
        synced: metric(MetricName.ChangesSynced),
        waiting: changesQueue.metricApproximateNumberOfMessagesVisible({ period: BUCKET, statistic: 'Maximum' }),
        inflight: changesQueue.metricApproximateNumberOfMessagesNotVisible({ period: BUCKET, statistic: 'Maximum' }),
      },
      label: 'sync stopped',
    });
  }

  /**
   * A stoppage alarm: `expression` is 1 in a 5-minute bucket that looks stopped, and every bucket of the window must
   * be, so one change that arrives at the end of a bucket and syncs in the next raises nothing. No data means no
   * traffic, which is quiet, not stopped.
   */
  private stoppageAlarm(id: string, spec: { description: string; expression: string; usingMetrics: Record<string, IMetric>; label: string }): Alarm {
    const buckets = this.window.toMinutes() / 5;
    const alarm = new Alarm(this, id, {
      alarmDescription: spec.description,
      metric: new MathExpression({ expression: spec.expression, usingMetrics: spec.usingMetrics, period: BUCKET, label: spec.label }),
      threshold: 1,
      evaluationPeriods: buckets,
      datapointsToAlarm: buckets,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    notify(this.action, alarm);
    return alarm;
  }

  /**
   * The stoppage alarm of one integration: for every 5-minute bucket of the window, none of its changes went through
   * (`IntegrationSynced` {integration, object}, emitted by the processor) while its source reported changes of the
   * object (`ChangesReceivedFrom` {source, sourceObject} of each source object type, emitted by the webhooks and
   * pollers). Every bucket must breach, as for the whole pipeline. An integration that gets a change less often than
   * every 5 minutes is watched by the failure-rate and whole-pipeline alarms instead.
   */
  alarmOnIntegrationStoppage(sync: IntegrationSync): Alarm {
    const integration = integrationName(sync.from, sync.to);
    if (sync.sourceObjects.length === 0 || sync.sourceObjects.length > MAX_ALARM_METRICS - 1) {
      throw new Error(`integration ${integration} (${sync.object}) has ${sync.sourceObjects.length} source object types; its stoppage alarm takes 1 to ${MAX_ALARM_METRICS - 1}`);
    }
    const minutes = this.window.toMinutes();
    const received = Object.fromEntries(sync.sourceObjects.map((type, i) => [`received${i}`, synclineMetric(MetricName.ChangesReceivedFrom, { [Dimension.source]: sync.from, [Dimension.sourceObject]: type }, 'Sum', BUCKET)]));
    const anyReceived = Object.keys(received).map((id) => `FILL(${id}, 0)`).join(' + ');
    return this.stoppageAlarm(`IntegrationStoppage-${sync.from}-${sync.to}-${sync.object}`, {
      description: `No ${sync.object} change from ${sync.from} reached ${sync.to} for ${minutes} minutes while ${sync.from} reported ${sync.sourceObjects.join('/')} changes: this integration is failing or stuck, or its connector was paused (see \`syncline health\`, \`syncline pause\` and the quarantine).`,
      expression: `IF(FILL(synced, 0) == 0 AND (${anyReceived}) > 0, 1, 0)`,
      usingMetrics: { synced: synclineMetric(MetricName.IntegrationSynced, { [Dimension.integration]: integration, [Dimension.object]: sync.object }, 'Sum', BUCKET), ...received },
      label: `${integration} ${sync.object} stopped`,
    });
  }

  /**
   * Alarms when a vendor's OAuth token refresh fails (`OAuthRefreshFailures` {vendor}, counted by its client): a
   * revoked grant or changed app credentials stop every call to it until someone re-authorizes. Any failure within 5
   * minutes raises it, and it returns to OK once refreshes succeed; one unanswered refresh that the next call repeats
   * successfully is a single alert and its recovery.
   */
  alarmOnOAuthRefreshFailures(vendor: string): Alarm {
    const alarm = new Alarm(this, `OAuthRefreshAlarm-${vendor}`, {
      alarmDescription: `${vendor} refused or did not answer an OAuth token refresh: its calls fail until the grant works again. If it persists, re-authorize the app and update the syncline/${vendor} secret.`,
      metric: synclineMetric(MetricName.OAuthRefreshFailures, { [Dimension.vendor]: vendor }, 'Sum', BUCKET),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
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
