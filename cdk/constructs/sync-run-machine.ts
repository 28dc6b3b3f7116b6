import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Choice, Condition, DefinitionBody, Fail, JitterType, JsonPath, LogLevel, StateMachine, Succeed, TaskInput, Timeout, type TaskStateBase } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { RunInputError } from '#domain/errors';
import { EnvName } from '#config/env-names';
import { SyncRunAction } from '#config/sync-run-event';
import { notify } from './alarms.ts';
import { CRM_RUN_TIMEOUT, crmRunFunction, type CrmRunFunctionProps } from './crm-run-function.ts';

/** Properties of a {@link SyncRunMachine}. */
export interface SyncRunMachineProps extends CrmRunFunctionProps {
  /** An import audits the records it creates. */
  readonly auditTable: ITable;
  readonly alarmAction?: IAlarmAction;
}

/** Names of the machine's states, as the execution history and the local runner's event log show them. */
export const SyncRunState = { Start: 'StartRun', Step: 'StepRun', Done: 'IsRunDone', Finished: 'RunFinished', Failed: 'RunFailed' } as const;

/** The error of a run that cannot succeed by trying again ({@link RunInputError}'s name, as Lambda reports it). */
const NOT_RETRIED: RunInputError['name'] = 'RunInputError';


/**
 * Errors of the Lambda service itself (the invocation never ran, or its answer was lost), retried as the Step
 * Functions guide advises for every Lambda task:
 * https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html
 */
const LAMBDA_SERVICE_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

/**
 * The long runs over whole CRMs (initial sync, backfill) as a Step Functions standard workflow: `StartRun` starts
 * the execution input's `job` (or resumes its unfinished run), then `StepRun` does one step per invocation of
 * `functions/sync-run.ts` until the run answers `done`. A step that fails is tried again (it is idempotent, and the
 * run resumes from the last step saved); a step that keeps failing ends the execution in `RunFailed`, naming the
 * error, and raises the alarm. The same synthesized definition runs locally through aws-local-stepfunctions.
 *
 * Execution input: `{ "job": SyncJob }`; output: the run's last `RunStatus`.
 */
export class SyncRunMachine extends Construct {
  readonly function: NodejsFunction;
  readonly stateMachine: StateMachine;
  readonly failedAlarm: Alarm;

  constructor(scope: Construct, id: string, props: SyncRunMachineProps) {
    super(scope, id);
    // A step reads whole CRMs, clusters an import's rows with them, writes and waits: 2 GB for 50,000 records a side.
    this.function = crmRunFunction(this, { ...props, entry: 'functions/sync-run.ts', memorySize: 2048, description: 'Syncline: one step of an initial sync, a backfill or an import', environment: { [EnvName.AuditTable]: props.auditTable.tableName } });
    // The audit trail is append-only: the function adds entries (an import's creations), never changes or reads them.
    props.auditTable.grant(this.function, 'dynamodb:PutItem', 'dynamodb:BatchWriteItem');

    const start = this.invoke(SyncRunState.Start, TaskInput.fromObject({ action: SyncRunAction.Start, job: JsonPath.objectAt('$.job') }));
    const step = this.invoke(SyncRunState.Step, TaskInput.fromObject({ action: SyncRunAction.Step, runId: JsonPath.stringAt('$.runId') }));
    // The caught error replaces nothing else of the state: `$.error` holds `Error` and `Cause`.
    const failed = new Fail(this, SyncRunState.Failed, { errorPath: '$.error.Error', causePath: '$.error.Cause' });
    for (const task of [start, step]) task.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });
    const done = new Choice(this, SyncRunState.Done).when(Condition.booleanEquals('$.done', true), new Succeed(this, SyncRunState.Finished)).otherwise(step);

    const logs = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      comment: 'Syncline: an initial sync, a backfill or an import, one step per invocation until done',
      definitionBody: DefinitionBody.fromChainable(start.next(step).next(done)),
      // The states carry job, run id and a one-line summary: no record values, so the execution data can be logged.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    this.acknowledgeRoleWildcards();

    this.failedAlarm = new Alarm(this, 'FailedAlarm', {
      alarmDescription: 'An initial sync, backfill or import failed after its retries: the run stopped midway. Its execution names the error; starting the same job again resumes the run.',
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    notify(props.alarmAction, this.failedAlarm);
  }

  /**
   * The two wildcards of the machine's role that no narrower grant can replace (cdk-nag AwsSolutions-IAM5), each
   * acknowledged alone so that any other wildcard still fails synthesis.
   */
  private acknowledgeRoleWildcards(): void {
    const stack = Stack.of(this);
    const functionId = stack.resolve(stack.getLogicalId(this.function.node.defaultChild as CfnElement)) as string;
    const validations = Validations.of(this.stateMachine.role);
    validations.acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'log delivery (logs:CreateLogDelivery and the rest) and X-Ray tracing (xray:PutTraceSegments, GetSamplingRules, ...) support no resource-level permissions, so AWS documents Resource "*" for them: https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy and https://docs.aws.amazon.com/step-functions/latest/dg/xray-iam.html',
    });
    validations.acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      reason: "the Lambda task's invoke grant covers the sync-run function's own versions and aliases (<function ARN>:*) beside the function; no other function",
    });
  }

  /** A task invoking the function with `payload`; its output is the function's answer (a `RunStatus`). */
  private invoke(name: string, payload: TaskInput): TaskStateBase {
    const task = new LambdaInvoke(this, name, {
      lambdaFunction: this.function,
      payload,
      // The state is the function's answer itself, not the Invoke API's envelope (StatusCode, Payload, ...).
      payloadResponseOnly: true,
      // Replaced by the retriers below, which add jitter: concurrent runs retrying in step would collide again.
      retryOnServiceExceptions: false,
      // The function's own timeout ends a step first; the default of a Task state elsewhere (aws-local-stepfunctions
      // and the States Language spec) is 60 s, which a step outlasts.
      taskTimeout: Timeout.duration(CRM_RUN_TIMEOUT.plus(Duration.minutes(1))),
    });
    // A run asked for what the contract or its input cannot give (an object it lacks, rows never saved): no retry
    // changes that, so the run fails at once with the reason. First: retriers are matched in order.
    task.addRetry({ errors: [NOT_RETRIED], maxAttempts: 0 });
    task.addRetry({ errors: LAMBDA_SERVICE_ERRORS, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 6, jitterStrategy: JitterType.FULL });
    // A step that failed (a vendor outage, a throttled table, a timeout) is done again from the position last saved:
    // every step is idempotent. Up to six tries over about half an hour ride out a vendor's short outage.
    task.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(30), backoffRate: 2, maxAttempts: 6, maxDelay: Duration.minutes(5), jitterStrategy: JitterType.FULL });
    return task;
  }
}
