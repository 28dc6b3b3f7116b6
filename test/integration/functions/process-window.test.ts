import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { ChangeEvent } from '#domain/change-event';
import type { LocalSqs } from '#local/runner/local-sqs';
import { toSqsEvent } from '#local/runner/sqs-poller';
import { createFifoQueue, createTable, dynamoClients, localCredentials, startTestSqs } from '#test/support/local-aws';

/**
 * functions/process.ts as Lambda runs it, against DynamoDB Local and the local SQS: a full batch is topped up from
 * the changes queue, the window settles what it received, and the mapping hears only of its own messages.
 */
describe('the processor with a backlog', () => {
  const { client, documents } = dynamoClients(inject('dynamodbEndpoint'));
  let server: LocalSqs;
  let sqs: SQSClient;
  let queueUrl: string;
  let idempotencyTable: string;
  let handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

  beforeAll(async () => {
    ({ server, sqs } = await startTestSqs());
    // Addressed on the endpoint itself, as the local hub gives the function its queue's URL (local/runner/provision.ts).
    queueUrl = `${server.endpoint}${(await createFifoQueue(sqs, 'changes.fifo')).replace(/^[a-z]+:\/\/[^/]+/, '')}`;
    idempotencyTable = await createTable(client, ['id']);
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
      // As the local hub sets it for the function: the window's client finds the queue as the deferral queue's does.
      AWS_ENDPOINT_URL_SQS: server.endpoint,
      IDEMPOTENCY_TABLE: idempotencyTable,
      STATE_TABLE: await createTable(client, ['pk', 'sk']),
      AUDIT_TABLE: await createTable(client, ['pk', 'sk']),
      CHANGES_QUEUE_URL: queueUrl,
      CONNECTOR_SECRETS: '{}',
      SYNCLINE_CONTRACT_FILE: 'syncline.yaml',
      WINDOW_MAX_RECORDS: '200',
    });
    ({ handler } = await import('../../../functions/process.ts'));
  });
  afterAll(() => server.stop());

  /** Sends changes of a source the contract does not map (each is claimed, then done as `ignored`); `junk` bodies are no change. */
  async function send(names: readonly string[]): Promise<void> {
    for (const name of names) {
      const [eventId = name, group = name] = name.split('@');
      const event: ChangeEvent = { source: 'nowhere', objectType: 'contacts', sourceId: eventId, eventId, occurredAt: '2026-12-06T10:00:00Z', kind: 'upsert', fields: {} };
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: eventId.startsWith('junk') ? 'not a change' : JSON.stringify(event), MessageGroupId: group, MessageDeduplicationId: eventId }));
    }
  }

  const completed = async (id: string) => (await documents.send(new GetCommand({ TableName: idempotencyTable, Key: { id: `nowhere:${id}` }, ConsistentRead: true }))).Item?.['status'];
  const context = (ms: number) => {
    const end = Date.now() + ms;
    return { getRemainingTimeInMillis: () => end - Date.now() } as Context;
  };

  it('tops a full batch up, settles what it received itself, and reports only the mapping\'s own failures', async () => {
    // Prepare: the mapping delivers ten changes, the last no change at all; then m0's group gets a later change,
    // and three other groups one each, one of them no change.
    await send([...Array.from({ length: 9 }, (_, n) => `m${n}`), 'junk9']);
    const { Messages: delivered = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'] }));
    const event = toSqsEvent({ logicalId: 'Changes', name: 'changes.fifo', url: queueUrl, arn: 'arn:aws:sqs:us-east-1:000000000000:changes.fifo', fifo: true, visibilityTimeout: 180, deadLetter: false }, delivered);
    await send(['late@m0', 'junkh0', 'h1', 'h2']);
    const lines: string[] = [];
    const spies = [process.stdout, process.stderr].map((stream) => vi.spyOn(stream, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true)));

    // Act
    let response: SQSBatchResponse;
    try {
      response = await handler(event, context(30_000));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    // Assess: the mapping hears of its own failed message only; the window's changes are done or back on the queue.
    expect(event.Records).toHaveLength(10);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: delivered.find((m) => m.Attributes?.MessageGroupId === 'junk9')?.MessageId }] });
    expect([await completed('m1'), await completed('h1'), await completed('h2'), await completed('late')]).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', undefined]);
    // junkh0 failed: it waits out its first backoff, in flight; h1 and h2 are deleted; m0's later change waits behind
    // m0; the mapping's ten are its own to settle.
    expect(await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }))).not.toHaveProperty('Messages.0');
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    expect([Attributes.ApproximateNumberOfMessages, Attributes.ApproximateNumberOfMessagesNotVisible]).toEqual(['1', '11']);
    const window = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['message'] === 'batch window');
    expect(window).toEqual([expect.objectContaining({ level: 'INFO', delivered: 10, toppedUp: 3, deleted: 2, released: 1, unsettled: 0 })]);
  });
});
