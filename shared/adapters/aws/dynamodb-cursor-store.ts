import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CursorStore } from '#ports/cursor-store';

/** Poll cursors in the state table at `pk = cursor#<name>`, `sk = cursor`, beside the rest of the sync state. */
export class DynamoDbCursorStore implements CursorStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async getCursor(name: string): Promise<string | undefined> {
    // Strongly consistent: a run that starts right after the previous one must see the cursor it saved.
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: `cursor#${name}`, sk: 'cursor' }, ConsistentRead: true }));
    return typeof Item?.['value'] === 'string' ? Item['value'] : undefined;
  }

  async putCursor(name: string, value: string): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: `cursor#${name}`, sk: 'cursor', value, updatedAt: new Date(this.clock()).toISOString() } }));
  }
}
