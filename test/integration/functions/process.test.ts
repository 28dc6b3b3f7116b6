import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { ChangeEvent } from '#domain/change-event';
import { toSqsEvent } from '#local/runner/sqs-poller';
import { createTable, dynamoClients, localCredentials } from '#test/support/local-aws';

/**
 * functions/process.ts as Lambda runs it, against DynamoDB Local behind a switch that can take it away (connections
 * are cut as they arrive) and fauxqs as the changes queue: an outage is waited out, or its changes are deferred.
 */
describe('the processor when DynamoDB goes away', () => {
  const endpoint = inject('dynamodbEndpoint');
  const { client, documents } = dynamoClients(endpoint);
  let down = false;
  const sockets = new Set<Socket>();
  /** DynamoDB goes away: open connections are cut, new ones too. */
  const goDown = () => {
    down = true;
    for (const socket of sockets) socket.destroy();
  };
  let proxy: Server;
  let fauxqs: FauxqsServer;
  let sqs: SQSClient;
  let queueUrl: string;
  let idempotencyTable: string;
  let handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

  beforeAll(async () => {
    const target = new URL(endpoint);
    proxy = createServer((socket) => {
      if (down) return void socket.destroy();
      const upstream = connect(Number(target.port), target.hostname);
      for (const s of [socket, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined).on('close', () => sockets.delete(s));
      }
      socket.pipe(upstream).pipe(socket);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
    sqs = new SQSClient({ endpoint: `http://127.0.0.1:${fauxqs.port}`, region: 'us-east-1', credentials: localCredentials });
    const created = (await sqs.send(new CreateQueueCommand({ QueueName: 'changes.fifo', Attributes: { FifoQueue: 'true' } }))).QueueUrl ?? '';
    // fauxqs names a virtual host; the queue is addressed on its endpoint, as the local runner does.
    queueUrl = `http://127.0.0.1:${fauxqs.port}${created.replace(/^[a-z]+:\/\/[^/]+/, "")}`;
    idempotencyTable = await createTable(client, ['id']);
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${fauxqs.port}`,
      IDEMPOTENCY_TABLE: idempotencyTable,
      STATE_TABLE: await createTable(client, ['pk', 'sk']),
      AUDIT_TABLE: await createTable(client, ['pk', 'sk']),
      CHANGES_QUEUE_URL: queueUrl,
      CONNECTOR_SECRETS: '{}',
      SYNCLINE_CONTRACT_FILE: 'syncline.yaml',
    });
    ({ handler } = await import('../../../functions/process.ts'));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    proxy.close();
    await fauxqs.stop();
  });

  /** Changes of a source the contract does not map: each is claimed, then done as `ignored`. */
  const batch = (ids: string[]) =>
    toSqsEvent(
      { logicalId: 'Changes', name: 'changes.fifo', url: queueUrl, arn: 'arn:aws:sqs:us-east-1:000000000000:changes.fifo', fifo: true, visibilityTimeout: 180, deadLetter: false },
      ids.map((id) => {
        const event: ChangeEvent = { source: 'nowhere', objectType: 'contacts', sourceId: id, eventId: id, occurredAt: '2026-12-06T10:00:00Z', kind: 'upsert', fields: {} };
        return { MessageId: `m-${id}`, ReceiptHandle: `r-${id}`, Body: JSON.stringify(event), Attributes: { MessageGroupId: `g-${id}`, ApproximateReceiveCount: '1' } };
      }),
    );
  const context = (ms: number) => {
    const end = Date.now() + ms;
    return { getRemainingTimeInMillis: () => end - Date.now() } as Context;
  };
  const completed = async (id: string) => (await documents.send(new GetCommand({ TableName: idempotencyTable, Key: { id: `nowhere:${id}` }, ConsistentRead: true }))).Item?.['status'];

  it('waits out an outage that ends within the invocation and processes every change', async () => {
    goDown();
    setTimeout(() => (down = false), 1_500);

    const response = await handler(batch(['w1', 'w2']), context(30_000));

    expect(response).toEqual({ batchItemFailures: [] });
    expect([await completed('w1'), await completed('w2')]).toEqual(['COMPLETED', 'COMPLETED']);
  });

  it('defers the changes of an outage that outlasts the invocation, naming the cause once, and fails none', async () => {
    const lines: string[] = [];
    const spies = [process.stdout, process.stderr].map((stream) => vi.spyOn(stream, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true)));
    goDown();
    try {
      // Two seconds beyond what the batch keeps back for deferring.
      const response = await handler(batch(['d1', 'd2']), context(12_000));
      expect(response).toEqual({ batchItemFailures: [] });
    } finally {
      for (const spy of spies) spy.mockRestore();
      down = false;
    }

    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
    expect(Messages.map((m) => [(JSON.parse(m.Body ?? '{}') as ChangeEvent).eventId, m.Attributes?.MessageGroupId, m.MessageAttributes?.['SynclineDeferrals']?.StringValue]).sort()).toEqual([
      ['d1', 'g-d1', '1'],
      ['d2', 'g-d2', '1'],
    ]);
    const outage = lines.filter((l) => l.includes('"infrastructure unavailable"'));
    expect(outage).toHaveLength(1);
    expect(JSON.parse(outage[0] ?? '{}')).toMatchObject({ level: 'ERROR', awsService: 'dynamodb', reason: 'ECONNRESET', deferred: 2, resolved: false, failed: 0 });
    expect(lines.join('')).toContain('"InfrastructureErrors"');
    expect(await completed('d1')).toBeUndefined();
  });
});
