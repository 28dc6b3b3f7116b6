import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CreditGrant, CreditLedger, EnrichChunk, EnrichRun, EnrichRunStore, EntityScan } from '#ports/enrich-runs';
import { MetricName, type Metrics } from '#ports/metrics';
import type { EntityState } from '#ports/stores';
import { batchGetAll } from './batch-get.ts';
import { entityKey, toEntityState } from './dynamodb-state-store.ts';

/** Runs and their chunks are kept for 30 days after they were last written: long enough to look back on a month. */
const KEPT_SECONDS = 30 * 86_400;
const expiresAt = (nowMs: number) => Math.floor(nowMs / 1000) + KEPT_SECONDS;

/**
 * Enrichment runs in the state table: the run at `enrich-run#<id>` / `run`, its chunks beside it at
 * `chunk#<000012>`, so one Query reads a run's chunks in order.
 */
export class DynamoDbEnrichRunStore implements EnrichRunStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  async getRun(runId: string): Promise<EnrichRun | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: runPartition(runId), sk: 'run' }, ConsistentRead: true }));
    return Item?.['run'] as EnrichRun | undefined;
  }

  async putRun(run: EnrichRun): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: runPartition(run.runId), sk: 'run', run, expiresAt: expiresAt(this.now()) } }));
  }

  async getChunk(runId: string, index: number): Promise<EnrichChunk | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: runPartition(runId), sk: chunkSort(index) }, ConsistentRead: true }));
    return Item?.['chunk'] as EnrichChunk | undefined;
  }

  async putChunk(chunk: EnrichChunk): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: runPartition(chunk.runId), sk: chunkSort(chunk.index), chunk, expiresAt: expiresAt(this.now()) } }));
  }

  async createChunk(chunk: EnrichChunk): Promise<boolean> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk: runPartition(chunk.runId), sk: chunkSort(chunk.index), chunk, expiresAt: expiresAt(this.now()) }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async holdCredits(runId: string, index: number, credits: number): Promise<number> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: runPartition(runId), sk: chunkSort(index) },
          UpdateExpression: 'SET #chunk.#credits = :credits',
          ConditionExpression: 'attribute_exists(#chunk) AND attribute_not_exists(#chunk.#credits)',
          ExpressionAttributeNames: { '#chunk': 'chunk', '#credits': 'credits' },
          ExpressionAttributeValues: { ':credits': credits },
        }),
      );
      return credits;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return (await this.getChunk(runId, index))?.credits ?? 0;
    }
  }

  async chunks(runId: string): Promise<EnrichChunk[]> {
    const chunks: EnrichChunk[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chunk)',
          ExpressionAttributeValues: { ':pk': runPartition(runId), ':chunk': 'chunk#' },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) chunks.push(item['chunk'] as EnrichChunk);
      start = page.LastEvaluatedKey;
    } while (start);
    return chunks;
  }
}

const runPartition = (runId: string) => `enrich-run#${runId}`;
const chunkSort = (index: number) => `chunk#${String(index).padStart(6, '0')}`;

/**
 * The day's lookup credits per data vendor in the state table (`credits#<vendor>` / `<day>`), one conditional
 * `ADD` per take: the processors and the batch's chunks draw from one count, and none can take past the cap. A take
 * near the cap gets what is left. Each take reports the day's use in percent of the cap (the 80% alarm).
 */
export class DynamoDbCreditLedger implements CreditLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly metrics?: Metrics,
    private readonly now: () => number = Date.now,
  ) {}

  async take(vendor: string, day: string, wanted: number, cap: number): Promise<CreditGrant> {
    let asked = Math.min(wanted, cap);
    // Each refused round learns a smaller remainder; racing takers can cost a round each.
    for (let round = 0; asked > 0 && round < 8; round++) {
      try {
        const { Attributes } = await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: `credits#${vendor}`, sk: day },
            UpdateExpression: 'ADD used :n SET expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(used) OR used <= :room',
            ExpressionAttributeValues: { ':n': asked, ':room': cap - asked, ':expires': expiresAt(this.now()) },
            ReturnValues: 'UPDATED_NEW',
          }),
        );
        const used = Number(Attributes?.['used'] ?? asked);
        this.metrics?.count(MetricName.EnrichmentCredits, asked);
        this.metrics?.count(MetricName.EnrichmentCreditsUsed, Math.round((used / cap) * 100));
        return { granted: asked, used, cap };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // Fewer left than asked: take what is left, if anything (another taker may beat this one to it).
        asked = Math.min(asked, cap - (await this.used(vendor, day)));
      }
    }
    const used = await this.used(vendor, day);
    this.metrics?.count(MetricName.EnrichmentCreditsUsed, Math.round((used / cap) * 100));
    return { granted: 0, used, cap };
  }

  async giveBack(vendor: string, day: string, credits: number): Promise<void> {
    if (credits <= 0) return;
    await this.client.send(new UpdateCommand({ TableName: this.tableName, Key: { pk: `credits#${vendor}`, sk: day }, UpdateExpression: 'ADD used :n', ConditionExpression: 'used >= :credits', ExpressionAttributeValues: { ':n': -credits, ':credits': credits } })).catch((error: unknown) => {
      // Never below zero: a day whose count is already lower (a new day's item) is left as it is.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    });
  }

  async used(vendor: string, day: string): Promise<number> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: `credits#${vendor}`, sk: day }, ConsistentRead: true }));
    return Number(Item?.['used'] ?? 0);
  }
}

/** Every entity of an object, by a filtered Scan of the state table (once a day: a Scan reads every item). */
export class DynamoDbEntityScan implements EntityScan {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async scan(object: string, onPage: (entities: readonly EntityState[]) => boolean): Promise<void> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'sk = :state AND #object = :object',
          // What the selection reads: not the written values, links or match index, the bulk of an entity item.
          ProjectionExpression: 'pk, entityId, #object, golden, enriched, deleted, version',
          ExpressionAttributeNames: { '#object': 'object' },
          ExpressionAttributeValues: { ':state': 'state', ':object': object },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const entities = (page.Items ?? []).map((item) => toEntityState(entityIdOf(item), item));
      if (onPage(entities)) return;
      start = page.LastEvaluatedKey;
    } while (start);
  }

  async getMany(entityIds: readonly string[]): Promise<EntityState[]> {
    const items = await batchGetAll(this.client, this.tableName, [...new Set(entityIds)].map((id) => entityKey(id)));
    return items.map((item) => toEntityState(entityIdOf(item), item));
  }
}

/** The entity's id: written with the entity; items from before carry it only in their key. */
function entityIdOf(item: Record<string, unknown>): string {
  return typeof item['entityId'] === 'string' ? item['entityId'] : String(item['pk']).slice('entity#'.length);
}
