import { recordKey, type ChangeEvent } from '#domain/change-event';
import { entityOf, targetsOf, type SyncPlan } from '#domain/mapping';
import type { ChangeQueue } from '#ports/change-queue';
import type { Clock } from '#ports/clock';

export interface ResyncDeps {
  plan: Pick<SyncPlan, 'objects' | 'syncs'>;
  queue: ChangeQueue;
  clock: Clock;
  /** Whether the processor can read a system's records (a connector with a reader). */
  readable(system: string): boolean;
  /** A fresh unique suffix for the event id. */
  newId(): string;
}

export type ResyncResult = { status: 'enqueued'; event: ChangeEvent; object: string; targets: string[] } | { status: 'refused'; reason: string };

/** A record named as `<system>:<object>:<id>`, its object spelled as the contract spells it (any case accepted). */
export function parseRecordKey(plan: Pick<SyncPlan, 'objects'>, key: string): { system: string; objectType: string; id: string } | { problem: string } {
  const [system = '', objectType = '', ...rest] = key.split(':');
  const id = rest.join(':');
  if (!system || !objectType || !id) return { problem: `"${key}" is not a record: expected <system>:<object>:<id>, e.g. salesforce:Contact:003… or hubspot:contacts:1001` };
  const systems = [...new Set(Object.values(plan.objects).flatMap((m) => Object.keys(m.systems)))].sort();
  if (!systems.includes(system)) return { problem: `unknown system "${system}": the contract maps ${systems.join(', ')}` };
  const objects = [...new Set(Object.values(plan.objects).flatMap((m) => m.systems[system]?.objects ?? []))];
  const spelled = objects.find((o) => o === objectType) ?? objects.find((o) => o.toLowerCase() === objectType.toLowerCase());
  if (!spelled) return { problem: `unknown object "${objectType}" of ${system}: the contract maps ${objects.join(', ')}` };
  return { system, objectType: spelled, id };
}

/**
 * Sends one record through the normal pipeline now, as if it had just changed: a change event with no values and a
 * fresh event id (so idempotency cannot take it for a change already processed), which makes the processor read
 * the record from its system and sync what it holds. For a record changed without a notification, or after a fix.
 */
export async function resyncRecord(deps: ResyncDeps, key: string): Promise<ResyncResult> {
  const parsed = parseRecordKey(deps.plan, key);
  if ('problem' in parsed) return { status: 'refused', reason: parsed.problem };
  const { system, objectType, id } = parsed;
  const object = entityOf(deps.plan as SyncPlan, system, objectType)?.[0] ?? '';
  const targets = targetsOf(deps.plan, object, system);
  if (targets.length === 0) return { status: 'refused', reason: `the contract syncs no ${object} from ${system}: nothing to resync` };
  if (!deps.readable(system)) return { status: 'refused', reason: `Syncline cannot read ${system} records (its changes arrive whole, by webhook): nothing to read again` };
  const nowMs = deps.clock.nowMs();
  const event: ChangeEvent = { source: system, objectType, sourceId: id, eventId: `resync-${nowMs}-${deps.newId()}`.slice(0, 100), occurredAt: new Date(nowMs).toISOString(), kind: 'upsert', fields: {} };
  const { refused } = await deps.queue.enqueue([event]);
  const refusal = refused[0];
  if (refusal) return { status: 'refused', reason: `the changes queue refused the change for ${recordKey(system, objectType, id)}: ${refusal.reason}` };
  return { status: 'enqueued', event, object, targets };
}
