import type { ChangeEvent, FieldValues } from '#domain/change-event';
import { RetryableError } from '#domain/errors';
import type { ObjectMapping, SyncPlan } from '#domain/mapping';
import { directIdFor, isCanonicalReference, referenceFields, referenceLookups } from '#domain/references';
import type { ChangeQueue } from '#ports/change-queue';
import type { Clock } from '#ports/clock';
import type { StateStore } from '#ports/stores';

export interface ReferenceDeps {
  plan: SyncPlan;
  state: Pick<StateStore, 'entityOf' | 'getEntity'>;
  /**
   * Where a change asks for the referred record it waits for: a Contact whose Account Syncline has not linked yet
   * brings that Account's change onto the queue, so the Account syncs first (best-effort).
   */
  requests?: ChangeQueue;
  clock?: Clock;
  /** The change's last delivery before quarantine: references that may be omitted (`whenUnlinked: omit`) are. */
  lastAttempt?: boolean;
}

/** Requests for one referred record within this window share a deduplication id: one change, however many ask. */
const REQUEST_WINDOW_MS = 5 * 60_000;

/** Asks for the change of a referred record of `source` that no link resolves yet, so that it syncs first. */
async function requestReferred(deps: ReferenceDeps, refers: string, source: string, id: string): Promise<void> {
  const objectType = deps.plan.objects[refers]?.systems[source]?.objects[0];
  const syncs = deps.plan.syncs.some((s) => s.object === refers && s.from === source);
  if (!deps.requests || !objectType || !syncs) return;
  const now = deps.clock?.nowMs() ?? Date.now();
  const event: ChangeEvent = { source, objectType, sourceId: id, eventId: `referred-${id}-${Math.floor(now / REQUEST_WINDOW_MS)}`, occurredAt: new Date(now).toISOString(), kind: 'upsert', fields: {} };
  // Best-effort: without it the change still waits, and the referred record syncs when it next changes.
  await deps.requests.enqueue([event]).catch(() => undefined);
}

/** Whether an unresolved reference is dropped now instead of waited for. */
function omitted(deps: ReferenceDeps, mapping: ObjectMapping, name: string): boolean {
  return deps.lastAttempt === true && mapping.fields[name]?.whenUnlinked === 'omit';
}

/** How long a change waits for the record it refers to (usually a moment behind, on another queue group). */
const PENDING_RETRY_MS = 15_000;

/**
 * A change that refers to a record no system link resolves yet: most often that record's own change is a moment
 * behind on another queue group, so it is retried; after a few attempts it is quarantined with this reason.
 */
export class PendingReference extends RetryableError {
  constructor(message: string) {
    super(message, { retryAfterMs: PENDING_RETRY_MS });
  }
}

/**
 * A source's reference values (its own ids of the referred records) → canonical references. A value no link
 * resolves stays a direct id where the source names records by another system's ids, else the change waits.
 */
export async function canonicalReferences(deps: ReferenceDeps, mapping: ObjectMapping, source: string, values: FieldValues): Promise<FieldValues> {
  const out = { ...values };
  for (const [name, refers] of Object.entries(referenceFields(mapping))) {
    const id = values[name];
    if (typeof id !== 'string' || id === '') continue;
    const { keys, direct } = referenceLookups(deps.plan, refers, source, id);
    const entities = await Promise.all(keys.map((key) => deps.state.entityOf(key)));
    const entity = entities.find((e) => e !== undefined);
    if (entity) out[name] = `entity:${entity}`;
    else if (direct[0]) out[name] = `id:${direct[0]}:${id}`;
    else if (omitted(deps, mapping, name)) delete out[name];
    else {
      await requestReferred(deps, refers, source, id);
      throw new PendingReference(`${name} refers to ${source} ${refers} ${id}, which Syncline has not linked yet`);
    }
  }
  return out;
}

/** Canonical references → the target's own record ids. A referred entity the target does not hold yet makes the change wait. */
export async function targetReferences(deps: ReferenceDeps, mapping: ObjectMapping, target: string, canonical: FieldValues): Promise<FieldValues> {
  const out = { ...canonical };
  for (const name of Object.keys(referenceFields(mapping))) {
    const value = canonical[name];
    if (!isCanonicalReference(value)) continue;
    if (value.startsWith('id:')) {
      const id = directIdFor(value, target);
      if (id === undefined) delete out[name];
      else out[name] = id;
      continue;
    }
    const entityId = value.slice('entity:'.length);
    const link = (await deps.state.getEntity(entityId))?.links[target];
    const id = link?.slice(link.indexOf(':') + 1);
    if (id) out[name] = id;
    else if (omitted(deps, mapping, name)) delete out[name];
    else throw new PendingReference(`${name} refers to ${entityId}, which is not in ${target} yet`);
  }
  return out;
}
