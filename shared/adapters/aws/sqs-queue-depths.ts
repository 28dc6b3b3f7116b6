import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueDepth, QueueDepths } from '#ports/queue-depths';

/**
 * Queue depths from SQS's approximate counts (GetQueueAttributes): waiting is visible plus delayed (a change
 * parked for a vendor's budget waits too), in flight is being processed. SQS does not report the oldest message's
 * age as an attribute (CloudWatch's ApproximateAgeOfOldestMessage does): it is told only where a reader of it is
 * given (the local hub reads its queues' view).
 */
export class SqsQueueDepths implements QueueDepths {
  constructor(
    private readonly sqs: SQSClient,
    private readonly changesQueueUrl: string,
    private readonly deadLetterQueueUrl: string | undefined,
    /** Where the age of a queue's oldest message can be read (the local hub's queue view); unset, it is not told. */
    private readonly oldestAgeSec?: (queueUrl: string) => Promise<number>,
  ) {}

  changes(): Promise<QueueDepth> {
    return this.depth(this.changesQueueUrl);
  }

  deadLetter(): Promise<QueueDepth> {
    return this.deadLetterQueueUrl ? this.depth(this.deadLetterQueueUrl) : Promise.resolve({ waiting: 0, inFlight: 0 });
  }

  private async depth(url: string): Promise<QueueDepth> {
    const { Attributes = {} } = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed', 'ApproximateNumberOfMessagesNotVisible'] }));
    const n = (name: keyof typeof Attributes) => Number(Attributes[name] ?? 0) || 0;
    const oldest = await this.oldestAgeSec?.(url).catch(() => undefined);
    return { waiting: n('ApproximateNumberOfMessages') + n('ApproximateNumberOfMessagesDelayed'), inFlight: n('ApproximateNumberOfMessagesNotVisible'), ...(oldest !== undefined && Number.isFinite(oldest) ? { oldestAgeSec: Math.round(oldest) } : {}) };
  }
}
