import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InfrastructureUnavailable } from '#domain/errors';

/** BatchGetItem takes at most 100 keys per call. */
const KEYS_PER_CALL = 100;
const MAX_ATTEMPTS = 8;

/**
 * Consistent BatchGetItem over any number of keys: calls of 100, and what DynamoDB leaves unprocessed (throttling)
 * asked again with exponential backoff, as the DynamoDB developer guide advises.
 */
export async function batchGetAll(client: DynamoDBDocumentClient, tableName: string, keys: readonly Record<string, unknown>[], projection?: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += KEYS_PER_CALL) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(start, start + KEYS_PER_CALL);
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      // Keys left unprocessed after every backoff are DynamoDB throttling: the batch waits for it, as for an outage.
      if (attempt >= MAX_ATTEMPTS) throw new InfrastructureUnavailable('dynamodb', 'UnprocessedKeys');
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const response: BatchGetCommandOutput = await client.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true, ...(projection ? { ProjectionExpression: projection } : {}) } } }),
      );
      items.push(...(response.Responses?.[tableName] ?? []));
      pending = response.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return items;
}
