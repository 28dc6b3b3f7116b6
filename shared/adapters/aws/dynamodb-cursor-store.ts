import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CursorStore } from '#ports/cursor-store';
import { partitionKey } from './dynamodb-key.ts';

/**
 * Poll cursors in the state table at `pk = cursor#<name>`, `sk = cursor`, beside the rest of the sync state. A name
 * too long for a key is digested ({@link partitionKey}); the digest keeps the `cursor#` head, which the poller's IAM
 * condition (`dynamodb:LeadingKeys` = `cursor#*`) relies on.
 */
export class DynamoDbCursorStore implements CursorStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async getCursor(name: string): Promise<string | undefined> {
    // Strongly consistent: a run that starts right after the previous one must see the cursor it saved.
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: partitionKey(`cursor#${name}`), sk: 'cursor' }, ConsistentRead: true }));
    return typeof Item?.['value'] === 'string' ? Item['value'] : undefined;
  }

  async putCursor(name: string, value: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: partitionKey(`cursor#${name}`), sk: 'cursor', value, updatedAt: new Date(this.clock()).toISOString() } }));
  }
}
