import { recordKey, type FieldValue } from './change-event.ts';
import type { ObjectMapping, SyncPlan } from './mapping.ts';

/**
 * References between records (a Task's person, an Opportunity's primary contact) are held in canonical form, free
 * of any one system's ids: `entity:<id>`, the entity Syncline links, or `id:<system>:<value>`, a record id of a
 * system Syncline does not link yet but whose ids the source uses as its own (Gong names Salesforce records by
 * their Salesforce ids). Each target then gets its own id of the record.
 */
export type CanonicalReference = `entity:${string}` | `id:${string}:${string}`;

/** The reference fields of an object: canonical field name → the object they refer to. */
export function referenceFields(mapping: ObjectMapping): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping.fields).flatMap(([name, spec]) => (spec.refers ? [[name, spec.refers]] : [])));
}

/**
 * Where a source's id of a referred record may be linked: the source's own objects of that entity, then the objects
 * of every system whose record ids the source uses as its keys (`externalIds: { gong: Id }`).
 */
export function referenceLookups(plan: SyncPlan, refers: string, source: string, id: string): { keys: string[]; direct: string[] } {
  const systems = plan.objects[refers]?.systems ?? {};
  const own = (systems[source]?.objects ?? []).map((object) => recordKey(source, object, id));
  const direct = Object.entries(systems).flatMap(([system, binding]) => (binding?.externalIds[source] === 'Id' ? [system] : []));
  const viaDirect = direct.flatMap((system) => (systems[system]?.objects ?? []).map((object) => recordKey(system, object, id)));
  return { keys: [...own, ...viaDirect], direct };
}

export function isCanonicalReference(value: FieldValue | undefined): value is CanonicalReference {
  return typeof value === 'string' && (value.startsWith('entity:') || value.startsWith('id:'));
}

/** `id:<system>:<value>` → the value, when `system` is the target; otherwise undefined. */
export function directIdFor(reference: CanonicalReference, target: string): string | undefined {
  const prefix = `id:${target}:`;
  return reference.startsWith(prefix) ? reference.slice(prefix.length) : undefined;
}
