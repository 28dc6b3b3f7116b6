import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbCursorStore } from '#adapters/aws/dynamodb-cursor-store';
import { createTable, dynamoClients } from '#test/support/local-aws';

const { client, documents } = dynamoClients(inject('dynamodbEndpoint'));

describe('DynamoDbCursorStore (DynamoDB Local)', () => {
  let table: string;
  let store: DynamoDbCursorStore;
  beforeAll(async () => {
    table = await createTable(client, ['pk', 'sk']);
    store = new DynamoDbCursorStore(documents, table, () => Date.parse('2026-11-23T10:00:00Z'));
  });

  it('answers undefined before the first save, then the latest value', async () => {
    expect(await store.getCursor('salesforce:Contact')).toBeUndefined();

    await store.putCursor('salesforce:Contact', '2026-11-23T09:59:00.000Z|003Dn0000001AAA');
    await store.putCursor('salesforce:Contact', '2026-11-23T10:00:00.000Z|003Dn0000002AAA');

    expect(await store.getCursor('salesforce:Contact')).toBe('2026-11-23T10:00:00.000Z|003Dn0000002AAA');
    expect(await store.getCursor('salesforce:Lead')).toBeUndefined();
  });

  it('keeps a cursor at pk = cursor#<name>, sk = cursor in the state table', async () => {
    await store.putCursor('salesforce:Lead', 'x');

    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: { pk: 'cursor#salesforce:Lead', sk: 'cursor' } }));

    expect(Item).toEqual({ pk: 'cursor#salesforce:Lead', sk: 'cursor', value: 'x', updatedAt: '2026-11-23T10:00:00.000Z' });
  });
});
