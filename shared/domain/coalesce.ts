import { recordKey, type ChangeEvent } from './change-event.ts';

/** Not a snapshot, not a decision's replay: an upsert the processor answers by reading the record's current state. */
const readsAtSource = (e: ChangeEvent): boolean => e.kind === 'upsert' && !e.snapshot && e.resolution === undefined;

/**
 * Collapses the upserts of one record within one delivery into a single change. A vendor reports a new record as a
 * creation plus one event per property (HubSpot does), and the processor reads the whole record for each anyway:
 * one read, one merge and one write serve them all. The collapsed change stands where the record's last upsert
 * stood, carries every reported field (the latest event's value of each), the latest time, and an id made of the last event's id
 * and how many it stands for, so a redelivered batch collapses to the same id. It is a `delta` only when all of them
 * are.
 *
 * Only records whose every event in the delivery is such an upsert are collapsed: a delete, merge, conversion or
 * snapshot of the record keeps all of its events, in their order.
 */
export function coalesceUpserts(events: readonly ChangeEvent[]): ChangeEvent[] {
  const groups = new Map<string, ChangeEvent[]>();
  const mixed = new Set<string>();
  for (const e of events) {
    const key = recordKey(e.source, e.objectType, e.sourceId);
    if (!readsAtSource(e)) mixed.add(key);
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  const out: ChangeEvent[] = [];
  for (const e of events) {
    const key = recordKey(e.source, e.objectType, e.sourceId);
    const group = groups.get(key) ?? [e];
    if (mixed.has(key) || group.length === 1) out.push(e);
    else if (group[group.length - 1] === e) out.push(collapse(group));
  }
  return out;
}

function collapse(group: readonly ChangeEvent[]): ChangeEvent {
  const last = group[group.length - 1] as ChangeEvent;
  const occurredAt = group.reduce((latest, e) => (Date.parse(e.occurredAt) > Date.parse(latest) ? e.occurredAt : latest), last.occurredAt);
  const suffix = `+${group.length - 1}`;
  const { delta: _delta, ...rest } = last;
  return {
    ...rest,
    eventId: `${last.eventId.slice(0, 100 - suffix.length)}${suffix}`,
    occurredAt,
    // Each field as its latest event has it (by time; at one time, the later in the delivery): a delivery need not
    // be in order, and the change is stamped with the latest time.
    fields: Object.assign({}, ...[...group].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt)).map((e) => e.fields)) as ChangeEvent['fields'],
    // Everything that changed only when each event named everything it changed: a creation beside them does not.
    ...(group.every((e) => e.delta) ? { delta: true } : {}),
  };
}
