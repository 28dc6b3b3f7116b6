import { recordKey, type ChangeEvent } from '#domain/change-event';
import { QueueRefusal, type RefusedChange } from '#ports/change-queue';
import type { Clock } from '#ports/clock';
import type { QuarantineStore } from '#ports/stores';

/** A change the queue refused that now waits in the quarantine. No values, safe to log. */
export interface RefusedRecord {
  /** The record's key, `system:object:id`, which is also its quarantine id. */
  recordKey: string;
  eventId: string;
  code: string;
  reason: string;
}

/**
 * Quarantines each refused change under its record key, one entry per record as the processor keeps them
 * (process-change.ts), so `syncline quarantine list` shows it and `quarantine retry` sends it again.
 */
export async function quarantineRefused(deps: { quarantine: QuarantineStore; clock: Clock }, refusals: readonly RefusedChange[]): Promise<RefusedRecord[]> {
  const at = new Date(deps.clock.nowMs()).toISOString();
  const records: RefusedRecord[] = [];
  for (const { event, code, reason } of refusals) {
    const id = recordKey(event.source, event.objectType, event.sourceId);
    const tooLarge = code === QueueRefusal.TooLarge;
    // A snapshot is the only copy of its record's values (no reader reads it again): say so rather than promise a retry.
    const afterwards = event.snapshot ? `, which were the only copy of the record: ${event.source} must send it again` : ', so a retry reads the record from its source';
    const why = tooLarge ? `${reason}; the quarantine keeps the change without its values${afterwards}` : reason;
    const previous = await deps.quarantine.get(id);
    await deps.quarantine.put({ id, event: tooLarge ? withoutValues(event) : event, code, reason: why, at, attempts: (previous?.attempts ?? 0) + 1 });
    records.push({ recordKey: id, eventId: event.eventId, code, reason: why });
  }
  return records;
}

/** A change too large for a queue message is too large for a quarantine item as well: its identity is kept. */
function withoutValues(event: ChangeEvent): ChangeEvent {
  const { snapshot: _snapshot, polled: _polled, delta: _delta, partial: _partial, ...identity } = event;
  return { ...identity, fields: {} };
}

