import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { LocalFunction, LogSink } from './function-host.ts';
import type { LocalQueue } from './provision.ts';

export interface PollerOptions {
  batchSize: number;
  reportBatchItemFailures: boolean;
  /**
   * Local mode only: how long a failed message stays invisible before its retry, instead of the queue's full
   * visibility timeout (minutes in the template), so local retries are visible in seconds.
   */
  retryDelaySeconds: number;
  /**
   * Batches in flight at once. Lambda's SQS event source runs several for a FIFO queue (one per message group at a
   * time), and FIFO group locking keeps each record's changes in order. @default 4
   */
  concurrency?: number;
}

/** Turns received messages into the event Lambda's SQS event source hands the function. */
export function toSqsEvent(queue: LocalQueue, messages: readonly Message[]): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId ?? '',
      receiptHandle: m.ReceiptHandle ?? '',
      body: m.Body ?? '',
      attributes: m.Attributes as SQSEvent['Records'][number]['attributes'],
      messageAttributes: Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([name, a]) => [name, { dataType: a.DataType ?? 'String', stringValue: a.StringValue, binaryValue: a.BinaryValue ? Buffer.from(a.BinaryValue).toString('base64') : undefined, stringListValues: [], binaryListValues: [] }]),
      ),
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: 'us-east-1',
    })),
  };
}

/**
 * An SQS event source mapping: long-polls the queue, invokes the function with batches, deletes what succeeded
 * and, with ReportBatchItemFailures, leaves only the reported failures for a retry (a thrown error fails the batch).
 */
export class SqsPoller {
  private running = true;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly sqs: SQSClient,
    private readonly queue: LocalQueue,
    private readonly fn: LocalFunction,
    private readonly options: PollerOptions,
    private readonly log: LogSink = () => undefined,
  ) {}

  /** Starts polling (again, after `stop`, as re-enabling an event source mapping does). */
  start(): void {
    if (this.loops.length > 0) return;
    this.running = true;
    this.loops = Array.from({ length: this.options.concurrency ?? 4 }, () => this.run());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.pollOnce();
      } catch {
        if (this.running) await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private async pollOnce(): Promise<void> {
    const { Messages = [] } = await this.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: this.queue.url, MaxNumberOfMessages: Math.min(this.options.batchSize, 10), WaitTimeSeconds: 1, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }),
    );
    if (Messages.length === 0 || !this.running) return;
    const ids = new Set(Messages.map((m) => m.MessageId ?? ''));
    let failed: Set<string>;
    let invokeFailed = false;
    try {
      const response = await this.fn.invoke<SQSBatchResponse | undefined>(toSqsEvent(this.queue, Messages));
      const reported = this.options.reportBatchItemFailures ? (response?.batchItemFailures ?? []).map((f) => f.itemIdentifier) : [];
      // As Lambda: an empty or unknown itemIdentifier fails the whole batch.
      failed = reported.every((id) => id && ids.has(id)) ? new Set(reported) : ids;
    } catch (error) {
      failed = ids;
      invokeFailed = true;
      this.log(this.fn.spec.logicalId, JSON.stringify({ level: 'WARN', message: 'batch invocation failed; its messages return after the visibility timeout', queue: this.queue.url, messages: ids.size, visibilityTimeoutSeconds: this.queue.visibilityTimeout, error: String(error) }));
    }
    const done = Messages.filter((m) => !failed.has(m.MessageId ?? ''));
    const retry = Messages.filter((m) => failed.has(m.MessageId ?? ''));
    if (done.length > 0) {
      await this.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: this.queue.url, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })) }));
    }
    // A thrown invocation (error, timeout, crash) leaves the messages to the queue's own visibility timeout, as Lambda does.
    if (retry.length > 0 && !invokeFailed) {
      const delay = Math.min(this.options.retryDelaySeconds, this.queue.visibilityTimeout);
      await this.sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: this.queue.url, Entries: retry.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '', VisibilityTimeout: delay })) }));
    }
  }
}
