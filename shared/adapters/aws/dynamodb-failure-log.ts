import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FailureLog, FailureRecord } from '#ports/stores';
import { batchGetAll } from './batch-get.ts';
import { partitionKey } from './dynamodb-key.ts';

/** As long as an SQS queue keeps a message at most (14 days), so a dead letter's reason outlives it. */
export const FAILURE_TTL_SECONDS = 14 * 24 * 3600;
/** A vendor's error message is kept to this many characters. */
const MAX_MESSAGE = 1_000;

/**
 * Failures of changes in the state table (`pk = failure#<idempotency key>`, `sk = failure`), expiring with TTL. The
 * idempotency key carries the vendor's event id, so a long one is digested ({@link partitionKey}) on both paths;
 * items are matched back through their `key` attribute.
 */
export class DynamoDbFailureLog implements FailureLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(failure: FailureRecord): Promise<void> {
    const expiresAt = Math.floor(Date.parse(failure.at) / 1000) + FAILURE_TTL_SECONDS;
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...failure, message: failure.message.slice(0, MAX_MESSAGE), pk: partitionKey(`failure#${failure.key}`), sk: 'failure', expiresAt } }));
  }

  async lastOf(keys: readonly string[]): Promise<Map<string, FailureRecord>> {
    const items = await batchGetAll(this.client, this.tableName, [...new Set(keys)].map((key) => ({ pk: partitionKey(`failure#${key}`), sk: 'failure' })));
    return new Map(
      items.map((item) => {
        const { pk: _pk, sk: _sk, expiresAt: _e, ...failure } = item;
        return [String(failure['key']), failure as unknown as FailureRecord];
      }),
    );
  }
}
