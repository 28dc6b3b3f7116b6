import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbFailureLog, FAILURE_TTL_SECONDS } from '#adapters/aws/dynamodb-failure-log';
import type { FailureRecord } from '#ports/stores';
import { createTable, dynamoClients } from '#test/support/local-aws';

const { client, documents } = dynamoClients(inject('dynamodbEndpoint'));

const failure = (key: string, overrides: Partial<FailureRecord> = {}): FailureRecord => ({
  key,
  error: 'InfrastructureUnavailable',
  code: 'dynamodb:ECONNREFUSED',
  message: 'dynamodb is unavailable (ECONNREFUSED)',
  receiveCount: 1,
  at: '2026-12-06T10:00:00.000Z',
  ...overrides,
});

describe('DynamoDbFailureLog (DynamoDB Local)', () => {
  let table: string;
  let log: DynamoDbFailureLog;
  beforeAll(async () => {
    table = await createTable(client, ['pk', 'sk']);
    log = new DynamoDbFailureLog(documents, table);
  });

  it('keeps the last failure of each change, by idempotency key, and answers only for keys that failed', async () => {
    await log.record(failure('hubspot:e1'));
    await log.record(failure('hubspot:e1', { error: 'UnexpectedError', code: undefined, message: 'TypeError: x is undefined', receiveCount: 2, at: '2026-12-06T10:03:00.000Z' }));
    await log.record(failure('salesforce:e2', { error: 'PermanentError', code: 'BAD_MESSAGE', receiveCount: 5 }));

    const found = await log.lastOf(['hubspot:e1', 'salesforce:e2', 'hubspot:never-failed', 'hubspot:e1']);

    expect([...found.keys()].sort()).toEqual(['hubspot:e1', 'salesforce:e2']);
    expect(found.get('hubspot:e1')).toEqual({ key: 'hubspot:e1', error: 'UnexpectedError', message: 'TypeError: x is undefined', receiveCount: 2, at: '2026-12-06T10:03:00.000Z' });
    expect(found.get('salesforce:e2')).toMatchObject({ error: 'PermanentError', code: 'BAD_MESSAGE', receiveCount: 5 });
  });

  it('expires a failure 14 days after it happened and keeps at most 1,000 characters of its message', async () => {
    await log.record(failure('stripe:evt_1', { message: 'x'.repeat(5_000) }));

    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: { pk: 'failure#stripe:evt_1', sk: 'failure' } }));

    expect(Item?.['expiresAt']).toBe(Date.parse('2026-12-06T10:00:00.000Z') / 1000 + FAILURE_TTL_SECONDS);
    expect((await log.lastOf(['stripe:evt_1'])).get('stripe:evt_1')?.message).toHaveLength(1_000);
  });

  it('keeps and finds the failure of a change whose event id is longer than a partition key may be', async () => {
    const key = `hubspot:${'é'.repeat(3_000)}`;
    await log.record(failure(key));

    const found = await log.lastOf([key]);

    expect([...found.keys()]).toEqual([key]);
    expect(found.get(key)).toMatchObject({ key, error: 'InfrastructureUnavailable' });
  });

  it('answers an empty map for no keys, and for more keys than one batch read takes', async () => {
    expect((await log.lastOf([])).size).toBe(0);
    const keys = Array.from({ length: 150 }, (_, i) => `gong:call-${i}`);
    await Promise.all(keys.filter((_, i) => i % 50 === 0).map((key) => log.record(failure(key))));

    expect([...(await log.lastOf(keys)).keys()].sort()).toEqual(['gong:call-0', 'gong:call-100', 'gong:call-50']);
  });
});
