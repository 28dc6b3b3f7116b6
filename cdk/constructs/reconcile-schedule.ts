import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE, MetricName } from '#ports/metrics';
import { functionErrorAlarm, notify } from './alarms.ts';
import { crmRunFunction, type CrmRunFunctionProps } from './crm-run-function.ts';

/** Properties of a {@link ReconcileSchedule}. */
export interface ReconcileScheduleProps extends CrmRunFunctionProps {
  /** @default Schedule.cron({ minute: '30', hour: '3' }): daily at 03:30 UTC, out of office hours in most of the Americas and Europe */
  readonly schedule?: Schedule;
  readonly alarmAction?: IAlarmAction;
}

/**
 * The daily reconciliation: an EventBridge rule invoking `functions/reconcile.ts`, which reads every record of each
 * synced object from both CRMs (in their bulk forms), links what belongs together and sends through whatever is
 * missing or differs. Its drift (records out of step) is a metric; any drift raises the alarm, because it means
 * changes were lost on the way (a webhook never delivered, a poll that missed) even though the run repairs them.
 */
export class ReconcileSchedule extends Construct {
  readonly function: NodejsFunction;
  readonly rule: Rule;
  readonly driftAlarm: Alarm;
  readonly errorAlarm: Alarm;

  constructor(scope: Construct, id: string, props: ReconcileScheduleProps) {
    super(scope, id);
    this.function = crmRunFunction(this, { ...props, entry: 'functions/reconcile.ts', memorySize: 1024, description: 'Syncline: daily reconciliation of the CRMs' });
    // A failed run is not repeated at once: the next day's run is the retry, and the alarm says it failed.
    this.function.configureAsyncInvoke({ retryAttempts: 0 });

    this.rule = new Rule(this, 'Schedule', {
      description: 'Syncline: daily reconciliation',
      schedule: props.schedule ?? Schedule.cron({ minute: '30', hour: '3' }),
      targets: [new LambdaFunction(this.function, { retryAttempts: 0 })],
    });

    this.driftAlarm = new Alarm(this, 'DriftAlarm', {
      alarmDescription: 'The daily reconciliation found records out of step between the CRMs (missing, differing or not linked): changes were lost on the way. The run sent them through again; see `syncline reconcile --last`.',
      metric: new Metric({ namespace: METRICS_NAMESPACE, metricName: MetricName.ReconcileDrift, dimensionsMap: { service: METRICS_SERVICE }, statistic: 'Maximum', period: Duration.days(1) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    notify(props.alarmAction, this.driftAlarm);
    this.errorAlarm = functionErrorAlarm(this, this.function, { threshold: 1, description: 'The daily reconciliation failed: drift between the CRMs goes unnoticed until it runs.', action: props.alarmAction });
  }
}
