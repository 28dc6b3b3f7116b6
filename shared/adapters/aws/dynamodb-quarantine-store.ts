import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { QuarantineItem, QuarantineStore } from '#ports/stores';

/**
 * The quarantine, in the state table under one partition (`pk = quarantine`, `sk = <record key>`): it holds the
 * few changes that need a person, so one partition is plenty and listing it is a single query.
 */
export class DynamoDbQuarantineStore implements QuarantineStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(item: QuarantineItem): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: 'quarantine', sk: item.id, ...item } }));
  }

  async get(id: string): Promise<QuarantineItem | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: 'quarantine', sk: id }, ConsistentRead: true }));
    return Item ? strip(Item) : null;
  }

  async list(): Promise<QuarantineItem[]> {
    const items: QuarantineItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'quarantine' }, ExclusiveStartKey: startKey }));
      items.push(...(page.Items ?? []).map(strip));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items.sort((a, b) => a.at.localeCompare(b.at));
  }

  async remove(id: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: 'quarantine', sk: id } }));
  }
}

function strip(item: Record<string, unknown>): QuarantineItem {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as unknown as QuarantineItem;
}
