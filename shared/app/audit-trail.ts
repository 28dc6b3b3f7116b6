import { goldenValues } from '#domain/golden-record';
import { matchIndexOf } from '#domain/identity/match-index';
import type { SyncPlan } from '#domain/mapping';
import { recordLabel } from '#domain/record-label';
import type { AuditEntry, AuditLog, EntityState, StateStore } from '#ports/stores';

export interface AuditTrailDeps {
  plan: Pick<SyncPlan, 'identity' | 'phoneCountry'>;
  state: Pick<StateStore, 'entityOf' | 'getEntity' | 'candidatesFor'>;
  audit: Pick<AuditLog, 'history'>;
}

/** An entity an audit lookup found, with its name and the records linked to it (`system:object:id`). */
export interface AuditSubject {
  entityId: string;
  object: string;
  label: string;
  records: string[];
}

/** What an audit lookup found: the entities it went through, and their entries, oldest first. */
export interface AuditTrail {
  subjects: AuditSubject[];
  entries: AuditEntry[];
}

/**
 * Everything Syncline wrote about the person (or other entity) holding an e-mail address: the entities indexed under
 * its e-mail match key (the key of an `exact` rule on `email`, normalized as the matcher normalizes it: case, +tags,
 * Gmail dots), every record linked to them, and the audit entries of each. One query per match key, one read per
 * entity, one query per linked record: no scan.
 */
export async function auditOfEmail(deps: AuditTrailDeps, email: string): Promise<AuditTrail> {
  const keys = Object.values(deps.plan.identity ?? {}).flatMap((rules) => {
    const emailRules = rules.rules.filter((r) => r.kind === 'exact' && r.field === 'email').map((r) => `${r.name}|email=`);
    return matchIndexOf(rules, { email }, deps.plan.phoneCountry ?? 'US').claims.filter((key) => emailRules.some((prefix) => key.startsWith(prefix)));
  });
  const found = keys.length > 0 && deps.state.candidatesFor ? await deps.state.candidatesFor([...new Set(keys)]) : [];
  const entities = (await Promise.all([...new Set(found.map((c) => c.entityId))].map((id) => deps.state.getEntity(id)))).filter((e): e is EntityState => e !== null);
  const subjects = entities.map(subjectOf);
  const entries = (await Promise.all(subjects.flatMap((s) => s.records).map((key) => deps.audit.history(key)))).flat();
  return { subjects, entries: ordered(entries) };
}

/**
 * The audit trail of one record, both ways: the entries written to it, and the entries whose source it is (written
 * to the records its entity links, found through that entity: the audit table is keyed by the written record).
 */
export async function auditOfRecord(deps: AuditTrailDeps, key: string): Promise<AuditTrail> {
  const entityId = await deps.state.entityOf(key);
  const entity = entityId ? await deps.state.getEntity(entityId) : null;
  const subjects = entity ? [subjectOf(entity)] : [];
  const others = subjects.flatMap((s) => s.records).filter((record) => record !== key);
  const [own, ...linked] = await Promise.all([key, ...others].map((record) => deps.audit.history(record)));
  return { subjects, entries: ordered([...(own ?? []), ...linked.flat().filter((e) => e.sourceKey === key)]) };
}

function subjectOf(entity: EntityState): AuditSubject {
  const records = Object.entries(entity.links).map(([system, ref]) => `${system}:${ref}`).sort();
  return { entityId: entity.entityId, object: entity.object, label: recordLabel(entity.object, goldenValues(entity.golden)), records };
}

/** Entries once each (an identity decision is both to and from its record), oldest first. */
function ordered(entries: readonly AuditEntry[]): AuditEntry[] {
  const unique = new Map(entries.map((e) => [`${e.recordKey}\u0000${e.eventId}\u0000${e.field}`, e]));
  return [...unique.values()].sort((a, b) => a.at.localeCompare(b.at) || a.recordKey.localeCompare(b.recordKey) || a.field.localeCompare(b.field));
}
