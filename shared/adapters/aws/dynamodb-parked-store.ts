import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { itemSizeBytes, STORED_ITEM_LIMIT_BYTES } from '#domain/stored-size';
import { batchGetAll } from './batch-get.ts';
import { sortKey } from './dynamodb-key.ts';

/** Longest text kept whole in a parked item that would not fit otherwise; the rest says how long it was. */
const PARKED_TEXT_MAX_CHARS = 1_000;
/** Room for the keys beside the parked item. */
const PARKED_ITEM_BUDGET = STORED_ITEM_LIMIT_BYTES - 4 * 1024;

/**
 * Items that wait for a person (the quarantine, the review queue), in the state table under one partition per kind
 * (`pk = <kind>`, `sk = <id>`): they are few, so one partition is plenty and listing it is a single query.
 * Ids are built from record keys, so a long one is digested ({@link sortKey}); the item keeps its `id` as it is.
 * An item too large to store (a change carrying a huge value) is kept with its long texts truncated
 * ({@link fitParkedItem}): a change that waits for a person must never fail to wait because of its size.
 */
export class DynamoDbParkedStore<T extends { id: string; at: string }> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly kind: 'quarantine' | 'review' | 'label' | 'declined',
  ) {}

  async put(item: T): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...fitParkedItem(item), pk: this.kind, sk: sortKey(item.id) } }));
  }

  async get(id: string): Promise<T | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: this.kind, sk: sortKey(id) }, ConsistentRead: true }));
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
    const idOf = new Map([...new Set(ids)].map((id) => [sortKey(id), id]));
    const items = await batchGetAll(this.client, this.tableName, [...idOf.keys()].map((sk) => ({ pk: this.kind, sk })), 'sk');
    return new Set(items.flatMap((item) => idOf.get(String(item['sk'])) ?? []));
  }

  async remove(id: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: this.kind, sk: sortKey(id) } }));
  }
}

function truncateTexts(value: unknown): unknown {
  if (typeof value === 'string') return value.length <= PARKED_TEXT_MAX_CHARS ? value : `${value.slice(0, PARKED_TEXT_MAX_CHARS)}… [truncated from ${value.length} characters]`;
  if (Array.isArray(value)) return value.map(truncateTexts);
  // A truncated change is no longer the record as its source held it: without `snapshot`, a retry reads the record
  // again (or is refused for want of a reader) instead of writing the truncated values.
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (k === 'snapshot' ? [] : [[k, truncateTexts(v)]])));
  return value;
}

/**
 * The item as it can be stored: unchanged when it fits DynamoDB's 400 KB item limit, else with every text over
 * 1,000 characters cut there and marked with its length (the `id` and a change's identity are kept whole; its key is
 * digested anyway).
 * A truncated change loses its `snapshot` flag, so a retry reads its record again and never writes a truncated value.
 */
export function fitParkedItem<T extends { id: string }>(item: T): T {
  if (itemSizeBytes(item as unknown as Record<string, unknown>) <= PARKED_ITEM_BUDGET) return item;
  const fitted = { ...(truncateTexts(item) as T), id: item.id };
  // A parked change keeps its identity whole, however long, so a retry still names its record and event.
  const event = (item as { event?: Record<string, unknown> }).event;
  if (event && typeof event === 'object') {
    const identity = Object.fromEntries(['source', 'objectType', 'sourceId', 'eventId', 'occurredAt', 'kind'].flatMap((k) => (k in event ? [[k, event[k]]] : [])));
    Object.assign(fitted, { event: { ...(fitted as unknown as { event: object }).event, ...identity } });
  }
  return fitted;
}

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
}
