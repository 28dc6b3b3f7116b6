import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { BatchRecord, DeferralQueue, DeferredChange } from '#app/process-batch';
import { ChangeEvent } from '#domain/change-event';
import { batchesOf, messageBytes } from './sqs-message-body.ts';

/** Message attributes of a deferred change (SQS attribute names: letters, digits, `-`, `_`, `.`). */
export const DeferralAttribute = {
  /** How often the change was sent back unprocessed. */
  Count: 'SynclineDeferrals',
  /** When it was first sent back, epoch ms. */
  FirstAt: 'SynclineFirstDeferredAt',
} as const;

/**
 * Defers changes by sending them again to the changes queue: the same body and message group, a new deduplication
 * id derived from the original message's id (a new message, yet one the SDK may resend without duplicating it), and
 * the deferral count and first time as message attributes. For a FIFO queue, "multiple messages within a single
 * batch are enqueued in the order they are sent" (SendMessageBatch), so a group's changes keep their order; the
 * copies join the end of their group, after changes of it that arrived meanwhile, which the pipeline tolerates
 * (every change re-reads its record; `newest` survivorship never regresses a field).
 */
export class SqsDeferralQueue implements DeferralQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async defer(changes: readonly DeferredChange[]): Promise<Set<string>> {
    const refused = new Set<string>();
    for (const batch of batches(changes)) {
      let Failed: { Id?: string | undefined }[];
      try {
        ({ Failed = [] } = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: batch.map(entryOf) })));
      } catch {
        // A call that failed as a whole refuses its batch only: the copies already sent by earlier calls stay sent,
        // and saying so keeps their groups deferred rather than failed with copies on the queue.
        Failed = batch.map((_, n) => ({ Id: String(n) }));
      }
      for (const failure of Failed) {
        const change = batch[Number(failure.Id)];
        if (change) refused.add(change.record.messageId);
      }
    }
    return refused;
  }
}

function entryOf({ record, deferral }: DeferredChange, n: number): SendMessageBatchRequestEntry {
  return {
    Id: String(n),
    MessageBody: record.body,
    MessageGroupId: record.groupId,
    MessageDeduplicationId: `deferred-${record.messageId}`,
    MessageAttributes: attributesOf(deferral),
  };
}

function attributesOf(deferral: DeferredChange['deferral']): Record<string, { DataType: string; StringValue: string }> {
  return {
    [DeferralAttribute.Count]: { DataType: 'Number', StringValue: String(deferral.count) },
    [DeferralAttribute.FirstAt]: { DataType: 'Number', StringValue: String(deferral.firstAt) },
  };
}

/**
 * A copy's size as SQS counts it against the message and batch limits: the body and each attribute's name, type
 * and value ("All parts of the message attribute, including Name, Type, and Value, are part of the message size
 * restriction": Amazon SQS API Reference, MessageAttributeValue).
 */
function copyBytes({ record, deferral }: DeferredChange): number {
  const attributes = Object.entries(attributesOf(deferral)).reduce((sum, [name, a]) => sum + messageBytes(name) + messageBytes(a.DataType) + messageBytes(a.StringValue), 0);
  return messageBytes(record.body) + attributes;
}

/** SendMessageBatch's entry and byte limits ({@link SQS_LIMITS}), the changes in order. */
function batches(changes: readonly DeferredChange[]): DeferredChange[][] {
  return batchesOf(changes.map((change) => ({ change, bytes: copyBytes(change) }))).map((batch) => batch.map(({ change }) => change));
}

/** A message of the changes queue as the batch sees it: its change (if the body is one), group, delivery and deferral. */
export function batchRecordOf(record: SQSRecord): BatchRecord {
  const count = Number(record.messageAttributes?.[DeferralAttribute.Count]?.stringValue);
  const firstAt = Number(record.messageAttributes?.[DeferralAttribute.FirstAt]?.stringValue);
  return {
    messageId: record.messageId,
    body: record.body,
    // Every message of a FIFO queue has a group; without one, the message is a group of its own.
    groupId: record.attributes.MessageGroupId ?? record.messageId,
    receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
    event: parseEvent(record.body),
    ...(count > 0 && Number.isFinite(firstAt) ? { deferral: { count, firstAt } } : {}),
  };
}

function parseEvent(body: string): ChangeEvent | undefined {
  try {
    return ChangeEvent.parse(JSON.parse(body));
  } catch {
    return undefined;
  }
}
