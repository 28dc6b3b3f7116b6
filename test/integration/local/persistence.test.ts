import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub, HubOptions } from '#local/hub';
import { clearLocalState } from '#local/start-options';
import { getJson, sandboxRecords, shippedContractWith, startTestHub } from '#test/support/hub-client';
import { dynamoClients, localCredentials } from '#test/support/local-aws';

/** Every connector off: the sandboxes run but send the hub nothing, so only the test writes. */
const quiet = (): HubOptions => ({ persist: true, stateDir: mkdtempSync(join(tmpdir(), 'syncline-kept-')), contractFile: shippedContractWith([]) });

/** An item keyed as the hub's first table wants it (its key attributes are strings). */
async function keyOf(hub: Hub, table: string, value: string): Promise<Record<string, string>> {
  const { client } = dynamoClients(hub.aws.dynamodbEndpoint);
  const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
  return Object.fromEntries((Table?.KeySchema ?? []).map((k) => [k.AttributeName ?? '', value]));
}

async function createHubspotContact(hub: Hub, email: string): Promise<string> {
  const created = await getJson<{ id: string }>(`${hub.hubspot.url}/crm/v3/objects/contacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hub.credentials.hubspot.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ properties: { email, lastname: 'Kept' } }),
  });
  return created.id;
}

const hubspotContact = (hub: Hub, id: string) => fetch(`${hub.hubspot.url}/crm/v3/objects/contacts/${id}`, { headers: { authorization: `Bearer ${hub.credentials.hubspot.accessToken}` } });

describe('a persistent local hub across a restart', () => {
  let hub: Hub | undefined;
  afterEach(async () => {
    await hub?.stop();
    hub = undefined;
  });

  it('finds its table items, queued messages and sandbox records again, and new sandbox ids do not collide', async () => {
    // Prepare
    const options = quiet();
    hub = await startTestHub(options);
    const table = Object.values(hub.aws.tables)[0] ?? '';
    const key = await keyOf(hub, table, 'kept-across-restart');
    await dynamoClients(hub.aws.dynamodbEndpoint).documents.send(new PutCommand({ TableName: table, Item: { ...key, note: 'written before the restart' } }));
    const dlq = hub.aws.queues.find((q) => q.deadLetter);
    const fifo = dlq?.fifo ? { MessageGroupId: 'kept', MessageDeduplicationId: 'kept-1' } : {};
    await new SQSClient({ endpoint: hub.aws.sqsEndpoint, region: hub.aws.region, credentials: localCredentials }).send(new SendMessageCommand({ QueueUrl: dlq?.url, MessageBody: 'dead letter kept', ...fifo }));
    const contactId = await createHubspotContact(hub, 'kept@restart.example');
    const salesforceBefore = (await sandboxRecords(hub.salesforce.url, 'Contact')).map((c) => c['Id']);

    // Act
    await hub.stop();
    hub = await startTestHub(options);

    // Assess
    const item = await dynamoClients(hub.aws.dynamodbEndpoint).documents.send(new GetCommand({ TableName: table, Key: key }));
    expect(item.Item?.['note']).toBe('written before the restart');
    const sqs = new SQSClient({ endpoint: hub.aws.sqsEndpoint, region: hub.aws.region, credentials: localCredentials });
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: hub.aws.queues.find((q) => q.deadLetter)?.url, WaitTimeSeconds: 1 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual(['dead letter kept']);
    const kept = await hubspotContact(hub, contactId);
    expect(kept.status).toBe(200);
    expect(((await kept.json()) as { properties: Record<string, string> }).properties['email']).toBe('kept@restart.example');
    expect((await sandboxRecords(hub.salesforce.url, 'Contact')).map((c) => c['Id'])).toEqual(salesforceBefore);
    const next = await createHubspotContact(hub, 'after@restart.example');
    expect(Number(next)).toBeGreaterThan(Number(contactId));
  }, 180_000);

  it('fails to find them after the state is cleared, as npm start -- --fresh does, and starts from the seed', async () => {
    // Prepare
    const options = quiet();
    hub = await startTestHub(options);
    const table = Object.values(hub.aws.tables)[0] ?? '';
    const key = await keyOf(hub, table, 'gone-after-fresh');
    await dynamoClients(hub.aws.dynamodbEndpoint).documents.send(new PutCommand({ TableName: table, Item: { ...key, note: 'written before --fresh' } }));
    const contactId = await createHubspotContact(hub, 'gone@fresh.example');
    await hub.stop();

    // Act
    clearLocalState(options.stateDir ?? '');
    hub = await startTestHub(options);

    // Assess
    const item = await dynamoClients(hub.aws.dynamodbEndpoint).documents.send(new GetCommand({ TableName: table, Key: key }));
    expect(item.Item).toBeUndefined();
    expect((await hubspotContact(hub, contactId)).status).toBe(404);
    expect((await hubspotContact(hub, '1001')).status).toBe(200);
  }, 180_000);

  it('takes DynamoDB Local away and brings it back on the same port with its items', async () => {
    // Prepare
    hub = await startTestHub(quiet());
    const table = Object.values(hub.aws.tables)[0] ?? '';
    const key = await keyOf(hub, table, 'kept-across-outage');
    const { client, documents } = dynamoClients(hub.aws.dynamodbEndpoint);
    await documents.send(new PutCommand({ TableName: table, Item: { ...key, note: 'written before the outage' } }));

    // Act
    await hub.aws.dynamodb.stop();
    const during = await client.send(new ListTablesCommand({})).then(
      () => 'answered',
      (error: Error & { code?: string }) => error.code ?? error.name,
    );
    await hub.aws.dynamodb.start();

    // Assess
    expect(during).toBe('ECONNREFUSED');
    expect(hub.aws.dynamodb.endpoint).toBe(hub.aws.dynamodbEndpoint);
    const item = await documents.send(new GetCommand({ TableName: table, Key: key }));
    expect(item.Item?.['note']).toBe('written before the outage');
  }, 180_000);
});
