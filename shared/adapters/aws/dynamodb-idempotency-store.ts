import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Claim, IdempotencyStore } from '#ports/stores';

/** Keys are kept 7 days: Stripe redelivers for 3 days and SQS deduplicates for only 5 minutes. */
export const IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Idempotency keys in DynamoDB, in the record schema of AWS Powertools' DynamoDBPersistenceLayer
 * (`id`, `status`, `expiration` as the TTL attribute, `in_progress_expiration`). Powertools' `makeIdempotent`
 * wraps a whole function and hides whether a call was a replay; the processor needs that outcome as a value,
 * so the claim is made here with the same conditional write.
 */
export class DynamoDbIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How long a claim holds before another worker may take it over (the processor's timeout). */
    private readonly leaseMs = 60_000,
  ) {}

  async claim(key: string, nowMs: number): Promise<Claim> {
    const nowSeconds = Math.floor(nowMs / 1000);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { id: key, status: 'INPROGRESS', expiration: nowSeconds + IDEMPOTENCY_TTL_SECONDS, in_progress_expiration: nowMs + this.leaseMs },
          // Free, expired (TTL deletion lags), or an abandoned claim whose lease ran out.
          ConditionExpression: 'attribute_not_exists(id) OR expiration < :now OR (#status = :inprogress AND in_progress_expiration < :nowMs)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':now': nowSeconds, ':nowMs': nowMs, ':inprogress': 'INPROGRESS' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { status: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { status: error.Item?.['status']?.S === 'COMPLETED' ? 'completed' : 'in-progress' };
    }
  }

  async complete(key: string, nowMs: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { id: key },
        UpdateExpression: 'SET #status = :completed, expiration = :expiration REMOVE in_progress_expiration',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':completed': 'COMPLETED', ':expiration': Math.floor(nowMs / 1000) + IDEMPOTENCY_TTL_SECONDS },
      }),
    );
  }

  async release(key: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { id: key } }));
  }
}
