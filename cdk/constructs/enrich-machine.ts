import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Choice, Condition, DefinitionBody, JitterType, JsonPath, LogLevel, Map as MapState, StateMachine, Succeed, TaskInput, Timeout, type TaskStateBase } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { VendorPaused, RetryableError } from '#domain/errors';
import { EnrichRunAction } from '#config/enrich-run-event';
import { EnvName } from '#config/env-names';
import { METRICS_NAMESPACE, METRICS_SERVICE, MetricName } from '#ports/metrics';
import { notify } from './alarms.ts';
import { acknowledgeMachineRoleWildcards, lambdaTask } from './lambda-machine.ts';
import { NodeFunction } from './node-function.ts';
import { BUDGET_PARTITION, DECLINED_PARTITION, ENRICHMENT_PARTITIONS, ENTITY_PARTITION, LINK_PARTITION, REVIEW_PARTITION } from './state-partitions.ts';

/** Properties of an {@link EnrichMachine}. */
export interface EnrichMachineProps {
  readonly queue: IQueue;
  readonly stateTable: ITable;
  /** The data vendors' secrets (ZoomInfo's), which the function reads. */
  readonly secrets: readonly ISecret[];
  /** `CONNECTOR_SECRETS`: connector → secret, for those vendors. */
  readonly secretIdsJson: string;
  readonly projectRoot: string;
  readonly contractFiles: Readonly<Record<string, string>>;
  readonly bundledContractFile: string;
  /** @default Schedule.cron({ minute: '0', hour: '5' }): daily at 05:00 UTC, before the working day in Europe and the Americas */
  readonly schedule?: Schedule;
  readonly alarmAction?: IAlarmAction;
}

/** Names of the machine's states, as the execution history and the local runner show them. */
export const EnrichState = { Select: 'SelectDue', AnyDue: 'AnyDue', Chunks: 'LookUpChunks', Chunk: 'LookUpChunk', ChunkFailed: 'RecordFailedChunk', Summarize: 'Summarize', Done: 'EnrichmentDone' } as const;

/**
 * Chunks looked up at once. ZoomInfo allows 25 requests a second; a chunk is one request of about a second, and the
 * shared budget (12 a second) paces the processors' lookups and these together, so 4 leaves the processors room.
 */
export const ENRICH_CONCURRENCY = 4;


/** The credit alarm's threshold: the day's lookups reached this share of `dailyCredits`, in percent. */
export const CREDIT_ALARM_PERCENT = 80;

/** A vendor that said wait (429 past the wait in place, the shared budget's window full) or failed for now (5xx, timeout). */
const THROTTLED: [VendorPaused['name'], RetryableError['name']] = ['VendorPaused', 'RetryableError'];

/**
 * The daily enrichment batch as a Step Functions standard workflow: `SelectDue` picks the records due for a lookup
 * (never looked up, or longer ago than `staleAfterDays`, and with something to fill) in chunks of one vendor request;
 * `LookUpChunks` maps `LookUpChunk` over them, {@link ENRICH_CONCURRENCY} at a time; `Summarize` adds the run up. A
 * throttled chunk is retried with backoff and full jitter; a chunk that keeps failing is recorded
 * (`RecordFailedChunk`) and the run goes on. Started daily by EventBridge and on demand by `syncline enrich --now`;
 * the same synthesized definition runs locally through aws-local-stepfunctions.
 *
 * Execution input: `{ "request": { "object"?: string, "limit"?: number } }`.
 */
export class EnrichMachine extends Construct {
  readonly function: NodejsFunction;
  readonly stateMachine: StateMachine;
  readonly rule: Rule;
  readonly failedAlarm: Alarm;
  readonly creditAlarm: Alarm;

  constructor(scope: Construct, id: string, props: EnrichMachineProps) {
    super(scope, id);
    this.function = new NodeFunction(this, 'Handler', {
      projectRoot: props.projectRoot,
      entry: 'functions/enrich-run.ts',
      // A selection scans the state table; a chunk is one vendor request and its changes.
      timeout: Duration.minutes(15),
      memorySize: 1024,
      description: 'Syncline: one task of the daily enrichment batch',
      environment: {
        [EnvName.ChangesQueueUrl]: props.queue.queueUrl,
        [EnvName.StateTable]: props.stateTable.tableName,
        [EnvName.ContractFile]: props.bundledContractFile,
        [EnvName.ConnectorSecrets]: props.secretIdsJson,
      },
      bundledFiles: props.contractFiles,
    }).function;
    props.queue.grantSendMessages(this.function);
    // Reads entities (a Scan, then a chunk's by key) and links (is a suggested person known?), and writes only its
    // runs, the credit ledger, the vendor budget and suggested contacts for review: the entities themselves change
    // through the processor, which audits every write.
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Scan'], resources: [props.stateTable.tableArn] }));
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        resources: [props.stateTable.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [ENTITY_PARTITION, LINK_PARTITION, REVIEW_PARTITION, DECLINED_PARTITION, ...ENRICHMENT_PARTITIONS, BUDGET_PARTITION] } },
      }),
    );
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [props.stateTable.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [REVIEW_PARTITION, ...ENRICHMENT_PARTITIONS, BUDGET_PARTITION] } },
      }),
    );
    for (const secret of props.secrets) secret.grantRead(this.function);

    const select = this.invoke(EnrichState.Select, TaskInput.fromObject({ action: EnrichRunAction.Select, request: JsonPath.objectAt('$.request') }), '$.selection');
    const lookUp = this.invoke(EnrichState.Chunk, TaskInput.fromObject({ action: EnrichRunAction.Chunk, runId: JsonPath.stringAt('$.runId'), chunk: JsonPath.numberAt('$.chunk') }), JsonPath.DISCARD);
    // Throttling and passing vendor faults: up to seven tries over up to two minutes (waits of 2 to 60 s), spread by
    // full jitter so the Map's chunks do not retry in step.
    lookUp.addRetry({ errors: THROTTLED, interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 6, maxDelay: Duration.minutes(1), jitterStrategy: JitterType.FULL });
    lookUp.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 2, jitterStrategy: JitterType.FULL });
    const recordFailure = this.invoke(EnrichState.ChunkFailed, TaskInput.fromObject({ action: EnrichRunAction.ChunkFailed, runId: JsonPath.stringAt('$.runId'), chunk: JsonPath.numberAt('$.chunk'), error: JsonPath.objectAt('$.error') }), JsonPath.DISCARD);
    lookUp.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });

    const chunks = new MapState(this, EnrichState.Chunks, {
      itemsPath: '$.selection.chunks',
      itemSelector: { runId: JsonPath.stringAt('$.selection.runId'), chunk: JsonPath.numberAt('$$.Map.Item.Value') },
      maxConcurrency: ENRICH_CONCURRENCY,
      resultPath: JsonPath.DISCARD,
    });
    chunks.itemProcessor(lookUp);
    const summarize = this.invoke(EnrichState.Summarize, TaskInput.fromObject({ action: EnrichRunAction.Summarize, runId: JsonPath.stringAt('$.selection.runId'), chunks: JsonPath.listAt('$.selection.chunks') }), '$.summary');
    summarize.next(new Succeed(this, EnrichState.Done));
    const anyDue = new Choice(this, EnrichState.AnyDue).when(Condition.isPresent('$.selection.chunks[0]'), chunks.next(summarize)).otherwise(summarize);

    const logs = new LogGroup(this, 'Logs', { retention: RetentionDays.ONE_MONTH });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      comment: 'Syncline: the daily enrichment batch, select due records, look them up 25 at a time, add up',
      definitionBody: DefinitionBody.fromChainable(select.next(anyDue)),
      // The states carry run ids, chunk numbers and one-line summaries: no record values.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    acknowledgeMachineRoleWildcards(this.stateMachine, this.function, 'enrich-run');

    this.rule = new Rule(this, 'Schedule', {
      description: 'Syncline: daily enrichment batch',
      schedule: props.schedule ?? Schedule.cron({ minute: '0', hour: '5' }),
      targets: [new SfnStateMachine(this.stateMachine, { input: RuleTargetInput.fromObject({ request: {} }), retryAttempts: 2 })],
    });

    this.failedAlarm = new Alarm(this, 'FailedAlarm', {
      alarmDescription: 'The enrichment batch failed: records due for a lookup were not looked up. Its execution names the error; `syncline enrich --now` runs it again and continues the day.',
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    notify(props.alarmAction, this.failedAlarm);
    this.creditAlarm = new Alarm(this, 'CreditAlarm', {
      alarmDescription: `Lookups reached ${CREDIT_ALARM_PERCENT}% of the day's credits (dailyCredits in syncline.yaml): at 100% records are written without enrichment until the next UTC day.`,
      metric: new Metric({ namespace: METRICS_NAMESPACE, metricName: MetricName.EnrichmentCreditsUsed, dimensionsMap: { service: METRICS_SERVICE }, statistic: 'Maximum', period: Duration.minutes(5) }),
      threshold: CREDIT_ALARM_PERCENT,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    notify(props.alarmAction, this.creditAlarm);
  }

  /** A task invoking the function with `payload`, its answer put at `resultPath`. */
  private invoke(name: string, payload: TaskInput, resultPath: string): TaskStateBase {
    return lambdaTask(this, name, this.function, { payload, resultPath, taskTimeout: Timeout.duration(Duration.minutes(16)) });
  }
}
