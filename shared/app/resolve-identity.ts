import { idempotencyKey, recordKey, type ChangeEvent, type FieldValues } from '#domain/change-event';
import { ConcurrentChange, IdentityConflict } from '#domain/errors';
import { emptyGoldenRecord, goldenValues } from '#domain/golden-record';
import { matchIndexOf, matchRecordOf, sameMatchIndex } from '#domain/identity/match-index';
import { decideMatch } from '#domain/identity/matcher';
import type { SyncPlan } from '#domain/mapping';
import type { ChangeReader } from '#ports/crm';
import { MetricName, type Metrics } from '#ports/metrics';
import type { AuditLog, EntityState, StateStore } from '#ports/stores';
import type { Clock } from '#ports/clock';
import { repointConvertedLead } from './repoint-conversion.ts';

export interface IdentityDeps {
  plan: SyncPlan;
  /** Where each match decision is recorded, with the rule and scores behind it. */
  audit?: AuditLog;
  clock?: Clock;
  /** To tell a Contact converted from the entity's Lead from a duplicate. */
  readers?: Partial<Record<string, ChangeReader>>;
  state: StateStore;
  metrics: Metrics;
}

const DEFAULT_COUNTRY = 'US';

/**
 * Pipeline step 4, identity: the entity a source record belongs to. A linked record is its entity's; one carrying
 * the id of a linked record of another system (`carried`: system → id) is that record's; any other is matched by
 * the object's rules (e-mail, then composite fuzzy keys) against the entities indexed under its
 * blocking keys. One clear match links it there (no new record anywhere); an ambiguous one, or one that would give
 * an entity a second record in the same system, raises IdentityConflict (review); no match makes a new entity,
 * after claiming its exact keys so that a concurrent create of the same person waits and then matches this one.
 */
export async function resolveIdentity(deps: IdentityDeps, event: ChangeEvent, object: string, values: FieldValues, carried: Readonly<Record<string, string>> = {}): Promise<EntityState> {
  const sourceKey = recordKey(event.source, event.objectType, event.sourceId);
  const link = `${event.objectType}:${event.sourceId}`;
  const linked = await deps.state.entityOf(sourceKey);
  if (linked) return withLink((await deps.state.getEntity(linked)) ?? newEntity(linked, object), event.source, link);

  const rules = deps.plan.identity?.[object];
  const resolution = event.resolution;
  if (resolution?.startsWith('entity:')) return adopt(deps, resolution.slice('entity:'.length), event, link, sourceKey, 'review approved');
  // External id: the record carries another system's id (a HubSpot contact's Salesforce id) of a record Syncline links.
  for (const [system, id] of Object.entries(carried)) {
    for (const vendorObject of deps.plan.objects[object]?.systems[system]?.objects ?? []) {
      const entityId = await deps.state.entityOf(recordKey(system, vendorObject, id));
      if (entityId) return adopt(deps, entityId, event, link, sourceKey, `external-id ${system}:${vendorObject}:${id}`);
    }
  }
  if (!rules || !deps.state.candidatesFor || resolution === 'new' || resolution?.startsWith('record:')) return newEntity(sourceKey, object, event.source, link);

  const country = deps.plan.phoneCountry ?? DEFAULT_COUNTRY;
  const index = matchIndexOf(rules, values, country);
  const candidates = (await deps.state.candidatesFor(index.keys)).filter((c) => c.entityId !== sourceKey);
  const decision = decideMatch(rules, matchRecordOf(index, country), candidates.map((c) => ({ id: c.entityId, record: matchRecordOf(c, country) })));
  if (decision.kind === 'ambiguous') {
    const ids = decision.candidates.map((c) => `entity:${c.id}`);
    throw new IdentityConflict('AMBIGUOUS_MATCH', `${sourceKey} matches ${ids.length} people equally well (${decision.candidates[0]?.evidence.rule})`, ids);
  }
  if (decision.kind === 'match') return adopt(deps, decision.id, event, link, sourceKey, `${decision.evidence.rule} ${formatScores(decision.evidence.scores)}`);

  // A new person: claim the exact keys first. A key held by an entity not stored yet is a create in flight: wait
  // for it (the retry then matches it). A key held by a stored entity that did not match holds a stale claim.
  const holder = await deps.state.claimKeys?.(sourceKey, index.claims);
  if (holder !== undefined) {
    if (!(await deps.state.getEntity(holder))) throw new ConcurrentChange(`${sourceKey} waits for ${holder}, created concurrently with the same match key`);
    await deps.state.claimKeys?.(sourceKey, index.claims, holder);
  }
  // The claims are the new entity's already: storing it must not write them a second time.
  return { ...newEntity(sourceKey, object, event.source, link), match: { keys: [], claims: [...index.claims], values: {} } };
}

async function adopt(deps: IdentityDeps, entityId: string, event: ChangeEvent, link: string, sourceKey: string, because: string): Promise<EntityState> {
  const state = await deps.state.getEntity(entityId);
  if (!state) throw new ConcurrentChange(`${sourceKey} matches ${entityId}, which is being created`);
  const held = state.links[event.source];
  if (held !== undefined && held !== link && !(await repointConvertedLead({ readers: deps.readers ?? {}, metrics: deps.metrics }, state, event))) {
    throw new IdentityConflict('DUPLICATE_IN_SOURCE', `${sourceKey} is the same person as ${event.source}:${held}, already linked`, [`entity:${entityId}`]);
  }
  deps.metrics.count(MetricName.RecordsMatched);
  // The decision in the record's audit trail: `syncline audit <record>` shows which person it joined, and why.
  const at = new Date(deps.clock?.nowMs() ?? 0).toISOString();
  await deps.audit?.append([{ recordKey: sourceKey, sourceKey, eventId: idempotencyKey(event), field: 'identity', before: null, after: entityId, actor: `syncline match: ${because}`, at }]);
  return withLink(state, event.source, link);
}

function formatScores(scores: Readonly<Record<string, number | undefined>>): string {
  return Object.entries(scores).map(([field, score]) => `${field}=${(score ?? 0).toFixed(3)}`).join(' ');
}

function newEntity(entityId: string, object: string, system?: string, link?: string): EntityState {
  const state: EntityState = { entityId, object, golden: emptyGoldenRecord(), links: {}, written: {}, version: 0 };
  return system && link ? withLink(state, system, link) : state;
}

function withLink(state: EntityState, system: string, link: string): EntityState {
  return { ...state, links: { ...state.links, [system]: link } };
}

/**
 * Stores the entity with its match index brought up to date with the golden record: only when the indexed values
 * changed are index items written, old keys dropped and old claims released.
 */
export async function storeEntity(deps: IdentityDeps, state: Readonly<EntityState>): Promise<void> {
  const rules = deps.plan.identity?.[state.object];
  if (!rules || !deps.state.candidatesFor) return deps.state.putEntity(state);
  const next = matchIndexOf(rules, goldenValues(state.golden), deps.plan.phoneCountry ?? DEFAULT_COUNTRY);
  const before = state.match;
  if (sameMatchIndex(before, next)) return deps.state.putEntity(state);
  if (next.claims.some((key) => !before?.claims.includes(key))) await deps.state.claimKeys?.(state.entityId, next.claims);
  await deps.state.putEntity({ ...state, match: next }, {
    put: next.keys,
    drop: (before?.keys ?? []).filter((key) => !next.keys.includes(key)),
    release: (before?.claims ?? []).filter((key) => !next.claims.includes(key)),
  });
}
