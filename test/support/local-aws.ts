import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DynamoDBClient, type KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

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
