import type { PersistentStore } from '../kit/index.ts';
import { MODIFIED_PROPERTY, OBJECT_TYPES, type HubspotObjectType, type HubspotRecord } from './model.ts';
import { formatHubspotDateTime } from './values.ts';

/** A change made through the API, as the webhook sender needs it. */
export interface ObjectChange {
  kind: 'creation' | 'propertyChange' | 'deletion' | 'merge';
  type: HubspotObjectType;
  objectId: string;
  occurredAt: number;
  propertyName?: string;
  propertyValue?: string;
  /** Merge only (vendor-apis §2.8): the primary, the records merged into it, the survivor's id, properties moved. */
  merge?: { primaryObjectId: string; mergedObjectIds: string[]; newObjectId: string; numberOfPropertiesMoved: number };
}

/** What {@link HubspotStore.merge} did. */
export interface MergeOutcome {
  survivor: HubspotRecord;
  /** Every id that no longer answers: the merged-away record, and the primary too when the survivor got a new id. */
  retired: string[];
}

/**
 * How far CRM search trails the records. HubSpot: "It may take a few moments for newly created or updated CRM objects
 * to appear in search results" [C: developers.hubspot.com/docs/api-reference/search/guide, "Limits"]; how long is not
 * documented ("several seconds" in third-party connector docs [T]).
 */
export interface SearchLag {
  /** How long a created record stays out of search. */
  createMs: number;
  /** How long search keeps serving a changed record's previous values (and an archived record at all). */
  updateMs: number;
}

/** One state of a record as the search index holds it, searchable from `from` (epoch ms) on; no `record`: not in the index. */
interface IndexedState {
  from: number;
  record: HubspotRecord | undefined;
}

/** First id handed out per type, so ids of different types never collide and look like portal ids. */
const FIRST_ID: Record<HubspotObjectType, number> = { contacts: 1001, companies: 5001, deals: 9001 };

/** What a HubSpot portal keeps across a restart: the records and the next id of each object type. */
export interface HubspotState {
  records: Map<HubspotObjectType, Map<string, HubspotRecord>>;
  nextId: Map<HubspotObjectType, number>;
}

/** In-memory HubSpot CRM objects. Writes report their changes to `onChange` (the webhook queue). */
export class HubspotStore implements PersistentStore<HubspotState> {
  readonly #records = new Map<HubspotObjectType, Map<string, HubspotRecord>>();
  readonly #nextId = new Map<HubspotObjectType, number>();
  /**
   * Ids by property value, for the properties `findBy` was asked about (type → property → value → ids): a portal
   * answers a lookup by e-mail or a unique property without reading every record, and so does the sandbox, or an
   * import of tens of thousands would make each create's uniqueness check slower than the last.
   */
  readonly #indexes = new Map<HubspotObjectType, Map<string, Map<string, Set<string>>>>();
  /**
   * The search index's view of records whose last change has not reached it, or only just has (type → id → states,
   * oldest first). A record not in here is searched as it is; with no lag nothing is ever added.
   */
  readonly #searchStates = new Map<HubspotObjectType, Map<string, IndexedState[]>>();
  /** The search lag in force; changeable at runtime (`/__sandbox/search-lag`). Writes already made keep theirs. */
  readonly searchLag: SearchLag = { createMs: 0, updateMs: 0 };

  constructor(
    private readonly onChange: (change: ObjectChange) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.clear();
  }

  /** Removes every record and restarts ids. */
  clear(): void {
    this.#indexes.clear();
    this.#searchStates.clear();
    for (const type of OBJECT_TYPES) {
      this.#records.set(type, new Map());
      this.#nextId.set(type, FIRST_ID[type]);
    }
  }

  exportState(): HubspotState {
    return { records: this.#records, nextId: this.#nextId };
  }

  importState(state: HubspotState): void {
    this.clear();
    for (const [type, rows] of state.records) this.#records.set(type, rows);
    for (const [type, next] of state.nextId) this.#nextId.set(type, next);
  }

  #table(type: HubspotObjectType): Map<string, HubspotRecord> {
    return this.#records.get(type) as Map<string, HubspotRecord>;
  }

  /** Every record of a type, archived ones included, in id order. */
  all(type: HubspotObjectType): HubspotRecord[] {
    return [...this.#table(type).values()].sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Live (neither archived nor merged away) records of a type, in id order. */
  live(type: HubspotObjectType): HubspotRecord[] {
    return this.all(type).filter((r) => !r.archived && !r.mergedInto);
  }

  /**
   * The live records as CRM search sees them, in id order: a record created less than `searchLag.createMs` ago is
   * missing, and one changed (or archived) less than `searchLag.updateMs` ago shows its previous state, values
   * included. Get by id, batch read and list always read the records themselves.
   */
  searchable(type: HubspotObjectType): HubspotRecord[] {
    const states = this.#searchStates.get(type);
    if (!states || states.size === 0) return this.live(type);
    const now = this.now();
    const out: HubspotRecord[] = [];
    for (const record of this.all(type)) {
      const list = states.get(record.id);
      if (!list) {
        if (!record.archived && !record.mergedInto) out.push(record);
        continue;
      }
      const shown = list.findLastIndex((s) => s.from <= now);
      if (shown < 0) continue;
      // Older states can never show again; once the newest one shows, the index has caught up with the record.
      list.splice(0, shown);
      if (list.length === 1) states.delete(record.id);
      const state = list[0]?.record;
      if (state) out.push(state);
    }
    return out;
  }

  #searchStatesOf(type: HubspotObjectType): Map<string, IndexedState[]> {
    const states = this.#searchStates.get(type) ?? new Map<string, IndexedState[]>();
    this.#searchStates.set(type, states);
    return states;
  }

  /** What the index holds of a record: a copy, or nothing once it is archived or merged away. */
  #indexed(record: HubspotRecord): HubspotRecord | undefined {
    return record.archived || record.mergedInto ? undefined : { ...record, properties: { ...record.properties } };
  }

  /** Before a change to `records`: when changes reach search late, search goes on showing them as they are now. */
  #beforeSearchChange(type: HubspotObjectType, records: readonly HubspotRecord[]): void {
    const states = this.#searchStatesOf(type);
    for (const r of records) if (!states.has(r.id) && this.searchLag.updateMs > 0) states.set(r.id, [{ from: -Infinity, record: this.#indexed(r) }]);
  }

  /** After a change: the new state reaches search `delayMs` from now, never before a state queued earlier. */
  #afterSearchChange(type: HubspotObjectType, records: readonly HubspotRecord[], delayMs: number): void {
    const states = this.#searchStatesOf(type);
    for (const r of records) {
      const list = states.get(r.id);
      if (!list) continue;
      list.push({ from: Math.max(this.now() + delayMs, list.at(-1)?.from ?? -Infinity), record: this.#indexed(r) });
    }
  }

  /** A record by id; archived ones only when `archived` is true. Merged-away records are never found. */
  get(type: HubspotObjectType, id: string, archived = false): HubspotRecord | undefined {
    const record = this.#table(type).get(id);
    return record && record.archived === archived && !record.mergedInto ? record : undefined;
  }

  /** The live record whose `property` equals `value` (emails compare case-insensitively). */
  findBy(type: HubspotObjectType, property: string, value: string): HubspotRecord | undefined {
    if (property === 'hs_object_id') return this.get(type, value);
    const wanted = property === 'email' ? value.trim().toLowerCase() : value;
    const ids = [...(this.#indexOf(type, property).get(wanted) ?? [])].sort((a, b) => Number(a) - Number(b));
    return ids.map((id) => this.#table(type).get(id)).find((r) => r !== undefined && !r.archived && !r.mergedInto && r.properties[property] === wanted);
  }

  /** The index of one property, built from the table the first time it is asked for and kept up to date after. */
  #indexOf(type: HubspotObjectType, property: string): Map<string, Set<string>> {
    const byProperty = this.#indexes.get(type) ?? new Map<string, Map<string, Set<string>>>();
    this.#indexes.set(type, byProperty);
    let index = byProperty.get(property);
    if (!index) {
      index = new Map();
      byProperty.set(property, index);
      for (const record of this.#table(type).values()) addTo(index, record.properties[property], record.id);
    }
    return index;
  }

  /** Runs `change` on `records`, keeping the property indexes of `type` in step with their values. */
  #reindexing<T>(type: HubspotObjectType, records: readonly HubspotRecord[], change: () => T): T {
    const indexes = [...(this.#indexes.get(type) ?? new Map<string, Map<string, Set<string>>>())];
    for (const record of records) for (const [property, index] of indexes) index.get(record.properties[property] ?? '')?.delete(record.id);
    const result = change();
    for (const record of records) for (const [property, index] of indexes) addTo(index, record.properties[property], record.id);
    return result;
  }

  /**
   * Creates a record from already-validated properties.
   * `silent` skips change events (seeding) and `at` backdates it (seeding).
   */
  create(type: HubspotObjectType, properties: Record<string, string>, options: { silent?: boolean; at?: number } = {}): HubspotRecord {
    const id = String(this.#nextId.get(type));
    this.#nextId.set(type, Number(id) + 1);
    const at = options.at ?? this.now();
    const iso = new Date(at).toISOString();
    // Timestamp properties read as HubSpot writes datetimes (values.ts); `createdAt`/`updatedAt` keep full ISO form.
    const stamp = formatHubspotDateTime(at);
    const record: HubspotRecord = {
      id,
      properties: { ...properties, hs_object_id: id, createdate: stamp, [MODIFIED_PROPERTY[type]]: stamp },
      createdAt: iso,
      updatedAt: iso,
      archived: false,
    };
    this.#table(type).set(id, record);
    for (const [property, index] of this.#indexes.get(type) ?? []) addTo(index, record.properties[property], id);
    // Seeded and loaded records predate the test, so search has them at once; an API create reaches it late.
    if (!options.silent && this.searchLag.createMs > 0) this.#searchStatesOf(type).set(id, [{ from: this.now() + this.searchLag.createMs, record: this.#indexed(record) }]);
    if (!options.silent) {
      this.onChange({ kind: 'creation', type, objectId: id, occurredAt: at });
      for (const [name, value] of Object.entries(properties)) {
        if (value !== '') this.onChange({ kind: 'propertyChange', type, objectId: id, occurredAt: at, propertyName: name, propertyValue: value });
      }
    }
    return record;
  }

  /** Applies validated properties; only values that actually change emit events and bump the modified date. */
  update(type: HubspotObjectType, record: HubspotRecord, properties: Record<string, string>): HubspotRecord {
    const at = this.now();
    const changed = Object.entries(properties).filter(([name, value]) => (record.properties[name] ?? '') !== value);
    if (changed.length === 0) return record;
    this.#beforeSearchChange(type, [record]);
    this.#reindexing(type, [record], () => {
      for (const [name, value] of changed) record.properties[name] = value;
    });
    for (const [name, value] of changed) this.onChange({ kind: 'propertyChange', type, objectId: record.id, occurredAt: at, propertyName: name, propertyValue: value });
    record.properties[MODIFIED_PROPERTY[type]] = formatHubspotDateTime(at);
    record.updatedAt = new Date(at).toISOString();
    this.#afterSearchChange(type, [record], this.searchLag.updateMs);
    return record;
  }

  /**
   * A change a portal makes by itself, no integration involved: a workflow or a property recalculation moves the
   * last-modified date (and sets the calculated `properties` given, already validated). It lands at least 1 ms after
   * the record's previous modification, as a process that follows a write does. Such changes send no webhook here:
   * whether HubSpot sends propertyChange events for recalculated properties is not in our sources [?].
   */
  touch(type: HubspotObjectType, record: HubspotRecord, properties: Record<string, string> = {}): HubspotRecord {
    const previous = Date.parse(record.updatedAt);
    const at = Math.max(this.now(), Number.isNaN(previous) ? 0 : previous + 1);
    this.#beforeSearchChange(type, [record]);
    this.#reindexing(type, [record], () => Object.assign(record.properties, properties));
    record.properties[MODIFIED_PROPERTY[type]] = formatHubspotDateTime(at);
    record.updatedAt = new Date(at).toISOString();
    this.#afterSearchChange(type, [record], this.searchLag.updateMs);
    return record;
  }

  /** Archives (soft-deletes) a record. */
  archive(type: HubspotObjectType, record: HubspotRecord): void {
    const at = this.now();
    this.#beforeSearchChange(type, [record]);
    record.archived = true;
    record.archivedAt = new Date(at).toISOString();
    this.#afterSearchChange(type, [record], this.searchLag.updateMs);
    this.onChange({ kind: 'deletion', type, objectId: record.id, occurredAt: at });
  }

  /**
   * Merges `merged` into `primary` (vendor-apis §2.2): the primary's values win, the merged record fills the gaps.
   * With `newId`, the survivor is a new record and both old ids retire (HubSpot's newer merge behaviour, §2.8);
   * otherwise the primary keeps its id. Retired records stay in the table (inspection shows them) with `mergedInto`.
   * Unique values (email, source ids) move to the survivor, so the retired copies are cleared of them.
   */
  merge(type: HubspotObjectType, primary: HubspotRecord, merged: HubspotRecord, newId: boolean, uniqueNames: readonly string[]): MergeOutcome {
    this.#beforeSearchChange(type, [primary, merged]);
    const outcome = this.#reindexing(type, [primary, merged], () => this.#merge(type, primary, merged, newId, uniqueNames));
    this.#afterSearchChange(type, [primary, merged], this.searchLag.updateMs);
    return outcome;
  }

  #merge(type: HubspotObjectType, primary: HubspotRecord, merged: HubspotRecord, newId: boolean, uniqueNames: readonly string[]): MergeOutcome {
    const at = this.now();
    const iso = new Date(at).toISOString();
    const moved = Object.entries(merged.properties).filter(([name, value]) => value !== '' && !(primary.properties[name] ?? '') && !SYSTEM_MANAGED.has(name));
    const combined = { ...primary.properties, ...Object.fromEntries(moved) };
    const mergedIds = [...(primary.properties['hs_merged_object_ids'] ?? '').split(';').filter((s) => s !== ''), merged.id];
    const retire = (r: HubspotRecord, into: string): void => {
      r.mergedInto = into;
      for (const name of uniqueNames) if (r.properties[name]) r.properties[name] = '';
    };
    let survivor = primary;
    if (newId) {
      const userValues = Object.fromEntries(Object.entries(combined).filter(([name]) => !SYSTEM_MANAGED.has(name)));
      retire(primary, '');
      survivor = this.create(type, userValues, { silent: true, at });
      mergedIds.unshift(primary.id);
      primary.mergedInto = survivor.id;
    } else {
      Object.assign(primary.properties, combined);
    }
    retire(merged, survivor.id);
    survivor.properties['hs_merged_object_ids'] = mergedIds.join(';');
    survivor.properties[MODIFIED_PROPERTY[type]] = formatHubspotDateTime(at);
    survivor.updatedAt = iso;
    const retired = newId ? [primary.id, merged.id] : [merged.id];
    this.onChange({
      kind: 'merge',
      type,
      objectId: survivor.id,
      occurredAt: at,
      merge: { primaryObjectId: primary.id, mergedObjectIds: [merged.id], newObjectId: survivor.id, numberOfPropertiesMoved: moved.length },
    });
    return { survivor, retired };
  }
}

/** Properties the portal keeps itself; a merge never copies them from one record to another. */
const SYSTEM_MANAGED = new Set(['hs_object_id', 'createdate', 'lastmodifieddate', 'hs_lastmodifieddate', 'hs_merged_object_ids']);

/** Adds `id` under `value` (a record without the property is not indexed). */
function addTo(index: Map<string, Set<string>>, value: string | undefined, id: string): void {
  if (value === undefined || value === '') return;
  const ids = index.get(value) ?? new Set<string>();
  ids.add(id);
  index.set(value, ids);
}
