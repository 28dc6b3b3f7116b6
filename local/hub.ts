import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs, type FauxqsServer, type MessageSpyReader } from 'fauxqs';
import { buildApp, STACK_NAME } from '#cdk/app';
import { startHubspotSandbox, startSalesforceSandbox, type HubspotSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { LocalAlarms, type LocalAlert } from '#local/runner/alarms';
import { startDynamoDbLocal, type DynamoDbLocal } from '#local/runner/dynamodb-local';
import type { LocalFunction, LogSink } from '#local/runner/function-host';
import { localEventSources, localFunctions, localRoutes } from '#local/runner/functions';
import { startHttpGateway } from '#local/runner/http-gateway';
import { provision, type LocalQueue } from '#local/runner/provision';
import { localSchedules, startSchedules } from '#local/runner/schedules';
import { SqsPoller } from '#local/runner/sqs-poller';
import { LOCAL_REGION, readTemplate } from '#local/runner/template';
import { localCredentials, sandboxSecrets } from '#local/sandbox-credentials';

export interface HubOptions {
  /** Port of the hub's HTTP API; 0 picks a free one. @default SYNCLINE_PORT, else 3000 */
  port?: number;
  /** Ports of the HubSpot and Salesforce sandboxes. @default port + 1 and port + 2 (free ones when port is 0) */
  sandboxPorts?: { hubspot?: number; salesforce?: number };
  /** @default true */
  seed?: boolean;
  /** The HubSpot sandbox's 10-second rate limit (HubSpot's own is 100 to 200 by tier). @default the sandbox's */
  hubspotRateLimitPer10s?: number;
  host?: string;
  root?: string;
  contractFile?: string;
  /** Where the cloud assembly, secrets file and local state go. @default <root>/.syncline */
  stateDir?: string;
  /** Local mode only: seconds before a failed message is retried (Lambda waits the full visibility timeout). @default 2 */
  retryDelaySeconds?: number;
  /** Function log lines (JSON from Powertools). @default dropped */
  log?: LogSink;
  /** Alarm state changes, as the alerts topic would deliver them. */
  onAlert?: (alert: LocalAlert) => void;
  /** Runs every scheduled rule (the pollers) this often instead of at its own rate, for tests and demos. @default each rule's rate */
  scheduleIntervalMs?: number;
}

export interface Hub {
  url: string;
  webhookUrl(source: string): string;
  hubspot: HubspotSandbox;
  salesforce: SalesforceSandbox;
  credentials: typeof localCredentials;
  aws: { region: string; dynamodbEndpoint: string; sqsEndpoint: string; tables: Record<string, string>; queues: LocalQueue[] };
  /** Alarm state changes so far (the template's alarms on Syncline's own metrics, evaluated locally). */
  alerts: LocalAlert[];
  /** Every message sent to, consumed from or dead-lettered in a local queue (the last 1,000). */
  queueSpy: MessageSpyReader;
  stop(): Promise<void>;
}

/**
 * Brings up on one machine what the synthesized template describes: tables in DynamoDB Local, queues with their
 * redrive policies in fauxqs, the HTTP API's routes on one server, the SQS event sources as pollers, the scheduled
 * rules as timers, and the HubSpot and Salesforce sandboxes, seeded. The handlers are the ones Lambda runs; only endpoints differ.
 */
export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const root = options.root ?? resolve(import.meta.dirname, '..');
  const host = options.host ?? '127.0.0.1';
  const stateDir = options.stateDir ?? join(root, '.syncline');
  const contractFile = resolve(root, options.contractFile ?? 'syncline.yaml');
  const port = options.port ?? Number(process.env['SYNCLINE_PORT'] ?? 3000);
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    // Last started, first stopped; each step runs once even if stop() is called again.
    for (let step = stops.pop(); step; step = stops.pop()) await step().catch(() => undefined);
  };
  try {
    // 1. Synthesize: the template is the single description of what runs (an invalid contract stops here).
    const outdir = join(stateDir, 'cdk.out');
    mkdirSync(outdir, { recursive: true });
    buildApp({ contractFile, bundling: false, outdir }).app.synth();
    const template = readTemplate(join(outdir, `${STACK_NAME}.template.json`));

    // 2. AWS stand-ins, provisioned from the template.
    const dynamo: DynamoDbLocal = await startDynamoDbLocal();
    stops.push(() => dynamo.stop());
    const fauxqs: FauxqsServer = await startFauxqs({ port: 0, host, logger: false, messageSpies: { bufferSize: 1000 } });
    stops.push(() => fauxqs.stop());
    const sqsEndpoint = `http://${host}:${fauxqs.port}`;
    const awsCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
    const dynamoClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: awsCredentials });
    const sqs = new SQSClient({ endpoint: sqsEndpoint, region: LOCAL_REGION, credentials: awsCredentials });
    stops.push(async () => (dynamoClient.destroy(), sqs.destroy()));
    const provisioned = await provision(template, dynamoClient, sqs, sqsEndpoint);

    // 3. Functions, each in its own worker with the template's environment and local endpoints.
    const secretsFile = process.env['SYNCLINE_SECRETS_FILE'] ?? join(stateDir, 'secrets.json');
    const baseEnv = {
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: awsCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: awsCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SQS: sqsEndpoint,
      SYNCLINE_SECRETS_FILE: secretsFile,
      SYNCLINE_CONTRACT_FILE: contractFile,
    };
    const alarms = new LocalAlarms(template, options.onAlert);
    const alarmTimer = setInterval(() => alarms.evaluate(Date.now()), 5_000);
    stops.push(async () => clearInterval(alarmTimer));
    const log: LogSink = (fn, line) => {
      alarms.observe(line);
      options.log?.(fn, line);
    };
    const functions = localFunctions(template, provisioned.resources, root, baseEnv, log);
    stops.push(() => Promise.all([...functions.values()].map((f: LocalFunction) => f.close())));

    // 4. The HTTP API.
    const gateway: Server = await startHttpGateway(localRoutes(template, provisioned.resources, functions), port, host);
    stops.push(() => new Promise<void>((r) => (gateway.closeAllConnections(), gateway.close(() => r()))));
    const address = gateway.address();
    const hubPort = typeof address === 'object' && address ? address.port : port;
    const url = `http://${host}:${hubPort}`;

    // 5. Vendor sandboxes; HubSpot sends its signed webhooks to the hub.
    const seed = options.seed ?? true;
    const hubspot = await startHubspotSandbox({ ...localCredentials.hubspot, host, port: options.sandboxPorts?.hubspot ?? (port === 0 ? 0 : hubPort + 1), webhookUrl: `${url}/webhooks/hubspot`, seed, ...(options.hubspotRateLimitPer10s ? { rateLimitPer10s: options.hubspotRateLimitPer10s } : {}) });
    stops.push(() => hubspot.close());
    const salesforce = await startSalesforceSandbox({ ...localCredentials.salesforce, host, port: options.sandboxPorts?.salesforce ?? (port === 0 ? 0 : hubPort + 2), seed });
    stops.push(() => salesforce.close());
    if (!process.env['SYNCLINE_SECRETS_FILE']) {
      mkdirSync(stateDir, { recursive: true });
      writeFileSync(secretsFile, JSON.stringify(sandboxSecrets(template, hubspot.url, salesforce.url), null, 2), { mode: 0o600 });
    }

    // 6. SQS event sources.
    for (const source of localEventSources(template, provisioned.resources)) {
      const queue = provisioned.queues.find((q) => q.arn === source.queueArn);
      const fn = functions.get(source.functionId);
      if (!queue || !fn) throw new Error(`event source ${source.queueArn} → ${source.functionId} does not resolve locally`);
      const poller = new SqsPoller(sqs, queue, fn, { batchSize: source.batchSize, reportBatchItemFailures: source.reportBatchItemFailures, retryDelaySeconds: options.retryDelaySeconds ?? 2 });
      poller.start();
      stops.push(() => poller.stop());
    }

    // 7. EventBridge schedules (the pollers), last: everything they call is up.
    stops.push(startSchedules(localSchedules(template, provisioned.resources, functions), options.log ?? (() => undefined), options.scheduleIntervalMs));

    const tables = Object.fromEntries([...provisioned.resources].filter(([, r]) => provisioned.tables.includes(r.ref)).map(([id, r]) => [id, r.ref]));
    return { url, webhookUrl: (s) => `${url}/webhooks/${s}`, hubspot, salesforce, credentials: localCredentials, aws: { region: LOCAL_REGION, dynamodbEndpoint: dynamo.endpoint, sqsEndpoint, tables, queues: provisioned.queues }, queueSpy: fauxqs.spy, alerts: alarms.alerts, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
