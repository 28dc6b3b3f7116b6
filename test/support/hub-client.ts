import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@hubspot/api-client';
import jsforce, { type Connection } from 'jsforce';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbAuditLog } from '#adapters/aws/dynamodb-audit-log';
import { startHub, type Hub, type HubOptions } from '#local/hub';
import { dynamoClients, localCredentials } from './local-aws.ts';

/** Starts the whole local hub on free ports, with its state in a temporary directory. */
export function startTestHub(options: HubOptions = {}): Promise<Hub> {
  return startHub({ port: 0, stateDir: mkdtempSync(join(tmpdir(), 'syncline-e2e-')), retryDelaySeconds: 1, ...options });
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
export async function queuesDrained(hub: Hub): Promise<boolean> {
  const sqs = new SQSClient({ endpoint: hub.aws.sqsEndpoint, region: hub.aws.region, credentials: localCredentials });
  for (const queue of hub.aws.queues.filter((q) => !q.deadLetter)) {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    if (Number(Attributes['ApproximateNumberOfMessages']) + Number(Attributes['ApproximateNumberOfMessagesNotVisible']) > 0) return false;
  }
  return true;
}
