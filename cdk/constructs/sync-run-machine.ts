import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Choice, Condition, DefinitionBody, Fail, JitterType, JsonPath, LogLevel, StateMachine, Succeed, TaskInput, Timeout, type TaskStateBase } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { EnvName } from '#config/env-names';
import { SyncRunAction } from '#config/sync-run-event';
import { notify } from './alarms.ts';
import { acknowledgeMachineRoleWildcards, lambdaTask } from './lambda-machine.ts';
import { CRM_RUN_TIMEOUT, crmRunFunction, type CrmRunFunctionProps } from './crm-run-function.ts';

/** Properties of a {@link SyncRunMachine}. */
export interface SyncRunMachineProps extends CrmRunFunctionProps {
  /** An import audits the records it creates. */
  readonly auditTable: ITable;
  readonly alarmAction?: IAlarmAction;
}

/** Names of the machine's states, as the execution history and the local runner's event log show them. */
export const SyncRunState = { Start: 'StartRun', Step: 'StepRun', Done: 'IsRunDone', Finished: 'RunFinished', Failed: 'RunFailed' } as const;

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
    acknowledgeMachineRoleWildcards(this.stateMachine, this.function, 'sync-run');

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

  /** A task invoking the function with `payload`; its output is the function's answer (a `RunStatus`). */
  private invoke(name: string, payload: TaskInput): TaskStateBase {
    // The function's own timeout ends a step first; the default of a Task state elsewhere (aws-local-stepfunctions
    // and the States Language spec) is 60 s, which a step outlasts.
    const task = lambdaTask(this, name, this.function, { payload, taskTimeout: Timeout.duration(CRM_RUN_TIMEOUT.plus(Duration.minutes(1))) });
    // A step that failed (a vendor outage, a throttled table, a timeout) is done again from the position last saved:
    // every step is idempotent. Up to six tries over about half an hour ride out a vendor's short outage.
    task.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(30), backoffRate: 2, maxAttempts: 6, maxDelay: Duration.minutes(5), jitterStrategy: JitterType.FULL });
    return task;
  }
}
