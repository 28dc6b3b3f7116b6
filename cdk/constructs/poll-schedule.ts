import { functionErrorAlarm } from './alarms.ts';
import { Duration, Stack } from 'aws-cdk-lib';
import type { Alarm, IAlarmAction } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EnvName } from '#config/env-names';
import { NodeFunction } from './node-function.ts';
import { CURSOR_KEY_PATTERN, PAUSED_PARTITION, QUARANTINE_PARTITION } from './state-partitions.ts';

const SOURCE_NAME = /^[a-z][a-z0-9-]*$/;


/** Properties of a {@link PollSchedule}. */
export interface PollScheduleProps {
  /** The polled vendor, e.g. `salesforce`. */
  readonly source: string;
  /** The FIFO queue change events go to; the function may only send to it. */
  readonly queue: IQueue;
  /** The state table; the function may get and put only its cursor items. */
  readonly stateTable: ITable;
  /** The source's secret: the only secret this function may read. */
  readonly secret: ISecret;
  /** Absolute path of the repository root. */
  readonly projectRoot: string;
  /** The contract and the model files it names: bundle path → file, copied into the bundle. */
  readonly contractFiles: Readonly<Record<string, string>>;
  /** Where the handler finds the contract inside its bundle. */
  readonly bundledContractFile: string;
  /** @default 'functions/poll.ts' */
  readonly entry?: string;
  /** Time between polls; whole minutes, at least 1. @default Duration.minutes(1) */
  readonly interval?: Duration;
  /** Must be shorter than the interval, so runs do not overlap. @default 50 seconds */
  readonly timeout?: Duration;
  /** How far back the very first poll of an object starts. @default Duration.seconds(0): from now */
  readonly lookback?: Duration;
  /** Where the failure alarm notifies. @default - no action */
  readonly alarmAction?: IAlarmAction;
}

/**
 * A scheduled poller for a vendor that cannot push its changes: an EventBridge `rate(...)` rule invoking the
 * generic `functions/poll.ts` with `SOURCE` set. The function may send to the changes queue, get and put its cursor
 * items and quarantine entries in the state table (`dynamodb:LeadingKeys` = `cursor#*`, `quarantine`) and read its
 * own secret, nothing else.
 *
 * Invariants: the timeout is shorter than the interval and failed runs are not retried by Lambda (the next tick is
 * the retry), so two runs of one poller do not overlap and race on a cursor. An alarm fires when polls keep failing,
 * because a failing poller sends nothing to the queue and so never shows in the stoppage alarm.
 */
export class PollSchedule extends Construct {
  readonly source: string;
  readonly function: NodejsFunction;
  readonly rule: Rule;
  readonly errorAlarm: Alarm;

  constructor(scope: Construct, id: string, props: PollScheduleProps) {
    super(scope, id);
    const interval = props.interval ?? Duration.minutes(1);
    const timeout = props.timeout ?? Duration.seconds(50);
    validate(props.source, interval, timeout);
    this.source = props.source;

    this.function = new NodeFunction(this, 'Handler', {
      projectRoot: props.projectRoot,
      entry: props.entry ?? 'functions/poll.ts',
      timeout,
      memorySize: 256,
      description: `Syncline: polls ${props.source} for changes`,
      environment: {
        [EnvName.Source]: props.source,
        [EnvName.ChangesQueueUrl]: props.queue.queueUrl,
        [EnvName.StateTable]: props.stateTable.tableName,
        [EnvName.ContractFile]: props.bundledContractFile,
        [EnvName.PollLookbackSeconds]: String((props.lookback ?? Duration.seconds(0)).toSeconds()),
        [EnvName.ConnectorSecrets]: Stack.of(this).toJsonString({ [props.source]: props.secret.secretArn }),
      },
      bundledFiles: props.contractFiles,
    }).function;
    this.function.configureAsyncInvoke({ retryAttempts: 0 });
    props.queue.grantSendMessages(this.function);
    props.secret.grantRead(this.function);
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resources: [props.stateTable.tableArn],
        // Its cursors, the quarantine, where a change the queue refuses waits, and the paused set it reads.
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [CURSOR_KEY_PATTERN, QUARANTINE_PARTITION, PAUSED_PARTITION] } },
      }),
    );

    this.rule = new Rule(this, 'Schedule', {
      description: `Syncline: polls ${props.source} every ${interval.toMinutes()} minute(s)`,
      schedule: Schedule.rate(interval),
      // A tick older than one interval is superseded by the next one.
      targets: [new LambdaFunction(this.function, { retryAttempts: 2, maxEventAge: Duration.seconds(Math.max(60, interval.toSeconds())) })],
    });

    this.errorAlarm = functionErrorAlarm(this, this.function, {
      threshold: 3,
      description: `3 or more ${props.source} polls failed within 5 minutes; its changes are not reaching the queue.`,
      action: props.alarmAction,
    });
  }
}

function validate(source: string, interval: Duration, timeout: Duration): void {
  if (!SOURCE_NAME.test(source)) {
    throw new Error(`poll source "${source}" is not a valid name; use lower-case letters, digits and hyphens, starting with a letter (e.g. salesforce)`);
  }
  const minutes = interval.toSeconds() / 60;
  if (!Number.isInteger(minutes) || minutes < 1) {
    throw new Error(`poll interval ${interval.toSeconds()} s is not allowed; EventBridge rates are whole minutes, at least 1`);
  }
  if (timeout.toSeconds() >= interval.toSeconds()) {
    throw new Error(`poll timeout ${timeout.toSeconds()} s must be shorter than the interval (${interval.toSeconds()} s), so runs do not overlap`);
  }
}
