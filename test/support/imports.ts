import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Hub } from '#local/hub';
import type { CallRecord } from '#local/sandboxes/kit/calls';
import { getJson, hubspotClient, postJson, sandboxRecords } from './hub-client.ts';
import { localCredentials } from './local-aws.ts';

/** One contact to create in HubSpot. */
export interface NewContact {
  email: string;
  firstname?: string;
  lastname: string;
}

/** Creates `people` in the hub's HubSpot sandbox, 100 per batch-create call (HubSpot's batch size); their ids, in order. */
export async function createHubspotContacts(hub: Hub, people: readonly NewContact[]): Promise<string[]> {
  const hubspot = hubspotClient(hub);
  const ids: string[] = [];
  for (let start = 0; start < people.length; start += 100) {
    const batch = people.slice(start, start + 100);
    const { results } = await hubspot.crm.contacts.batchApi.create({ inputs: batch.map((properties) => ({ properties: { ...properties }, associations: [] })) });
    // A batch's results need not come back in input order: match them by e-mail.
    const byEmail = new Map(results.map((r) => [String(r.properties['email']).toLowerCase(), r.id]));
    ids.push(...batch.map((p) => byEmail.get(p.email.toLowerCase()) ?? ''));
  }
  return ids;
}

/**
 * How many Salesforce people (Contacts and Leads, deleted ones left out) hold each e-mail address, lower-cased:
 * one person written twice, once per object or twice in one, counts 2.
 */
export async function salesforcePeopleByEmail(hub: Hub): Promise<Map<string, number>> {
  const people = [...(await sandboxRecords(hub.salesforce.url, 'Contact')), ...(await sandboxRecords(hub.salesforce.url, 'Lead'))].filter((r) => r['IsDeleted'] !== true);
  const counts = new Map<string, number>();
  for (const person of people) {
    const email = person['Email'];
    if (typeof email === 'string') counts.set(email.toLowerCase(), (counts.get(email.toLowerCase()) ?? 0) + 1);
  }
  return counts;
}

/** Every vendor API call the hub's Salesforce sandbox has answered, oldest first (its inspection calls are not in it). */
export async function salesforceCalls(hub: Hub): Promise<CallRecord[]> {
  return (await getJson<{ calls: CallRecord[] }>(`${hub.salesforce.url}/__sandbox/calls`)).calls;
}

/** Calls per endpoint, e.g. `{ upsertCollection: 10, query: 12 }`. */
export function countByEndpoint(calls: readonly CallRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { endpoint } of calls) counts[endpoint] = (counts[endpoint] ?? 0) + 1;
  return counts;
}

/**
 * A REST call, one the sandbox counts against the org's daily API allocation and reports in `Sforce-Limit-Info`
 * (vendor-apis §1.6); the OAuth token grant is not one.
 */
export const isSalesforceApiCall = (call: CallRecord): boolean => call.path.startsWith('/services/data/');

/**
 * Sets the Salesforce org's daily API usage in the sandbox: `used` requests of `limit` so far. Calls beyond the limit
 * are refused with 403 REQUEST_LIMIT_EXCEEDED (vendor-apis §1.6).
 */
export async function setSalesforceApiUsage(hub: Hub, usage: { used: number; limit: number }): Promise<void> {
  await postJson(`${hub.salesforce.url}/__sandbox/limits`, usage);
}

/** A new day for the Salesforce org in the sandbox: no API request used yet, the allocation as it was. */
export async function resetSalesforceApiUsage(hub: Hub): Promise<void> {
  await postJson(`${hub.salesforce.url}/__sandbox/limits/reset`, {});
}

/** Messages in the hub's dead-letter queues, waiting or being read. */
export async function deadLetterDepth(hub: Hub): Promise<number> {
  const sqs = new SQSClient({ endpoint: hub.aws.sqsEndpoint, region: hub.aws.region, credentials: localCredentials });
  let depth = 0;
  for (const queue of hub.aws.queues.filter((q) => q.deadLetter)) {
    const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
    depth += Number(Attributes['ApproximateNumberOfMessages']) + Number(Attributes['ApproximateNumberOfMessagesNotVisible']);
  }
  return depth;
}

/** Ids of the HubSpot records whose webhook events the hub has acknowledged (a delivery's last attempt answered 2xx). */
export async function hubspotEventsAcknowledged(hub: Hub): Promise<Set<string>> {
  const { deliveries } = await getJson<{ deliveries: { body: string; attempts: { status: number }[] }[] }>(`${hub.hubspot.url}/__sandbox/webhooks`);
  const ids = new Set<string>();
  for (const delivery of deliveries) {
    const status = delivery.attempts.at(-1)?.status ?? 0;
    if (status < 200 || status >= 300) continue;
    for (const event of JSON.parse(delivery.body) as { objectId: number }[]) ids.add(String(event.objectId));
  }
  return ids;
}

/**
 * How many runs of `source`'s poller have ended among `lines` (the hub's function log lines): a run logs
 * `poll finished` at its end, also one whose objects all failed (it throws after the line, for the function's alarm).
 */
export function pollRunsEnded(lines: readonly { line: string }[], source: string): number {
  return lines.filter(({ line }) => {
    if (!line.includes('"poll finished"')) return false;
    return (JSON.parse(line) as Record<string, unknown>)['source'] === source;
  }).length;
}
