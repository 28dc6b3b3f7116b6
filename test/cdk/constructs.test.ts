import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { ConnectorSecrets } from '#cdk/constructs/connector-secrets';
import { FifoWorker } from '#cdk/constructs/fifo-worker';
import { NodeFunction } from '#cdk/constructs/node-function';
import { PollSchedule, type PollScheduleProps } from '#cdk/constructs/poll-schedule';
import { SyncAlarms } from '#cdk/constructs/sync-alarms';
import { WebhookApi } from '#cdk/constructs/webhook-api';
import { WebhookEndpoint, type WebhookEndpointProps } from '#cdk/constructs/webhook-endpoint';
import { PROJECT_ROOT } from '#cdk/syncline-stack';

function newStack(): Stack {
  return new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');
}

function endpointProps(stack: Stack, overrides: Partial<WebhookEndpointProps>): WebhookEndpointProps {
  return {
    api: new WebhookApi(stack, 'Api'),
    source: 'hubspot',
    queue: new Queue(stack, 'Queue', { fifo: true }),
    stateTable: new Table(stack, 'State', { partitionKey: { name: 'pk', type: AttributeType.STRING }, sortKey: { name: 'sk', type: AttributeType.STRING } }),
    secret: new Secret(stack, 'Secret'),
    projectRoot: PROJECT_ROOT,
    ...overrides,
  };
}

describe('FifoWorker', () => {
  it('rejects an event source concurrency SQS does not allow', () => {
    expect(() => new FifoWorker(newStack(), 'Worker', { projectRoot: PROJECT_ROOT, maxConcurrency: 1 })).toThrow('maximum concurrency 1 is not allowed for an SQS event source; use an integer from 2 to 1000');
  });

  it('rejects a visibility timeout below 6 × the processor timeout', () => {
    const stack = newStack();

    expect(() => new FifoWorker(stack, 'Worker', { projectRoot: PROJECT_ROOT, visibilityTimeout: Duration.seconds(120) })).toThrow(
      'visibility timeout 120 s is less than 6 × the processor timeout (60 s); use at least 360 s',
    );
  });

  it('rejects a visibility timeout that a longer processor timeout makes too short', () => {
    const stack = newStack();

    expect(
      () => new FifoWorker(stack, 'Worker', { projectRoot: PROJECT_ROOT, processorTimeout: Duration.minutes(1), visibilityTimeout: Duration.minutes(5) }),
    ).toThrow('use at least 360 s');
  });

  it.each([11, 0, 2.5])('rejects a batch size of %s', (batchSize) => {
    const stack = newStack();

    expect(() => new FifoWorker(stack, 'Worker', { projectRoot: PROJECT_ROOT, batchSize })).toThrow(
      `batch size ${batchSize} is not allowed for a FIFO queue; use an integer from 1 to 10`,
    );
  });

  it('accepts the boundary values: exactly 6 × the timeout and a batch of 10', () => {
    const stack = newStack();

    expect(() => new FifoWorker(stack, 'Worker', { projectRoot: PROJECT_ROOT, visibilityTimeout: Duration.seconds(360), batchSize: 10 })).not.toThrow();
  });

  it.each([0, -10, 50.5])('rejects a window of %s records', (windowMaxRecords) => {
    const stack = newStack();

    expect(() => new FifoWorker(stack, 'Worker', { projectRoot: PROJECT_ROOT, windowMaxRecords })).toThrow(
      `window of ${windowMaxRecords} records is not allowed; use a positive integer (10 or less turns topping up off)`,
    );
  });

  it('gives the processor the window it is given', () => {
    const stack = newStack();

    new FifoWorker(stack, 'Worker', { projectRoot: PROJECT_ROOT, windowMaxRecords: 100 });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ WINDOW_MAX_RECORDS: '100' }) } });
  });
});

describe('WebhookEndpoint', () => {
  it.each(['HubSpot', '1hubspot', 'hub_spot', 'hub/spot', ''])('rejects the source name "%s"', (source) => {
    const stack = newStack();

    expect(() => new WebhookEndpoint(stack, 'Endpoint', endpointProps(stack, { source }))).toThrow(`webhook source "${source}" is not a valid name`);
  });

  it.each([0, -1, 10 * 1024 * 1024 + 1, 1000.5])('rejects a body cap of %s bytes', (maxBodyBytes) => {
    const stack = newStack();

    expect(() => new WebhookEndpoint(stack, 'Endpoint', endpointProps(stack, { maxBodyBytes }))).toThrow(
      `body cap ${maxBodyBytes} bytes is out of range; use an integer from 1 to 10485760 (10 MiB)`,
    );
  });

  it('accepts a body cap of exactly 10 MiB', () => {
    const stack = newStack();

    expect(() => new WebhookEndpoint(stack, 'Endpoint', endpointProps(stack, { maxBodyBytes: 10 * 1024 * 1024 }))).not.toThrow();
  });
});

describe('WebhookApi', () => {
  it.each([
    [{ rateLimit: 0 }, 'throttling rate limit 0 must be a number greater than 0'],
    [{ rateLimit: -5 }, 'throttling rate limit -5 must be a number greater than 0'],
    [{ burstLimit: 0 }, 'throttling burst limit 0 must be an integer greater than 0'],
    [{ burstLimit: 1.5 }, 'throttling burst limit 1.5 must be an integer greater than 0'],
  ])('rejects throttling %o', (throttle, message) => {
    const stack = newStack();

    expect(() => new WebhookApi(stack, 'Api', throttle)).toThrow(message);
  });
});

describe('ConnectorSecrets', () => {
  it('rejects a grant for a connector that is not enabled', () => {
    const stack = newStack();
    const secrets = new ConnectorSecrets(stack, 'Secrets', { connectors: ['hubspot'] });

    expect(() => secrets.secretOf('salesforce')).toThrow('connector "salesforce" has no secret; enable it in syncline.yaml (enabled connectors: hubspot)');
  });

  it('rejects a connector name that cannot be a secret name', () => {
    const stack = newStack();

    expect(() => new ConnectorSecrets(stack, 'Secrets', { connectors: ['Hub Spot'] })).toThrow('connector name "Hub Spot" is not allowed');
  });
});

describe('NodeFunction', () => {
  it('rejects an absolute entry path', () => {
    const stack = newStack();

    expect(() => new NodeFunction(stack, 'Fn', { projectRoot: PROJECT_ROOT, entry: '/tmp/handler.ts' })).toThrow(
      'entry "/tmp/handler.ts" must be a path relative to the project root',
    );
  });

  it('rejects a timeout Lambda does not allow', () => {
    const stack = newStack();

    expect(() => new NodeFunction(stack, 'Fn', { projectRoot: PROJECT_ROOT, entry: 'functions/process.ts', timeout: Duration.minutes(16) })).toThrow(
      "timeout 960 s is outside Lambda's range; use 1 to 900 s",
    );
  });
});

describe('SyncAlarms', () => {
  it('rejects a stoppage window shorter than 5 minutes', () => {
    const stack = newStack();

    expect(() => new SyncAlarms(stack, 'Alarms', { stoppageWindow: Duration.minutes(1) })).toThrow('stoppage window 1 minutes is out of range; use a multiple of 5 minutes from 5 to 360');
  });

  it('rejects a stoppage window that is not a whole number of 5-minute buckets', () => {
    expect(() => new SyncAlarms(newStack(), 'Alarms', { stoppageWindow: Duration.minutes(32) })).toThrow('stoppage window 32 minutes is out of range');
  });
});

describe('PollSchedule', () => {
  function pollProps(stack: Stack, overrides: Partial<PollScheduleProps>): PollScheduleProps {
    return {
      source: 'salesforce',
      queue: new Queue(stack, 'Queue', { fifo: true }),
      stateTable: new Table(stack, 'State', { partitionKey: { name: 'pk', type: AttributeType.STRING }, sortKey: { name: 'sk', type: AttributeType.STRING } }),
      secret: new Secret(stack, 'Secret'),
      projectRoot: PROJECT_ROOT,
      contractFiles: { 'syncline.yaml': `${PROJECT_ROOT}/syncline.yaml` },
      bundledContractFile: 'syncline.yaml',
      ...overrides,
    };
  }

  it('rejects a timeout that is not shorter than the interval', () => {
    const stack = newStack();

    expect(() => new PollSchedule(stack, 'Poller', pollProps(stack, { timeout: Duration.seconds(60) }))).toThrow(
      'poll timeout 60 s must be shorter than the interval (60 s), so runs do not overlap',
    );
  });

  it('rejects an interval that is not whole minutes', () => {
    const stack = newStack();

    expect(() => new PollSchedule(stack, 'Poller', pollProps(stack, { interval: Duration.seconds(90) }))).toThrow(
      'poll interval 90 s is not allowed; EventBridge rates are whole minutes, at least 1',
    );
  });

  it('rejects a source that is not a valid name', () => {
    const stack = newStack();

    expect(() => new PollSchedule(stack, 'Poller', pollProps(stack, { source: 'Sales Force' }))).toThrow(/poll source "Sales Force" is not a valid name/);
  });

  it('schedules at the given interval and passes the lookback in seconds', () => {
    const stack = newStack();

    const poller = new PollSchedule(stack, 'Poller', pollProps(stack, { interval: Duration.minutes(5), timeout: Duration.minutes(2), lookback: Duration.hours(1) }));

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
    expect(poller.function.node.defaultChild).toBeDefined();
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 120, Environment: { Variables: Match.objectLike({ POLL_LOOKBACK_SECONDS: '3600', SOURCE: 'salesforce' }) } });
  });
});
