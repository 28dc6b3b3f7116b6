import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConcurrentChange } from '#domain/errors';
import type { MatchValues } from '#domain/identity/match-record';
import type { EntityState, IndexChange, IndexedEntity, StateStore } from '#ports/stores';
import { batchGetAll } from './batch-get.ts';
import { partitionKey, sortKey } from './dynamodb-key.ts';

/** Candidates read per key: a key shared by more entities (a switchboard) is too coarse to decide anything alone. */
const MAX_CANDIDATES_PER_KEY = 50;

/**
 * Sync state in one table (`pk`, `sk`): the entity at `entity#<id>` / `state`, and one link item per system record
 * at `link#<system:object:id>` / `link` naming its entity. The entity and its new links are written in one
 * transaction with an optimistic version check, so two workers cannot interleave their updates of one entity.
 * Keys built from record values (links, entity ids, match keys, claims) go through {@link partitionKey} and
 * {@link sortKey}, so a 3,000-character e-mail stays within DynamoDB's key limits; items carry the raw values
 * (`entityId`, `recordKey`) so nothing is read back from a digested key.
 */
export class DynamoDbStateStore implements StateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async entityOf(recordKey: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: linkKey(recordKey), ConsistentRead: true }));
    return Item?.['entityId'] as string | undefined;
  }

  async getEntity(entityId: string): Promise<EntityState | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: entityKey(entityId), ConsistentRead: true }));
    return Item ? toEntityState(entityId, Item) : null;
  }

  async linkedEntities(recordKeys: readonly string[]): Promise<{ links: Map<string, string>; entities: Map<string, EntityState> }> {
    // Items are matched back to what was asked through their keys, which may be digests of the values.
    const keyOfLink = new Map([...new Set(recordKeys)].map((key) => [linkKey(key).pk, key]));
    const links = new Map<string, string>();
    for (const item of await batchGetAll(this.client, this.tableName, [...keyOfLink.keys()].map((pk) => ({ pk, sk: 'link' })))) {
      const key = keyOfLink.get(String(item['pk']));
      if (key !== undefined) links.set(key, String(item['entityId']));
    }
    const idOfEntity = new Map([...new Set(links.values())].map((id) => [entityKey(id).pk, id]));
    const entities = new Map<string, EntityState>();
    for (const item of await batchGetAll(this.client, this.tableName, [...idOfEntity.keys()].map((pk) => ({ pk, sk: 'state' })))) {
      const entityId = idOfEntity.get(String(item['pk']));
      if (entityId !== undefined) entities.set(entityId, toEntityState(entityId, item));
    }
    return { links, entities };
  }

  async putEntity(state: EntityState, index?: IndexChange): Promise<void> {
    const { entityId, object, golden, links, written, deleted, version, match, enriched, linksHeld } = state;
    const links$ = Object.entries(links).map(([system, ref]) => ({
      Put: { TableName: this.tableName, Item: { ...linkKey(`${system}:${ref}`), entityId } },
    }));
    // Index items: one per blocking key and entity, so a record from any system finds its candidates by key.
    const index$ = [
      ...(index?.put ?? []).map((key) => ({ Put: { TableName: this.tableName, Item: { ...matchKey(key, entityId), entityId, values: match?.values ?? {} } } })),
      ...(index?.drop ?? []).map((key) => ({ Delete: { TableName: this.tableName, Key: matchKey(key, entityId) } })),
    ];
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...entityKey(entityId), entityId, object, golden, links, written, ...(deleted ? { deleted } : {}), ...(match ? { match } : {}), ...(enriched ? { enriched } : {}), ...(linksHeld ? { linksHeld } : {}), version: version + 1 },
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
        throw new ConcurrentChange(`entity ${entityId} changed concurrently`, { cause: error });
      }
      throw error;
    }
    // A claim given up is deleted only while this entity holds it.
    for (const key of index?.release ?? []) {
      await this.client
        .send(new DeleteCommand({ TableName: this.tableName, Key: claimKey(key), ConditionExpression: 'entityId = :me', ExpressionAttributeValues: { ':me': entityId } }))
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
        this.client.send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': matchPartition(key) }, ConsistentRead: true, Limit: MAX_CANDIDATES_PER_KEY })),
      ),
    );
    for (const item of pages.flatMap((page) => page.Items ?? [])) {
      // Items written before `entityId` was stored beside the key carry it in the sort key only.
      const entityId = String(item['entityId'] ?? item['sk']);
      found.set(entityId, { entityId, values: (item['values'] ?? {}) as MatchValues });
    }
    return [...found.values()];
  }

  async claimKeys(entityId: string, keys: readonly string[], replacing?: string): Promise<string | undefined> {
    for (const key of keys) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...claimKey(key), entityId },
            ConditionExpression: replacing ? 'attribute_not_exists(pk) OR entityId = :me OR entityId = :stale' : 'attribute_not_exists(pk) OR entityId = :me',
            ExpressionAttributeValues: { ':me': entityId, ...(replacing ? { ':stale': replacing } : {}) },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: claimKey(key), ConsistentRead: true }));
        return String(Item?.['entityId'] ?? '');
      }
    }
    return undefined;
  }
}

/** The link item of a system's record (`system:object:id`). */
function linkKey(recordKey: string): { pk: string; sk: string } {
  return { pk: partitionKey(`link#${recordKey}`), sk: 'link' };
}

/** The state item of an entity; its id is the record key of its first record, so it can be long too. */
export function entityKey(entityId: string): { pk: string; sk: string } {
  return { pk: partitionKey(`entity#${entityId}`), sk: 'state' };
}

/** The partition of one match key: every entity indexed under it is an item there. */
function matchPartition(key: string): string {
  return partitionKey(`match#${key}`);
}

function matchKey(key: string, entityId: string): { pk: string; sk: string } {
  return { pk: matchPartition(key), sk: sortKey(entityId) };
}

/** The claim item of an exact match key (one entity per key). */
function claimKey(key: string): { pk: string; sk: string } {
  return { pk: partitionKey(`claim#${key}`), sk: 'claim' };
}

export function toEntityState(entityId: string, item: Record<string, unknown>): EntityState {
  return { entityId, object: item['object'], golden: item['golden'], links: item['links'] ?? {}, written: item['written'] ?? {}, ...(item['deleted'] ? { deleted: item['deleted'] } : {}), ...(item['match'] ? { match: item['match'] } : {}), ...(item['enriched'] ? { enriched: item['enriched'] } : {}), ...(item['linksHeld'] ? { linksHeld: item['linksHeld'] } : {}), version: item['version'] } as EntityState;
}
