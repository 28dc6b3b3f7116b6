import { auditOfEmail, auditOfRecord, type AuditTrail, type AuditTrailDeps } from '#app/audit-trail';
import { recordKey } from '#domain/change-event';
import { goldenValues } from '#domain/golden-record';
import { entityOf, toCanonical, type SyncPlan } from '#domain/mapping';
import { namingValues, recordLabel } from '#domain/record-label';
import type { AuditEntry, EntityState, ReviewItem, StateStore } from '#ports/stores';

/** Controls (C0, DEL, C1), line separators and bidirectional overrides: what could move or reorder a terminal's text. */
const isControl = (code: number) => code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
/** A terminal shows a record's name, never a control character a vendor's value may carry. */
const oneLine = (text: string) => [...text].map((c) => (isControl(c.charCodeAt(0)) ? ' ' : c)).join('').trim();

/** Entities read once each, at once. */
async function entitiesOf(state: Pick<StateStore, 'getEntity'>, ids: readonly string[]): Promise<Map<string, EntityState>> {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => state.getEntity(id)));
  return new Map(found.flatMap((e) => (e ? [[e.entityId, e] as const] : [])));
}

const labelOf = (e: EntityState | undefined): string => (e ? oneLine(recordLabel(e.object, goldenValues(e.golden))) : '');

/**
 * The review list's two added columns for each item: FROM, the record the held change came from, and RECORD, the
 * record's name (from its entity's golden record) or, for an identity review, the held record's name (stored with
 * the review, else what its change carried) and the people or records it may be.
 */
export async function reviewSubjects(state: Pick<StateStore, 'getEntity' | 'entityOf'>, plan: Pick<SyncPlan, 'objects'> | undefined, items: readonly ReviewItem[]): Promise<{ from: string; record: string }[]> {
  const candidateIds = items.flatMap((i) => i.identity?.candidates ?? []);
  const byRecord = new Map(await Promise.all(candidateIds.filter((c) => c.startsWith('record:')).map(async (c) => [c, (await state.entityOf(c.slice('record:'.length))) ?? ''] as const)));
  const entities = await entitiesOf(state, [...items.filter((i) => !i.identity).map((i) => i.entityId), ...candidateIds.filter((c) => c.startsWith('entity:')).map((c) => c.slice('entity:'.length)), ...byRecord.values()]);
  return items.map((item) => {
    if (item.suggestion) {
      // A suggested contact: the vendor's person, at the account it was suggested for, and why an approval waits.
      const { provider, providerObject, vendorId, accountName, score } = item.suggestion;
      const account = labelOf(entities.get(item.entityId)) || accountName || item.entityId;
      return { from: `${recordKey(provider, providerObject, vendorId)}${score === undefined ? '' : ` (score ${score})`}`, record: `new contact at ${account}${item.note ? `; ${item.note}` : ''}` };
    }
    if (!item.identity) {
      const entity = entities.get(item.entityId);
      const link = entity?.links[item.proposed.source];
      return { from: link ? `${item.proposed.source}:${link}` : item.proposed.source, record: labelOf(entity) };
    }
    const { event, candidates, subject } = item.identity;
    const mapping = plan ? entityOf(plan as SyncPlan, event.source, event.objectType)?.[1] : undefined;
    const named = subject ?? (mapping ? namingValues(item.object, toCanonical(mapping, event.source, event.objectType, event.fields)) : {});
    const may = candidates.map((c) => {
      const entity = c.startsWith('entity:') ? entities.get(c.slice('entity:'.length)) : entities.get(byRecord.get(c) ?? '');
      const target = c.startsWith('record:') ? c.slice('record:'.length) : '';
      return [labelOf(entity), target].filter((part) => part !== '').join(' ') || c;
    });
    const label = oneLine(recordLabel(item.object, named)) || '(name not known)';
    return { from: recordKey(event.source, event.objectType, event.sourceId), record: `${label}; may be: ${may.join(' | ') || 'none named'}` };
  });
}

/**
 * `audit <email>` or `audit <record>` (`system:object:id`, or `system:id` tried as each object of the system): the
 * entities found and their entries. A record's trail holds what was written to it and what it sent elsewhere.
 */
export async function auditTrailOf(deps: AuditTrailDeps, key: string, objectsOfSystem: (system: string) => string[]): Promise<AuditTrail & { byEmail: boolean }> {
  if (isEmail(key)) return { ...(await auditOfEmail(deps, key)), byEmail: true };
  const [system = '', ...rest] = key.split(':');
  const keys = rest.length >= 2 ? [key] : objectsOfSystem(system).map((object) => `${system}:${object}:${rest[0] ?? ''}`);
  const trails = await Promise.all(keys.map((k) => auditOfRecord(deps, k)));
  return { subjects: trails.flatMap((t) => t.subjects), entries: trails.flatMap((t) => t.entries).sort((a, b) => a.at.localeCompare(b.at)), byEmail: false };
}

/** An e-mail address, not a record key: an `@` and no `system:` in front. */
export function isEmail(key: string): boolean {
  return key.includes('@') && !/^[a-z][a-z0-9-]*:/.test(key);
}

/** The trail as the operator reads it: one line per entity found, then the entries. */
export function renderAudit(key: string, trail: AuditTrail & { byEmail: boolean }, table: (header: string[], rows: string[][]) => string): string {
  if (trail.byEmail && trail.subjects.length === 0) return `No record Syncline knows has the e-mail address ${oneLine(key)}.`;
  const subjects = trail.subjects.map((s) => `${s.object} ${s.label ? `${oneLine(s.label)} ` : ''}(${s.entityId}): ${s.records.join(', ')}`);
  if (trail.entries.length === 0) return [...subjects, `No audit entries for ${oneLine(key)}.`].join('\n');
  const show = (v: unknown) => (v === null ? '∅' : JSON.stringify(v));
  const rows = trail.entries.map((e: AuditEntry) => [e.at, e.recordKey, e.field, show(e.before), show(e.after), e.sourceKey, e.eventId]);
  return [...subjects, table(['AT', 'RECORD', 'FIELD', 'BEFORE', 'AFTER', 'FROM', 'EVENT'], rows)].join('\n');
}
