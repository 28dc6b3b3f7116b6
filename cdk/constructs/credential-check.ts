import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { EnvName } from '#config/env-names';
import { Dimension, METRICS_NAMESPACE, METRICS_SERVICE, MetricName } from '#ports/metrics';
import { functionErrorAlarm, notify } from './alarms.ts';
import { NodeFunction } from './node-function.ts';

/** Days before a credential expires at which its alarms fire: a week to renew it, then a last call. */
export const CREDENTIAL_ALARM_DAYS = [7, 1] as const;

/** Properties of a {@link CredentialCheck}. */
export interface CredentialCheckProps {
  /** The connectors whose credentials can expire, each with its secret: the only secrets the check may read. */
  readonly secrets: Readonly<Record<string, ISecret>>;
  readonly projectRoot: string;
  /** @default 'functions/check-credentials.ts' */
  readonly entry?: string;
  /** @default Schedule.cron({ minute: '0', hour: '7' }): daily at 07:00 UTC, early in the European working day */
  readonly schedule?: Schedule;
  readonly alarmAction?: IAlarmAction;
}

/**
 * The daily credential check: an EventBridge rule invoking `functions/check-credentials.ts`, which emits
 * `CredentialDaysLeft` {vendor} for each connector whose secret says when its credentials expire (`expiresAt`), and
 * the alarms on it: 7 days or fewer left, and 1 day or fewer. A day's Minimum is one value, the day's check; a day
 * without one (no `expiresAt`, or the check failed, which its own error alarm reports) is not breaching.
 */
export class CredentialCheck extends Construct {
  readonly function: NodejsFunction;
  readonly rule: Rule;
  /** Connector → its alarms, 7 days ahead first. */
  readonly expiryAlarms: Readonly<Record<string, readonly Alarm[]>>;
  readonly errorAlarm: Alarm;

  constructor(scope: Construct, id: string, props: CredentialCheckProps) {
    super(scope, id);
    const connectors = Object.keys(props.secrets);
    if (connectors.length === 0) throw new Error('credential check has no connectors to check; create it only when a connector whose credentials expire is enabled');
    this.function = new NodeFunction(this, 'Handler', {
      projectRoot: props.projectRoot,
      entry: props.entry ?? 'functions/check-credentials.ts',
      timeout: Duration.seconds(30),
      memorySize: 256,
      description: 'Syncline: daily check of when connector credentials expire',
      environment: { [EnvName.ConnectorSecrets]: Stack.of(this).toJsonString(Object.fromEntries(connectors.map((c) => [c, props.secrets[c]!.secretArn]))) },
    }).function;
    for (const secret of Object.values(props.secrets)) secret.grantRead(this.function);
    // The next day's run is the retry; the error alarm says this one failed.
    this.function.configureAsyncInvoke({ retryAttempts: 0 });

    this.rule = new Rule(this, 'Schedule', {
      description: 'Syncline: daily credential expiry check',
      schedule: props.schedule ?? Schedule.cron({ minute: '0', hour: '7' }),
      targets: [new LambdaFunction(this.function, { retryAttempts: 2 })],
    });

    this.expiryAlarms = Object.fromEntries(connectors.map((connector) => [connector, CREDENTIAL_ALARM_DAYS.map((days) => this.expiryAlarm(connector, days))]));
    notify(props.alarmAction, ...Object.values(this.expiryAlarms).flat());
    this.errorAlarm = functionErrorAlarm(this, this.function, {
      threshold: 1,
      description: 'The daily credential check failed (a secret it could not read, or an expiresAt that is not a date-time): credential expiry goes unwatched until it runs again.',
      action: props.alarmAction,
    });
  }

  private expiryAlarm(connector: string, days: number): Alarm {
    return new Alarm(this, `ExpiresIn${days}Days-${connector}`, {
      alarmDescription: `The ${connector} credentials expire in ${days === 1 ? '1 day' : `${days} days`} or less (expiresAt in the syncline/${connector} secret): renew them with ${connector}, then update the secret, expiresAt included.`,
      metric: new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: MetricName.CredentialDaysLeft,
        dimensionsMap: { service: METRICS_SERVICE, [Dimension.vendor]: connector },
        statistic: 'Minimum',
        period: Duration.days(1),
      }),
      threshold: days,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
