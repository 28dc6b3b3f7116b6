import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { HealthReport } from '#app/health-types';
import { DynamoDbPauseStore } from '#adapters/aws/dynamodb-pause-store';
import { DynamoDbQuarantineStore } from '#adapters/aws/dynamodb-quarantine-store';
import type { LocalSqs } from '#local/runner/local-sqs';
import { Dimension, integrationName, MetricName } from '#ports/metrics';
import type { QuarantineItem } from '#ports/stores';
import { createFifoQueue, createTable, dynamoClients, localCredentials, startTestSqs } from '#test/support/local-aws';

type MetricDataQuery = { Id: string; MetricStat: { Metric: { MetricName: string; Dimensions: { Name: string; Value: string }[] } } };

/**
 * A stand-in for CloudWatch's GetMetricData (AWS JSON 1.0, `X-Amz-Target: GraniteServiceVersion20100801.GetMetricData`):
 * 10 HubSpot → Salesforce people synced three minutes ago, nothing else; or, while `refusing`, the AccessDenied a role
 * without cloudwatch:GetMetricData gets.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 */
function startCloudWatchStub() {
  const state = { refusing: false, targets: [] as string[] };
  const read = (req: IncomingMessage) => new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => resolve(body));
  });
  const server: Server = createServer(async (req, res) => {
    const input = JSON.parse(await read(req)) as { MetricDataQueries: MetricDataQuery[] };
    state.targets.push(String(req.headers['x-amz-target']));
    if (state.refusing) {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      return res.end(JSON.stringify({ __type: 'com.amazonaws.cloudwatch#AccessDenied', message: 'User: arn:aws:sts::000000000000:assumed-role/health is not authorized to perform: cloudwatch:GetMetricData' }));
    }
    const at = Math.floor((Date.now() - 180_000) / 60_000) * 60;
    const synced = (q: MetricDataQuery) => {
      const dims = Object.fromEntries(q.MetricStat.Metric.Dimensions.map((d) => [d.Name, d.Value]));
      return q.MetricStat.Metric.MetricName === MetricName.IntegrationSynced && dims[Dimension.integration] === integrationName('hubspot', 'salesforce') && dims[Dimension.object] === 'person';
    };
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    res.end(JSON.stringify({ MetricDataResults: input.MetricDataQueries.map((q) => ({ Id: q.Id, StatusCode: 'Complete', Timestamps: synced(q) ? [at] : [], Values: synced(q) ? [10] : [] })) }));
  });
  return new Promise<{ endpoint: string; state: typeof state; close: () => Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state, close: () => new Promise((r) => server.close(() => r())) })),
  );
}

/** functions/health.ts as Lambda runs it, over DynamoDB Local and fauxqs, with CloudWatch stood in for. */
describe('the health function (DynamoDB Local, fauxqs, a CloudWatch stand-in)', () => {
  const { client, documents } = dynamoClients(inject('dynamodbEndpoint'));
  let sqsServer: LocalSqs;
  let sqs: SQSClient;
  let cloudwatch: Awaited<ReturnType<typeof startCloudWatchStub>>;
  let changesQueueUrl: string;
  let handler: (event: APIGatewayProxyEventV2WithIAMAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;
  const event = { requestContext: { authorizer: { iam: { userArn: 'arn:aws:iam::000000000000:user/operator' } } } } as APIGatewayProxyEventV2WithIAMAuthorizer;

  beforeAll(async () => {
    ({ server: sqsServer, sqs } = await startTestSqs());
    cloudwatch = await startCloudWatchStub();
    // fauxqs names its host `sqs.<region>.127.0.0.1`, which is not a valid URL host; the endpoint's own is.
    const urlOf = (created: string) => `${sqsServer.endpoint}${created.replace(/^[a-z]+:\/\/[^/]+/, '')}`;
    changesQueueUrl = urlOf(await createFifoQueue(sqs, 'changes.fifo'));
    const deadLetterQueueUrl = urlOf(await createFifoQueue(sqs, 'changes-dlq.fifo'));
    const stateTable = await createTable(client, ['pk', 'sk']);
    const quarantined = { id: 'hubspot:contacts:1001', at: new Date().toISOString(), code: 'REQUIRED_FIELD_MISSING', reason: 'salesforce requires lastName', attempts: 1, event: { source: 'hubspot', objectType: 'contacts', sourceId: '1001', eventId: 'e-1', occurredAt: new Date().toISOString(), kind: 'upsert', fields: {} } } as QuarantineItem;
    await new DynamoDbQuarantineStore(documents, stateTable).put(quarantined);
    await new DynamoDbPauseStore(documents, stateTable).pause('gong', new Date().toISOString());
    for (const id of ['1', '2']) await sqs.send(new SendMessageCommand({ QueueUrl: changesQueueUrl, MessageBody: '{}', MessageGroupId: 'g', MessageDeduplicationId: id }));
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamodbEndpoint'),
      AWS_ENDPOINT_URL_SQS: sqsServer.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH: cloudwatch.endpoint,
      STATE_TABLE: stateTable,
      CHANGES_QUEUE_URL: changesQueueUrl,
      DEAD_LETTER_QUEUE_URL: deadLetterQueueUrl,
      SYNCLINE_CONTRACT_FILE: 'syncline.yaml',
    });
    ({ handler } = await import('../../../functions/health.ts'));
  });
  afterAll(async () => {
    await cloudwatch.close();
    await sqsServer.stop();
  });

  const invoke = async () => {
    // Powertools writes its JSON lines to stdout and stderr; kept off the test output.
    const spies = [process.stdout, process.stderr].map((stream) => vi.spyOn(stream, 'write').mockImplementation(() => true));
    try {
      return await handler(event);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  };

  it('answers 200 with the report of the queues, the quarantine, the paused set and the metrics', async () => {
    // Act
    const response = await invoke();

    // Assess
    expect(response.statusCode).toBe(200);
    const report = JSON.parse(String(response.body)) as HealthReport;
    expect(report.queues.changes).toMatchObject({ waiting: 2, inFlight: 0 });
    expect(report.queues.deadLetter).toEqual({ waiting: 0 });
    expect(report.quarantined).toBe(1);
    expect(report.inReview).toBe(0);
    expect(report.paused).toEqual(['gong']);
    expect(report.recentErrors).toEqual(expect.arrayContaining([expect.objectContaining({ where: 'hubspot', code: 'REQUIRED_FIELD_MISSING', count: 1 })]));
    expect(report.integrations.find((i) => i.integration === 'hubspot>salesforce' && i.object === 'person')).toMatchObject({ status: 'Active', synced: 10 });
    const throughGong = report.integrations.filter((i) => i.source === 'gong' || i.target === 'gong');
    expect(throughGong.length).toBeGreaterThan(0);
    expect(throughGong.map((i) => i.status)).toEqual(throughGong.map(() => 'Stopped'));
    expect(cloudwatch.state.targets.length).toBeGreaterThan(0);
    expect(cloudwatch.state.targets.every((t) => t === 'GraniteServiceVersion20100801.GetMetricData')).toBe(true);
  });

  it('fails with 503, naming nothing internal, when CloudWatch refuses the function', async () => {
    // Prepare
    cloudwatch.state.refusing = true;

    // Act
    const response = await invoke().finally(() => (cloudwatch.state.refusing = false));

    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.body).not.toMatch(/arn:|AccessDenied|GetMetricData/);
  });
});
