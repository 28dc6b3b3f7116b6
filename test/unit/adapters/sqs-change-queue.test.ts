import type { BatchResultErrorEntry, SendMessageBatchCommand, SendMessageBatchRequestEntry, SQSClient } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqsChangeQueue } from '#adapters/aws/sqs-change-queue';
import { SQS_LIMITS } from '#adapters/aws/sqs-message-body';
import type { ChangeEvent } from '#domain/change-event';
import { RetryableError } from '#domain/errors';

const event = (eventId: string, fields: ChangeEvent['fields'] = {}, snapshot?: boolean): ChangeEvent => ({
  source: 'hubspot',
  objectType: 'contacts',
  sourceId: eventId,
  eventId,
  occurredAt: '2026-11-23T10:00:00Z',
  kind: 'upsert',
  fields,
  ...(snapshot ? { snapshot } : {}),
});

/** An SQS client that records each SendMessageBatch and fails the entries `fail` picks, per call. */
function fakeSqs(fail: (entry: SendMessageBatchRequestEntry, call: number) => Omit<BatchResultErrorEntry, 'Id'> | undefined = () => undefined) {
  const calls: SendMessageBatchRequestEntry[][] = [];
  const client = {
    send: async (command: SendMessageBatchCommand) => {
      const entries = command.input.Entries ?? [];
      calls.push(entries);
      const Failed = entries.flatMap((entry) => {
        const failure = fail(entry, calls.length);
        return failure ? [{ Id: entry.Id, ...failure }] : [];
      });
      return { Successful: entries.filter((e) => !Failed.some((f) => f.Id === e.Id)).map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: '' })), Failed };
    },
  };
  const sent = () => calls.flat().map((e) => JSON.parse(e.MessageBody ?? '') as ChangeEvent);
  return { client: client as unknown as SQSClient, calls, sent };
}

const noWait = { sleep: async () => undefined };

describe('SqsChangeQueue', () => {
  it('never sends a batch above 10 entries or 1 MiB of bodies, and sends every change that fits, in order', async () => {
    const sizes = fc.array(fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 100_000, max: 1_100_000 })), { maxLength: 25 });
    await fc.assert(
      fc.asyncProperty(sizes, fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }), async (lengths, snapshots) => {
        const { client, calls, sent } = fakeSqs();
        const events = lengths.map((n, i) => event(`e${i}`, { notes: 'x'.repeat(n) }, snapshots[i]));

        const { refused } = await new SqsChangeQueue(client, 'https://sqs/q.fifo', noWait).enqueue(events);

        for (const entries of calls) {
          expect(entries.length).toBeLessThanOrEqual(SQS_LIMITS.maxEntries);
          expect(entries.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody ?? ''), 0)).toBeLessThanOrEqual(SQS_LIMITS.maxBatchBytes);
        }
        expect([...sent().map((e) => e.eventId), ...refused.map((r) => r.event.eventId)].sort()).toEqual(events.map((e) => e.eventId).sort());
        expect(sent().map((e) => e.eventId)).toEqual(events.filter((e) => !refused.some((r) => r.event === e)).map((e) => e.eventId));
      }),
      { numRuns: 25 },
    );
  });

  it('sends a change too large for a message without its field values when the processor reads the record anyway', async () => {
    const { client, sent } = fakeSqs();
    const large = event('big', { notes: 'x'.repeat(SQS_LIMITS.maxMessageBytes) });

    const result = await new SqsChangeQueue(client, 'https://sqs/q.fifo', noWait).enqueue([large, event('small')]);

    expect(result).toEqual({ refused: [] });
    expect(sent()).toEqual([{ ...large, fields: {} }, event('small')]);
  });

  it('refuses a snapshot too large for a message and sends the rest of the batch', async () => {
    const { client, sent } = fakeSqs();
    const snapshot = event('big', { transcript: 'x'.repeat(SQS_LIMITS.maxMessageBytes) }, true);

    const { refused } = await new SqsChangeQueue(client, 'https://sqs/q.fifo', noWait).enqueue([event('a'), snapshot, event('b')]);

    expect(refused).toEqual([{ event: snapshot, code: 'MESSAGE_TOO_LARGE', reason: expect.stringContaining('snapshot') }]);
    expect(refused[0]?.reason).not.toContain('xxx');
    expect(sent().map((e) => e.eventId)).toEqual(['a', 'b']);
  });

  it('reports entries SQS refuses as the sender’s fault, with its code, and enqueues the others', async () => {
    const { client, sent } = fakeSqs((entry) => (entry.MessageBody?.includes('"bad"') ? { SenderFault: true, Code: 'InvalidMessageContents', Message: 'Invalid characters found.' } : undefined));

    const { refused } = await new SqsChangeQueue(client, 'https://sqs/q.fifo', noWait).enqueue([event('a'), event('bad'), event('c')]);

    expect(refused).toEqual([{ event: event('bad'), code: 'MESSAGE_INVALID_CHARACTERS', reason: 'SQS refused the message: InvalidMessageContents (Invalid characters found.)' }]);
    expect(sent().map((e) => e.eventId)).toEqual(['a', 'bad', 'c']);
  });

  it('sends a change again without its values when the queue allows smaller messages than SQS does', async () => {
    const { client, calls } = fakeSqs((entry) => (Buffer.byteLength(entry.MessageBody ?? '') > 1_024 ? { SenderFault: true, Code: 'InvalidParameterValue', Message: 'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.' } : undefined));

    const { refused } = await new SqsChangeQueue(client, 'https://sqs/q.fifo', noWait).enqueue([event('a', { notes: 'x'.repeat(2_000) }), event('s', { notes: 'x'.repeat(2_000) }, true)]);

    expect(refused.map((r) => [r.event.eventId, r.code])).toEqual([['s', 'MESSAGE_TOO_LARGE']]);
    expect(calls[1]?.map((e) => JSON.parse(e.MessageBody ?? '') as ChangeEvent)).toEqual([{ ...event('a'), fields: {} }]);
  });

  it('sends entries SQS failed on its side again after a growing wait', async () => {
    const waits: number[] = [];
    const { client, calls } = fakeSqs((entry, call) => (entry.MessageBody?.includes('"b"') && call < 3 ? { SenderFault: false, Code: 'InternalError' } : undefined));

    const result = await new SqsChangeQueue(client, 'https://sqs/q.fifo', { sleep: async (ms) => waits.push(ms), backoffMs: (n) => 100 * 2 ** (n - 1) }).enqueue([event('a'), event('b')]);

    expect(result).toEqual({ refused: [] });
    expect(calls.map((entries) => entries.length)).toEqual([2, 1, 1]);
    expect(waits).toEqual([100, 200]);
  });

  it('fails with a RetryableError when SQS keeps failing entries on its side', async () => {
    const { client, calls } = fakeSqs(() => ({ SenderFault: false, Code: 'ServiceUnavailable' }));

    await expect(new SqsChangeQueue(client, 'https://sqs/q.fifo', { ...noWait, attempts: 3 }).enqueue([event('a')])).rejects.toThrow(RetryableError);
    expect(calls).toHaveLength(3);
  });

  it('fails with a RetryableError when the queue does not answer', async () => {
    const client = { send: async () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { name: 'ECONNREFUSED' })) } as unknown as SQSClient;

    await expect(new SqsChangeQueue(client, 'https://sqs/q.fifo', noWait).enqueue([event('a')])).rejects.toThrow(RetryableError);
  });
});
