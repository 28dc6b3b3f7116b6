import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ParkedChange, ParkedChangeQueue } from '#ports/pauses';
import { batchesOf, encodeMessageBody, messageBytes, sqsId } from './sqs-message-body.ts';

/**
 * Sends parked changes back to the changes queue when their connector resumes: each change as it was parked, in its
 * own message group, in parking order ("multiple messages within a single batch are enqueued in the order they are
 * sent", SendMessageBatch). The deduplication id is the parked change's own (`resumed-<id>`), not the change's
 * idempotency key: the original message may have been sent less than 5 minutes ago (SQS's deduplication interval),
 * and would make SQS drop the resend silently. The change keeps its event id, so the processor still applies it once.
 */
export class SqsParkedQueue implements ParkedChangeQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async resend(changes: readonly ParkedChange[]): Promise<{ sent: string[]; refused: { id: string; reason: string }[] }> {
    const sent: string[] = [];
    const refused: { id: string; reason: string }[] = [];
    const messages = changes.map((change) => {
      const body = encodeMessageBody(change.event);
      return { change, body, bytes: messageBytes(body) };
    });
    for (const batch of batchesOf(messages)) {
      const { Failed = [] } = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map(({ change, body }, n) => ({ Id: String(n), MessageBody: body, MessageGroupId: change.groupId, MessageDeduplicationId: sqsId(`resumed-${change.id}`) })),
        }),
      );
      const failed = new Map(Failed.map((f) => [Number(f.Id), f]));
      batch.forEach(({ change }, n) => {
        const failure = failed.get(n);
        if (failure) refused.push({ id: change.id, reason: `SQS refused the message: ${failure.Code ?? 'unknown'}${failure.Message ? ` (${failure.Message})` : ''}` });
        else sent.push(change.id);
      });
      // A record's later change must not overtake one the queue refused: nothing more is sent after a refusal.
      if (Failed.length > 0) break;
    }
    return { sent, refused };
  }
}
