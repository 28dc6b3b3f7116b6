/**
 * Initial sync: two CRMs that already hold years of data meet for the first time. Each object (companies, then
 * people, then deals) is read in full from every system that syncs it, its records are linked across systems by the
 * object's match rules before anything is written, and then each record goes through the normal pipeline as a change:
 * a linked pair converges under the contract's ownership rules, a one-sided record is created where the contract
 * syncs it, and a record linked and already in step is left alone. Running it again writes nothing new.
 */
import { idempotencyKey, recordKey, type ChangeEvent, type FieldValue, type FieldValues } from '#domain/change-event';
import { stripEchoedFields } from '#domain/echo';
import { ConcurrentChange, RunInputError } from '#domain/errors';
import { emptyGoldenRecord } from '#domain/golden-record';
import { linkRecords, type HeldLink } from '#domain/identity/link-records';
import { toMatchRecord, type MatchValues } from '#domain/identity/match-record';
import { heldIdOf, linkFieldsOf, missingRequired, sourceReadFields, toCanonical, type ObjectMapping, type SyncPlan } from '#domain/mapping';
import { referenceFields, referenceLookups } from '#domain/references';
import type { ChangeQueue } from '#ports/change-queue';
import type { Clock } from '#ports/clock';
import type { RecordLister } from '#ports/crm';
import type { EntityState, IdempotencyStore, QuarantineStore, ReviewStore, StateStore } from '#ports/stores';

/** The objects an initial sync takes, in this order: people refer to companies, deals to both, activities to people and deals. */
export const SYNC_ORDER = ['company', 'person', 'deal', 'activity'] as const;

export interface InitialSyncDeps {
  plan: SyncPlan;
  listers: Partial<Record<string, RecordLister>>;
  /** Systems the run cannot read in full, with the reason (a secret without an API key): named in the reports. */
  unreadable?: Readonly<Record<string, string>>;
  state: Pick<StateStore, 'putEntity'> & Required<Pick<StateStore, 'linkedEntities'>>;
  reviews: Pick<ReviewStore, 'put' | 'get'>;
  /** Records waiting in quarantine are left there, not sent again. */
  quarantine: Required<Pick<QuarantineStore, 'presentOf'>>;
  /** Which changes the processor finished (synced, ignored, quarantined or held): the run waits on it. */
  idempotency: Required<Pick<IdempotencyStore, 'completedOf'>>;
  queue: ChangeQueue;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  /** Told what the run is doing, for a progress bar. */
  progress?: (progress: SyncProgress) => void;
}

export interface InitialSyncOptions {
  /** One object only (`company`, `person`, `deal`); default: every object in {@link SYNC_ORDER} the contract syncs. */
  object?: string;
  /** Link and count, write nothing. */
  dryRun?: boolean;
  /** How long to wait for one object's changes to be processed before the next object starts. @default 30 min */
  settleTimeoutMs?: number;
  /** When to stop waiting altogether (epoch ms), whatever is left; a scheduled run's time is bounded. */
  deadline?: number;
  /**
   * Records changed within this long before the run are left to the pipeline, which is likely still working on them
   * (reconciliation); they are counted as `recent`. @default 0
   */
  quietMs?: number;
  /**
   * Objects matched by carried ids alone (activities: events that happen once and stay) are read from this time
   * (epoch ms) only: their history is the initial sync's, a reconciliation looks for the recent ones lost on the way.
   */
  eventsSince?: number;
}

export type SyncProgress =
  | { phase: 'read'; object: string; system: string; records: number }
  | { phase: 'write'; object: string; written: number; total: number }
  | { phase: 'settle'; object: string; settled: number; total: number };

/** What the run found and did for one object. */
export interface ObjectReport {
  object: string;
  /** Records read, per system. */
  read: Record<string, number>;
  /** Pairs linked by this run. */
  linked: number;
  /** Pairs Syncline had linked before. */
  alreadyLinked: number;
  /** Linked pairs (or records) whose values Syncline already holds everywhere: nothing to do. */
  inStep: number;
  /** Linked records holding values Syncline has not synced (a change it never heard of): sent through again. */
  differing: number;
  /** Records one or more systems lack (each counted once, whatever the number of targets). */
  missing: number;
  /** Records changed too recently to judge (see `quietMs`): left to the pipeline. */
  recent: number;
  /** Records a target lacks, per target: created through the pipeline (or, in a dry run, that would be). */
  toCreate: Record<string, number>;
  /** Of those, created by the time the run finished waiting. */
  created: Record<string, number>;
  /** Records a person must decide on, with the reason. */
  held: HeldLink[];
  /** Records a target cannot take as they are (a required value missing), with the reason. */
  quarantined: { record: string; reason: string }[];
  /** Changes sent through the pipeline. */
  enqueued: number;
  /** Changes not processed when the run stopped waiting. */
  unsettled: number;
  /** Systems of the object that could not be read, with the reason: their records were neither counted nor compared. */
  notRead?: Record<string, string>;
  /** The full lengths of `held` and `quarantined` where a saved report keeps only their first records. */
  totals?: { held: number; quarantined: number };
}

/** A record as a full read found it, keyed and in canonical form. */
export interface Listed {
  system: string;
  objectType: string;
  id: string;
  key: string;
  vendor: FieldValues;
  canonical: FieldValues;
  carried: Record<string, string>;
  modifiedAt?: number;
  /** Reference values that name the same record as the canonical one (`id:salesforce:003…` for the entity linking it). */
  aliases?: Record<string, string>;
}

/** Runs the initial sync, object by object; returns one report per object. */
export async function initialSync(deps: InitialSyncDeps, options: InitialSyncOptions = {}): Promise<ObjectReport[]> {
  const objects = options.object ? [options.object] : syncedObjects(deps.plan);
  const reports: ObjectReport[] = [];
  for (const object of objects) reports.push(await syncObject(deps, object, options));
  return reports;
}

/** The objects of {@link SYNC_ORDER} the contract syncs, in that order. */
export function syncedObjects(plan: SyncPlan): string[] {
  return SYNC_ORDER.filter((o) => plan.objects[o] && plan.syncs.some((s) => s.object === o));
}

/** The systems an object is read from: those with a full reader that a sync of the object starts or ends at. */
/** The systems a sync of `object` starts or ends at. */
function syncedSystems(plan: SyncPlan, object: string): Set<string> {
  return new Set(plan.syncs.filter((s) => s.object === object).flatMap((s) => [s.from, s.to]));
}

function systemsOf(deps: InitialSyncDeps, object: string, mapping: ObjectMapping): string[] {
  const synced = syncedSystems(deps.plan, object);
  const systems = Object.keys(mapping.systems).filter((s) => synced.has(s) && readsInFull(deps.listers, mapping, s));
  // The anchor (first) is the system of record of most fields: the others are linked to its records.
  const owned = (s: string) => Object.values(mapping.fields).filter((f) => f.owner === s).length;
  return systems.sort((a, b) => owned(b) - owned(a));
}

async function syncObject(deps: InitialSyncDeps, object: string, options: InitialSyncOptions): Promise<ObjectReport> {
  const mapping = deps.plan.objects[object];
  if (!mapping) throw new RunInputError(`the contract has no object ${object}`);
  const systems = systemsOf(deps, object, mapping);
  const report: ObjectReport = { object, read: {}, linked: 0, alreadyLinked: 0, inStep: 0, differing: 0, missing: 0, recent: 0, toCreate: {}, created: {}, held: [], quarantined: [], enqueued: 0, unsettled: 0 };
  const synced = syncedSystems(deps.plan, object);
  const notRead = Object.entries(deps.unreadable ?? {}).filter(([system]) => mapping.systems[system] && synced.has(system));
  if (notRead.length > 0) report.notRead = Object.fromEntries(notRead);
  const records: Listed[] = [];
  // Only targets readable (Salesforce Tasks, with neither Outreach nor Gong read): nothing could be linked or created.
  if (!systems.some((system) => syncs(deps.plan, object, system))) return report;
  const events = matchedByIdsOnly(deps.plan, object);
  for (const system of systems) {
    const listed = await readAll(deps, object, mapping, system, events ? options.eventsSince : undefined);
    report.read[system] = listed.length;
    records.push(...listed);
  }
  const quietSince = deps.clock.nowMs() - (options.quietMs ?? 0);
  if (options.quietMs) {
    const settling = records.filter((r) => (r.modifiedAt ?? 0) > quietSince);
    report.recent = settling.length;
    records.splice(0, records.length, ...records.filter((r) => (r.modifiedAt ?? 0) <= quietSince));
  }
  await resolveReferences(deps, mapping, records);
  const { links, entities } = await deps.state.linkedEntities(records.map((r) => r.key));
  const byKey = new Map(records.map((r) => [r.key, r]));
  const [anchor, ...others] = systems;
  const rules = deps.plan.identity?.[object];
  const country = deps.plan.phoneCountry ?? 'US';
  const matchOf = (r: Listed) => toMatchRecord(r.canonical as MatchValues, { defaultCountry: country });

  // Link: each other system's records to the anchor's.
  const pairs: { anchor: Listed; other: Listed }[] = [];
  const held: HeldLink[] = [];
  if (anchor && rules) {
    const anchors = records.filter((r) => r.system === anchor);
    for (const system of others) {
      const namedBy = namedAnchors(mapping, records, system, anchor, links, entities);
      const outcome = linkRecords(
        rules,
        anchors.map((r) => ({ key: r.key, record: matchOf(r) })),
        records.filter((r) => r.system === system).map((r) => ({ key: r.key, record: matchOf(r), ...(namedBy.has(r.key) ? { named: namedBy.get(r.key) } : {}) })),
      );
      for (const p of outcome.pairs) pairs.push({ anchor: byKey.get(p.anchor) as Listed, other: byKey.get(p.other) as Listed });
      held.push(...outcome.held);
    }
  }
  const waiting = new Set(held.flatMap((h) => [h.other, ...h.candidates]));
  const paired = new Set(pairs.flatMap((p) => [p.anchor.key, p.other.key]));

  const toEnqueue: Listed[] = [];
  // The other half of each pair newly linked: sent once its anchor's change is through, and read afresh then, since
  // that change may have written to it since it was listed.
  const afterwards: Listed[] = [];
  const afterwardsAsListed: Listed[] = [];
  const creates = new Map<string, string[]>(); // record key → systems its entity must link once processed
  const newEntities: EntityState[] = [];
  for (const { anchor: a, other: o } of pairs) {
    const [ea, eo] = [links.get(a.key), links.get(o.key)];
    if (ea !== undefined && ea === eo) {
      report.alreadyLinked++;
      const news = [a, o].filter((r) => hasNews(entities.get(ea), r));
      toEnqueue.push(...news);
      report.differing += news.length;
      if (news.length === 0) report.inStep++;
      continue;
    }
    if (ea !== undefined && eo !== undefined) {
      held.push({ other: o.key, candidates: [a.key], code: 'DUPLICATE_IN_SOURCE', reason: `${o.key} and ${a.key} are one record, but Syncline links them to two entities (${eo}, ${ea})` });
      continue;
    }
    const existing = ea ?? eo;
    const state = existing ? entities.get(existing) : undefined;
    const joining = existing === ea ? o : a;
    if (state && state.links[joining.system] !== undefined) {
      held.push({ other: joining.key, candidates: [existing === ea ? a.key : o.key], code: 'DUPLICATE_IN_SOURCE', reason: `the same as ${state.entityId}, which already links ${joining.system}:${state.links[joining.system]}` });
      continue;
    }
    report.linked++;
    newEntities.push(
      state
        ? { ...state, links: { ...state.links, [joining.system]: `${joining.objectType}:${joining.id}` } }
        : { entityId: a.key, object, golden: emptyGoldenRecord(), links: { [a.system]: `${a.objectType}:${a.id}`, [o.system]: `${o.objectType}:${o.id}` }, written: {}, version: 0 },
    );
    const [first, second] = existing === eo ? [o, a] : [a, o];
    toEnqueue.push(first);
    // Read afresh only where the first's change may write to it (an Outreach call's Task writes nothing to Outreach).
    (syncs(deps.plan, object, first.system, second.system) ? afterwards : afterwardsAsListed).push(second);
  }
  const unpaired = records.filter((r) => !paired.has(r.key) && !waiting.has(r.key));
  const quarantined = await deps.quarantine.presentOf(unpaired.filter((r) => !links.has(r.key)).map((r) => r.key));
  for (const r of unpaired) {
    const entity = links.get(r.key) === undefined ? undefined : entities.get(links.get(r.key) as string);
    const targets = createTargets(deps.plan, object, r.system).filter((t) => entity?.links[t] === undefined && mapping.systems[t]);
    // Read only to be linked to (a Salesforce Task, which no sync starts from): with nothing to link, nothing to do.
    if (!entity && targets.length === 0 && !syncs(deps.plan, object, r.system)) continue;
    if (entity && targets.length === 0) {
      if (hasNews(entity, r)) {
        toEnqueue.push(r);
        report.differing++;
      } else report.inStep++;
      continue;
    }
    if (quarantined.has(r.key)) {
      report.quarantined.push({ record: r.key, reason: 'in quarantine from an earlier change: see syncline quarantine list' });
      continue;
    }
    const refused = targets.flatMap((t) => missingRequired(mapping, t, r.canonical).map((field) => `${t} requires ${field}`));
    if (refused.length > 0) report.quarantined.push({ record: r.key, reason: refused.join('; ') });
    for (const t of targets) report.toCreate[t] = (report.toCreate[t] ?? 0) + 1;
    // A record a target refuses is waiting for a fix (it is quarantined with the reason), not drift.
    if (targets.length > 0 && refused.length === 0) report.missing++;
    if (targets.length > 0) creates.set(r.key, targets);
    toEnqueue.push(r);
  }
  report.held = held;
  if (options.dryRun) return report;

  for (const state of newEntities) {
    await deps.state.putEntity(state).catch((error: unknown) => {
      // Stored first by a concurrent run or change: its records are linked, and the next run sees them so.
      if (!(error instanceof ConcurrentChange)) throw error;
    });
  }
  for (const h of held) await holdForReview(deps, object, h, byKey);
  const settled = new Map<string, string[]>();
  const timeoutMs = () => Math.min(options.settleTimeoutMs ?? 30 * 60_000, options.deadline === undefined ? Infinity : Math.max(0, options.deadline - deps.clock.nowMs()));
  for (const events of [toEnqueue.map((r) => changeOf(r)), [...afterwards.map((r) => changeOf(r, true)), ...afterwardsAsListed.map((r) => changeOf(r))]]) {
    for (let i = 0; i < events.length; i += 100) await deps.queue.enqueue(events.slice(i, i + 100));
    report.enqueued += events.length;
    for (const [key, systems] of await settle(deps, object, events, timeoutMs())) settled.set(key, systems);
  }
  report.unsettled = report.enqueued - settled.size;
  for (const [key, targets] of creates) for (const t of targets) if (settled.get(key)?.includes(t)) report.created[t] = (report.created[t] ?? 0) + 1;
  return report;
}

/** The object types of `system` in `mapping` that its lister reads in full (all of them, unless it names its own). */
function listedTypes(lister: RecordLister, mapping: ObjectMapping, system: string): string[] {
  return (mapping.systems[system]?.objects ?? []).filter((t) => lister.objectTypes?.includes(t) ?? true);
}

/** Whether `system` has a full reader for at least one of its object types of `mapping`. */
export function readsInFull(listers: InitialSyncDeps['listers'], mapping: ObjectMapping, system: string): boolean {
  const lister = listers[system];
  return lister !== undefined && listedTypes(lister, mapping, system).length > 0;
}

/** Whether a sync of `object` starts at `from` (and, given `to`, ends there). */
function syncs(plan: SyncPlan, object: string, from: string, to?: string): boolean {
  return plan.syncs.some((s) => s.object === object && s.from === from && (to === undefined || s.to === to));
}

/** Whether `object` is matched by the ids its records carry alone (activities: events that happen once and stay). */
function matchedByIdsOnly(plan: SyncPlan, object: string): boolean {
  return plan.identity?.[object]?.rules.every((r) => r.kind === 'external-id') ?? false;
}

/** Every record of `object` in `system` (changed since `modifiedSince`, when given). */
export async function readAll(deps: Pick<InitialSyncDeps, 'listers' | 'progress' | 'plan'>, object: string, mapping: ObjectMapping, system: string, modifiedSince?: number): Promise<Listed[]> {
  const lister = deps.listers[system];
  const out: Listed[] = [];
  if (!lister) return out;
  const linkFields = linkFieldsOf(mapping, system);
  // A system no sync starts from, of an object matched by carried ids alone (Salesforce Tasks): only its records
  // that carry another system's id can be linked to anything; the rest (Tasks logged by hand) are not read.
  const idsOnly = matchedByIdsOnly(deps.plan, object) && !syncs(deps.plan, object, system);
  const options = { ...(modifiedSince === undefined ? {} : { modifiedSince }), ...(idsOnly && Object.keys(linkFields).length > 0 ? { withAnyOf: Object.values(linkFields) } : {}) };
  for (const objectType of listedTypes(lister, mapping, system)) {
    for await (const page of lister.list(objectType, sourceReadFields(mapping, system, objectType), options)) {
      for (const { id, record } of page) {
        const carried: Record<string, string> = {};
        for (const [other, field] of Object.entries(linkFields)) {
          const value = record.values[field];
          if (typeof value === 'string' && value !== '') carried[other] = value;
        }
        out.push({ system, objectType, id, key: recordKey(system, objectType, id), vendor: record.values, canonical: toCanonical(mapping, system, objectType, record.values), carried, ...(record.modifiedAt !== undefined && { modifiedAt: record.modifiedAt }) });
      }
      deps.progress?.({ phase: 'read', object, system, records: out.length });
    }
  }
  return out;
}

/**
 * References (a deal's account, an activity's person) in canonical form, as the processor holds them: `entity:<id>`
 * where Syncline links the referred record, else `id:<system>:<id>` where the source names records by another
 * system's ids (Gong's Salesforce ids), else left out.
 */
async function resolveReferences(deps: InitialSyncDeps, mapping: ObjectMapping, records: Listed[]): Promise<void> {
  const fields = Object.entries(referenceFields(mapping));
  if (fields.length === 0) return;
  const lookups = new Map<Listed, Map<string, { id: string; keys: string[]; direct: string[] }>>();
  const keys = new Set<string>();
  for (const r of records) {
    const byField = new Map<string, { id: string; keys: string[]; direct: string[] }>();
    for (const [name, refers] of fields) {
      const id = r.canonical[name];
      if (typeof id !== 'string' || id === '') continue;
      const found = referenceLookups(deps.plan, refers, r.system, id);
      byField.set(name, { id, ...found });
      found.keys.forEach((k) => keys.add(k));
    }
    lookups.set(r, byField);
  }
  const { links } = keys.size > 0 ? await deps.state.linkedEntities([...keys]) : { links: new Map<string, string>() };
  for (const [r, byField] of lookups) {
    for (const [name] of fields) {
      const found = byField.get(name);
      const entity = found?.keys.map((k) => links.get(k)).find((e) => e !== undefined);
      const direct = found?.direct[0] === undefined ? undefined : `id:${found.direct[0]}:${found.id}`;
      if (entity) {
        r.canonical[name] = `entity:${entity}`;
        // Held as a direct id before the referred record was linked: the same record, not news.
        if (direct) r.aliases = { ...r.aliases, [name]: direct };
      } else if (direct) r.canonical[name] = direct;
      else delete r.canonical[name];
    }
  }
}

/**
 * Other-system records that name their anchor record already: they carry its id (a HubSpot contact's Salesforce
 * id), the anchor carries theirs, or Syncline linked both to one entity before.
 */
function namedAnchors(mapping: ObjectMapping, records: readonly Listed[], system: string, anchor: string, links: ReadonlyMap<string, string>, entities: ReadonlyMap<string, EntityState>): Map<string, string> {
  const anchors = records.filter((r) => r.system === anchor);
  // By the id other systems hold of each: `mailing:7001` where a system numbers its objects apart.
  const anchorById = new Map(anchors.map((r) => [heldIdOf(mapping, anchor, r.objectType, r.id), r.key]));
  const otherById = new Map(records.filter((r) => r.system === system).map((r) => [heldIdOf(mapping, system, r.objectType, r.id), r.key]));
  const named = new Map<string, string>();
  for (const r of anchors) {
    const id = r.carried[system];
    const other = id === undefined ? undefined : otherById.get(id);
    if (other) named.set(other, r.key);
  }
  for (const r of records) {
    if (r.system !== system || named.has(r.key)) continue;
    const carried = r.carried[anchor];
    const viaLink = links.get(r.key) === undefined ? undefined : entities.get(links.get(r.key) as string)?.links[anchor];
    const key = (carried !== undefined ? anchorById.get(carried) : undefined) ?? (viaLink !== undefined ? recordKey(anchor, viaLink.slice(0, viaLink.indexOf(':')), viaLink.slice(viaLink.indexOf(':') + 1)) : undefined);
    if (key !== undefined) named.set(r.key, key);
  }
  return named;
}

/** Targets a record of `system` is created in where it lacks one: the syncs from it that may create. */
function createTargets(plan: SyncPlan, object: string, system: string): string[] {
  return plan.syncs.filter((s) => s.object === object && s.from === system && s.create !== false).map((s) => s.to);
}

/** Whether a record holds values Syncline does not know it holds (nor holds as golden): then it goes through again. */
function hasNews(entity: EntityState | undefined, r: Listed): boolean {
  if (!entity) return true;
  const news = stripEchoedFields(entity.written[r.system] ?? {}, r.canonical);
  return Object.entries(news).some(([field, value]) => {
    const golden = entity.golden.fields[field]?.value;
    return golden !== value && (golden === undefined || golden !== r.aliases?.[field]);
  });
}

/**
 * The change of a listed record: its values as listed (the processor reads nothing more), or with `fresh` none, so the
 * processor reads the record as it is then.
 */
export function changeOf(r: Listed, fresh = false): ChangeEvent {
  const at = r.modifiedAt ?? 0;
  // The version's id, as the poller names it: the same version read twice is one change (idempotent across runs).
  const event: ChangeEvent = { source: r.system, objectType: r.objectType, sourceId: r.id, eventId: `${r.id}-${at}`, occurredAt: new Date(at).toISOString(), kind: 'upsert', fields: {} };
  // A Lead is read again when processed, as the poller's Lead rows are: converted since it was listed, it is its
  // Contact now.
  return fresh || r.objectType === 'Lead' ? event : { ...event, fields: r.vendor, polled: true };
}

/** An identity review for a record the run could not link alone; approving it replays its change with the decision. */
async function holdForReview(deps: InitialSyncDeps, object: string, h: HeldLink, byKey: ReadonlyMap<string, Listed>): Promise<void> {
  const r = byKey.get(h.other);
  if (!r) return;
  const event = changeOf(r);
  const observation = (value: FieldValue) => ({ value, source: r.system, observedAt: r.modifiedAt ?? 0, eventId: `${r.system}:${event.eventId}` });
  const candidates = h.candidates.map((key) => {
    const [system, ...rest] = key.split(':');
    return `record:${system}:${rest.join(':')}`;
  });
  const id = `identity#${r.key}`;
  if (await deps.reviews.get(id)) return;
  await deps.reviews.put({ id, entityId: r.key, object, field: 'identity', current: observation(null), proposed: observation(candidates[0] ?? null), at: new Date(deps.clock.nowMs()).toISOString(), identity: { candidates, code: h.code, reason: h.reason, event } });
}

/**
 * Waits until the processor has finished every change sent (synced, found to be no news, quarantined or held for
 * review), then reads which systems each record's entity links. Returns the finished records with those systems.
 */
export async function settle(deps: Pick<InitialSyncDeps, 'idempotency' | 'state' | 'clock' | 'sleep' | 'progress'>, object: string, events: readonly ChangeEvent[], timeoutMs: number): Promise<Map<string, string[]>> {
  const keyOf = new Map(events.map((e) => [idempotencyKey(e), recordKey(e.source, e.objectType, e.sourceId)]));
  const finished: string[] = [];
  const deadline = deps.clock.nowMs() + timeoutMs;
  let pending = [...keyOf.keys()];
  for (let round = 0; pending.length > 0; round++) {
    if (round > 0) {
      if (deps.clock.nowMs() >= deadline) break;
      await deps.sleep(Math.min(2_000, 250 * round));
    }
    const done = await deps.idempotency.completedOf(pending);
    for (const key of done) finished.push(keyOf.get(key) as string);
    pending = pending.filter((key) => !done.has(key));
    deps.progress?.({ phase: 'settle', object, settled: finished.length, total: keyOf.size });
  }
  const { links, entities } = finished.length > 0 ? await deps.state.linkedEntities(finished) : { links: new Map<string, string>(), entities: new Map<string, EntityState>() };
  return new Map(finished.map((key) => [key, Object.keys(entities.get(links.get(key) ?? '')?.links ?? {})]));
}
