import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { resumeConnector } from '#app/pause-connector';
import { DynamoDbPauseStore } from '#adapters/aws/dynamodb-pause-store';
import { SqsParkedQueue } from '#adapters/aws/sqs-parked-queue';
import type { ChangeEvent } from '#domain/change-event';
import { toSqsEvent } from '#local/runner/sqs-poller';
import { createTable, dynamoClients, localCredentials } from '#test/support/local-aws';

/** functions/process.ts as Lambda runs it, with HubSpot paused: its changes are parked, then resumed onto the queue. */
describe('the processor with a paused connector', () => {
  const { client, documents } = dynamoClients(inject('dynamodbEndpoint'));
  let fauxqs: FauxqsServer;
  let sqs: SQSClient;
  let queueUrl: string;
  let idempotencyTable: string;
  let pauses: DynamoDbPauseStore;
  let handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

  beforeAll(async () => {
    fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
    sqs = new SQSClient({ endpoint: `http://127.0.0.1:${fauxqs.port}`, region: 'us-east-1', credentials: localCredentials });
    const created = (await sqs.send(new CreateQueueCommand({ QueueName: 'changes.fifo', Attributes: { FifoQueue: 'true' } }))).QueueUrl ?? '';
    queueUrl = `http://127.0.0.1:${fauxqs.port}${created.replace(/^[a-z]+:\/\/[^/]+/, '')}`;
    idempotencyTable = await createTable(client, ['id']);
    const stateTable = await createTable(client, ['pk', 'sk']);
    pauses = new DynamoDbPauseStore(documents, stateTable);
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
      AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${fauxqs.port}`,
      IDEMPOTENCY_TABLE: idempotencyTable,
      STATE_TABLE: stateTable,
      AUDIT_TABLE: await createTable(client, ['pk', 'sk']),
      CHANGES_QUEUE_URL: queueUrl,
      CONNECTOR_SECRETS: '{}',
      SYNCLINE_CONTRACT_FILE: 'syncline.yaml',
    });
    ({ handler } = await import('../../../functions/process.ts'));
  });
  afterAll(async () => fauxqs.stop());

  const event = (id: string): ChangeEvent => ({ source: 'hubspot', objectType: 'contacts', sourceId: '1001', eventId: id, occurredAt: '2026-12-06T10:00:00Z', kind: 'upsert', fields: {} });
  const batch = (ids: string[]) =>
    toSqsEvent(
      { logicalId: 'Changes', name: 'changes.fifo', url: queueUrl, arn: 'arn:aws:sqs:us-east-1:000000000000:changes.fifo', fifo: true, visibilityTimeout: 180, deadLetter: false },
      ids.map((id) => ({ MessageId: `m-${id}`, ReceiptHandle: `r-${id}`, Body: JSON.stringify(event(id)), Attributes: { MessageGroupId: 'hubspot:contacts:1001', ApproximateReceiveCount: '1' } })),
    );
  const context = { getRemainingTimeInMillis: () => 60_000 } as Context;

  it('parks the changes of a paused source, claiming nothing, and the resume puts them back on the queue in order', async () => {
    // Prepare
    await pauses.pause('hubspot', '2026-12-06T10:00:00.000Z');
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true));

    // Act
    let response: SQSBatchResponse;
    try {
      response = await handler(batch(['h1', 'h2']), context);
    } finally {
      spy.mockRestore();
    }
    const resumed = await resumeConnector({ pauses, queue: new SqsParkedQueue(sqs, queueUrl) }, 'hubspot');

    // Assess: done (no batch item failures), never claimed (so the resent change is processed), logged as parked.
    expect(response).toEqual({ batchItemFailures: [] });
    expect((await documents.send(new GetCommand({ TableName: idempotencyTable, Key: { id: 'hubspot:h1' }, ConsistentRead: true }))).Item).toBeUndefined();
    expect(lines.filter((l) => l.includes('"change parked"')).map((l) => (JSON.parse(l) as { correlationId: string; connector: string }).correlationId)).toEqual(['h1', 'h2']);
    expect(resumed).toEqual({ wasPaused: true, sent: 2, refused: [] });
    // One record's messages: FIFO hands out the next once the one before it is deleted.
    const received: string[] = [];
    for (let n = 0; n < 3; n++) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
      received.push(...Messages.map((m) => (JSON.parse(m.Body ?? '{}') as ChangeEvent).eventId));
      for (const m of Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
    expect(received).toEqual(['h1', 'h2']);
  });
});
