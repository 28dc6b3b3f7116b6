import type { APIGatewayProxyEventV2WithIAMAuthorizer } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HealthDeps } from '#app/health-deps';
import type { HealthReport } from '#app/health-types';
import { CloudWatchMetricsReader } from '#adapters/aws/cloudwatch-metrics-reader';
import type * as HealthWiring from '#adapters/health-wiring';
import type { HealthSources } from '#adapters/health-wiring';
import { readHealthEnv } from '#config/env';
import { scheduledEvent } from '#local/runner/schedules';
import { Dimension, integrationName, METRICS_NAMESPACE, MetricName } from '#ports/metrics';
import type { MetricPoint, MetricQuery } from '#ports/metrics-reader';
import { FakeClock } from '#test/support/fakes';
import type * as HealthFunction from '../../../functions/health.ts';

const NOW = Date.parse('2026-12-07T15:30:20Z');

/** The ports the handler's report reads, swapped per test; the wiring's plan and titles stay the real ones. */
const ports: { current: Partial<HealthDeps> } = { current: {} };
const wired: HealthSources[] = [];
vi.mock('#adapters/health-wiring', async (importOriginal) => {
  const actual = await importOriginal<typeof HealthWiring>();
  return {
    cloudWatchSources: actual.cloudWatchSources,
    healthDeps: (sources: HealthSources): HealthDeps => {
      wired.push(sources);
      // Read when the handler runs, so each test's ports apply.
      return new Proxy(actual.healthDeps(sources), { get: (real, key: keyof HealthDeps) => (key in ports.current ? ports.current[key] : real[key]) });
    },
  };
});

/** A metrics reader answering 10 HubSpot → Salesforce syncs three minutes ago, and nothing else. */
const metrics = {
  read: async (queries: readonly MetricQuery[]): Promise<MetricPoint[][]> =>
    queries.map((q) => (q.name === MetricName.IntegrationSynced && q.dimensions[Dimension.integration] === integrationName('hubspot', 'salesforce') && q.dimensions[Dimension.object] === 'person' ? [{ at: NOW - 180_000, value: 10 }] : [])),
};
const healthyPorts: Partial<HealthDeps> = {
  metrics,
  queues: { changes: async () => ({ waiting: 4, inFlight: 2 }), deadLetter: async () => ({ waiting: 1, inFlight: 0 }) },
  quarantine: { list: async () => [] },
  reviews: { list: async () => [] },
  paused: async () => ['gong'],
  clock: new FakeClock(NOW),
};

beforeAll(() => {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    STATE_TABLE: 'syncline-state',
    CHANGES_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/changes.fifo',
    DEAD_LETTER_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/changes-dlq.fifo',
    SYNCLINE_CONTRACT_FILE: 'syncline.yaml',
  });
});

const event = { requestContext: { authorizer: { iam: { userArn: 'arn:aws:iam::123456789012:user/operator' } } } } as APIGatewayProxyEventV2WithIAMAuthorizer;

describe('functions/health.ts (GET /health)', () => {
  let handler: typeof HealthFunction.handler;
  let printed: string[];

  beforeAll(async () => {
    ({ handler } = await import('../../../functions/health.ts'));
  });
  afterEach(() => vi.restoreAllMocks());

  const invoke = async () => {
    printed = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
    return handler(event);
  };

  it('wires the report once, at cold start, to CloudWatch and the state table and queues its environment names', () => {
    expect(wired).toHaveLength(1);
    expect(wired[0]).toMatchObject({ stateTable: 'syncline-state', changesQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/changes.fifo', deadLetterQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/changes-dlq.fifo' });
    expect(wired[0]?.metrics).toBeInstanceOf(CloudWatchMetricsReader);
    expect(wired[0]?.contract.syncs.length).toBeGreaterThan(0);
  });

  it('answers 200 with the health report as JSON, never cached, for every integration of the contract', async () => {
    // Prepare
    ports.current = healthyPorts;

    // Act
    const response = await invoke();

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({ 'content-type': 'application/json', 'cache-control': 'no-store' });
    const report = JSON.parse(String(response.body)) as HealthReport;
    expect(report.at).toBe(new Date(NOW).toISOString());
    expect(report.integrations.map((i) => `${i.integration}:${i.object}`)).toContain('hubspot>salesforce:person');
    expect(report.integrations.find((i) => i.integration === 'hubspot>salesforce' && i.object === 'person')).toMatchObject({ title: 'HubSpot → Salesforce', status: 'Active', synced: 10 });
    expect(report.queues).toEqual({ changes: { waiting: 4, inFlight: 2 }, deadLetter: { waiting: 1 } });
    expect(report.paused).toEqual(['gong']);
    expect(printed.some((l) => l.includes('health report served') && l.includes('arn:aws:iam::123456789012:user/operator'))).toBe(true);
  });

  it('fails with 503 and a short message without the internal error when a store cannot be read, and logs why', async () => {
    // Prepare
    const denied = Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/health is not authorized to perform: sqs:GetQueueAttributes'), { name: 'AccessDenied' });
    ports.current = { ...healthyPorts, queues: { changes: () => Promise.reject(denied), deadLetter: async () => ({ waiting: 0, inFlight: 0 }) } };

    // Act
    const response = await invoke();

    // Assess
    expect(response.statusCode).toBe(503);
    const body = JSON.parse(String(response.body)) as { error: string; message: string };
    expect(body.error).toBe('unavailable');
    expect(body.message).toMatch(/^The health report could not be made right now/);
    expect(response.body).not.toMatch(/arn:|AccessDenied|GetQueueAttributes/);
    expect(printed.some((l) => l.includes('health report failed') && l.includes('AccessDenied') && l.includes('sqs:GetQueueAttributes'))).toBe(true);
  });

  it('fails with 503 when CloudWatch does not answer', async () => {
    // Prepare
    ports.current = { ...healthyPorts, metrics: { read: () => Promise.reject(new Error('socket hang up')) } };

    // Act
    const response = await invoke();

    // Assess
    expect(response.statusCode).toBe(503);
    expect(response.body).not.toContain('socket hang up');
  });
});

describe('functions/health.ts on its schedule (the gauges)', () => {
  let handler: typeof HealthFunction.handler;
  let printed: string[];

  beforeAll(async () => {
    ({ handler } = await import('../../../functions/health.ts'));
  });
  afterEach(() => vi.restoreAllMocks());

  const tick = async () => {
    printed = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
    // The event the local hub's timers hand the function, as EventBridge does.
    return handler(scheduledEvent('HealthGaugeSchedule', NOW));
  };
  const gaugesPrinted = () =>
    printed
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as { _aws: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string; Unit: string }[] }[] } } & Record<string, unknown>)
      .flatMap((doc) => doc._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((metric) => `${m.Namespace}/${metric.Name} ${metric.Unit} ${String(doc[metric.Name])}`)));

  it('emits the quarantine and review sizes and the paused connectors as EMF, without asking CloudWatch, and answers no HTTP response', async () => {
    // Prepare
    const read = vi.fn(() => Promise.reject(new Error('CloudWatch is not asked on a schedule')));
    const quarantined = [{ id: 'hubspot:contact:1' }, { id: 'hubspot:contact:2' }, { id: 'salesforce:Contact:003' }];
    ports.current = { ...healthyPorts, metrics: { read }, quarantine: { list: async () => quarantined as never }, reviews: { list: async () => [{ id: 'e1#stage' }] as never }, paused: async () => ['gong', 'outreach'] };

    // Act
    const result = await tick();

    // Assess
    expect(result).toEqual({ quarantined: 3, inReview: 1, connectorsPaused: 2 });
    expect(result).not.toHaveProperty('statusCode');
    expect(read).not.toHaveBeenCalled();
    expect(gaugesPrinted().sort()).toEqual([`${METRICS_NAMESPACE}/ConnectorsPaused Count 2`, `${METRICS_NAMESPACE}/QuarantineSize Count 3`, `${METRICS_NAMESPACE}/ReviewSize Count 1`]);
    expect(printed.some((l) => l.includes('health gauges emitted') && l.includes('"quarantined":3'))).toBe(true);
    expect(printed.some((l) => l.includes('health report served'))).toBe(false);
  });

  it('emits 0 for an empty quarantine, review queue and paused set, so the dashboard shows them empty rather than unknown', async () => {
    // Prepare
    ports.current = { ...healthyPorts, paused: async () => [] };

    // Act
    const result = await tick();

    // Assess
    expect(result).toEqual({ quarantined: 0, inReview: 0, connectorsPaused: 0 });
    expect(gaugesPrinted().sort()).toEqual([`${METRICS_NAMESPACE}/ConnectorsPaused Count 0`, `${METRICS_NAMESPACE}/QuarantineSize Count 0`, `${METRICS_NAMESPACE}/ReviewSize Count 0`]);
  });

  it('fails, emitting no gauge rather than a 0, when a store cannot be read, and logs why', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ProvisionedThroughputExceededException' });
    ports.current = { ...healthyPorts, reviews: { list: () => Promise.reject(throttled) } };

    // Act
    const run = tick();

    // Assess
    await expect(run).rejects.toBe(throttled);
    expect(gaugesPrinted()).toEqual([]);
    expect(printed.some((l) => l.includes('health gauges failed') && l.includes('ProvisionedThroughputExceededException'))).toBe(true);
  });

  it('answers an API Gateway request with the report, not the gauges, even one whose path or body says "Scheduled Event"', async () => {
    // Prepare
    ports.current = healthyPorts;
    const request = { ...event, rawPath: '/health', body: '{"detail-type":"Scheduled Event","source":"aws.events"}' } as APIGatewayProxyEventV2WithIAMAuthorizer;
    printed = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));

    // Act
    const response = await handler(request);

    // Assess
    expect(response.statusCode).toBe(200);
    expect(gaugesPrinted()).toEqual([]);
  });
});

describe('readHealthEnv', () => {
  it('rejects an environment without the state table and the queue URLs, naming each at once', () => {
    expect(() => readHealthEnv({ CHANGES_QUEUE_URL: 'not a url' })).toThrow(/STATE_TABLE: .*; CHANGES_QUEUE_URL: .*; DEAD_LETTER_QUEUE_URL: /);
  });

  it('defaults the contract to the bundled syncline.yaml', () => {
    expect(readHealthEnv({ STATE_TABLE: 't', CHANGES_QUEUE_URL: 'https://q/c', DEAD_LETTER_QUEUE_URL: 'https://q/d' })).toEqual({ stateTable: 't', changesQueueUrl: 'https://q/c', deadLetterQueueUrl: 'https://q/d', contractFile: 'syncline.yaml' });
  });
});
