import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InfrastructureUnavailable } from '#domain/errors';
import { itemSizeBytes } from '#domain/stored-size';
import type { ParkedChange, PausedConnector, PauseStore } from '#ports/pauses';
import { fitParkedItem } from './dynamodb-parked-store.ts';
import { partitionKey, sortKey } from './dynamodb-key.ts';

/** The partition of the paused set: one item per paused connector (`sk` = its name). */
export const PAUSED_PARTITION = 'paused';

/**
 * TransactWriteItems takes at most 100 actions and 4 MB (DynamoDB Developer Guide, "Amazon DynamoDB Transactions:
 * How it works"): one is the pause's condition check, and a parked item is at most 400 KB.
 */
const PARKED_PER_TRANSACTION = 99;
const TRANSACTION_BYTES = 3 * 1024 * 1024;
/** Concurrent parkers check the same pause item, and DynamoDB cancels one of two such transactions (TransactionConflict). */
const CONFLICT_ATTEMPTS = 5;
const BATCH_WRITE = 25;

/**
 * Connector pauses in the state table. The paused set is one partition, `pk = paused`, `sk = <connector>`, so the
 * processor reads all of it in one query and a poller its own item in one read. The changes parked behind a
 * connector are the partition `parked#<connector>`, `sk` = the parked change's ordered id, so a resume reads them
 * back in parking order, a page at a time. Each parked item is sized as the quarantine's are ({@link fitParkedItem}:
 * a change too large for an item keeps its identity and loses its snapshot, so it is read again when it runs).
 *
 * Parking is a transaction whose first action checks that the connector is still paused: a processor holding a
 * stale paused set cannot park a change after the resume has drained the partition.
 */
export class DynamoDbPauseStore implements PauseStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly sleep: (ms: number) => Promise<unknown> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  async paused(): Promise<PausedConnector[]> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PAUSED_PARTITION } });
    return items.map((i) => ({ connector: String(i['connector']), since: String(i['since']) })).sort((a, b) => a.connector.localeCompare(b.connector));
  }

  async isPaused(connector: string): Promise<boolean> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: pauseKey(connector), ConsistentRead: true }));
    return Item !== undefined;
  }

  async pause(connector: string, at: string): Promise<boolean> {
    return conditional(this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...pauseKey(connector), connector, since: at }, ConditionExpression: 'attribute_not_exists(pk)' })));
  }

  async resume(connector: string): Promise<boolean> {
    return conditional(this.client.send(new DeleteCommand({ TableName: this.tableName, Key: pauseKey(connector), ConditionExpression: 'attribute_exists(pk)' })));
  }

  async park(connector: string, changes: readonly ParkedChange[]): Promise<boolean> {
    for (const chunk of transactions(changes.map((c) => ({ ...fitParkedItem(c), ...parkedKey(connector, c.id) })))) {
      const items = [
        { ConditionCheck: { TableName: this.tableName, Key: pauseKey(connector), ConditionExpression: 'attribute_exists(pk)' } },
        ...chunk.map((Item) => ({ Put: { TableName: this.tableName, Item } })),
      ];
      if (!(await this.transact(items))) return false;
    }
    return true;
  }

  async parked(connector: string, limit: number): Promise<ParkedChange[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': parkedPartition(connector) }, ConsistentRead: true, Limit: limit }),
    );
    return Items.map(({ pk: _pk, sk: _sk, ...change }) => change as ParkedChange);
  }

  async countParked(connector: string): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': parkedPartition(connector) }, Select: 'COUNT', ConsistentRead: true, ExclusiveStartKey: startKey }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  async unpark(connector: string, ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH_WRITE) {
      let requests = ids.slice(i, i + BATCH_WRITE).map((id) => ({ DeleteRequest: { Key: parkedKey(connector, id) } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt === 6) throw new InfrastructureUnavailable('dynamodb', 'UnprocessedItems');
        if (attempt > 0) await this.sleep(Math.min(1000, 50 * 2 ** attempt));
        const { UnprocessedItems } = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = (UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      }
    }
  }

  /** One transaction: true when written, false when the pause's check failed; a conflict is tried again. */
  private async transact(items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return true;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const codes = (error.CancellationReasons ?? []).map((r) => r.Code);
        if (codes[0] === 'ConditionalCheckFailed') return false;
        if (!codes.includes('TransactionConflict') || attempt >= CONFLICT_ATTEMPTS) throw error;
        await this.sleep(Math.random() * 50 * 2 ** attempt);
      }
    }
  }

  private async queryAll(input: { KeyConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> }): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(new QueryCommand({ TableName: this.tableName, ...input, ConsistentRead: true, ExclusiveStartKey: startKey }));
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

/**
 * The connectors an operator paused, for the health report: one consistent query of the paused set (an item of a
 * few dozen bytes per connector: one read capacity unit).
 */
export async function pausedConnectors(client: DynamoDBDocumentClient, tableName: string): Promise<string[]> {
  return (await new DynamoDbPauseStore(client, tableName).paused()).map((p) => p.connector);
}

function pauseKey(connector: string): { pk: string; sk: string } {
  return { pk: PAUSED_PARTITION, sk: sortKey(connector) };
}

function parkedPartition(connector: string): string {
  return partitionKey(`parked#${connector}`);
}

function parkedKey(connector: string, id: string): { pk: string; sk: string } {
  return { pk: parkedPartition(connector), sk: sortKey(id) };
}

/** A conditional write's outcome: false when its condition failed. */
async function conditional(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Items in transactions of at most {@link PARKED_PER_TRANSACTION} items and {@link TRANSACTION_BYTES}, in order. */
function transactions(items: readonly Record<string, unknown>[]): Record<string, unknown>[][] {
  const chunks: Record<string, unknown>[][] = [];
  let bytes = 0;
  for (const item of items) {
    const size = itemSizeBytes(item);
    const last = chunks.at(-1);
    if (!last || last.length >= PARKED_PER_TRANSACTION || bytes + size > TRANSACTION_BYTES) {
      chunks.push([item]);
      bytes = size;
    } else {
      last.push(item);
      bytes += size;
    }
  }
  return chunks;
}
