import { randomUUID } from 'node:crypto';
import { pauseConnector, pauseProblem, resumeConnector } from '#app/pause-connector';
import { resyncRecord } from '#app/resync-record';
import { DynamoDbPauseStore } from '#adapters/aws/dynamodb-pause-store';
import { SqsChangeQueue } from '#adapters/aws/sqs-change-queue';
import { SqsParkedQueue } from '#adapters/aws/sqs-parked-queue';
import { crmConnectorFor } from '#adapters/vendors/crm-registry';
import { loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import { systemClock } from '#ports/clock';
import type { HubConnection } from '#local/hub-file';
import { clients, table } from './operations.ts';

/** An operator action's answer: what to print, and whether it did what was asked (exit 0) or not (exit 1). */
export interface ActionResult {
  text: string;
  ok: boolean;
}

/** The contract the hub runs (the local hub says which), else `syncline.yaml`. */
function planOf(c: HubConnection, contractFile?: string) {
  return toSyncPlan(loadContract(contractFile ?? c.contractFile ?? 'syncline.yaml'));
}

function pauseStore(c: HubConnection): DynamoDbPauseStore {
  return new DynamoDbPauseStore(clients(c).documents, c.stateTable);
}

/** `pause`: the paused connectors, since when, and how many changes wait behind each. */
export async function pausedList(c: HubConnection): Promise<string> {
  const store = pauseStore(c);
  const paused = await store.paused();
  if (paused.length === 0) return 'No connector is paused.';
  const rows = await Promise.all(paused.map(async (p) => [p.connector, p.since, String(await store.countParked(p.connector))]));
  return table(['CONNECTOR', 'PAUSED SINCE', 'PARKED CHANGES'], rows);
}

/** `pause <connector>`. */
export async function pauseCommand(c: HubConnection, connector: string, contractFile?: string): Promise<ActionResult> {
  const result = await pauseConnector({ plan: planOf(c, contractFile), pauses: pauseStore(c), clock: systemClock }, connector);
  if (result.status === 'refused') return { text: `Not paused: ${result.reason}.`, ok: false };
  if (result.status === 'already-paused') return { text: `${connector} is paused already (since ${result.since}).`, ok: true };
  return {
    text: `Paused ${connector}. Its webhooks are still accepted; its changes, and changes that would write to it, are parked (within a few seconds), and its pollers keep their place. \`syncline resume ${connector}\` sends every parked change through, in order.`,
    ok: true,
  };
}

/** `resume <connector>`: resumes it and sends what was parked behind it. */
export async function resumeCommand(c: HubConnection, connector: string, contractFile?: string): Promise<ActionResult> {
  const problem = pauseProblem(planOf(c, contractFile), connector);
  if (problem) return { text: `Not resumed: ${problem}.`, ok: false };
  const result = await resumeConnector({ pauses: pauseStore(c), queue: new SqsParkedQueue(clients(c).sqs, c.changesQueueUrl) }, connector);
  if (!result.wasPaused && result.sent === 0 && result.refused.length === 0) return { text: `${connector} is not paused.`, ok: false };
  const lines = [`${result.wasPaused ? `Resumed ${connector}` : `${connector} was not paused`}: sent ${result.sent} parked change(s) through the normal path, in order.`];
  for (const r of result.refused) lines.push(`Refused by the queue, still parked (with the changes parked after it): ${r.id}: ${r.reason}. Run resume again once the cause is fixed.`);
  return { text: lines.join('\n'), ok: result.refused.length === 0 };
}

/** `resync <system>:<object>:<id>`: the record read again from its system now and synced through the pipeline. */
export async function resyncCommand(c: HubConnection, key: string, contractFile?: string): Promise<ActionResult> {
  const deps = {
    plan: planOf(c, contractFile),
    queue: new SqsChangeQueue(clients(c).sqs, c.changesQueueUrl),
    clock: systemClock,
    readable: (system: string) => crmConnectorFor(system)?.reader !== undefined,
    newId: () => randomUUID().slice(0, 8),
  };
  const result = await resyncRecord(deps, key);
  if (result.status === 'refused') return { text: `Not resynced: ${result.reason}.`, ok: false };
  const { event, object, targets } = result;
  return {
    text: `Enqueued ${event.source}:${event.objectType}:${event.sourceId} (${object}), event ${event.eventId}: the processor reads it from ${event.source} now and syncs it to ${targets.join(', ')}.`,
    ok: true,
  };
}
