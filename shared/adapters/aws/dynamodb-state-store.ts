import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RetryableError } from '#domain/errors';
import type { StateStore, TargetSnapshot } from '#ports/stores';

/**
 * Sync state in one table (`pk`, `sk`). A snapshot of what Syncline last wrote lives at
 * `pk = source record key`, `sk = snapshot#<target>`; writes use an optimistic version check.
 */
export class DynamoDbStateStore implements StateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getSnapshot(sourceKey: string, target: string): Promise<TargetSnapshot | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: sourceKey, sk: `snapshot#${target}` }, ConsistentRead: true }));
    if (!Item) return null;
    return { targetId: Item['targetId'] as string, fields: Item['fields'] as TargetSnapshot['fields'], version: Item['version'] as number, updatedAt: Item['updatedAt'] as string };
  }

  async putSnapshot(sourceKey: string, target: string, snapshot: TargetSnapshot, expectedVersion: number): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: sourceKey, sk: `snapshot#${target}`, ...snapshot },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new RetryableError(`snapshot of ${sourceKey} for ${target} changed concurrently`, { cause: error });
      }
      throw error;
    }
  }
}
