import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@hubspot/api-client';
import jsforce, { type Connection } from 'jsforce';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { parseDocument } from 'yaml';
import { DynamoDbAuditLog } from '#adapters/aws/dynamodb-audit-log';
import { startHub, type Hub, type HubOptions } from '#local/hub';
import { dynamoClients, localCredentials } from './local-aws.ts';

/**
 * The shipped syncline.yaml with only `enable`d connectors on, written to a temporary file: for a test whose subject
 * is one flow at a scale where the others' traffic (every Salesforce person also becoming an Outreach prospect)
 * would only add minutes; `settings` overrides connector settings (`{ salesforce: { webhooks: false } }`). Everything
 * else is the shipped contract, unchanged.
 */
export function shippedContractWith(enable: readonly string[], settings: Record<string, Record<string, unknown>> = {}): string {
  const doc = parseDocument(readFileSync('syncline.yaml', 'utf8'));
  const connectors = doc.get('connectors') as { items: { key: { value: string } }[] };
  for (const { key } of connectors.items) doc.setIn(['connectors', key.value, 'enabled'], enable.includes(key.value));
  for (const [name, values] of Object.entries(settings)) for (const [field, value] of Object.entries(values)) doc.setIn(['connectors', name, field], value);
  const file = join(mkdtempSync(join(tmpdir(), 'syncline-contract-')), 'syncline.yaml');
  writeFileSync(file, doc.toString());
  return file;
}

/** Starts the whole local hub on free ports, with its state in a temporary directory. */
export function startTestHub(options: HubOptions = {}): Promise<Hub> {
  // SYNCLINE_E2E_LOG=<file> keeps every function's log lines of the run, to see why a test waited in vain; on CI the
  // failed invocations (timeouts, crashes) go to stderr, where the run's output keeps them.
  const file = process.env['SYNCLINE_E2E_LOG'];
  const ci = Boolean(process.env['CI']);
  const log: HubOptions['log'] = (fn, line) => {
    if (file) appendFileSync(file, `${fn} ${line}\n`);
    if (ci && line.includes('invocation failed')) process.stderr.write(`${fn} ${line}\n`);
    options.log?.(fn, line);
  };
  // One synthesis per contract and stack code across the suite's hubs.
  // The daily schedules stay off: a suite running past 05:00 UTC is not disturbed by a batch; a test fires one itself.
  return startHub({ port: 0, stateDir: mkdtempSync(join(tmpdir(), 'syncline-e2e-')), synthCacheDir: join(tmpdir(), 'syncline-e2e-synth'), retryDelaySeconds: 1, vendorRetryBaseMs: 250, dailySchedules: false, ...options, log });
}

/** The real HubSpot SDK, pointed at the hub's HubSpot sandbox. */
export function hubspotClient(hub: Hub): Client {
  return new Client({ accessToken: hub.credentials.hubspot.accessToken, basePath: hub.hubspot.url });
}

/**
 * The real jsforce, pointed at the hub's Salesforce sandbox. No access token: jsforce gets one through the
 * refresh-token grant, as the connector does.
 */
export function salesforceConnection(hub: Hub): Connection {
  const { clientId, clientSecret, refreshToken } = hub.credentials.salesforce;
  return new jsforce.Connection({
    oauth2: { clientId, clientSecret, loginUrl: hub.salesforce.url, redirectUri: `${hub.salesforce.url}/services/oauth2/success` },
    loginUrl: hub.salesforce.url,
    instanceUrl: hub.salesforce.url,
    refreshToken,
    version: '62.0',
  });
}

export async function getJson<T = unknown>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export const postJson = <T = unknown>(url: string, body: unknown) => getJson<T>(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Records of one object in a sandbox. */
export async function sandboxRecords(sandboxUrl: string, object: string): Promise<Record<string, unknown>[]> {
  return (await getJson<{ records: Record<string, unknown>[] }>(`${sandboxUrl}/__sandbox/records/${object}`)).records;
}

/** How often each endpoint of a sandbox was called. */
export async function sandboxCounts(sandboxUrl: string): Promise<Record<string, number>> {
  return (await getJson<{ counts: Record<string, number> }>(`${sandboxUrl}/__sandbox/calls`)).counts;
}

/** The audit trail of one record, read from the hub's audit table in DynamoDB Local. */
export function auditOf(hub: Hub, recordKey: string) {
  const table = Object.entries(hub.aws.tables).find(([id]) => id.toLowerCase().includes('audit'))?.[1];
  if (!table) throw new Error(`no audit table among ${Object.keys(hub.aws.tables).join(', ')}`);
  return new DynamoDbAuditLog(dynamoClients(hub.aws.dynamodbEndpoint).documents, table).history(recordKey);
}

/** Resolves once every queue of the hub is empty and nothing is in flight. */
/** Each queue's visible, in-flight and delayed messages, by queue (its name), dead-letter queues marked. */
async function depthsOf(hub: Hub): Promise<{ name: string; deadLetter: boolean; visible: number; inFlight: number; delayed: number }[]> {
  const sqs = new SQSClient({ endpoint: hub.aws.sqsEndpoint, region: hub.aws.region, credentials: localCredentials });
  const depths = [];
  for (const queue of hub.aws.queues) {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }));
    const count = (name: string) => Number(Attributes[name as keyof typeof Attributes] ?? 0);
    depths.push({ name: queue.url.split('/').at(-1) ?? queue.url, deadLetter: queue.deadLetter, visible: count('ApproximateNumberOfMessages'), inFlight: count('ApproximateNumberOfMessagesNotVisible'), delayed: count('ApproximateNumberOfMessagesDelayed') });
  }
  return depths;
}

/** Each queue's visible, in-flight and delayed messages, to say where a stalled flow's changes are. */
export async function queueDepths(hub: Hub): Promise<Record<string, string>> {
  return Object.fromEntries((await depthsOf(hub)).map((d) => [d.name, `${d.visible} visible, ${d.inFlight} in flight, ${d.delayed} delayed`]));
}

/** Messages visible or in flight on every queue but the dead-letter queues. */
async function waiting(hub: Hub): Promise<number> {
  return (await depthsOf(hub)).filter((d) => !d.deadLetter).reduce((n, d) => n + d.visible + d.inFlight, 0);
}

/**
 * Waits until every queue but the dead-letter queues is empty (nothing visible, nothing in flight), failing only when
 * their depth has not moved for `stallMs`; the failure names each queue's depths.
 */
export async function waitForDrained(hub: Hub, { stallMs = 120_000 } = {}): Promise<void> {
  await waitForCount(async () => -(await waiting(hub)), 0, { stallMs, intervalMs: 500, diagnose: async () => JSON.stringify(await queueDepths(hub)) });
}

export async function queuesDrained(hub: Hub): Promise<boolean> {
  return (await waiting(hub)) === 0;
}

/**
 * Waits until `count()` reaches `target`, failing only when it has not moved for `stallMs`: a flow of thousands of
 * records takes as long as the machine it runs on needs, and fails here when it stops, not when it is slow.
 */
export async function waitForCount(
  count: () => Promise<number>,
  target: number,
  { stallMs = 120_000, intervalMs = 2_000, diagnose }: { stallMs?: number; intervalMs?: number; diagnose?: () => Promise<string> } = {},
): Promise<void> {
  let last = -1;
  let movedAt = Date.now();
  for (;;) {
    const now = await count();
    if (now === target) return;
    if (now !== last) [last, movedAt] = [now, Date.now()];
    if (Date.now() - movedAt > stallMs) throw new Error(`stalled at ${now} of ${target} for ${stallMs / 1000} s${diagnose ? `: ${await diagnose()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
