import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { batchGetAll } from '#adapters/aws/batch-get';
import { DynamoDbAuditLog } from '#adapters/aws/dynamodb-audit-log';
import { InfrastructureUnavailable } from '#domain/errors';

/** A DynamoDB that answers every batch call by leaving all of it unprocessed, as a throttled table does. */
function throttled(): { client: DynamoDBDocumentClient; calls: () => number } {
  let calls = 0;
  const send = async (command: { input: { RequestItems: Record<string, unknown> } }) => {
    calls++;
    const [table = '', request] = Object.entries(command.input.RequestItems)[0] ?? [];
    return Array.isArray(request) ? { UnprocessedItems: { [table]: request } } : { Responses: { [table]: [] }, UnprocessedKeys: { [table]: request } };
  };
  return { client: { send } as unknown as DynamoDBDocumentClient, calls: () => calls };
}

describe('DynamoDB throttling that outlasts the backoff', () => {
  afterEach(() => vi.useRealTimers());

  it('fails a batch read as DynamoDB unavailable, so the processor waits and defers instead of spending receives', async () => {
    vi.useFakeTimers();
    const { client, calls } = throttled();

    const read = batchGetAll(client, 'state', [{ pk: 'link#a', sk: 'link' }]);
    const outcome = expect(read).rejects.toMatchObject({ service: 'dynamodb', reason: 'UnprocessedKeys' });
    await vi.runAllTimersAsync();

    await outcome;
    await expect(read).rejects.toBeInstanceOf(InfrastructureUnavailable);
    expect(calls()).toBeGreaterThan(1);
  });

  it('fails an audit write as DynamoDB unavailable', async () => {
    vi.useFakeTimers();
    const { client, calls } = throttled();
    const entry = { recordKey: 'salesforce:Contact:003', sourceKey: 'hubspot:contacts:1', eventId: 'hubspot:e1', field: 'Title', before: null, after: 'CTO', actor: 'syncline', at: '2026-12-01T10:00:00.000Z' };

    const write = new DynamoDbAuditLog(client, 'audit').append([entry]);
    const outcome = expect(write).rejects.toMatchObject({ service: 'dynamodb', reason: 'UnprocessedItems' });
    await vi.runAllTimersAsync();

    await outcome;
    expect(calls()).toBeGreaterThan(1);
  });
});
