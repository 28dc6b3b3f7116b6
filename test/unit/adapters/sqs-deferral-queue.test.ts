import type { SendMessageBatchCommand, SendMessageBatchRequestEntry, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { SqsDeferralQueue } from '#adapters/aws/sqs-deferral-queue';
import { SQS_LIMITS } from '#adapters/aws/sqs-message-body';
import type { DeferredChange } from '#app/process-batch';

/** An SQS client that records each SendMessageBatch and takes every entry. */
function recordingSqs() {
  const calls: SendMessageBatchRequestEntry[][] = [];
  const client = {
    send: async (command: SendMessageBatchCommand) => {
      calls.push(command.input.Entries ?? []);
      return { Successful: [], Failed: [] };
    },
  } as unknown as SQSClient;
  return { client, calls };
}

/** What SQS counts of an entry against its limits: the body and every part of every message attribute. */
function entryBytes(entry: SendMessageBatchRequestEntry): number {
  const attributes = Object.entries(entry.MessageAttributes ?? {}).reduce((sum, [name, a]) => sum + Buffer.byteLength(name) + Buffer.byteLength(a.DataType ?? '') + Buffer.byteLength(a.StringValue ?? ''), 0);
  return Buffer.byteLength(entry.MessageBody ?? '') + attributes;
}

const deferred = (n: number, bodyBytes: number): DeferredChange => ({
  record: { messageId: `m${n}`, body: 'x'.repeat(bodyBytes), groupId: `g${n}`, receiveCount: 1, event: undefined },
  deferral: { count: 1, firstAt: 1_765_000_000_000 },
});

describe('SqsDeferralQueue', () => {
  it('splits copies whose bodies fill a batch exactly, so that with their attributes no batch exceeds what SQS takes', async () => {
    // Prepare: ten bodies adding up to exactly the batch limit; their deferral attributes push it over.
    const { client, calls } = recordingSqs();
    const share = Math.ceil(SQS_LIMITS.maxBatchBytes / 10);
    const changes = Array.from({ length: 10 }, (_, n) => deferred(n, n < 9 ? share : SQS_LIMITS.maxBatchBytes - 9 * share));

    // Act
    const refused = await new SqsDeferralQueue(client, 'https://sqs.local/changes.fifo').defer(changes);

    // Assess
    expect(refused).toEqual(new Set());
    expect(calls.length).toBeGreaterThan(1);
    for (const entries of calls) expect(entries.reduce((sum, e) => sum + entryBytes(e), 0)).toBeLessThanOrEqual(SQS_LIMITS.maxBatchBytes);
    expect(calls.flat().map((e) => e.MessageDeduplicationId)).toEqual(changes.map((c) => `deferred-${c.record.messageId}`));
  });
});
