import { setTimeout as sleep } from 'node:timers/promises';
import { SendMessageBatchCommand, type BatchResultErrorEntry, type SQSClient } from '@aws-sdk/client-sqs';
import { idempotencyKey, recordKey, type ChangeEvent } from '#domain/change-event';
import { RetryableError } from '#domain/errors';
import { withoutRecordValues } from '#domain/lean-change';
import { QueueRefusal, type ChangeQueue, type EnqueueResult, type RefusedChange } from '#ports/change-queue';
import { batchesOf, encodeMessageBody, messageBytes, SQS_LIMITS, sqsId } from './sqs-message-body.ts';

/** A change ready to send: its body, and whether its record values were already left out to make it fit. */
interface Message {
  event: ChangeEvent;
  body: string;
  bytes: number;
  trimmed: boolean;
}

/** Options of {@link SqsChangeQueue}; the defaults suit a webhook function's 10-second timeout. */
export interface SqsChangeQueueOptions {
  /** Sends of an entry SQS failed on its side (SenderFault=false) before giving up. @default 3 */
  attempts?: number;
  /** Wait before the n-th resend (n from 1). @default 100 ms × 2^(n-1), with jitter */
  backoffMs?: (retry: number) => number;
  /** @default the SQS limits ({@link SQS_LIMITS}) */
  maxMessageBytes?: number;
  /** Waits `ms`; replaced in tests. */
  sleep?: (ms: number) => Promise<unknown>;
}

/**
 * The FIFO change queue. Message group = the record's identity (one busy record cannot stall the rest);
 * deduplication id = its idempotency key, so a redelivered webhook within 5 minutes is dropped by SQS itself (and an
 * Outbound Message does not stand in for the poller's row of the same record version: {@link idempotencyKey}).
 * Bodies are JSON any queue takes ({@link encodeMessageBody}); batches respect SQS's entry and byte limits.
 * A change too large for a message travels without its record values when the processor reads the record anyway;
 * otherwise it is refused, as is a change SQS finds fault with (SenderFault=true). Entries SQS failed on its own
 * side are sent again with backoff; only when they keep failing does enqueue throw RetryableError.
 */
export class SqsChangeQueue implements ChangeQueue {
  private readonly attempts: number;
  private readonly backoffMs: (retry: number) => number;
  private readonly maxMessageBytes: number;
  private readonly sleep: (ms: number) => Promise<unknown>;

  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    options: SqsChangeQueueOptions = {},
  ) {
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.backoffMs = options.backoffMs ?? ((retry) => 100 * 2 ** (retry - 1) * (0.5 + Math.random() / 2));
    this.maxMessageBytes = Math.min(options.maxMessageBytes ?? SQS_LIMITS.maxMessageBytes, SQS_LIMITS.maxMessageBytes);
    this.sleep = options.sleep ?? sleep;
  }

  async enqueue(events: readonly ChangeEvent[]): Promise<EnqueueResult> {
    const refused: RefusedChange[] = [];
    const messages: Message[] = [];
    for (const event of events) {
      const body = encodeMessageBody(event);
      const bytes = messageBytes(body);
      const message = bytes <= this.maxMessageBytes ? { event, body, bytes, trimmed: false } : this.trim(event, bytes, this.maxMessageBytes);
      if ('body' in message) messages.push(message);
      else refused.push(message);
    }
    for (const batch of batchesOf(messages, SQS_LIMITS)) await this.sendBatch(batch, refused);
    return { refused };
  }

  /** The change without its record values if that makes it fit and the processor reads the record anyway; else its refusal. */
  private trim(event: ChangeEvent, bytes: number, limit: number): Message | RefusedChange {
    const lean = withoutRecordValues(event);
    if (lean) {
      const body = encodeMessageBody(lean);
      const leanBytes = messageBytes(body);
      if (leanBytes <= limit) return { event, body, bytes: leanBytes, trimmed: true };
    }
    const why = event.snapshot ? 'it carries the record as a snapshot, which the processor cannot read again' : 'it is still too large without its field values';
    return { event, code: QueueRefusal.TooLarge, reason: `the change is ${bytes} bytes as a queue message, above the ${limit}-byte limit, and ${why}` };
  }

  /**
   * Sends one batch; entries SQS failed on its side go again after a backoff, the others are done or refused. A
   * resent change may land behind a later change of its record; that is harmless, since the processor reads the
   * record's current state and orders observations by time, never by arrival.
   */
  private async sendBatch(batch: readonly Message[], refused: RefusedChange[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const failures = new Map((await this.send(pending)).map((f) => [f.Id, f]));
      const again: Message[] = [];
      const serverFaults: BatchResultErrorEntry[] = [];
      pending.forEach((message, n) => {
        const failure = failures.get(String(n));
        if (!failure) return;
        if (!failure.SenderFault) {
          serverFaults.push(failure);
          again.push(message);
          return;
        }
        const code = refusalOf(failure);
        // The queue may allow less than SQS's maximum (its MaximumMessageSize): then the lean change may still fit.
        const retried = code === QueueRefusal.TooLarge && !message.trimmed ? this.trim(message.event, message.bytes, message.bytes - 1) : undefined;
        if (retried && 'body' in retried) again.push(retried);
        else refused.push({ event: message.event, code, reason: `SQS refused the message: ${failure.Code ?? 'unknown'}${failure.Message ? ` (${failure.Message})` : ''}` });
      });
      if (serverFaults.length > 0) {
        if (attempt >= this.attempts) {
          throw new RetryableError(`${serverFaults.length} change event(s) could not be enqueued after ${attempt} attempts (${serverFaults[0]?.Code ?? 'unknown'})`);
        }
        await this.sleep(this.backoffMs(attempt));
      }
      pending = again;
    }
  }

  /** One SendMessageBatch; its failed entries, by entry id (the message's index in `messages`). */
  private async send(messages: readonly Message[]): Promise<BatchResultErrorEntry[]> {
    try {
      const { Failed = [] } = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: messages.map(({ event, body }, n) => ({
            Id: String(n),
            MessageBody: body,
            MessageGroupId: sqsId(recordKey(event.source, event.objectType, event.sourceId)),
            MessageDeduplicationId: sqsId(idempotencyKey(event)),
          })),
        }),
      );
      return Failed;
    } catch (error) {
      // The SDK has retried throttling and 5xx already: the queue is unavailable for now.
      throw new RetryableError(`the changes queue did not take a batch of ${messages.length} (${error instanceof Error ? error.name : 'unknown'})`, { cause: error });
    }
  }
}

/** Which refusal a sender-fault entry is (SQS API Reference, SendMessageBatch errors). */
function refusalOf(failure: BatchResultErrorEntry): QueueRefusal {
  if (failure.Code === 'InvalidMessageContents') return QueueRefusal.InvalidCharacters;
  if (/must be shorter than|too long|message size/i.test(`${failure.Code ?? ''} ${failure.Message ?? ''}`)) return QueueRefusal.TooLarge;
  return QueueRefusal.Refused;
}
