import { notify } from './alarms.ts';
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IAlarmAction, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_WINDOW_MAX_RECORDS } from '#config/env';
import { EnvName } from '#config/env-names';
import { FAILURE_RATE_MIN_FAILED, FAILURE_RATE_PERCENT, MetricName, METRICS_NAMESPACE, METRICS_SERVICE } from '#ports/metrics';
import { NodeFunction } from './node-function.ts';

/** A message is tried this often before it goes to the dead-letter queue (ARCHITECTURE.md §3). */
export const MAX_RECEIVE_COUNT = 5;

/**
 * AWS: "set the source queue's visibility timeout to at least six times the timeout that you configure on
 * your function", so a message is not handed out again while a throttled invocation still retries it.
 * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/** Lambda reads at most 10 messages per batch from a FIFO queue. */
export const MAX_FIFO_BATCH_SIZE = 10;

/** Properties of a {@link FifoWorker}. */
export interface FifoWorkerProps {
  /** Absolute path of the repository root. */
  readonly projectRoot: string;
  /** The processor's entry file, relative to `projectRoot`. @default 'functions/process.ts' */
  readonly entry?: string;
  /**
   * A window of up to `WINDOW_MAX_RECORDS` changes makes a few Salesforce collection calls and Composite lookups and
   * HubSpot batches, each up to tens of seconds on a busy org, and keeps time back to defer and settle (the window's
   * size follows how long windows take, so one that runs long makes the next smaller). @default Duration.seconds(60)
   */
  readonly processorTimeout?: Duration;
  /** @default 512 */
  readonly processorMemorySize?: number;
  /** The processor's environment. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Files copied into the processor's bundle: path inside the bundle → absolute source path. */
  readonly bundledFiles?: Readonly<Record<string, string>>;
  /** Must be at least 6 × the processor timeout. @default 6 × processorTimeout */
  readonly visibilityTimeout?: Duration;
  /** Messages per Lambda invocation, 1 to 10. @default 10 */
  readonly batchSize?: number;
  /**
   * The most changes one invocation works on: a full batch (10 messages, a backlog) is topped up from the queue to
   * this many, so vendors are written in their own batch sizes. 10 or less, or a smaller `batchSize`, turns topping
   * up off. @default 1000
   */
  readonly windowMaxRecords?: number;
  /**
   * How many processor invocations the event source mapping runs at once (`ScalingConfig.MaximumConcurrency`, 2 to
   * 1,000). Few invocations with full windows write vendors at their batch floor and keep well inside Salesforce's
   * 25 concurrent long requests; many would split a backlog into small windows, one vendor call each. A window of
   * 1,000 takes some seconds, so 2 invocations sync on the order of 60–80 records a second. @default 2
   */
  readonly maxConcurrency?: number;
  /** Where the DLQ and failure alarms notify. @default - the alarms have no action */
  readonly alarmAction?: IAlarmAction;
  /** `SyncFailures` summed over 5 minutes at or above this raise the failure-spike alarm. @default 10 */
  readonly failureAlarmThreshold?: number;
  /**
   * The oldest change waiting in `changes.fifo` for this long, for 15 minutes, raises the backlog alarm; 5 minutes to
   * 14 days. A vendor pause (its allocation spent) lets changes age too, which is worth knowing. @default 1 hour
   */
  readonly oldestChangeAlarmAge?: Duration;
}

/** The failure-rate alarm's thresholds, shared with the health report's Degraded (shared/ports/metrics.ts). */
const FAILURE_RATE_ALARM_PERCENT = FAILURE_RATE_PERCENT;
export { FAILURE_RATE_ALARM_PERCENT, FAILURE_RATE_MIN_FAILED };

/**
 * The ordered change pipeline: the `changes.fifo` queue, its FIFO dead-letter queue `changes-dlq.fifo`, and the
 * processor function reading it in batches with partial batch responses.
 *
 * Invariants: both queues FIFO, SQS-managed encryption and TLS only; explicit deduplication ids (the producer sends
 * `source:eventId`), so content-based deduplication is off; redrive after {@link MAX_RECEIVE_COUNT} receives;
 * visibility timeout ≥ 6 × the processor timeout; batch size ≤ 10; `ReportBatchItemFailures`, so one failed change
 * does not redeliver its whole batch. The processor may send to its own queue only (`sqs:SendMessage`, with the
 * queue's URL in `CHANGES_QUEUE_URL`): changes it could not run while DynamoDB was down go back there, deferred,
 * instead of spending their receives. A full batch it tops up from the same queue to `WINDOW_MAX_RECORDS` changes,
 * with the event source's own permissions. Alarms: a message in the DLQ, a spike of `SyncFailures`, any
 * `InfrastructureErrors`, a failure rate above 1% over an hour, and an old change waiting in the queue.
 */
export class FifoWorker extends Construct {
  /** `changes.fifo`: producers need `grantSendMessages` on it. */
  readonly queue: Queue;
  /** `changes-dlq.fifo`. */
  readonly deadLetterQueue: Queue;
  /** The processor function. */
  readonly processor: NodejsFunction;
  readonly dlqAlarm: Alarm;
  readonly failureAlarm: Alarm;
  /** DynamoDB or SQS failed the processor (unreachable, timing out, throttling) at least once in 5 minutes. */
  readonly infrastructureAlarm: Alarm;
  /** One alert per burst of soft deletes. */
  readonly softDeleteAlarm: Alarm;
  /** More than {@link FAILURE_RATE_ALARM_PERCENT}% of sync attempts failed within an hour. */
  readonly failureRateAlarm: Alarm;
  /** The oldest change in `changes.fifo` has waited too long: a backlog the processor is not working off. */
  readonly oldestChangeAlarm: Alarm;

  constructor(scope: Construct, id: string, props: FifoWorkerProps) {
    super(scope, id);
    const processorTimeout = props.processorTimeout ?? Duration.seconds(60);
    const minimumVisibility = VISIBILITY_TIMEOUT_FACTOR * processorTimeout.toSeconds();
    const visibilityTimeout = props.visibilityTimeout ?? Duration.seconds(minimumVisibility);
    if (visibilityTimeout.toSeconds() < minimumVisibility) {
      throw new Error(
        `visibility timeout ${visibilityTimeout.toSeconds()} s is less than ${VISIBILITY_TIMEOUT_FACTOR} × the processor timeout (${processorTimeout.toSeconds()} s); use at least ${minimumVisibility} s`,
      );
    }
    if (visibilityTimeout.toSeconds() > 43_200) {
      throw new Error(`visibility timeout ${visibilityTimeout.toSeconds()} s is above the SQS maximum of 43200 s (12 hours); use a shorter processor timeout`);
    }
    const batchSize = props.batchSize ?? MAX_FIFO_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_FIFO_BATCH_SIZE) {
      throw new Error(`batch size ${batchSize} is not allowed for a FIFO queue; use an integer from 1 to ${MAX_FIFO_BATCH_SIZE}`);
    }
    const windowMaxRecords = props.windowMaxRecords ?? DEFAULT_WINDOW_MAX_RECORDS;
    if (!Number.isInteger(windowMaxRecords) || windowMaxRecords < 1) {
      throw new Error(`window of ${windowMaxRecords} records is not allowed; use a positive integer (${MAX_FIFO_BATCH_SIZE} or less turns topping up off)`);
    }
    const failureAlarmThreshold = props.failureAlarmThreshold ?? 10;
    if (!(failureAlarmThreshold > 0)) {
      throw new Error(`failure alarm threshold ${failureAlarmThreshold} must be greater than 0`);
    }

    this.deadLetterQueue = new Queue(this, 'ChangesDlq', {
      fifo: true,
      contentBasedDeduplication: false,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Changes', {
      fifo: true,
      contentBasedDeduplication: false,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout,
      // The SQS maximum: a vendor outage of several days must not let changes expire unprocessed.
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    this.processor = new NodeFunction(this, 'Processor', {
      projectRoot: props.projectRoot,
      entry: props.entry ?? 'functions/process.ts',
      timeout: processorTimeout,
      memorySize: props.processorMemorySize ?? 512,
      description: 'Syncline: processes change events from changes.fifo',
      environment: props.environment,
      bundledFiles: props.bundledFiles,
    }).function;
    const maxConcurrency = props.maxConcurrency ?? 2;
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 2 || maxConcurrency > 1_000) {
      throw new Error(`maximum concurrency ${maxConcurrency} is not allowed for an SQS event source; use an integer from 2 to 1000`);
    }
    this.processor.addEventSource(new SqsEventSource(this.queue, { batchSize, reportBatchItemFailures: true, maxConcurrency }));
    // Deferring sends a change again to its own queue; nothing else (least privilege: no GetQueueUrl, no other queue).
    this.processor.addEnvironment(EnvName.ChangesQueueUrl, this.queue.queueUrl);
    this.queue.grant(this.processor, 'sqs:SendMessage');
    // Topping a full batch up receives, deletes and releases on the same queue: the event source's grant (receive,
    // delete, change visibility) covers it, and "setting permissions for ... DeleteMessage, or
    // ChangeMessageVisibility sets permissions for the corresponding batch versions" (SQS Developer Guide, "Amazon
    // SQS batch actions").
    this.processor.addEnvironment(EnvName.WindowMaxRecords, String(windowMaxRecords));

    this.dlqAlarm = new Alarm(this, 'DlqDepthAlarm', {
      alarmDescription: 'Changes failed 5 times and wait in changes-dlq.fifo; inspect them, fix the cause, then redrive.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.failureAlarm = new Alarm(this, 'FailureSpikeAlarm', {
      alarmDescription: `${failureAlarmThreshold} or more changes failed permanently within 5 minutes.`,
      metric: new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: MetricName.SyncFailures,
        dimensionsMap: { service: METRICS_SERVICE },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
      threshold: failureAlarmThreshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    // A mass delete in one system flags records elsewhere instead of deleting them; the alarm fires once per burst
    // (it returns to OK when the deletes stop), so a 2,000-record cleanup is one alert, not 2,000.
    this.softDeleteAlarm = this.alarmOnAny('SoftDeleteBurstAlarm', MetricName.RecordsSoftDeleted, 'Records were deleted in one system; their counterparts elsewhere are flagged (not deleted) and restorable for the grace period.');
    // Changes wait (deferred, not dead-lettered) while Syncline's own infrastructure is down; someone should know at once.
    this.infrastructureAlarm = this.alarmOnAny(
      'InfrastructureErrorsAlarm',
      MetricName.InfrastructureErrors,
      'DynamoDB or SQS failed the processor (unreachable, timing out or throttling); changes are waiting, deferred, until it answers again. The processor log line "infrastructure unavailable" names the service and reason.',
    );
    this.failureRateAlarm = this.alarmOnFailureRate();
    this.oldestChangeAlarm = this.alarmOnOldestChange(props.oldestChangeAlarmAge ?? Duration.hours(1));
    notify(props.alarmAction, this.dlqAlarm, this.failureAlarm, this.softDeleteAlarm, this.infrastructureAlarm, this.failureRateAlarm, this.oldestChangeAlarm);
    this.alarmAction = props.alarmAction;
  }

  /** An alarm on any occurrence of one of Syncline's metrics within 5 minutes; it returns to OK when they stop. */
  private alarmOnAny(id: string, metricName: MetricName, alarmDescription: string): Alarm {
    return new Alarm(this, id, {
      alarmDescription,
      metric: new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: METRICS_SERVICE }, statistic: 'Sum', period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * The service-wide failure rate over an hour: failed attempts (`SyncFailures`, `SyncRetries`, `ChangesQuarantined`)
   * against all attempts (those and `ChangesSynced`), in percent. The service-wide counters, not the per-integration
   * ones: a rate over `IntegrationFailed` would have to name every category of every integration, past CloudWatch's
   * 10 metrics per alarm. No traffic makes 0, never a division by zero, so a quiet hour is OK.
   */
  private alarmOnFailureRate(): Alarm {
    const hour = Duration.hours(1);
    const metric = (metricName: MetricName) => new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: METRICS_SERVICE }, statistic: 'Sum', period: hour });
    const failed = 'FILL(failures, 0) + FILL(retries, 0) + FILL(quarantined, 0)';
    const attempts = `FILL(synced, 0) + ${failed}`;
    return new Alarm(this, 'FailureRateAlarm', {
      alarmDescription: `More than ${FAILURE_RATE_ALARM_PERCENT}% of sync attempts failed (permanently, retried or quarantined) within an hour, with ${FAILURE_RATE_MIN_FAILED} or more failed. \`syncline health\` shows the integrations and error categories.`,
      metric: new MathExpression({
        expression: `IF(${failed} >= ${FAILURE_RATE_MIN_FAILED}, 100 * (${failed}) / IF(${attempts} > 0, ${attempts}, 1), 0)`,
        usingMetrics: { synced: metric(MetricName.ChangesSynced), failures: metric(MetricName.SyncFailures), retries: metric(MetricName.SyncRetries), quarantined: metric(MetricName.ChangesQuarantined) },
        period: hour,
        label: 'failed attempts (%)',
      }),
      threshold: FAILURE_RATE_ALARM_PERCENT,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * SQS `ApproximateAgeOfOldestMessage` of `changes.fifo` (its Maximum per 5 minutes) at or above `age` for three
   * buckets running. A change is normally synced within seconds, and a failing one reaches the DLQ within its five
   * receives (about 30 minutes at the default visibility timeout), so an hour-old change means a backlog.
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
   */
  private alarmOnOldestChange(age: Duration): Alarm {
    const seconds = age.toSeconds();
    if (seconds < 300 || seconds > 1_209_600) throw new Error(`oldest change alarm age ${seconds} s is out of range; use 300 s (5 minutes) to 1209600 s (14 days, the queue's retention)`);
    return new Alarm(this, 'OldestChangeAgeAlarm', {
      alarmDescription: `The oldest change in changes.fifo has waited ${age.toHumanString()} or more for 15 minutes: the processor is behind, paused for a vendor's allocation, or failing. See the dashboard's queue widgets and \`syncline health\`.`,
      metric: this.queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: seconds,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  private readonly alarmAction: IAlarmAction | undefined;

  /**
   * With a data vendor enabled: its lookups keep failing (timeouts, rate limits, credits used up). Records are then
   * written without enrichment, so this warns rather than pages; 10 failures in 15 minutes is a vendor problem, not noise.
   */
  alarmOnEnrichmentFailures(threshold = 10): Alarm {
    const alarm = new Alarm(this, 'EnrichmentFailingAlarm', {
      alarmDescription: `${threshold} or more enrichment lookups failed within 15 minutes (vendor down, rate limited, or out of credits); records are written without enrichment.`,
      metric: new Metric({ namespace: METRICS_NAMESPACE, metricName: MetricName.EnrichmentFailures, dimensionsMap: { service: METRICS_SERVICE }, statistic: 'Sum', period: Duration.minutes(15) }),
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    notify(this.alarmAction, alarm);
    return alarm;
  }
}
