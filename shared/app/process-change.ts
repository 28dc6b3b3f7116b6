import { idempotencyKey, recordKey, type ChangeEvent, type FieldValues } from '#domain/change-event';
import { diffFields, type FieldChange } from '#domain/diff';
import { PermanentError, RetryableError } from '#domain/errors';
import { createObjectOf, entityOf, fieldMapping, fromCanonical, missingRequired, policyOf, sourceFieldNames, toCanonical, type ObjectMapping, type SyncPlan } from '#domain/mapping';
import type { Clock } from '#ports/clock';
import type { ChangeReader, CrmWriter } from '#ports/crm';
import { MetricName, type Metrics } from '#ports/metrics';
import type { AuditLog, IdempotencyStore, StateStore } from '#ports/stores';

export interface ProcessChangeDeps {
  plan: SyncPlan;
  readers: Partial<Record<string, ChangeReader>>;
  writers: Partial<Record<string, CrmWriter>>;
  idempotency: IdempotencyStore;
  state: StateStore;
  audit: AuditLog;
  metrics: Metrics;
  clock: Clock;
}

export interface TargetWrite {
  target: string;
  recordKey: string;
  created: boolean;
  changes: FieldChange[];
}

export type ProcessResult =
  | { status: 'duplicate' }
  | { status: 'ignored'; reason: 'no-mapping' | 'no-sync' | 'not-propagated' | 'source-record-gone' }
  | { status: 'synced'; writes: TargetWrite[]; unchanged: string[] };

/**
 * Processes one change event: idempotency → read current state → map → diff per target → upsert → audit.
 * Each event is processed at most once per 7 days; a failure releases the claim so the queue's retry can run it.
 */
export async function processChange(deps: ProcessChangeDeps, event: ChangeEvent): Promise<ProcessResult> {
  const key = idempotencyKey(event);
  const claim = await deps.idempotency.claim(key, deps.clock.nowMs());
  if (claim.status === 'completed') {
    deps.metrics.count(MetricName.DuplicatesSkipped);
    return { status: 'duplicate' };
  }
  if (claim.status === 'in-progress') {
    deps.metrics.count(MetricName.SyncRetries);
    throw new RetryableError(`event ${key} is being processed by another worker`);
  }
  try {
    const result = await syncEvent(deps, event);
    await deps.idempotency.complete(key, claim.token, deps.clock.nowMs());
    deps.metrics.count(result.status === 'synced' ? MetricName.ChangesSynced : MetricName.ChangesIgnored);
    return result;
  } catch (error) {
    await deps.idempotency.release(key, claim.token);
    deps.metrics.count(error instanceof RetryableError ? MetricName.SyncRetries : MetricName.SyncFailures);
    throw error;
  }
}

async function syncEvent(deps: ProcessChangeDeps, event: ChangeEvent): Promise<ProcessResult> {
  const found = entityOf(deps.plan, event.source, event.objectType);
  if (!found) return { status: 'ignored', reason: 'no-mapping' };
  const [objectName, mapping] = found;
  const syncs = deps.plan.syncs.filter((s) => s.object === objectName && s.from === event.source);
  if (syncs.length === 0) return { status: 'ignored', reason: 'no-sync' };
  // Deletes, merges and conversions are never propagated as such: a hard delete must not cascade.
  if (event.kind !== 'upsert') return { status: 'ignored', reason: 'not-propagated' };

  const reader = deps.readers[event.source];
  if (!reader) throw new PermanentError('NO_READER', `no reader is configured for ${event.source}`);
  const current = await reader.read(event.objectType, event.sourceId, sourceFieldNames(mapping, event.source, event.objectType));
  if (current === null) return { status: 'ignored', reason: 'source-record-gone' };
  const canonical = toCanonical(mapping, event.source, event.objectType, current);

  const writes: TargetWrite[] = [];
  const unchanged: string[] = [];
  for (const sync of syncs) {
    const write = await writeTarget(deps, event, mapping, sync.to, canonical);
    if (write) writes.push(write);
    else unchanged.push(sync.to);
  }
  return { status: 'synced', writes, unchanged };
}

/** Upserts one target by external id, sending only what changed since Syncline last wrote it. */
async function writeTarget(deps: ProcessChangeDeps, event: ChangeEvent, mapping: ObjectMapping, target: string, canonical: FieldValues): Promise<TargetWrite | null> {
  const targetSpec = mapping.systems[target];
  const externalIdField = targetSpec?.externalIds[event.source];
  const writer = deps.writers[target];
  if (!targetSpec || !externalIdField || !writer) throw new PermanentError('NO_TARGET', `${target} is not configured to receive ${event.source} records`);

  const missing = missingRequired(mapping, target, canonical);
  if (missing.length > 0) throw new PermanentError('REQUIRED_FIELD_MISSING', `${target} requires ${missing.join(', ')}`);

  const sourceKey = recordKey(event.source, event.objectType, event.sourceId);
  const targetObject = createObjectOf(targetSpec);
  const desired = fromCanonical(mapping, target, targetObject, canonical);
  const snapshot = await deps.state.getSnapshot(sourceKey, target);
  const all = diffFields(snapshot?.fields ?? {}, desired);
  // The target is the system of record for some fields: Syncline fills them when it creates the record, and never
  // overwrites them afterwards; such changes are ignored and counted.
  const owned = ownedFields(mapping, target, targetObject);
  const changes = snapshot ? all.filter((c) => !owned.has(c.field)) : all;
  if (all.length > changes.length) deps.metrics.count(MetricName.FieldsIgnoredNotOwner, all.length - changes.length);
  if (changes.length === 0) return null;

  // On create send every non-blank field; on update only the changed ones (no over-syncing).
  const payload = snapshot
    ? Object.fromEntries(changes.map((c) => [c.field, c.after]))
    : Object.fromEntries(Object.entries(desired).filter(([, v]) => v !== null));
  const [result] = await writer.upsert(targetObject, externalIdField, [{ externalId: event.sourceId, fields: payload }]);
  if (!result) throw new RetryableError(`${target} returned no result for ${sourceKey}`);
  if (!result.ok) {
    if (result.retryable) throw new RetryableError(`${target} refused ${sourceKey}: ${result.code}`);
    throw new PermanentError(result.code, `${target} refused ${sourceKey}: ${result.message}`);
  }

  const at = new Date(deps.clock.nowMs()).toISOString();
  const targetKey = recordKey(target, targetObject, result.id);
  await deps.audit.append(changes.map((c) => ({ ...c, recordKey: targetKey, sourceKey, eventId: idempotencyKey(event), actor: 'syncline', at })));
  const version = snapshot?.version ?? 0;
  const written = snapshot ? { ...snapshot.fields, ...Object.fromEntries(changes.map((c) => [c.field, c.after])) } : desired;
  await deps.state.putSnapshot(sourceKey, target, { targetId: result.id, fields: written, version: version + 1, updatedAt: at }, version);
  deps.metrics.count(MetricName.RecordsWritten);
  return { target, recordKey: targetKey, created: result.created, changes };
}

/** The target's own names of the fields it is the system of record for (policy owner or review). */
function ownedFields(mapping: ObjectMapping, target: string, targetObject: string): Set<string> {
  const owned = new Set<string>();
  for (const spec of Object.values(mapping.fields)) {
    const m = fieldMapping(spec, target, targetObject);
    if (m && spec.owner === target && policyOf(spec) !== 'newest') owned.add(m.field);
  }
  return owned;
}
