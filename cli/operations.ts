import { existsSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { approveReview, rejectReview } from '#app/decide-review';
import { retryQuarantined } from '#app/retry-quarantined';
import { DynamoDbAuditLog } from '#adapters/aws/dynamodb-audit-log';
import { DynamoDbQuarantineStore } from '#adapters/aws/dynamodb-quarantine-store';
import { DynamoDbDeclinedStore, DynamoDbReviewStore } from '#adapters/aws/dynamodb-review-store';
import { DynamoDbStateStore } from '#adapters/aws/dynamodb-state-store';
import { SqsChangeQueue } from '#adapters/aws/sqs-change-queue';
import { loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import { systemClock } from '#ports/clock';
import { readHubFile, type HubConnection } from '#local/hub-file';
import { HubNotRunningError } from './hub-not-running.ts';
import { auditTrailOf, isEmail, renderAudit, reviewSubjects } from './record-views.ts';

/**
 * Where the stores are: the running local hub (`.syncline/hub.json`, written by `npm start`), or a deployed stack
 * named by SYNCLINE_STATE_TABLE, SYNCLINE_AUDIT_TABLE and SYNCLINE_CHANGES_QUEUE_URL (and SYNCLINE_DLQ_URL for the
 * `dlq` commands), the stack's outputs, with the usual AWS credentials.
 */
export function resolveConnection(hubFile = '.syncline/hub.json'): HubConnection {
  if (existsSync(hubFile)) return readHubFile(hubFile);
  const env = process.env;
  const [stateTable, auditTable, changesQueueUrl] = [env['SYNCLINE_STATE_TABLE'], env['SYNCLINE_AUDIT_TABLE'], env['SYNCLINE_CHANGES_QUEUE_URL']];
  if (!stateTable || !auditTable || !changesQueueUrl) throw new HubNotRunningError();
  const [deadLetterQueueUrl, idempotencyTable, syncRunMachineArn, enrichMachineArn] = [env['SYNCLINE_DLQ_URL'], env['SYNCLINE_IDEMPOTENCY_TABLE'], env['SYNCLINE_SYNC_RUN_MACHINE'], env['SYNCLINE_ENRICH_MACHINE']];
  return { region: env['AWS_REGION'] ?? 'us-east-1', stateTable, auditTable, changesQueueUrl, ...(deadLetterQueueUrl ? { deadLetterQueueUrl } : {}), ...(idempotencyTable ? { idempotencyTable } : {}), ...(syncRunMachineArn ? { syncRunMachineArn } : {}), ...(enrichMachineArn ? { enrichMachineArn } : {}) };
}

/** The DynamoDB and SQS clients of a connection. */
export function clients(c: HubConnection) {
  const local = c.dynamodbEndpoint ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {};
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({ region: c.region, ...local, ...(c.dynamodbEndpoint ? { endpoint: c.dynamodbEndpoint } : {}) }), { marshallOptions: { removeUndefinedValues: true } });
  const sqs = new SQSClient({ region: c.region, ...local, ...(c.sqsEndpoint ? { endpoint: c.sqsEndpoint } : {}) });
  return { documents, sqs };
}

/** `quarantine list`: one line per waiting change, with its reason. */
export async function quarantineList(c: HubConnection): Promise<string> {
  const items = await new DynamoDbQuarantineStore(clients(c).documents, c.stateTable).list();
  if (items.length === 0) return 'The quarantine is empty.';
  const rows = items.map((i) => [i.id, i.at, `${i.event.source}:${i.event.objectType}:${i.event.sourceId}`, i.code, String(i.attempts), i.reason]);
  return table(['ID', 'QUARANTINED AT', 'RECORD', 'CODE', 'ATTEMPTS', 'REASON'], rows);
}

/** `quarantine retry ID... | --all`: sends the changes through the normal path again. */
export async function quarantineRetry(c: HubConnection, ids: readonly string[] | 'all'): Promise<{ text: string; ok: boolean }> {
  const { documents, sqs } = clients(c);
  const result = await retryQuarantined({ quarantine: new DynamoDbQuarantineStore(documents, c.stateTable), queue: new SqsChangeQueue(sqs, c.changesQueueUrl) }, ids);
  const lines = [`Retried ${result.retried.length} change(s)${result.retried.length > 0 ? `: ${result.retried.join(', ')}` : ''}.`];
  if (result.missing.length > 0) lines.push(`Not in the quarantine: ${result.missing.join(', ')}.`);
  for (const r of result.refused ?? []) lines.push(`Refused by the queue, still quarantined: ${r.id} (${r.code}: ${r.reason}).`);
  return { text: lines.join('\n'), ok: result.missing.length === 0 && !result.refused };
}

/** `review list`: held changes to critical fields, the current value against the proposed one. */
export async function reviewList(c: HubConnection): Promise<string> {
  const items = await new DynamoDbReviewStore(clients(c).documents, c.stateTable).list();
  if (items.length === 0) return 'Nothing is waiting for review.';
  const show = (v: unknown) => (v === null ? '∅' : JSON.stringify(v));
  const subjects = await reviewSubjects(new DynamoDbStateStore(clients(c).documents, c.stateTable), planOrNothing(c.contractFile ?? 'syncline.yaml'), items);
  const rows = items.map((i, n) => [i.id, i.at, i.object, i.field, `${show(i.current.value)} (${i.current.source})`, `${show(i.proposed.value)} (${i.proposed.source})`, subjects[n]?.from ?? '', subjects[n]?.record ?? '']);
  return table(['ID', 'HELD AT', 'OBJECT', 'FIELD', 'CURRENT', 'PROPOSED', 'FROM', 'RECORD'], rows);
}

/** The contract's plan, for naming what an identity review holds; without a readable contract, names come from the stores only. */
function planOrNothing(contractFile: string) {
  try {
    return toSyncPlan(loadContract(contractFile));
  } catch {
    return undefined;
  }
}

/** `review approve ID` / `review reject ID`. */
export async function reviewDecide(c: HubConnection, decision: 'approve' | 'reject', id: string): Promise<{ text: string; ok: boolean }> {
  const { documents, sqs } = clients(c);
  const deps = { reviews: new DynamoDbReviewStore(documents, c.stateTable), declined: new DynamoDbDeclinedStore(documents, c.stateTable), queue: new SqsChangeQueue(sqs, c.changesQueueUrl), clock: systemClock };
  const result = decision === 'approve' ? await approveReview(deps, id) : await rejectReview(deps, id);
  if (result.status === 'not-found') return { text: `No review ${id} is waiting.`, ok: false };
  const suggestion = id.startsWith('suggestion#');
  const approved = suggestion ? `Approved ${id}: the contact is looked up and created in the linked systems.` : `Approved ${id}: the change is on its way to the linked systems.`;
  const rejected = suggestion ? `Rejected ${id}: the contact is not created and will not be suggested again.` : `Rejected ${id}: the current value stays.`;
  return { text: result.status === 'approved' ? approved : rejected, ok: true };
}

/**
 * `audit <system>:<object>:<id>` or `audit <system>:<id>`: every field Syncline wrote to the record and from it, oldest
 * first; `audit <email>`: every entry of every record linked to the person with that e-mail address.
 */
export async function auditHistory(c: HubConnection, key: string, contractFile = c.contractFile ?? 'syncline.yaml'): Promise<string> {
  const { documents } = clients(c);
  const plan = isEmail(key) ? toSyncPlan(loadContract(contractFile)) : {};
  const deps = { plan, state: new DynamoDbStateStore(documents, c.stateTable), audit: new DynamoDbAuditLog(documents, c.auditTable) };
  return renderAudit(key, await auditTrailOf(deps, key, (system) => objectsOf(system, contractFile)), table);
}

function objectsOf(system: string, contractFile: string): string[] {
  const contract = loadContract(contractFile);
  return [...new Set(Object.values(contract.objects).flatMap((o) => (o.systems as Record<string, { objects: string[] } | undefined>)[system]?.objects ?? []))];
}

/** Rows as aligned columns under a header. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
