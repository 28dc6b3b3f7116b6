import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient, type KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startLocalSqs, type LocalSqs } from '#local/runner/local-sqs';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Clients for DynamoDB Local (started once by the integration suite's global setup). */
export function dynamoClients(endpoint: string) {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials });
  return { client, documents: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }) };
}

/** A fresh table with the key schema the stack gives it (`id`, or `pk` + `sk`). */
export async function createTable(client: DynamoDBClient, keys: readonly string[]): Promise<string> {
  const name = `t-${randomUUID()}`;
  const schema: KeySchemaElement[] = keys.map((k, i) => ({ AttributeName: k, KeyType: i === 0 ? 'HASH' : 'RANGE' }));
  await client.send(new CreateTableCommand({ TableName: name, BillingMode: 'PAY_PER_REQUEST', KeySchema: schema, AttributeDefinitions: keys.map((k) => ({ AttributeName: k, AttributeType: 'S' })) }));
  return name;
}

export const localCredentials = credentials;

/**
 * SQS for an integration test: the local hub's own fauxqs, on 127.0.0.1 only, with a client for it (the spy keeps
 * the last 1,000 sends, receipts and dead-letterings).
 */
export async function startTestSqs(): Promise<{ server: LocalSqs; sqs: SQSClient }> {
  const server = await startLocalSqs({ spyBufferSize: 1_000 });
  return { server, sqs: new SQSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials }) };
}

/** A FIFO queue named `name` in the test's SQS; its URL. */
export async function createFifoQueue(sqs: SQSClient, name: string): Promise<string> {
  return (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true' } }))).QueueUrl ?? '';
}
