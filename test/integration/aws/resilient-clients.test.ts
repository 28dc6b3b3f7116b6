import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dynamoDbProbe } from '#adapters/aws/dynamodb-probe';
import { AWS_HTTP_OPTIONS, AWS_MAX_IN_FLIGHT, resilientDynamoDbDocuments } from '#adapters/aws/resilient-clients';
import { InfrastructureUnavailable } from '#domain/errors';
import { createTable, dynamoClients, localCredentials } from '#test/support/local-aws';

const local = { region: 'us-east-1', credentials: localCredentials };

async function listening<T extends Server | ReturnType<typeof createTcpServer>>(server: T): Promise<{ server: T; endpoint: string }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A port nothing listens on: taken, then given back. */
async function closedPort(): Promise<string> {
  const { server, endpoint } = await listening(createTcpServer());
  await new Promise((resolve) => server.close(resolve));
  return endpoint;
}

const get = (endpoint: string) => resilientDynamoDbDocuments({ endpoint, ...local }).send(new GetCommand({ TableName: 't', Key: { id: 'x' } }));

describe('the processor’s DynamoDB client', () => {
  const sockets: Socket[] = [];
  const servers: { close(): unknown }[] = [];
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    for (const server of servers) server.close();
  });

  it('reports a refused connection as DynamoDB unavailable, ECONNREFUSED', async () => {
    const error = await get(await closedPort()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InfrastructureUnavailable);
    expect(error).toMatchObject({ service: 'dynamodb', reason: 'ECONNREFUSED' });
  });

  it('gives up on an endpoint that accepts connections and never answers, as a timeout', async () => {
    const { server, endpoint } = await listening(createTcpServer((socket) => sockets.push(socket)));
    servers.push(server);

    await expect(get(endpoint)).rejects.toMatchObject({ name: 'InfrastructureUnavailable', service: 'dynamodb', reason: expect.stringMatching(/^(TimeoutError|ETIMEDOUT)$/) });
  });

  it.each([
    [400, { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate exceeded' }, 'ThrottlingException'],
    [400, { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'slow down' }, 'ProvisionedThroughputExceededException'],
    [500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'oops' }, 'InternalServerError'],
    [503, {}, 'HTTP 503'],
  ])('reports an answer %i %j as DynamoDB unavailable (%s), after the SDK’s own retries', async (status, body, reason) => {
    let calls = 0;
    const { server, endpoint } = await listening(
      createHttpServer((_req, res) => {
        calls++;
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(body));
      }),
    );
    servers.push(server);

    await expect(get(endpoint)).rejects.toMatchObject({ name: 'InfrastructureUnavailable', service: 'dynamodb', reason });
    expect(calls).toBe(3);
  });

  it('answers a thousand calls made at once by a slow DynamoDB, at most 50 on the wire, where the SDK alone times them out in its queue', async () => {
    let open = 0;
    let most = 0;
    // 100 ms an answer: 1,000 calls over 50 sockets take 2 s, twice the connection timeout.
    const { server, endpoint } = await listening(
      createHttpServer((_req, res) => {
        most = Math.max(most, ++open);
        setTimeout(() => {
          open--;
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
        }, 100);
      }),
    );
    servers.push(server);
    const calls = (client: ReturnType<typeof resilientDynamoDbDocuments>) => Promise.allSettled(Array.from({ length: 1_000 }, (_, i) => client.send(new GetCommand({ TableName: 't', Key: { pk: `k${i}` } }))));

    const limited = await calls(resilientDynamoDbDocuments({ endpoint, ...local }));
    expect(limited.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(most).toBeLessThanOrEqual(AWS_MAX_IN_FLIGHT);

    // The same client without the limit: the calls queued behind the agent's 50 sockets run out their connection timeout.
    const bare = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, ...local, maxAttempts: 1, requestHandler: AWS_HTTP_OPTIONS }));
    const unlimited = await calls(bare);
    expect(unlimited.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
  });

  describe('against DynamoDB Local', () => {
    const endpoint = inject('dynamodbEndpoint');
    let table: string;
    beforeAll(async () => {
      table = await createTable(dynamoClients(endpoint).client, ['id']);
    });

    it('keeps a failed condition check as it is, for the stores to recognise', async () => {
      const documents = resilientDynamoDbDocuments({ endpoint, ...local });
      const put = () => documents.send(new PutCommand({ TableName: table, Item: { id: 'once' }, ConditionExpression: 'attribute_not_exists(id)' }));
      await put();

      await expect(put()).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    });

    it('keeps a validation error as it is: the request was wrong, DynamoDB was there', async () => {
      const error = await resilientDynamoDbDocuments({ endpoint, ...local })
        .send(new GetCommand({ TableName: table, Key: { wrong: 'key' } }))
        .catch((e: unknown) => e);

      expect(error).toMatchObject({ name: 'ValidationException' });
      expect(error).not.toBeInstanceOf(InfrastructureUnavailable);
    });

    it('probes: answers while DynamoDB does, rejects when it is gone', async () => {
      await expect(dynamoDbProbe(resilientDynamoDbDocuments({ endpoint, ...local }), table)()).resolves.toBeUndefined();
      await expect(dynamoDbProbe(resilientDynamoDbDocuments({ endpoint: await closedPort(), ...local }), table)()).rejects.toBeInstanceOf(InfrastructureUnavailable);
    });
  });
});
