import { idempotencyKey, recordKey, type ChangeEvent, type FieldValues } from '#domain/change-event';
import { diffFields, type FieldChange } from '#domain/diff';
import { PermanentError, RetryableError } from '#domain/errors';
import { goldenValues, targetChanges } from '#domain/golden-record';
import { createObjectOf, fromCanonical, missingRequired, policyOf, type ObjectMapping } from '#domain/mapping';
import type { FieldRule } from '#domain/survivorship';
import type { Clock } from '#ports/clock';
import type { CrmWriter, UpsertResult } from '#ports/crm';
import { MetricName, type Metrics } from '#ports/metrics';
import type { AuditLog, EntityState } from '#ports/stores';

export interface TargetWrite {
  target: string;
  recordKey: string;
  created: boolean;
  changes: FieldChange[];
}

interface WriteDeps {
  writers: Partial<Record<string, CrmWriter>>;
  audit: AuditLog;
  metrics: Metrics;
  clock: Clock;
}

interface WriteInput {
  event: ChangeEvent;
  mapping: ObjectMapping;
  target: string;
  /** Updated in place: the target's link and what was written to it. */
  state: EntityState;
}

function rulesOf(mapping: ObjectMapping): Record<string, FieldRule> {
  return Object.fromEntries(Object.entries(mapping.fields).map(([name, f]) => [name, { owner: f.owner, policy: policyOf(f) }]));
}

/**
 * Brings one target up to the golden record (pipeline steps 7–9): only the fields it lacks, never its own values
 * back. A record Syncline already linked is updated by its own id; a new one is upserted by the source's external
 * id after the target's required fields are checked.
 */
export async function writeTarget(deps: WriteDeps, input: WriteInput): Promise<TargetWrite | null> {
  const { event, mapping, target, state } = input;
  const binding = mapping.systems[target];
  const writer = deps.writers[target];
  if (!binding || !writer) throw new PermanentError('NO_TARGET', `${target} is not configured as a target`);
  const targetObject = state.links[target]?.split(':')[0] ?? createObjectOf(binding);
  const known = state.written[target] ?? {};
  const canonical = targetChanges(state.golden, rulesOf(mapping), target, known);
  // Only fields the target accepts writes for; the rest stay out of `written` and are proposed again, harmlessly.
  const vendorAfter = fromCanonical(mapping, target, targetObject, canonical);
  if (Object.keys(vendorAfter).length === 0) return null;

  const linked = state.links[target]?.split(':')[1];
  const result = linked ? await update(writer, targetObject, linked, vendorAfter) : await create(input, writer, targetObject, vendorAfter);
  if (!result.ok) {
    if (result.retryable) throw new RetryableError(`${target} refused ${state.entityId}: ${result.code}`);
    throw new PermanentError(result.code, `${target} refused ${state.entityId}: ${result.message}`);
  }

  const writable = (name: string) => Object.keys(fromCanonical(mapping, target, targetObject, { [name]: canonical[name] ?? null })).length > 0;
  const writtenCanonical = Object.fromEntries(Object.entries(canonical).filter(([name]) => writable(name)));
  const changes = diffFields(fromCanonical(mapping, target, targetObject, pick(known, Object.keys(writtenCanonical))), vendorAfter);
  state.links[target] = `${targetObject}:${result.id}`;
  state.written[target] = { ...known, ...writtenCanonical };
  const targetKey = recordKey(target, targetObject, result.id);
  const at = new Date(deps.clock.nowMs()).toISOString();
  await deps.audit.append(changes.map((c) => ({ ...c, recordKey: targetKey, sourceKey: recordKey(event.source, event.objectType, event.sourceId), eventId: idempotencyKey(event), actor: 'syncline', at })));
  deps.metrics.count(MetricName.RecordsWritten);
  return { target, recordKey: targetKey, created: result.created, changes };
}

function pick(values: FieldValues, names: readonly string[]): FieldValues {
  return Object.fromEntries(names.map((n) => [n, values[n] ?? null]));
}

async function update(writer: CrmWriter, object: string, id: string, fields: FieldValues): Promise<UpsertResult> {
  const [result] = writer.update ? await writer.update(object, [{ id, fields }]) : [];
  if (!result) throw new RetryableError(`no result updating ${object} ${id}`);
  return result;
}

/** A new record: the target's required fields must be there (else the change fails permanently, with the reason). */
async function create(input: WriteInput, writer: CrmWriter, object: string, fields: FieldValues): Promise<UpsertResult> {
  const { event, mapping, target, state } = input;
  const missing = missingRequired(mapping, target, goldenValues(state.golden));
  if (missing.length > 0) throw new PermanentError('REQUIRED_FIELD_MISSING', `${target} requires ${missing.join(', ')}`);
  const externalIdField = mapping.systems[target]?.externalIds[event.source];
  if (!externalIdField) throw new PermanentError('NO_EXTERNAL_ID', `${target} has no field holding the ${event.source} id`);
  const nonBlank = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
  const [result] = await writer.upsert(object, externalIdField, [{ externalId: event.sourceId, fields: nonBlank }]);
  if (!result) throw new RetryableError(`no result creating ${object} for ${state.entityId}`);
  return result;
}
