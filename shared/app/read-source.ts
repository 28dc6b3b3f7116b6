import { recordKey, type ChangeEvent, type FieldValues } from '#domain/change-event';
import { isEcho } from '#domain/echo';
import { PermanentError } from '#domain/errors';
import { linkFieldsOf, sourceReadFields, toCanonical, type ObjectMapping } from '#domain/mapping';
import type { EntityState } from '#ports/stores';
import type { SourceRecord } from '#ports/crm';
import type { ProcessChangeDeps } from './process-change.ts';
import { canonicalReferences } from './resolve-references.ts';

/** What a source record holds now, as read for a change. */
export interface SourceRead {
  /** Its values in canonical form, references resolved to entities (or direct ids). */
  holds: FieldValues;
  /** When the record last changed, where the source says. */
  modifiedAt?: number;
  /** Ids of other systems' records it carries (system → id), for identity by external id. */
  carried: Record<string, string>;
}

/**
 * Pipeline step 2, read and map: the source record's current values, from the change's own snapshot (or the row its
 * poll read) when it carries one, else from the source, in canonical form; `null` when the source no longer has it.
 * A `delta` that is news is read too: a notification may arrive late or out of order (after a delete, behind a newer
 * value of its property), which only the record as it is now can tell.
 */
export async function readSource(deps: Pick<ProcessChangeDeps, 'plan' | 'readers' | 'state'>, event: ChangeEvent, mapping: ObjectMapping): Promise<SourceRead | null> {
  const current = event.snapshot || event.polled ? { values: event.fields, modifiedAt: Date.parse(event.occurredAt) } : await readRecord(deps, event, mapping);
  if (current === null) return null;
  const holds = await canonicalReferences(deps, mapping, event.source, toCanonical(mapping, event.source, event.objectType, current.values));
  const carried = [
    ...Object.entries(linkFieldsOf(mapping, event.source)).flatMap(([system, field]) => {
      const id = current.values[field];
      return typeof id === 'string' && id !== '' ? [[system, id] as const] : [];
    }),
    // A source that names records by another system's ids (Gong by Salesforce's) carries that system's id itself.
    ...Object.entries(mapping.systems).flatMap(([system, binding]) => (binding?.externalIds[event.source] === 'Id' ? [[system, event.sourceId] as const] : [])),
  ];
  return { holds, ...(current.modifiedAt !== undefined && { modifiedAt: current.modifiedAt }), carried: Object.fromEntries(carried) };
}

function readRecord(deps: Pick<ProcessChangeDeps, 'readers'>, event: ChangeEvent, mapping: ObjectMapping): Promise<SourceRecord | null> {
  const reader = deps.readers[event.source];
  if (!reader) throw new PermanentError('NO_READER', `no reader is configured for ${event.source}, and its change carries no snapshot`);
  return reader.read(event.objectType, event.sourceId, sourceReadFields(mapping, event.source, event.objectType));
}

/**
 * Whether a change that names everything that changed (`delta`) only reports what Syncline itself wrote to that
 * record: each field is a link field holding the linked record's id, or a mapped field holding the value last
 * written. Decided from the stored entity, before any call to the source; anything else (a field not mapped, a
 * value Syncline did not write, a record not yet known) is news and takes the usual path.
 */
export async function reportsOwnWrite(deps: Pick<ProcessChangeDeps, 'state'>, event: ChangeEvent, mapping: ObjectMapping): Promise<boolean> {
  const state = await knownEntity(deps, event);
  return state !== null && holdsOwnWrite(state, event, event.fields, mapping, linkedSystems(mapping, event.source));
}

/**
 * Whether a notification that carries only some of the record's fields (`partial`: an Outbound Message leaves null
 * fields out) reports nothing but Syncline's own write: each field Syncline reads and knows to hold a value is
 * there (one left out may have been cleared), and each field Syncline reads that is there holds what Syncline wrote
 * or read. The record's stamps and other fields it sends say nothing either way.
 */
export async function notifiesOwnWrite(deps: Pick<ProcessChangeDeps, 'state'>, event: ChangeEvent, mapping: ObjectMapping): Promise<boolean> {
  const state = await knownEntity(deps, event);
  if (state === null) return false;
  const linkedBy = linkedSystems(mapping, event.source);
  const written = state.written[event.source] ?? {};
  const read = new Set(sourceReadFields(mapping, event.source, event.objectType));
  const knownValue = (field: string): boolean => {
    const system = linkedBy.get(field);
    if (system !== undefined) return state.links[system] !== undefined;
    return Object.keys(toCanonical(mapping, event.source, event.objectType, { [field]: null })).some((name) => written[name] !== undefined && written[name] !== null);
  };
  if ([...read].some((field) => !(field in event.fields) && knownValue(field))) return false;
  const sent = Object.fromEntries(Object.entries(event.fields).filter(([field]) => read.has(field)));
  return holdsOwnWrite(state, event, sent, mapping, linkedBy);
}

/** The stored entity of the change's record, when Syncline has stored one. */
async function knownEntity(deps: Pick<ProcessChangeDeps, 'state'>, event: ChangeEvent): Promise<EntityState | null> {
  const entityId = await deps.state.entityOf(recordKey(event.source, event.objectType, event.sourceId));
  const state = entityId ? await deps.state.getEntity(entityId) : null;
  return state && state.version > 0 ? state : null;
}

/** The source's link fields, to the system whose id each holds. */
function linkedSystems(mapping: ObjectMapping, source: string): Map<string, string> {
  return new Map(Object.entries(linkFieldsOf(mapping, source)).map(([system, field]) => [field, system]));
}

/**
 * Whether `fields` (at least one) all hold what Syncline wrote there: a linked record's id (`linkedBy`: the source's
 * link fields, to their systems), or a value last written.
 */
function holdsOwnWrite(state: EntityState, event: ChangeEvent, fields: FieldValues, mapping: ObjectMapping, linkedBy: ReadonlyMap<string, string>): boolean {
  const reported = Object.entries(fields);
  if (reported.length === 0) return false;
  const written = state.written[event.source] ?? {};
  return reported.every(([field, value]) => {
    const system = linkedBy.get(field);
    if (system !== undefined) return value !== null && value !== '' && state.links[system]?.split(':')[1] === value;
    const canonical = toCanonical(mapping, event.source, event.objectType, { [field]: value });
    return isEcho(written, canonical);
  });
}
