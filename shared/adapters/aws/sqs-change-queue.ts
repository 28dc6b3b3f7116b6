import { createHash } from 'node:crypto';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { idempotencyKey, recordKey, type ChangeEvent } from '#domain/change-event';
import { RetryableError } from '#domain/errors';
import type { ChangeQueue } from '#ports/change-queue';

const SQS_BATCH = 10;

/** SQS limits group and deduplication ids to 128 characters of [A-Za-z0-9!-/:-@[-`{-~]; long keys are hashed. */
function sqsId(value: string): string {
  return value.length <= 128 && /^[\x21-\x7e]+$/.test(value) ? value : createHash('sha256').update(value).digest('hex');
}

/**
 * The FIFO change queue. Message group = the record's identity (one busy record cannot stall the rest);
 * deduplication id = source and event id, so a redelivered webhook within 5 minutes is dropped by SQS itself.
 */
export class SqsChangeQueue implements ChangeQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(events: readonly ChangeEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += SQS_BATCH) {
      const batch = events.slice(i, i + SQS_BATCH);
      const { Failed } = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((event, n) => ({
            Id: String(n),
            MessageBody: JSON.stringify(event),
            MessageGroupId: sqsId(recordKey(event.source, event.objectType, event.sourceId)),
            MessageDeduplicationId: sqsId(idempotencyKey(event)),
          })),
        }),
      );
      if (Failed && Failed.length > 0) {
        throw new RetryableError(`${Failed.length} of ${batch.length} change events could not be enqueued (${Failed[0]?.Code ?? 'unknown'})`);
      }
    }
  }
}
