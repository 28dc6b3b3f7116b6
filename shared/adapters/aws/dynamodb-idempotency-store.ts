import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RetryableError } from '#domain/errors';
import type { Claim, IdempotencyStore } from '#ports/stores';
import { batchGetAll } from './batch-get.ts';
import { partitionKey } from './dynamodb-key.ts';

/** Keys are kept 7 days: Stripe redelivers for 3 days and SQS deduplicates for only 5 minutes. */
export const IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Idempotency keys in DynamoDB, in the record schema of AWS Powertools' DynamoDBPersistenceLayer
 * (`id`, `status`, `expiration` as the TTL attribute, `in_progress_expiration`). Powertools' `makeIdempotent`
 * wraps a whole function and hides whether a call was a replay; the processor needs that outcome as a value,
 * so the claim is made here with the same conditional write. Each claim carries a random token: only its owner
 * completes or releases it, so a worker whose lease ran out cannot undo the claim of the worker that took over.
 * The key (`source:eventId`) comes from the vendor's event id, so one too long for a partition key is digested
 * ({@link partitionKey}) on every path alike.
 */
export class DynamoDbIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How long a claim holds before another worker may take it over: longer than the processor's 60 s timeout. */
    private readonly leaseMs = 90_000,
  ) {}

  async claim(key: string, nowMs: number): Promise<Claim> {
    const nowSeconds = Math.floor(nowMs / 1000);
    const token = randomUUID();
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { id: partitionKey(key), status: 'INPROGRESS', expiration: nowSeconds + IDEMPOTENCY_TTL_SECONDS, in_progress_expiration: nowMs + this.leaseMs, claim_token: token },
          // Free, expired (TTL deletion lags), or an abandoned claim whose lease ran out.
          ConditionExpression: 'attribute_not_exists(id) OR expiration < :now OR (#status = :inprogress AND in_progress_expiration < :nowMs)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':now': nowSeconds, ':nowMs': nowMs, ':inprogress': 'INPROGRESS' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { status: 'claimed', token };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { status: error.Item?.['status']?.S === 'COMPLETED' ? 'completed' : 'in-progress' };
    }
  }

  async complete(key: string, token: string, nowMs: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id: partitionKey(key) },
          UpdateExpression: 'SET #status = :completed, expiration = :expiration REMOVE in_progress_expiration, claim_token',
          ConditionExpression: 'claim_token = :token',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':completed': 'COMPLETED', ':expiration': Math.floor(nowMs / 1000) + IDEMPOTENCY_TTL_SECONDS, ':token': token },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new RetryableError(`the claim on ${key} was taken over by another worker`, { cause: error });
      throw error;
    }
  }

  async completedOf(keys: readonly string[]): Promise<Set<string>> {
    const keyOf = new Map(keys.map((key) => [partitionKey(key), key]));
    const items = await batchGetAll(this.client, this.tableName, [...keyOf.keys()].map((id) => ({ id })));
    return new Set(items.filter((item) => item['status'] === 'COMPLETED').flatMap((item) => keyOf.get(String(item['id'])) ?? []));
  }

  async release(key: string, token: string): Promise<void> {
    try {
      await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { id: partitionKey(key) }, ConditionExpression: 'claim_token = :token', ExpressionAttributeValues: { ':token': token } }));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
