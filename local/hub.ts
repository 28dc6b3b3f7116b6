import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { MessageSpyReader } from 'fauxqs';
import { buildApp, STACK_NAME } from '#cdk/app';
import { loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import {
  startGongSandbox,
  startHubspotSandbox,
  startOutreachSandbox,
  startSalesforceSandbox,
  startSlackSandbox,
  startStripeSandbox,
  startZoominfoSandbox,
  type GongSandbox,
  type HubspotSandbox,
  type OutreachSandbox,
  type SalesforceSandbox,
  type SlackSandbox,
  type StripeSandbox,
  type ZoominfoSandbox,
} from '#local/sandboxes/index';
import { LocalAlarms, snsAlarmEvent, sqsAttributeReader, type LocalAlert } from '#local/runner/alarms';
import { LocalMetricStore } from '#local/runner/metric-store';
import { hubRoutes } from '#local/health-route';
import { dashboardHandler } from '#local/dashboard/index';
import { healthReport } from '#app/health-report';
import { healthDeps } from '#adapters/health-wiring';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal, type DynamoDbLocal } from '#local/runner/dynamodb-local';
import type { LocalFunction, LogSink } from '#local/runner/function-host';
import { localEventSources, localFunctions, localRoutes, localTopicSubscriptions } from '#local/runner/functions';
import { startHttpGateway } from '#local/runner/http-gateway';
import { startLocalSqs } from '#local/runner/local-sqs';
import { provision, type LocalQueue } from '#local/runner/provision';
import { localSchedules, scheduledEvent, startSchedules } from '#local/runner/schedules';
import { SqsPoller } from '#local/runner/sqs-poller';
import { LOCAL_REGION, readTemplate } from '#local/runner/template';
import { hubspotPropertySubscriptions } from '#local/hubspot-subscriptions';
import { salesforceOutboundMessages } from '#local/salesforce-outbound-messages';
import { localCredentials, outboundMessageUrl, sandboxSecrets } from '#local/sandbox-credentials';

export interface HubOptions {
  /** How long a vendor paused for its allocation waits before probing it again (s). @default 20 */
  budgetProbeSeconds?: number;
  /** Port of the hub's HTTP API; 0 picks a free one. @default SYNCLINE_PORT, else 3000 */
  port?: number;
  /**
   * Ports of the vendor sandboxes. @default port + 1 to port + 7 in the order HubSpot, Salesforce, Outreach, Gong,
   * Stripe, ZoomInfo, Slack (free ones when port is 0)
   */
  sandboxPorts?: Partial<Record<SandboxName, number>>;
  /** @default true */
  seed?: boolean;
  /** The HubSpot sandbox's 10-second rate limit (HubSpot's own is 100 to 200 by tier). @default the sandbox's */
  hubspotRateLimitPer10s?: number;
  /**
   * How long the HubSpot sandbox's search misses a created record and keeps an updated record's previous values (ms).
   * @default the sandbox's (on, as in HubSpot)
   */
  hubspotSearchLag?: { createMs: number; updateMs: number };
  /**
   * Start Salesforce and HubSpot as a new org and portal: without the custom fields and properties the contract maps,
   * and so without Outbound Messages, for `syncline setup --apply` to create. @default false
   */
  bareCrms?: boolean;
  root?: string;
  contractFile?: string;
  /** Where the cloud assembly, secrets file and local state go. @default <root>/.syncline */
  stateDir?: string;
  /**
   * Keep the hub's state in `stateDir` across restarts: DynamoDB Local's tables (`dynamodb/`), the queues and their
   * messages (`sqs/`) and every sandbox's records (`sandboxes/<name>.json`, seeded only when absent). Off, all of
   * it lives in memory and a start begins from the seed. @default false
   */
  persist?: boolean;
  /**
   * Reuse a template synthesized before from the same contract and the same stack code, kept in this folder
   * (test suites start many hubs; synthesis is seconds each). @default synthesize every time
   */
  synthCacheDir?: string;
  /** Local mode only: seconds before a failed message is retried (Lambda waits the full visibility timeout). @default 2 */
  retryDelaySeconds?: number;
  /** The processor's first vendor-call backoff (ms, doubling); unset: the deployed default of 1 s. */
  vendorRetryBaseMs?: number;
  /** Function log lines (JSON from Powertools). @default dropped */
  log?: LogSink;
  /** Alarm state changes, as the alerts topic would deliver them. */
  onAlert?: (alert: LocalAlert) => void;
  /** Multiplies every alarm period (1/60 runs a 5-minute alarm period in 5 s), for tests and demos. @default 1 */
  alarmTimeScale?: number;
  /** Runs every scheduled rule (the pollers) this often instead of at its own rate, for tests and demos. @default each rule's rate */
  scheduleIntervalMs?: number;
  /**
   * Runs the daily schedules (reconciliation, enrichment batch) at their time of day (UTC) while the hub runs; tests
   * turn them off, so a suite that runs past 05:00 UTC is not disturbed. @default true
   */
  dailySchedules?: boolean;
}

/** The vendor sandboxes, in the order of their default ports after the hub's. */
export const SANDBOXES = ['hubspot', 'salesforce', 'outreach', 'gong', 'stripe', 'zoominfo', 'slack'] as const;
export type SandboxName = (typeof SANDBOXES)[number];

export interface Hub {
  url: string;
  webhookUrl(source: string): string;
  hubspot: HubspotSandbox;
  salesforce: SalesforceSandbox;
  outreach: OutreachSandbox;
  gong: GongSandbox;
  stripe: StripeSandbox;
  zoominfo: ZoominfoSandbox;
  slack: SlackSandbox;
  credentials: typeof localCredentials;
  /** The local secrets file (Secrets Manager's stand-in), for the `syncline` commands that call the vendors. */
  secretsFile: string;
  /** The contract the hub runs. */
  contractFile: string;
  aws: {
    region: string;
    dynamodbEndpoint: string;
    sqsEndpoint: string;
    tables: Record<string, string>;
    queues: LocalQueue[];
    /**
     * DynamoDB Local itself, to take it away and bring it back on the same port. With `persist` it comes back with
     * its items; in memory it comes back empty and the tables are created again.
     */
    dynamodb: { endpoint: string; stop(): Promise<void>; start(): Promise<void> };
  };
  /** Alarm state changes so far (the template's alarms on Syncline's own metrics, evaluated locally). */
  alerts: LocalAlert[];
  /**
   * The SQS event sources (the processor's and the other queue consumers'): `disable` stops them as disabling a
   * Lambda event source mapping does (messages wait in their queues), `enable` starts them again.
   */
  eventSources: { disable(): Promise<void>; enable(): void };
  /** The bearer token of `GET /health` and the dashboard (`<url>/dashboard#token=<token>`). */
  healthToken: string;
  /** What the functions emitted (CloudWatch's part, for reading): the health report's metrics. */
  metrics: LocalMetricStore;
  /** The template's alarms the hub does not evaluate locally (their metrics or math are not reproduced here). */
  alarmsNotEvaluated: string[];
  /** Every message sent to, consumed from or dead-lettered in a local queue (the last 1,000). */
  queueSpy: MessageSpyReader;
  /** The template's scheduled rules; `run` does now what the rule's timer does when it fires (the target's invocation). */
  schedules: { ruleId: string; expression: string; target: string; run(): Promise<unknown> }[];
  stop(): Promise<void>;
}

/** The stack's template file, synthesized now or taken from the cache when neither contract nor stack code changed. */
function synthesize(root: string, contractFile: string, outdir: string, cacheDir: string | undefined): string {
  const synth = () => {
    buildApp({ contractFile, bundling: false, outdir }).app.synth();
    return join(outdir, `${STACK_NAME}.template.json`);
  };
  if (!cacheDir) return synth();
  // The lockfile stands for the CDK library's version.
  const hash = createHash('sha256').update(readFileSync(contractFile)).update(readFileSync(join(root, 'package-lock.json')));
  // What synthesis reads: the stack, and the contract loader with what it imports.
  for (const dir of ['cdk', 'shared/config', 'shared/ports', 'shared/domain']) {
    const files = readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).sort();
    for (const file of files) hash.update(`${dir}/${file}`).update(readFileSync(join(root, dir, file)));
  }
  const cached = join(cacheDir, `${hash.digest('hex').slice(0, 32)}.template.json`);
  if (!existsSync(cached)) {
    mkdirSync(cacheDir, { recursive: true });
    // Written aside, then renamed: a hub starting at the same moment never reads half a template.
    const partial = `${cached}.${process.pid}.${Date.now()}`;
    copyFileSync(synth(), partial);
    renameSync(partial, cached);
  }
  return cached;
}

/**
 * Brings up on one machine what the synthesized template describes: tables in DynamoDB Local, queues with their
 * redrive policies in fauxqs, the HTTP API's routes on one server, the SQS event sources as pollers, the scheduled
 * rules as timers, the alerts topic's subscribers as direct calls, and the vendor sandboxes (HubSpot, Salesforce,
 * Outreach, Gong, Stripe, ZoomInfo, Slack), seeded and wired to send their webhooks to the hub. The handlers are the
 * ones Lambda runs; only endpoints differ.
 */
export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const root = options.root ?? resolve(import.meta.dirname, '..');
  // Loopback only, for every listener: the sandboxes' inspection routes and the AWS stand-ins check no signatures.
  const host = '127.0.0.1';
  const persist = options.persist ?? false;
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
    const template = readTemplate(synthesize(root, contractFile, outdir, options.synthCacheDir));

    // 2. AWS stand-ins, provisioned from the template.
    const dynamo: DynamoDbLocal = await startDynamoDbLocal(persist ? { dbPath: join(stateDir, 'dynamodb') } : {});
    stops.push(() => dynamo.stop());
    const fauxqs = await startLocalSqs({ spyBufferSize: 1000, ...(persist ? { dataDir: join(stateDir, 'sqs') } : {}) });
    stops.push(() => fauxqs.stop());
    const sqsEndpoint = fauxqs.endpoint;
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
      // A sandbox's new API day (`POST /__sandbox/limits/reset`) shows within half a minute, not a quarter hour.
      SYNCLINE_BUDGET_PROBE_SECONDS: String(options.budgetProbeSeconds ?? 20),
      // A failed change a processor window received returns as early as the local event source's own failures do.
      WINDOW_RELEASE_BASE_SECONDS: String(options.retryDelaySeconds ?? 2),
      ...(options.vendorRetryBaseMs ? { SYNCLINE_VENDOR_RETRY_BASE_MS: String(options.vendorRetryBaseMs) } : {}),
    };
    // Alarm state changes go where the template's alerts topic sends them: its Lambda subscribers (the Slack forwarder).
    let notifySubscribers: (alert: LocalAlert) => void = () => undefined;
    const alarms = new LocalAlarms(template, (alert) => {
      options.onAlert?.(alert);
      notifySubscribers(alert);
    }, { queues: provisioned.queues, read: sqsAttributeReader(sqs) }, { timeScale: options.alarmTimeScale ?? 1 });
    const alarmTimer = setInterval(() => alarms.evaluate(Date.now()), Math.max(100, 5_000 * Math.min(1, options.alarmTimeScale ?? 1)));
    stops.push(async () => clearInterval(alarmTimer));
    const metrics = new LocalMetricStore();
    const log: LogSink = (fn, line) => {
      alarms.observe(line);
      metrics.observe(line);
      options.log?.(fn, line);
    };
    const functions = localFunctions(template, provisioned.resources, root, baseEnv, log);
    stops.push(() => Promise.all([...functions.values()].map((f: LocalFunction) => f.close())));

    // 4. The HTTP API.
    const routes = localRoutes(template, provisioned.resources, functions);
    const healthToken = randomBytes(24).toString('base64url');
    const contract = loadContract(contractFile);
    const changesQueue = provisioned.queues.find((q) => q.fifo && !q.deadLetter);
    const stateTable = [...provisioned.resources].find(([id]) => id.startsWith('TablesState'))?.[1].ref ?? '';
    const deadLetterQueue = provisioned.queues.find((q) => q.deadLetter);
    const readQueue = sqsAttributeReader(sqs);
    const health = healthDeps({
      contract,
      metrics,
      documents: DynamoDBDocumentClient.from(dynamoClient),
      sqs,
      stateTable,
      changesQueueUrl: changesQueue?.url ?? '',
      ...(deadLetterQueue ? { deadLetterQueueUrl: deadLetterQueue.url } : {}),
      oldestAgeSec: (url) => readQueue(url, 'ApproximateAgeOfOldestMessage'),
    });
    const report = () => healthReport(health, { stoppageWindowMs: 15 * 60_000 * (options.alarmTimeScale ?? 1) });
    const gateway: Server = await startHttpGateway(routes, port, host, hubRoutes({ token: healthToken, report, dashboard: dashboardHandler() }));
    stops.push(() => new Promise<void>((r) => (gateway.closeAllConnections(), gateway.close(() => r()))));
    const address = gateway.address();
    const hubPort = typeof address === 'object' && address ? address.port : port;
    const url = `http://${host}:${hubPort}`;

    // 5. Vendor sandboxes, each sending its signed webhooks to the hub as the vendor does.
    const seed = options.seed ?? true;
    const sandboxPort = (name: SandboxName) => options.sandboxPorts?.[name] ?? (port === 0 ? 0 : hubPort + 1 + SANDBOXES.indexOf(name));
    const started = <T extends { close(): Promise<void> }>(sandbox: T): T => (stops.push(() => sandbox.close()), sandbox);
    const kept = (name: SandboxName) => (persist ? { stateFile: join(stateDir, 'sandboxes', `${name}.json`) } : {});
    // A vendor is pointed at the hub only where the contract turns its webhooks on (a route exists), as an admin would.
    const routed = new Set(routes.map((r) => r.routeKey));
    const hubWebhookUrl = (source: string) => `${url}/webhooks/${source}`;
    const webhookUrl = (source: string) => (routed.has(`POST /webhooks/${source}`) ? hubWebhookUrl(source) : undefined);
    const salesforceOm = webhookUrl('salesforce');
    const { salesforce: sf, outreach: or, stripe: st } = localCredentials;
    const plan = toSyncPlan(contract);
    const propertySubscriptions = hubspotPropertySubscriptions(plan);
    const bare = options.bareCrms === true;
    const lag = options.hubspotSearchLag;
    const hubspot = started(
      await startHubspotSandbox({
        ...localCredentials.hubspot,
        host,
        port: sandboxPort('hubspot'),
        webhookUrl: webhookUrl('hubspot'),
        propertySubscriptions,
        seed,
        ...kept('hubspot'),
        ...(options.hubspotRateLimitPer10s ? { rateLimitPer10s: options.hubspotRateLimitPer10s } : {}),
        ...(lag ? { searchLagMs: lag.createMs, searchUpdateLagMs: lag.updateMs } : {}),
        ...(bare ? { synclineProperties: false } : {}),
      }),
    );
    const salesforce = started(
      await startSalesforceSandbox({
        clientId: sf.clientId,
        clientSecret: sf.clientSecret,
        refreshToken: sf.refreshToken,
        host,
        port: sandboxPort('salesforce'),
        seed,
        ...kept('salesforce'),
        ...(bare ? { customFields: false } : {}),
        // The Outbound Messages an admin would set up for Syncline: every mapped object, with the fields the contract
        // reads and SystemModstamp.
        // Salesforce retries an unacknowledged message for 24 hours; the hub's sandbox keeps at it for 15 minutes, with
        // a patient first try, so a function starting cold on a busy laptop does not cost a message.
        ...(salesforceOm && !bare ? { outboundMessages: { organizationId: sf.organizationId, definitions: salesforceOutboundMessages(plan).map(({ object, fields }) => ({ object, fields, endpointUrl: outboundMessageUrl(salesforceOm) })), maxAgeMs: 15 * 60_000, maxRetryIntervalMs: 5_000, timeoutMs: 10_000 } } : {}),
      }),
    );
    const outreach = started(await startOutreachSandbox({ clientId: or.clientId, clientSecret: or.clientSecret, refreshToken: or.refreshToken, accessToken: or.accessToken, webhookSecret: or.webhookSecret, webhookUrl: webhookUrl('outreach'), host, port: sandboxPort('outreach'), seed, ...kept('outreach') }));
    const gong = started(await startGongSandbox({ host, port: sandboxPort('gong'), webhookUrl: webhookUrl('gong'), seed, ...kept('gong') }));
    const stripe = started(await startStripeSandbox({ apiKey: st.apiKey, webhookSecret: st.webhookSecret, webhookUrl: webhookUrl('stripe'), host, port: sandboxPort('stripe'), seed, ...kept('stripe') }));
    const zoominfo = started(await startZoominfoSandbox({ ...localCredentials.zoominfo, host, port: sandboxPort('zoominfo'), seed, ...kept('zoominfo') }));
    const slack = started(await startSlackSandbox({ host, port: sandboxPort('slack'), webhooks: [localCredentials.slack.webhookPath], ...kept('slack') }));
    if (!process.env['SYNCLINE_SECRETS_FILE']) {
      mkdirSync(stateDir, { recursive: true });
      const endpoints = { hubspot: hubspot.url, salesforce: salesforce.url, outreach: outreach.url, zoominfo: zoominfo.url, slack: slack.url, gong: gong.url, gongPublicKey: gong.publicKeyPem };
      writeFileSync(secretsFile, JSON.stringify(sandboxSecrets(template, endpoints), null, 2), { mode: 0o600 });
    }
    const subscribers = localTopicSubscriptions(template, provisioned.resources, functions);
    notifySubscribers = (alert) => {
      for (const { topicArn, fn } of subscribers) void fn.invoke(snsAlarmEvent(alert, topicArn, LOCAL_REGION)).catch(() => undefined); // the function logs its own failure
    };

    // 6. SQS event sources.
    const pollers: SqsPoller[] = [];
    for (const source of localEventSources(template, provisioned.resources)) {
      const queue = provisioned.queues.find((q) => q.arn === source.queueArn);
      const fn = functions.get(source.functionId);
      if (!queue || !fn) throw new Error(`event source ${source.queueArn} → ${source.functionId} does not resolve locally`);
      const poller = new SqsPoller(sqs, queue, fn, { batchSize: source.batchSize, reportBatchItemFailures: source.reportBatchItemFailures, retryDelaySeconds: options.retryDelaySeconds ?? 2, ...(source.maxConcurrency ? { concurrency: source.maxConcurrency } : {}) }, log);
      poller.start();
      pollers.push(poller);
      stops.push(() => poller.stop());
    }

    // 7. EventBridge schedules (the pollers), last: everything they call is up.
    const schedules = localSchedules(template, provisioned.resources, functions);
    const timed = options.dailySchedules === false ? schedules.filter((s) => s.intervalMs !== undefined) : schedules;
    stops.push(startSchedules(timed, options.log ?? (() => undefined), options.scheduleIntervalMs));
    const scheduleRuns = schedules.map((s) => ({ ruleId: s.ruleId, expression: s.expression, target: s.fn.spec.logicalId, run: () => s.fn.invoke(scheduledEvent(s.ruleId, Date.now())) }));

    const tables = Object.fromEntries([...provisioned.resources].filter(([, r]) => provisioned.tables.includes(r.ref)).map(([id, r]) => [id, r.ref]));
    const dynamodb = {
      endpoint: dynamo.endpoint,
      stop: () => dynamo.stop(),
      // Provisioning keeps what exists, so this only recreates the tables an in-memory DynamoDB Local lost.
      start: async () => (await dynamo.start(), void (await provision(template, dynamoClient, sqs, sqsEndpoint))),
    };
    return { url, webhookUrl: hubWebhookUrl, hubspot, salesforce, outreach, gong, stripe, zoominfo, slack, credentials: localCredentials, secretsFile, contractFile, aws: { region: LOCAL_REGION, dynamodbEndpoint: dynamo.endpoint, sqsEndpoint, tables, queues: provisioned.queues, dynamodb }, queueSpy: fauxqs.spy, schedules: scheduleRuns, alerts: alarms.alerts, alarmsNotEvaluated: alarms.notEvaluated, healthToken, metrics, eventSources: { disable: async () => void (await Promise.all(pollers.map((p) => p.stop()))), enable: () => pollers.forEach((p) => p.start()) }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
