import { idempotencyKey, recordKey, type ChangeEvent, type FieldValues } from '#domain/change-event';
import { ConcurrentChange, IdentityConflict } from '#domain/errors';
import { emptyGoldenRecord, goldenValues } from '#domain/golden-record';
import { LEVEL_SCHEME, pairLevels } from '#domain/identity/comparison-levels';
import { matchIndexOf, matchRecordOf, sameMatchIndex } from '#domain/identity/match-index';
import type { MatchRecord } from '#domain/identity/match-record';
import { ambiguityReason, decideMatch, describeEvidence } from '#domain/identity/matcher';
import { linkFieldsOf, recordsNamedBy, type SyncPlan } from '#domain/mapping';
import { namingValues } from '#domain/record-label';
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
  /** The change's last delivery before quarantine: a carried id no link resolves is then matched as usual. */
  lastAttempt?: boolean;
}

const DEFAULT_COUNTRY = 'US';

/** How long a record carrying the id of a record Syncline is still linking waits before it is looked at again. */
const IN_FLIGHT_RETRY_MS = 5_000;

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
  if (resolution?.startsWith('entity:')) return adopt(deps, resolution.slice('entity:'.length), event, link, sourceKey, 'review approved', namingValues(object, values));
  // External id: the record carries another system's id (a HubSpot contact's Salesforce id) of a record Syncline links.
  const mapping = deps.plan.objects[object];
  const unknown: string[] = [];
  for (const [system, held] of Object.entries(carried)) {
    for (const { objectType, id } of mapping ? recordsNamedBy(mapping, system, held) : []) {
      const entityId = await deps.state.entityOf(recordKey(system, objectType, id));
      if (entityId) return adopt(deps, entityId, event, link, sourceKey, `external-id ${system}:${objectType}:${id}`, namingValues(object, values));
    }
    if (mapping && linkFieldsOf(mapping, event.source)[system] !== undefined) unknown.push(`${system} ${held}`);
  }
  // A record holding, in its link field, the id of a record Syncline has not linked was most often created from that
  // record a moment ago (an upsert keyed on its id), whose entity is stored just after the write: it waits for that
  // link rather than become a second entity, and a duplicate back where it came from. On its last delivery it is
  // matched as usual (an id some other tool wrote, or a record Syncline never saw).
  if (unknown.length > 0 && !deps.lastAttempt) throw new ConcurrentChange(`${sourceKey} holds the id of ${unknown.join(', ')}, which Syncline has not linked yet`, { retryAfterMs: IN_FLIGHT_RETRY_MS });
  if (!rules || !deps.state.candidatesFor || resolution === 'new' || resolution?.startsWith('record:')) return newEntity(sourceKey, object, event.source, link);

  const country = deps.plan.phoneCountry ?? DEFAULT_COUNTRY;
  const index = matchIndexOf(rules, values, country);
  const candidates = (await deps.state.candidatesFor(index.keys)).filter((c) => c.entityId !== sourceKey);
  const record = matchRecordOf(index, country);
  const known = candidates.map((c) => ({ id: c.entityId, record: matchRecordOf(c, country) }));
  const decision = decideMatch(rules, record, known);
  if (decision.kind === 'ambiguous') {
    const { code, reason } = ambiguityReason(decision);
    // The pairs a person decides, as the person model sees them: the decision becomes a label (see MatchLabel).
    const levels = rules.rules.some((r) => r.kind === 'probabilistic') ? { scheme: LEVEL_SCHEME, pairs: decision.candidates.map((c) => levelsWith(record, known.find((k) => k.id === c.id)?.record)) } : undefined;
    throw new IdentityConflict(code, `${sourceKey} ${reason}`, decision.candidates.map((c) => `entity:${c.id}`), { subject: namingValues(object, values), ...(levels && { levels }) });
  }
  if (decision.kind === 'match') return adopt(deps, decision.id, event, link, sourceKey, describeEvidence(decision.evidence), namingValues(object, values));

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

/** The pair's levels, or none (`[]`, never a label) when the candidate's record is not at hand. */
function levelsWith(record: MatchRecord, candidate: MatchRecord | undefined): number[] {
  return candidate === undefined ? [] : pairLevels(record, candidate);
}

async function adopt(deps: IdentityDeps, entityId: string, event: ChangeEvent, link: string, sourceKey: string, because: string, subject?: FieldValues): Promise<EntityState> {
  const state = await deps.state.getEntity(entityId);
  if (!state) throw new ConcurrentChange(`${sourceKey} matches ${entityId}, which is being created`);
  const held = state.links[event.source];
  if (held !== undefined && held !== link && !(await repointConvertedLead({ readers: deps.readers ?? {}, metrics: deps.metrics }, state, event))) {
    throw new IdentityConflict('DUPLICATE_IN_SOURCE', `${sourceKey} is the same person as ${event.source}:${held}, already linked`, [`entity:${entityId}`], subject ? { subject } : undefined);
  }
  deps.metrics.count(MetricName.RecordsMatched);
  // The decision in the record's audit trail: `syncline audit <record>` shows which person it joined, and why.
  const at = new Date(deps.clock?.nowMs() ?? 0).toISOString();
  await deps.audit?.append([{ recordKey: sourceKey, sourceKey, eventId: idempotencyKey(event), field: 'identity', before: null, after: entityId, actor: `syncline match: ${because}`, at }]);
  return withLink(state, event.source, link);
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
