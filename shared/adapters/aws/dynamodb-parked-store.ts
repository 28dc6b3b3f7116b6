import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from './batch-get.ts';

/**
 * Items that wait for a person (the quarantine, the review queue), in the state table under one partition per kind
 * (`pk = <kind>`, `sk = <id>`): they are few, so one partition is plenty and listing it is a single query.
 */
export class DynamoDbParkedStore<T extends { id: string; at: string }> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly kind: 'quarantine' | 'review',
  ) {}

  async put(item: T): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...item, pk: this.kind, sk: item.id } }));
  }

  async get(id: string): Promise<T | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: this.kind, sk: id }, ConsistentRead: true }));
    return Item ? strip<T>(Item) : null;
  }

  async list(): Promise<T[]> {
    const items: T[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': this.kind }, ExclusiveStartKey: startKey }));
      items.push(...(page.Items ?? []).map((i) => strip<T>(i)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items.sort((a, b) => a.at.localeCompare(b.at));
  }

  /** Which of `ids` are parked now: consistent batch reads of their keys only. */
  async presentOf(ids: readonly string[]): Promise<Set<string>> {
    const items = await batchGetAll(this.client, this.tableName, [...new Set(ids)].map((id) => ({ pk: this.kind, sk: id })), 'sk');
    return new Set(items.map((item) => String(item['sk'])));
  }

  async remove(id: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: this.kind, sk: id } }));
  }
}

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
}
