import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RetryableError } from '#domain/errors';
import type { MatchValues } from '#domain/identity/match-record';
import type { EntityState, IndexChange, IndexedEntity, StateStore } from '#ports/stores';
import { batchGetAll } from './batch-get.ts';

/** Candidates read per key: a key shared by more entities (a switchboard) is too coarse to decide anything alone. */
const MAX_CANDIDATES_PER_KEY = 50;

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

  async putEntity(state: EntityState, index?: IndexChange): Promise<void> {
    const { entityId, object, golden, links, written, deleted, version, match, enriched } = state;
    const links$ = Object.entries(links).map(([system, ref]) => ({
      Put: { TableName: this.tableName, Item: { pk: `link#${system}:${ref}`, sk: 'link', entityId } },
    }));
    // Index items: one per blocking key and entity, so a record from any system finds its candidates by key.
    const index$ = [
      ...(index?.put ?? []).map((key) => ({ Put: { TableName: this.tableName, Item: { pk: `match#${key}`, sk: entityId, values: match?.values ?? {} } } })),
      ...(index?.drop ?? []).map((key) => ({ Delete: { TableName: this.tableName, Key: { pk: `match#${key}`, sk: entityId } } })),
    ];
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: `entity#${entityId}`, sk: 'state', object, golden, links, written, ...(deleted ? { deleted } : {}), ...(match ? { match } : {}), ...(enriched ? { enriched } : {}), version: version + 1 },
                ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
                ...(version === 0 ? {} : { ExpressionAttributeValues: { ':expected': version } }),
              },
            },
            ...links$,
            ...index$,
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException || error instanceof ConditionalCheckFailedException) {
        throw new RetryableError(`entity ${entityId} changed concurrently`, { cause: error });
      }
      throw error;
    }
    // A claim given up is deleted only while this entity holds it.
    for (const key of index?.release ?? []) {
      await this.client
        .send(new DeleteCommand({ TableName: this.tableName, Key: { pk: `claim#${key}`, sk: 'claim' }, ConditionExpression: 'entityId = :me', ExpressionAttributeValues: { ':me': entityId } }))
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    }
  }

  async candidatesFor(keys: readonly string[]): Promise<IndexedEntity[]> {
    const found = new Map<string, IndexedEntity>();
    // One query per key, at once: a record has a handful of keys, and a new record waits on all of them.
    const pages = await Promise.all(
      [...new Set(keys)].map((key) =>
        this.client.send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `match#${key}` }, ConsistentRead: true, Limit: MAX_CANDIDATES_PER_KEY })),
      ),
    );
    for (const item of pages.flatMap((page) => page.Items ?? [])) found.set(String(item['sk']), { entityId: String(item['sk']), values: (item['values'] ?? {}) as MatchValues });
    return [...found.values()];
  }

  async claimKeys(entityId: string, keys: readonly string[], replacing?: string): Promise<string | undefined> {
    for (const key of keys) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: `claim#${key}`, sk: 'claim', entityId },
            ConditionExpression: replacing ? 'attribute_not_exists(pk) OR entityId = :me OR entityId = :stale' : 'attribute_not_exists(pk) OR entityId = :me',
            ExpressionAttributeValues: { ':me': entityId, ...(replacing ? { ':stale': replacing } : {}) },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: `claim#${key}`, sk: 'claim' }, ConsistentRead: true }));
        return String(Item?.['entityId'] ?? '');
      }
    }
    return undefined;
  }
}

function toEntityState(entityId: string, item: Record<string, unknown>): EntityState {
  return { entityId, object: item['object'], golden: item['golden'], links: item['links'] ?? {}, written: item['written'] ?? {}, ...(item['deleted'] ? { deleted: item['deleted'] } : {}), ...(item['match'] ? { match: item['match'] } : {}), ...(item['enriched'] ? { enriched: item['enriched'] } : {}), version: item['version'] } as EntityState;
}
