import { randomUUID } from 'node:crypto';
import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSRecord } from 'aws-lambda';
import type { BatchRecord, RecordOutcome, TimeBudget } from '#app/process-batch';
import { InfrastructureUnavailable } from '#domain/errors';
import { batchRecordOf, DeferralAttribute } from './sqs-deferral-queue.ts';

/** A message the processor received from the queue itself: a batch record, and the receipt handle that settles it. */
export type ToppedUpRecord = BatchRecord & { receiptHandle: string };

/** How a window is topped up and settled. */
export const BATCH_WINDOW = {
  /**
   * "For FIFO queues, the maximum is 10" messages per batch (Lambda, "Lambda parameters for Amazon SQS event source
   * mappings", BatchSize): a batch of 10 says more messages wait.
   */
  fullBatch: 10,
  /** ReceiveMessage's MaxNumberOfMessages, and the entries of one DeleteMessageBatch or ChangeMessageVisibilityBatch: 1 to 10. */
  maxPerCall: 10,
  /** Topping up stops once less than this share of the invocation's time is left: the rest is for the window's work. */
  minTimeShare: 0.5,
  /**
   * Kept back from the processing of a topped-up window to settle it: the settling calls run at once, each within
   * the SQS client's timeouts and retries (about 6.5 s at worst, as BATCH_TIMING counts them).
   */
  settleReserveMs: 7_000,
  /** A fresh function's first window: small enough to finish anywhere; later ones follow how long windows take. */
  firstTarget: 100,
  /** Once the queue answers empty, one more receive waits this long (s) for changes still on their way. */
  lingerSeconds: 1,
  /** A window that used more than this share of its time makes the next one half as large. */
  shrinkAbove: 0.6,
  /** A full window that used less than this share of its time makes the next one half as large again. */
  growBelow: 0.3,
  /**
   * A failed message the window received becomes visible again after a backoff that doubles with each delivery
   * (10, 20, 40, 80, 160 s), so a failing change retries as a mapping's would (after its visibility timeout) rather
   * than spending its five receives in seconds; its group waits behind it meanwhile, in order.
   */
  releaseBackoffSeconds: { base: 10, max: 300 },
} as const;

/** How long a receive may take beyond its wait before the client gives up on it (the clients' default is 2 s in all). */
const RECEIVE_ANSWER_SECONDS = 10;

/** What became of the messages a window received itself. */
export interface SettleReport {
  /** Done (processed, or deferred as a copy): deleted. */
  deleted: number;
  /** Failed, or without an outcome: visible again at once. */
  released: number;
  /** Neither call took them: they return when their visibility timeout ends. */
  unsettled: number;
}

/**
 * Builds windows from the processor's own FIFO queue: when the event source mapping hands over a full batch (a
 * backlog), the window takes more messages from the queue itself, up to `maxRecords`, so vendors are written in
 * batches of their size rather than of 10. A message the window received is settled by the window: deleted when
 * done, made visible again after a backoff when not; the event source mapping settles only its own batch.
 */
export class SqsBatchWindows {
  private readonly newAttemptId: () => string;
  private readonly releaseBaseSeconds: number;
  /** How many records a window takes now: grows while windows finish well within their time, halves when one runs long. */
  private target: number;

  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly maxRecords: number,
    options: { newAttemptId?: () => string; /** First release backoff (s). @default 10 */ releaseBaseSeconds?: number } = {},
  ) {
    this.newAttemptId = options.newAttemptId ?? randomUUID;
    this.releaseBaseSeconds = options.releaseBaseSeconds ?? BATCH_WINDOW.releaseBackoffSeconds.base;
    this.target = Math.min(this.maxRecords, BATCH_WINDOW.firstTarget);
  }

  /** How many records the next window tops up to. */
  get windowTarget(): number {
    return this.target;
  }

  /**
   * How long the last window took against the time it had: the next window's size follows (additive increase would
   * be slow to reach 200 from 10; growing by half and halving on an overrun settles in a few invocations). A window
   * that cannot finish in its invocation's time is the failure to avoid: the function times out, and every message
   * it holds waits out its visibility timeout. How fast records go depends on where the function runs (DynamoDB's
   * latency, the vendors', the machine's load), so it is measured, not configured.
   */
  observe(records: number, elapsedMs: number, workMs: number): void {
    if (elapsedMs > workMs * BATCH_WINDOW.shrinkAbove) this.target = Math.max(BATCH_WINDOW.fullBatch, Math.floor(this.target / 2));
    else if (records >= this.target && elapsedMs < workMs * BATCH_WINDOW.growBelow) this.target = Math.min(this.maxRecords, Math.ceil(this.target * 1.5));
  }

  /**
   * The mapping's batch, topped up when it is full: receives of 10 without waiting, until the window is full, a
   * receive returns nothing, or less than half the time left when it began is left (open it as the invocation begins).
   * A receive that fails ends the topping up; the window works on what it has.
   *
   * FIFO keeps each group's order across the window: "When you receive a message with a message group ID, no more
   * messages for the same message group ID are returned unless you delete the message or it becomes visible" (SQS
   * Developer Guide, "FIFO queue delivery logic"), so a receive never returns a later message of a group already
   * in the window, whether the mapping or the window received it.
   */
  async open(delivered: readonly BatchRecord[], invocation: TimeBudget): Promise<BatchWindow> {
    const toppedUp: ToppedUpRecord[] = [];
    let receiveError: string | undefined;
    const ids = new Set(delivered.map((r) => r.messageId));
    const floorMs = invocation.remainingMs() * BATCH_WINDOW.minTimeShare;
    const wanted = () => this.target - delivered.length - toppedUp.length;
    let lingering = false;
    while (delivered.length >= BATCH_WINDOW.fullBatch && wanted() > 0 && invocation.remainingMs() >= floorMs) {
      let messages: Message[];
      try {
        messages = await this.receive(Math.min(BATCH_WINDOW.maxPerCall, wanted()), lingering ? BATCH_WINDOW.lingerSeconds : 0);
      } catch (error) {
        receiveError = errorNameOf(error);
        break;
      }
      for (const message of messages) {
        const record = toppedUpRecordOf(message);
        // A message without a handle cannot be settled, and one already in the window is there: both are left to
        // their visibility timeout.
        if (!record || ids.has(record.messageId)) continue;
        ids.add(record.messageId);
        toppedUp.push(record);
      }
      // A backlog still being sent (a webhook's hundred changes go to the queue ten at a time) is worth a second's wait
      // once: the window then writes them together rather than in pieces.
      if (messages.length === 0) {
        if (lingering) break;
        lingering = true;
      }
    }
    return new BatchWindow(this.client, this.queueUrl, delivered, toppedUp, receiveError, this.releaseBaseSeconds);
  }

  private async receive(max: number, waitSeconds: number): Promise<Message[]> {
    const { Messages = [] } = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: max,
        // No waiting: an empty receive means the backlog is taken, and the window goes to work.
        WaitTimeSeconds: waitSeconds,
        // The queue's own visibility timeout (at least 6 × the function's timeout) covers the invocation.
        MessageSystemAttributeNames: ['MessageGroupId', 'ApproximateReceiveCount', 'SequenceNumber'],
        MessageAttributeNames: [DeferralAttribute.Count, DeferralAttribute.FirstAt],
        // One id per receive, which the SDK's own retries resend: "Retry using the same receive request attempt ID
        // if the operation fails" (SQS Developer Guide, "Using the Amazon SQS receive request attempt ID"). A retry
        // SQS no longer takes with that id fails the receive, which only ends the topping up.
        ReceiveRequestAttemptId: this.newAttemptId(),
      }),
      // The wait, plus time to answer on a loaded machine: a receive that times out after SQS took its messages
      // leaves them in flight until their visibility timeout (minutes) with their groups held behind them, wherever
      // the retry is not answered from the attempt id (fauxqs keeps no attempt ids).
      { requestTimeout: (waitSeconds + RECEIVE_ANSWER_SECONDS) * 1000 },
    );
    return Messages;
  }
}

/** A mapping's batch and what was received beside it, processed as one. */
export class BatchWindow {
  /** The mapping's records, then the topped-up ones in the order received. */
  readonly records: readonly BatchRecord[];
  private readonly deliveredIds: ReadonlySet<string>;

  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    delivered: readonly BatchRecord[],
    /** The messages the window received itself, which it settles. */
    readonly toppedUp: readonly ToppedUpRecord[],
    /** The error name of the receive that ended the topping up, if one failed. */
    readonly receiveError: string | undefined,
    private readonly releaseBaseSeconds: number = BATCH_WINDOW.releaseBackoffSeconds.base,
  ) {
    this.records = [...delivered, ...toppedUp];
    this.deliveredIds = new Set(delivered.map((r) => r.messageId));
  }

  /** The invocation's time, less what settling a topped-up window needs. */
  budget(invocation: TimeBudget): TimeBudget {
    const reserve = this.toppedUp.length > 0 ? BATCH_WINDOW.settleReserveMs : 0;
    return { remainingMs: () => invocation.remainingMs() - reserve };
  }

  /** The failed ids the mapping delivered: a batch item failure naming any other id would fail its whole batch. */
  mappingFailures(failed: readonly string[]): string[] {
    return failed.filter((id) => this.deliveredIds.has(id));
  }

  /**
   * Settles the messages the window received: the done ones (processed, or deferred as a copy) are deleted, every
   * other one, an outcome missing included, is made visible again after a backoff, and returns in its place in its group.
   * A call that fails leaves its messages to their visibility timeout: they are received again then, and the
   * idempotency store makes a done change a no-op. Whichever call goes first, a group's order holds: SQS hands out
   * none of a group's messages while one of them is in flight, and "for each message group ID, all messages are sent
   * and received in strict order" (SQS Developer Guide, "FIFO queue delivery logic").
   */
  async settle(outcomes: ReadonlyMap<string, RecordOutcome>): Promise<SettleReport> {
    const isDone = (r: ToppedUpRecord) => {
      const status = outcomes.get(r.messageId)?.status;
      return status === 'processed' || status === 'deferred' || status === 'parked';
    };
    const [deleted, released] = await Promise.all([
      this.settleEach(this.toppedUp.filter(isDone), (Entries) => this.client.send(new DeleteMessageBatchCommand({ QueueUrl: this.queueUrl, Entries }))),
      this.settleEach(
        this.toppedUp.filter((r) => !isDone(r)),
        (Entries, chunk) => this.client.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: this.queueUrl, Entries: Entries.map((e, n) => ({ ...e, VisibilityTimeout: releaseDelaySeconds(chunk[n]?.receiveCount ?? 1, this.releaseBaseSeconds) })) })),
      ),
    ]);
    return { deleted, released, unsettled: this.toppedUp.length - deleted - released };
  }

  /** Sends the records in calls of 10, all at once; how many entries the calls took. */
  private async settleEach(records: readonly ToppedUpRecord[], send: (entries: { Id: string; ReceiptHandle: string }[], chunk: readonly ToppedUpRecord[]) => Promise<{ Failed?: unknown[] | undefined }>): Promise<number> {
    const calls = chunksOf(records, BATCH_WINDOW.maxPerCall).map(async (chunk) => {
      try {
        // A batch call answers 200 with some entries failed: count only those it took.
        const { Failed = [] } = await send(
          chunk.map((r, n) => ({ Id: String(n), ReceiptHandle: r.receiptHandle })),
          chunk,
        );
        return chunk.length - Failed.length;
      } catch {
        return 0;
      }
    });
    return (await Promise.all(calls)).reduce((sum, n) => sum + n, 0);
  }
}

/** How long a failed message stays invisible after its `receiveCount`-th delivery. */
export function releaseDelaySeconds(receiveCount: number, base: number = BATCH_WINDOW.releaseBackoffSeconds.base): number {
  return Math.min(BATCH_WINDOW.releaseBackoffSeconds.max, base * 2 ** Math.max(0, receiveCount - 1));
}

/** A received message as a batch record, read exactly as the event source mapping's records are; none without a handle. */
export function toppedUpRecordOf(message: Message): ToppedUpRecord | undefined {
  if (!message.MessageId || !message.ReceiptHandle) return undefined;
  const attributes = message.Attributes ?? {};
  const record: SQSRecord = {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? '',
      SenderId: attributes.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? '',
      MessageGroupId: attributes.MessageGroupId,
      SequenceNumber: attributes.SequenceNumber,
    },
    messageAttributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, a]) => [name, { dataType: a.DataType ?? 'String', stringValue: a.StringValue }])),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: '',
    awsRegion: '',
  };
  return { ...batchRecordOf(record), receiptHandle: message.ReceiptHandle };
}

/**
 * The processor's log line for a topped-up window: how many messages the mapping delivered and the window received,
 * and how they were settled; a warning when a receive failed or messages were left to their visibility timeout.
 * Nothing when the window is the mapping's batch alone and no receive failed.
 */
export function logWindow(logger: Pick<Logger, 'info' | 'warn'>, window: BatchWindow, report: SettleReport): void {
  if (window.toppedUp.length === 0 && !window.receiveError) return;
  const fields = { delivered: window.records.length - window.toppedUp.length, toppedUp: window.toppedUp.length, ...report, ...(window.receiveError ? { receiveError: window.receiveError } : {}) };
  if (window.receiveError || report.unsettled > 0) logger.warn('batch window: an SQS call failed', fields);
  else logger.info('batch window', fields);
}

/** As the processor's log names an error: an unavailable service with its reason, otherwise the error's class. */
function errorNameOf(error: unknown): string {
  if (error instanceof InfrastructureUnavailable) return `${error.service}:${error.reason}`;
  return error instanceof Error ? error.name : 'UnexpectedError';
}

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, n) => items.slice(n * size, (n + 1) * size));
}
