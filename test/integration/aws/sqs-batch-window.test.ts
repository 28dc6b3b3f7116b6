import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resilientSqsClient } from '#adapters/aws/resilient-clients';
import { BatchWindow, SqsBatchWindows } from '#adapters/aws/sqs-batch-window';
import { batchRecordOf, DeferralAttribute } from '#adapters/aws/sqs-deferral-queue';
import type { BatchRecord, RecordOutcome, TimeBudget } from '#app/process-batch';
import type { ChangeEvent } from '#domain/change-event';
import type { LocalSqs } from '#local/runner/local-sqs';
import { toSqsEvent } from '#local/runner/sqs-poller';
import { createFifoQueue, localCredentials, startTestSqs } from '#test/support/local-aws';

const event = (eventId: string): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId: eventId, eventId, occurredAt: '2026-12-06T10:00:00Z', kind: 'upsert', fields: {} });
const plenty: TimeBudget = { remainingMs: () => 30_000 };
const processed: RecordOutcome = { status: 'processed', result: { status: 'duplicate' } };

describe('SqsBatchWindows (fauxqs)', () => {
  let server: LocalSqs;
  let sqs: SQSClient;
  beforeAll(async () => ({ server, sqs } = await startTestSqs()));
  afterAll(() => server.stop());

  /** A fresh changes queue. */
  const queue = () => createFifoQueue(sqs, `changes-${randomUUID().slice(0, 8)}.fifo`);

  /** Sends changes, one message each, in order; `name@group` puts the change `name` in message group `group`. */
  async function send(queueUrl: string, names: readonly string[], attributes: Record<string, { DataType: string; StringValue: string }> = {}): Promise<void> {
    for (const name of names) {
      const [eventId = name, group = name] = name.split('@');
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event(eventId)), MessageGroupId: group, MessageDeduplicationId: eventId, MessageAttributes: attributes }));
    }
  }

  /** What the event source mapping hands the function: one receive, as Lambda's records. */
  async function deliver(queueUrl: string, count = 10): Promise<BatchRecord[]> {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: count, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }));
    const queueInfo = { logicalId: 'Changes', name: 'changes.fifo', url: queueUrl, arn: 'arn:aws:sqs:us-east-1:000000000000:changes.fifo', fifo: true, visibilityTimeout: 180, deadLetter: false };
    return toSqsEvent(queueInfo, Messages).Records.map(batchRecordOf);
  }

  /** Receives until the queue shows nothing, deleting each message; the changes in the order received. */
  async function drain(queueUrl: string): Promise<Message[]> {
    const received: Message[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }));
      if (Messages.length === 0) return received;
      received.push(...Messages);
      for (const m of Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }

  const inFlight = async (queueUrl: string) =>
    Number((await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }))).Attributes?.ApproximateNumberOfMessagesNotVisible);
  const eventIds = (records: readonly { body?: string | undefined; Body?: string | undefined }[]) => records.map((r) => (JSON.parse(r.body ?? r.Body ?? '{}') as ChangeEvent).eventId);
  const mappingBatch = Array.from({ length: 10 }, (_, n) => `m${n}`);

  it('tops a full batch up with the first messages of other groups only, never a later message of a group in the window', async () => {
    // Prepare: the mapping holds m0…m9; then m0's group gets a later change, and five other groups one each.
    const queueUrl = await queue();
    await send(queueUrl, mappingBatch);
    const delivered = await deliver(queueUrl);
    await send(queueUrl, ['late@m0', 'h0', 'h2', 'h3', 'h4']);
    await send(queueUrl, ['h1'], { [DeferralAttribute.Count]: { DataType: 'Number', StringValue: '2' }, [DeferralAttribute.FirstAt]: { DataType: 'Number', StringValue: '1765000000000' } });

    // Act
    const window = await new SqsBatchWindows(sqs, queueUrl, 200).open(delivered, plenty);

    // Assess: the backlog's other groups, read as the mapping's records are; the window is the batch, then them.
    expect(eventIds(delivered)).toEqual(mappingBatch);
    expect(eventIds(window.toppedUp).sort()).toEqual(['h0', 'h1', 'h2', 'h3', 'h4']);
    expect(window.records.map((r) => r.messageId)).toEqual([...delivered, ...window.toppedUp].map((r) => r.messageId));
    expect(window.toppedUp.find((r) => r.groupId === 'h1')).toMatchObject({ receiveCount: 1, event: event('h1'), deferral: { count: 2, firstAt: 1_765_000_000_000 } });
    expect(window.toppedUp.every((r) => r.receiptHandle.length > 0)).toBe(true);
    expect(window.receiveError).toBeUndefined();
    // m0's later change waits behind m0, which is in flight: nothing can be received.
    expect(eventIds(await drain(queueUrl))).toEqual([]);
    expect(await inFlight(queueUrl)).toBe(15);
  });

  it('deletes the done messages it received and makes the others visible again after their backoff, in their group\'s order, one receive later', async () => {
    // Prepare: a window topped up with h0…h3; h0 and h1 have later changes waiting.
    const queueUrl = await queue();
    await send(queueUrl, mappingBatch);
    const delivered = await deliver(queueUrl);
    await send(queueUrl, ['h0', 'h1', 'h2', 'h3', 'next@h0', 'next1@h1']);
    // A backoff of 0 s: the released messages are back at once, for the test to receive.
    const window = await new SqsBatchWindows(sqs, queueUrl, 200, { releaseBaseSeconds: 0 }).open(delivered, plenty);
    const id = (name: string) => window.toppedUp.find((r) => r.event?.eventId === name)?.messageId ?? '';
    // h0 failed, h1 processed, h2 deferred (a copy went back), h3 has no outcome; m5 (the mapping's) failed.
    const outcomes = new Map<string, RecordOutcome>([
      [id('h0'), { status: 'failed', error: new Error('refused') }],
      [id('h1'), processed],
      [id('h2'), { status: 'deferred' }],
      [delivered[5]?.messageId ?? '', { status: 'failed', error: new Error('refused') }],
    ]);

    // Act
    const report = await window.settle(outcomes);

    // Assess: h0 and h3 are back at once with one more receive; h0 before its later change; h1 and h2 are gone.
    expect(report).toEqual({ deleted: 2, released: 2, unsettled: 0 });
    const back = await drain(queueUrl);
    expect(eventIds(back).filter((e) => ['h0', 'next'].includes(e))).toEqual(['h0', 'next']);
    expect(eventIds(back).sort()).toEqual(['h0', 'h3', 'next', 'next1']);
    const receives = new Map(back.map((m) => [eventIds([m])[0], m.Attributes?.ApproximateReceiveCount]));
    expect([receives.get('h0'), receives.get('h3'), receives.get('next')]).toEqual(['2', '2', '1']);
    // Only the mapping's ten are still in flight: the mapping settles those, not the window.
    expect(await inFlight(queueUrl)).toBe(10);
    expect(window.mappingFailures([id('h0'), delivered[5]?.messageId ?? '', id('h3')])).toEqual([delivered[5]?.messageId]);
  });

  it('takes no more than the window holds, and nothing beside a batch that is not full', async () => {
    // Prepare
    const queueUrl = await queue();
    await send(queueUrl, mappingBatch);
    const full = await deliver(queueUrl);
    await send(queueUrl, ['a', 'b', 'c', 'd', 'e']);
    const second = await queue();
    await send(second, mappingBatch);
    const partial = await deliver(second, 9);

    // Act
    const capped = await new SqsBatchWindows(sqs, queueUrl, 13).open(full, plenty);
    const untouched = await new SqsBatchWindows(sqs, second, 200).open(partial, plenty);

    // Assess
    expect(eventIds(capped.toppedUp)).toEqual(['a', 'b', 'c']);
    expect(capped.records).toHaveLength(13);
    expect(untouched.toppedUp).toEqual([]);
    expect(eventIds(await drain(second))).toEqual(['m9']);
  });

  it('stops topping up once less than half the invocation\'s time is left', async () => {
    // Prepare: 25 waiting groups; the invocation has 30 s when the window opens, then 14 s after the first receive.
    const queueUrl = await queue();
    await send(queueUrl, mappingBatch);
    const delivered = await deliver(queueUrl);
    await send(queueUrl, Array.from({ length: 25 }, (_, n) => `w${n}`));
    const left = [30_000, 30_000, 14_000];
    const budget: TimeBudget = { remainingMs: () => left.shift() ?? 14_000 };

    // Act
    const window = await new SqsBatchWindows(sqs, queueUrl, 200).open(delivered, budget);

    // Assess
    expect(window.toppedUp).toHaveLength(10);
  });

  it('fails no message when SQS cannot be reached: the window is the mapping\'s batch, and the failed receive is named', async () => {
    // Prepare
    const queueUrl = await queue();
    await send(queueUrl, mappingBatch);
    const delivered = await deliver(queueUrl);
    const unreachable = resilientSqsClient({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: localCredentials });

    // Act
    const window = await new SqsBatchWindows(unreachable, queueUrl, 200).open(delivered, plenty);

    // Assess
    expect(window.records).toEqual(delivered);
    expect(window.receiveError).toBe('sqs:ECONNREFUSED');
  });

  it('leaves the messages it cannot settle to their visibility timeout and says how many', async () => {
    // Prepare: a window received through the real queue, settled through an unreachable endpoint.
    const queueUrl = await queue();
    await send(queueUrl, mappingBatch);
    const delivered = await deliver(queueUrl);
    await send(queueUrl, ['x', 'y']);
    const opened = await new SqsBatchWindows(sqs, queueUrl, 200).open(delivered, plenty);
    const unreachable = resilientSqsClient({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: localCredentials });
    const window = new BatchWindow(unreachable, queueUrl, delivered, opened.toppedUp, undefined);

    // Act
    const report = await window.settle(new Map(opened.toppedUp.map((r, n) => [r.messageId, n === 0 ? processed : { status: 'failed', error: new Error('refused') }])));

    // Assess: still in flight, neither deleted nor visible.
    expect(report).toEqual({ deleted: 0, released: 0, unsettled: 2 });
    expect(await inFlight(queueUrl)).toBe(12);
  });
});
