import { idempotencyKey, recordKey, type ChangeEvent } from '#domain/change-event';
import { PermanentError, RetryableError } from '#domain/errors';
import type { ObjectMapping, SyncPlan } from '#domain/mapping';
import type { Clock } from '#ports/clock';
import type { CrmWriter } from '#ports/crm';
import { MetricName, type Metrics } from '#ports/metrics';
import type { AuditLog, EntityState } from '#ports/stores';

interface SoftDeleteDeps {
  plan: SyncPlan;
  writers: Partial<Record<string, CrmWriter>>;
  audit: AuditLog;
  metrics: Metrics;
  clock: Clock;
}

const DAY_MS = 86_400_000;

/** Booleans where the system has them; HubSpot properties are strings. */
function flagValue(system: string, on: boolean): boolean | string {
  return system === 'hubspot' ? String(on) : on;
}

/**
 * Sets (or clears) the soft-delete field on every record the entity has in the targets of `source`. A hard delete
 * in one system never deletes anything elsewhere: the records stay, flagged, and a restore clears the flag.
 */
async function flagTargets(deps: SoftDeleteDeps, event: ChangeEvent, mapping: ObjectMapping, state: Readonly<EntityState>, on: boolean): Promise<number> {
  const targets = [...new Set(deps.plan.syncs.filter((s) => s.object === state.object && s.from === event.source).map((s) => s.to))];
  let flagged = 0;
  for (const target of targets) {
    const [object, id] = state.links[target]?.split(':') ?? [];
    const field = mapping.systems[target]?.softDeleteField;
    const writer = deps.writers[target];
    if (!object || !id || !field || !writer?.update) continue;
    const [result] = await writer.update(object, [{ id, fields: { [field]: flagValue(target, on) } }]);
    if (!result?.ok) {
      if (!result || result.retryable) throw new RetryableError(`${target} did not take the soft-delete flag of ${state.entityId}`);
      throw new PermanentError(result.code, `${target} refused the soft-delete flag of ${state.entityId}: ${result.message}`);
    }
    const at = new Date(deps.clock.nowMs()).toISOString();
    const before = on ? flagValue(target, false) : flagValue(target, true);
    await deps.audit.append([{ field, before, after: flagValue(target, on), recordKey: recordKey(target, object, id), sourceKey: recordKey(event.source, event.objectType, event.sourceId), eventId: idempotencyKey(event), actor: 'syncline', at }]);
    flagged++;
  }
  return flagged;
}

/** What flagging (or unflagging) an entity's records decided: how many records took the flag, and the entity's marker after. */
export interface SoftDeleteDecision {
  flagged: number;
  /** The entity's `deleted` marker once applied; absent when it is not (or no longer) deleted. */
  deleted?: { by: string; at: string };
}

/**
 * A record deleted at the source: flag the entity's records elsewhere; counted, so a burst raises one alarm. Reads
 * `state`; the entity is marked deleted by the returned marker.
 */
export async function softDelete(deps: SoftDeleteDeps, event: ChangeEvent, mapping: ObjectMapping, state: Readonly<EntityState>): Promise<SoftDeleteDecision> {
  const flagged = await flagTargets(deps, event, mapping, state, true);
  if (flagged > 0) deps.metrics.count(MetricName.RecordsSoftDeleted, flagged);
  return { flagged, deleted: { by: event.source, at: event.occurredAt } };
}

/**
 * The deleting system restored the record: within the grace period the flags are cleared and the marker goes. After
 * it, the entity stays flagged for a person to decide (the restore is counted, not applied). Reads `state`; returns
 * the marker the entity keeps.
 */
export async function restoreIfDeleted(deps: SoftDeleteDeps, event: ChangeEvent, mapping: ObjectMapping, state: Readonly<EntityState>): Promise<SoftDeleteDecision> {
  const kept = { flagged: 0, ...(state.deleted && { deleted: state.deleted }) };
  if (!state.deleted || state.deleted.by !== event.source) return kept;
  const graceMs = (deps.plan.deleteGraceDays ?? 30) * DAY_MS;
  if (Date.parse(event.occurredAt) - Date.parse(state.deleted.at) > graceMs) {
    deps.metrics.count(MetricName.RestoresAfterGrace);
    return kept;
  }
  const flagged = await flagTargets(deps, event, mapping, state, false);
  deps.metrics.count(MetricName.RecordsRestored);
  return { flagged };
}
