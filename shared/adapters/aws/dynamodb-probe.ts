import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A probe gives up after this long: a black-holed endpoint must not eat the time a batch keeps for deferring. */
export const PROBE_TIMEOUT_MS = 2_000;

/**
 * Whether DynamoDB answers again: one eventually consistent GetItem of a key that never exists (half a read unit),
 * on the data plane the stores use, resolving when DynamoDB answers and rejecting while it does not.
 */
export function dynamoDbProbe(client: DynamoDBDocumentClient, tableName: string, keyName = 'id'): () => Promise<void> {
  return async () => {
    await client.send(new GetCommand({ TableName: tableName, Key: { [keyName]: 'syncline-probe' } }), { abortSignal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  };
}
