import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterQueue, DeadLetterWalk } from '#ports/dead-letter-queue';
import { sqsId } from './sqs-message-body.ts';

/** Options of an {@link SqsDeadLetterQueue}. */
export interface SqsDeadLetterQueueOptions {
  /** How long a walk holds each message it has seen; they are released as the walk ends. @default 60 */
  holdSeconds?: number;
  /** Long poll of each receive: an empty answer then means nothing more can be reached. @default 1 */
  waitTimeSeconds?: number;
}

/** SQS: ChangeMessageVisibilityBatch takes at most 10 entries. */
const SQS_BATCH = 10;

const iso = (epochMs: string | undefined) => (epochMs ? new Date(Number(epochMs)).toISOString() : undefined);

/**
 * The FIFO dead-letter queue of the changes queue, read without consuming it and redriven message by message.
 *
 * A walk receives page after page while holding what it received (a FIFO group stays locked while one of its
 * messages is in flight, so a held group yields nothing more), until a receive comes back empty; it then makes the
 * kept messages visible again with ChangeMessageVisibility 0. Moving is SendMessage to the changes queue, then
 * DeleteMessage: it works on every SQS, fauxqs included (which has no StartMessageMoveTask), and can move chosen
 * messages. The copy keeps the body byte for byte and the message group, with a new deduplication id: the original
 * may still be inside SQS's 5-minute deduplication window, which would drop the copy without a word.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/FIFO-queues-exactly-once-processing.html
 */
export class SqsDeadLetterQueue implements DeadLetterQueue {
  private readonly holdSeconds: number;
  private readonly waitTimeSeconds: number;

  constructor(
    private readonly client: SQSClient,
    private readonly deadLetterQueueUrl: string,
    private readonly changesQueueUrl: string,
    options: SqsDeadLetterQueueOptions = {},
  ) {
    this.holdSeconds = options.holdSeconds ?? 60;
    this.waitTimeSeconds = options.waitTimeSeconds ?? 1;
  }

  async walk(decide: (letter: DeadLetter) => 'move' | 'keep'): Promise<DeadLetterWalk> {
    const approximateCount = await this.count();
    const held = new Map<string, { letter: DeadLetter; receipt: string }>();
    const result: DeadLetterWalk = { kept: [], moved: [], failed: [], approximateCount };
    const done = new Set<string>();
    try {
      for (;;) {
        const page = await this.receive();
        // A message seen before came back because its hold ran out: take its new receipt, and stop when nothing is new.
        const fresh = page.filter((m) => !held.has(m.MessageId ?? '') && !done.has(m.MessageId ?? ''));
        for (const m of page) if (held.has(m.MessageId ?? '')) held.set(m.MessageId ?? '', { letter: toLetter(m), receipt: m.ReceiptHandle ?? '' });
        if (fresh.length === 0) break;
        for (const message of fresh) {
          const letter = toLetter(message);
          if (decide(letter) === 'keep') {
            held.set(letter.id, { letter, receipt: message.ReceiptHandle ?? '' });
            continue;
          }
          done.add(letter.id);
          const reason = await this.move(message);
          if (reason === undefined) result.moved.push(letter);
          else {
            result.failed.push({ letter, reason });
            held.set(letter.id, { letter, receipt: message.ReceiptHandle ?? '' });
          }
        }
      }
    } finally {
      await this.release([...held.values()].map((h) => h.receipt));
    }
    const failed = new Set(result.failed.map((f) => f.letter.id));
    result.kept = [...held.values()].filter((h) => !failed.has(h.letter.id)).map((h) => h.letter);
    return result;
  }

  /** Sends the message back, then deletes it here; the reason when either step fails. */
  private async move(message: Message): Promise<string | undefined> {
    const id = message.MessageId ?? '';
    try {
      await this.client.send(
        new SendMessageCommand({
          QueueUrl: this.changesQueueUrl,
          MessageBody: message.Body ?? '',
          MessageGroupId: message.Attributes?.['MessageGroupId'],
          // Unique per trip through the DLQ (a redriven change that fails again comes back as a new message), and the
          // same for a second redrive of this one, which SQS then drops within its window.
          MessageDeduplicationId: sqsId(`redrive:${id}`),
        }),
      );
    } catch (error) {
      return `not sent to the changes queue: ${error instanceof Error ? error.message : String(error)}`;
    }
    try {
      await this.client.send(new DeleteMessageCommand({ QueueUrl: this.deadLetterQueueUrl, ReceiptHandle: message.ReceiptHandle }));
    } catch (error) {
      return `sent to the changes queue but not deleted from the DLQ (the processor will skip the copy it already applied): ${error instanceof Error ? error.message : String(error)}`;
    }
    return undefined;
  }

  private async receive(): Promise<Message[]> {
    const { Messages = [] } = await this.client.send(
      new ReceiveMessageCommand({ QueueUrl: this.deadLetterQueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: this.holdSeconds, WaitTimeSeconds: this.waitTimeSeconds, MessageSystemAttributeNames: ['All'] }),
    );
    return Messages;
  }

  /** Visible and in flight (another walk may hold some): what the queue holds in all. */
  private async count(): Promise<number> {
    const { Attributes = {} } = await this.client.send(new GetQueueAttributesCommand({ QueueUrl: this.deadLetterQueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    return Number(Attributes['ApproximateNumberOfMessages'] ?? 0) + Number(Attributes['ApproximateNumberOfMessagesNotVisible'] ?? 0);
  }

  private async release(receipts: readonly string[]): Promise<void> {
    for (let i = 0; i < receipts.length; i += SQS_BATCH) {
      const entries = receipts.slice(i, i + SQS_BATCH).map((ReceiptHandle, n) => ({ Id: String(n), ReceiptHandle, VisibilityTimeout: 0 }));
      // A release that fails only delays the message until its hold runs out.
      await this.client.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: this.deadLetterQueueUrl, Entries: entries })).catch(() => undefined);
    }
  }
}

function toLetter(m: Message): DeadLetter {
  const a = m.Attributes ?? {};
  return {
    id: m.MessageId ?? '',
    body: m.Body ?? '',
    groupId: a['MessageGroupId'] ?? '',
    sentAt: iso(a['SentTimestamp']),
    firstReceivedAt: iso(a['ApproximateFirstReceiveTimestamp']),
    receiveCount: Number(a['ApproximateReceiveCount'] ?? 0),
  };
}
