import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RetryableError } from '#domain/errors';
import type { EntityState, StateStore } from '#ports/stores';
import { batchGetAll } from './batch-get.ts';

/**
 * Sync state in one table (`pk`, `sk`): the entity at `entity#<id>` / `state`, and one link item per system record
 * at `link#<system:object:id>` / `link` naming its entity. The entity and its new links are written in one
 * transaction with an optimistic version check, so two workers cannot interleave their updates of one entity.
 */
export class DynamoDbStateStore implements StateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async entityOf(recordKey: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: `link#${recordKey}`, sk: 'link' }, ConsistentRead: true }));
    return Item?.['entityId'] as string | undefined;
  }

  async getEntity(entityId: string): Promise<EntityState | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: `entity#${entityId}`, sk: 'state' }, ConsistentRead: true }));
    return Item ? toEntityState(entityId, Item) : null;
  }

  async linkedEntities(recordKeys: readonly string[]): Promise<{ links: Map<string, string>; entities: Map<string, EntityState> }> {
    const links = new Map<string, string>();
    for (const item of await batchGetAll(this.client, this.tableName, [...new Set(recordKeys)].map((key) => ({ pk: `link#${key}`, sk: 'link' })))) {
      links.set(String(item['pk']).slice('link#'.length), String(item['entityId']));
    }
    const entities = new Map<string, EntityState>();
    for (const item of await batchGetAll(this.client, this.tableName, [...new Set(links.values())].map((id) => ({ pk: `entity#${id}`, sk: 'state' })))) {
      const entityId = String(item['pk']).slice('entity#'.length);
      entities.set(entityId, toEntityState(entityId, item));
    }
    return { links, entities };
  }

  async putEntity(state: EntityState): Promise<void> {
    const { entityId, object, golden, links, written, deleted, version } = state;
    const links$ = Object.entries(links).map(([system, ref]) => ({
      Put: { TableName: this.tableName, Item: { pk: `link#${system}:${ref}`, sk: 'link', entityId } },
    }));
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: `entity#${entityId}`, sk: 'state', object, golden, links, written, ...(deleted ? { deleted } : {}), version: version + 1 },
                ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
                ...(version === 0 ? {} : { ExpressionAttributeValues: { ':expected': version } }),
              },
            },
            ...links$,
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException || error instanceof ConditionalCheckFailedException) {
        throw new RetryableError(`entity ${entityId} changed concurrently`, { cause: error });
      }
      throw error;
    }
  }
}

function toEntityState(entityId: string, item: Record<string, unknown>): EntityState {
  return { entityId, object: item['object'], golden: item['golden'], links: item['links'] ?? {}, written: item['written'] ?? {}, ...(item['deleted'] ? { deleted: item['deleted'] } : {}), version: item['version'] } as EntityState;
}
