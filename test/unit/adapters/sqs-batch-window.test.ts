import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BATCH_WINDOW, BatchWindow, logWindow, SqsBatchWindows, toppedUpRecordOf, type ToppedUpRecord } from '#adapters/aws/sqs-batch-window';
import { batchRecordOf, DeferralAttribute } from '#adapters/aws/sqs-deferral-queue';
import type { BatchRecord } from '#app/process-batch';
import { toSqsEvent } from '#local/runner/sqs-poller';

const queue = { logicalId: 'Changes', name: 'changes.fifo', url: 'http://127.0.0.1:1/000000000000/changes.fifo', arn: 'arn:aws:sqs:us-east-1:000000000000:changes.fifo', fifo: true, visibilityTimeout: 180, deadLetter: false };

const numberText = fc.oneof(fc.integer({ min: -5, max: 2_000_000_000_000 }).map(String), fc.string({ maxLength: 6 }));
const changeBody = fc
  .record({ eventId: fc.string({ minLength: 1, maxLength: 8 }), sourceId: fc.string({ minLength: 1, maxLength: 8 }) })
  .map(({ eventId, sourceId }) => JSON.stringify({ source: 'hubspot', objectType: 'contacts', sourceId, eventId, occurredAt: '2026-12-06T10:00:00Z', kind: 'upsert', fields: {} }));

/** Messages as ReceiveMessage returns them: a change or any body, a group or none, deferral attributes or not. */
const message: fc.Arbitrary<Message> = fc
  .record({
    id: fc.uuid(),
    handle: fc.string({ minLength: 1, maxLength: 20 }),
    body: fc.oneof(changeBody, fc.string({ maxLength: 30 })),
    group: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }),
    receives: fc.option(numberText, { nil: undefined }),
    deferral: fc.option(fc.record({ count: numberText, firstAt: numberText }), { nil: undefined }),
  })
  .map(({ id, handle, body, group, receives, deferral }) => ({
    MessageId: id,
    ReceiptHandle: handle,
    Body: body,
    Attributes: { ...(group === undefined ? {} : { MessageGroupId: group }), ...(receives === undefined ? {} : { ApproximateReceiveCount: receives }), SequenceNumber: '18849' },
    ...(deferral
      ? { MessageAttributes: { [DeferralAttribute.Count]: { DataType: 'Number', StringValue: deferral.count }, [DeferralAttribute.FirstAt]: { DataType: 'Number', StringValue: deferral.firstAt } } }
      : {}),
  }));

const record = (messageId: string): BatchRecord => ({ messageId, body: '{}', groupId: messageId, receiveCount: 1, event: undefined });
const toppedUp = (messageId: string): ToppedUpRecord => ({ ...record(messageId), receiptHandle: `r-${messageId}` });
const noClient = {} as SQSClient;

describe('toppedUpRecordOf', () => {
  it('reads a received message exactly as the event source mapping\'s record of it is read, with its receipt handle', () => {
    fc.assert(
      fc.property(message, (m) => {
        // The mapping's record of the same message, as the local runner builds it from the same receive.
        const [lambdaRecord] = toSqsEvent(queue, [m]).Records;

        expect(toppedUpRecordOf(m)).toEqual({ ...batchRecordOf(lambdaRecord as NonNullable<typeof lambdaRecord>), receiptHandle: m.ReceiptHandle });
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a message without a receipt handle or id: it could not be settled', () => {
    expect(toppedUpRecordOf({ MessageId: 'm1', Body: '{}' })).toBeUndefined();
    expect(toppedUpRecordOf({ ReceiptHandle: 'r1', Body: '{}' })).toBeUndefined();
  });
});

describe('BatchWindow', () => {
  it('keeps the time settling needs from the processing of a topped-up window only', () => {
    const invocation = { remainingMs: () => 20_000 };

    const topped = new BatchWindow(noClient, queue.url, [record('m1')], [toppedUp('t1')], undefined).budget(invocation);
    const plain = new BatchWindow(noClient, queue.url, [record('m1')], [], undefined).budget(invocation);

    expect(topped.remainingMs()).toBe(20_000 - BATCH_WINDOW.settleReserveMs);
    expect(plain.remainingMs()).toBe(20_000);
  });
});

describe('logWindow', () => {
  const lines = () => {
    const logged: [string, string, Record<string, unknown>][] = [];
    const logger = { info: (message: string, fields: Record<string, unknown>) => void logged.push(['info', message, fields]), warn: (message: string, fields: Record<string, unknown>) => void logged.push(['warn', message, fields]) };
    return { logged, logger };
  };

  it('says nothing of a batch that was not topped up, and counts a topped-up one', () => {
    const { logged, logger } = lines();

    logWindow(logger, new BatchWindow(noClient, queue.url, [record('m1')], [], undefined), { deleted: 0, released: 0, unsettled: 0 });
    logWindow(logger, new BatchWindow(noClient, queue.url, [record('m1')], [toppedUp('t1'), toppedUp('t2')], undefined), { deleted: 1, released: 1, unsettled: 0 });

    expect(logged).toEqual([['info', 'batch window', { delivered: 1, toppedUp: 2, deleted: 1, released: 1, unsettled: 0 }]]);
  });

  it('warns when a receive failed or messages were left to their visibility timeout', () => {
    const { logged, logger } = lines();

    logWindow(logger, new BatchWindow(noClient, queue.url, [record('m1')], [], 'sqs:ECONNREFUSED'), { deleted: 0, released: 0, unsettled: 0 });
    logWindow(logger, new BatchWindow(noClient, queue.url, [record('m1')], [toppedUp('t1')], undefined), { deleted: 0, released: 0, unsettled: 1 });

    expect(logged.map(([level, , fields]) => [level, fields.receiveError, fields.unsettled])).toEqual([
      ['warn', 'sqs:ECONNREFUSED', 0],
      ['warn', undefined, 1],
    ]);
  });
});

describe('SqsBatchWindows sizing', () => {
  const windows = () => new SqsBatchWindows({} as SQSClient, 'https://sqs.local/q.fifo', 1_000);

  it('grows a full window that finished well within its time by half, up to the most allowed', () => {
    const sized = windows();
    const sizes = [sized.windowTarget];
    for (let i = 0; i < 6; i++) {
      sized.observe(sized.windowTarget, 1_000, 20_000);
      sizes.push(sized.windowTarget);
    }
    expect(sizes).toEqual([100, 150, 225, 338, 507, 761, 1_000]);
  });

  it('halves a window that ran long, never below a batch', () => {
    const sized = windows();
    const sizes: number[] = [];
    for (let i = 0; i < 4; i++) {
      sized.observe(sized.windowTarget, 15_000, 20_000);
      sizes.push(sized.windowTarget);
    }
    expect(sizes).toEqual([50, 25, 12, BATCH_WINDOW.fullBatch]);
  });

  it('keeps the size after a window the queue could not fill, however fast it went', () => {
    const sized = windows();
    sized.observe(12, 100, 20_000);
    expect(sized.windowTarget).toBe(BATCH_WINDOW.firstTarget);
  });
});
