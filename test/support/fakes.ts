import type { ChangeEvent, FieldValues } from '#domain/change-event';
import { ConcurrentChange } from '#domain/errors';
import type { ChangeFeed, ChangePage } from '#ports/change-feed';
import type { CursorStore } from '#ports/cursor-store';
import type { ChangeQueue, EnqueueResult } from '#ports/change-queue';
import type { Clock } from '#ports/clock';
import type { ChangeReader, CrmWriter, SourceRecord, UpdateRecord, UpsertRecord, UpsertResult } from '#ports/crm';
import type { MetricDimensions, Metrics, MetricName } from '#ports/metrics';
import type { SecretSource } from '#ports/secret-source';
import type { MatchValues } from '#domain/identity/match-record';
import type { AuditEntry, AuditLog, Claim, DeclinedStore, DeclinedSuggestion, EntityState, IdempotencyStore, IndexChange, IndexedEntity, MatchLabel, MatchLabelStore, QuarantineItem, QuarantineStore, ReviewItem, ReviewStore, StateStore } from '#ports/stores';

/** In-memory port implementations for unit tests of the use cases. */
export class FakeClock implements Clock {
  constructor(public now = Date.parse('2026-11-23T10:00:00Z')) {}
  nowMs = () => this.now;
}

export class CountingMetrics implements Metrics {
  readonly counts = new Map<string, number>();
  /** Dimensioned counts and timings, keyed `<name> <dimension=value,...>`. */
  readonly byDimensions = new Map<string, number[]>();
  count(name: MetricName, value = 1) {
    this.counts.set(name, (this.counts.get(name) ?? 0) + value);
  }
  countBy(name: MetricName, dimensions: MetricDimensions, value = 1) {
    this.record(name, dimensions, value);
  }
  timing(name: MetricName, dimensions: MetricDimensions, ms: number) {
    this.record(name, dimensions, ms);
  }
  /** The values recorded under `name` and exactly these dimensions. */
  values(name: MetricName, dimensions: MetricDimensions): number[] {
    return this.byDimensions.get(CountingMetrics.key(name, dimensions)) ?? [];
  }
  private record(name: MetricName, dimensions: MetricDimensions, value: number) {
    const key = CountingMetrics.key(name, dimensions);
    this.byDimensions.set(key, [...(this.byDimensions.get(key) ?? []), value]);
  }
  private static key(name: string, dimensions: MetricDimensions): string {
    return `${name} ${Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',')}`;
  }
  of(name: MetricName) {
    return this.counts.get(name) ?? 0;
  }
}

export class MemoryQueue implements ChangeQueue {
  readonly events: ChangeEvent[] = [];
  async enqueue(events: readonly ChangeEvent[]): Promise<EnqueueResult> {
    this.events.push(...events);
    return { refused: [] };
  }
}

export class MemoryIdempotency implements IdempotencyStore {
  readonly keys = new Map<string, 'INPROGRESS' | 'COMPLETED'>();
  async claim(key: string): Promise<Claim> {
    const status = this.keys.get(key);
    if (status === 'COMPLETED') return { status: 'completed' };
    if (status === 'INPROGRESS') return { status: 'in-progress' };
    this.keys.set(key, 'INPROGRESS');
    return { status: 'claimed', token: key };
  }
  async complete(key: string, token: string) {
    if (token !== key) throw new Error('not the owner');
    this.keys.set(key, 'COMPLETED');
  }
  async release(key: string, token: string) {
    if (token === key) this.keys.delete(key);
  }
}

export class MemoryState implements StateStore {
  readonly entities = new Map<string, EntityState>();
  readonly links = new Map<string, string>();
  async entityOf(recordKey: string) {
    return this.links.get(recordKey);
  }
  async getEntity(entityId: string) {
    const stored = this.entities.get(entityId);
    return stored ? structuredClone(stored) : null;
  }
  /** Calls of the batch read `linkedEntities`. */
  batchReads = 0;
  async linkedEntities(recordKeys: readonly string[]) {
    this.batchReads++;
    const links = new Map<string, string>();
    const entities = new Map<string, EntityState>();
    for (const key of recordKeys) {
      const entityId = this.links.get(key);
      if (entityId === undefined) continue;
      links.set(key, entityId);
      const stored = this.entities.get(entityId);
      if (stored) entities.set(entityId, structuredClone(stored));
    }
    return { links, entities };
  }
  /** Match key → entity id → indexed values; claim → entity id. */
  readonly index = new Map<string, Map<string, MatchValues>>();
  readonly claims = new Map<string, string>();
  async candidatesFor(keys: readonly string[]) {
    const found = new Map<string, IndexedEntity>();
    for (const key of keys) for (const [entityId, values] of this.index.get(key) ?? []) found.set(entityId, { entityId, values });
    return [...found.values()];
  }
  async claimKeys(entityId: string, keys: readonly string[], replacing?: string) {
    for (const key of keys) {
      const holder = this.claims.get(key);
      if (holder !== undefined && holder !== entityId && holder !== replacing) return holder;
      this.claims.set(key, entityId);
    }
    return undefined;
  }
  async putEntity(state: EntityState, index?: IndexChange) {
    if ((this.entities.get(state.entityId)?.version ?? 0) !== state.version) throw new ConcurrentChange(`entity ${state.entityId} changed concurrently`);
    for (const key of index?.put ?? []) this.index.set(key, (this.index.get(key) ?? new Map()).set(state.entityId, state.match?.values ?? {}));
    for (const key of index?.drop ?? []) this.index.get(key)?.delete(state.entityId);
    for (const key of index?.release ?? []) if (this.claims.get(key) === state.entityId) this.claims.delete(key);
    this.entities.set(state.entityId, structuredClone({ ...state, version: state.version + 1 }));
    for (const [system, ref] of Object.entries(state.links)) this.links.set(`${system}:${ref}`, state.entityId);
  }
}

/** Items parked for a person, by id (the quarantine, the review queue). */
export class MemoryParked<T extends { id: string }> {
  readonly items = new Map<string, T>();
  async put(item: T) {
    this.items.set(item.id, structuredClone(item));
  }
  async get(id: string) {
    return this.items.get(id) ?? null;
  }
  async list() {
    return [...this.items.values()];
  }
  async remove(id: string) {
    this.items.delete(id);
  }
  async presentOf(ids: readonly string[]) {
    return new Set(ids.filter((id) => this.items.has(id)));
  }
}

export class MemoryQuarantine extends MemoryParked<QuarantineItem> implements QuarantineStore {
  removals = 0;
  override async remove(id: string) {
    this.removals++;
    await super.remove(id);
  }
}
export class MemoryReviews extends MemoryParked<ReviewItem> implements ReviewStore {}

export class MemoryDeclined extends MemoryParked<DeclinedSuggestion> implements DeclinedStore {}

export class MemoryLabels extends MemoryParked<MatchLabel> implements MatchLabelStore {}

export class MemoryAudit implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async append(entries: readonly AuditEntry[]) {
    this.entries.push(...entries);
  }
  async history(recordKey: string) {
    return this.entries.filter((e) => e.recordKey === recordKey);
  }
}

/** A source system: records by id, each stamped with when it last changed (a counter that only goes up). */
export class MemoryReader implements ChangeReader {
  private stamp = Date.parse('2026-11-23T08:00:00Z');
  /** When each record last changed (epoch ms), as its reads report it; a test may set it. */
  readonly modified = new Map<string, number>();
  readonly records = new Map<string, FieldValues>([]);
  failNext: Error | undefined;
  constructor() {
    const set = this.records.set.bind(this.records);
    this.records.set = (id: string, values: FieldValues) => {
      this.modified.set(id, (this.stamp += 1000));
      return set(id, values);
    };
  }
  /** Every call: `read` for one record, `readMany` with the ids asked for. */
  readonly calls: { method: 'read' | 'readMany'; ids: string[] }[] = [];
  async readMany(objectType: string, ids: readonly string[], fields: readonly string[]) {
    this.calls.push({ method: 'readMany', ids: [...ids] });
    const found = new Map<string, SourceRecord>();
    for (const id of ids) {
      const record = this.current(id, fields);
      if (record) found.set(id, record);
    }
    return found;
  }
  /** Every lookup by a field's value: `findIds` for one, `findIdsMany` with the values asked for. */
  readonly lookups: { method: 'findIds' | 'findIdsMany' | 'findIdsAcross'; objectType: string; values: string[] }[] = [];
  async findIds(objectType: string, field: string, value: string) {
    this.lookups.push({ method: 'findIds', objectType, values: [value] });
    return this.idsWith(field, value);
  }
  async findIdsMany(objectType: string, field: string, values: readonly string[]) {
    this.lookups.push({ method: 'findIdsMany', objectType, values: [...values] });
    return new Map(values.flatMap((value) => (this.idsWith(field, value).length > 0 ? [[value, this.idsWith(field, value)] as const] : [])));
  }
  /** One call for several lookups: logged as one entry, its object types joined with `+`. */
  async findIdsAcross(lookups: readonly { objectType: string; field: string; values: readonly string[] }[]) {
    this.lookups.push({ method: 'findIdsAcross', objectType: lookups.map((l) => l.objectType).join('+'), values: lookups.flatMap((l) => l.values) });
    return lookups.map(({ field, values }) => new Map(values.flatMap((value) => (this.idsWith(field, value).length > 0 ? [[value, this.idsWith(field, value)] as const] : []))));
  }
  private idsWith(field: string, value: string): string[] {
    return [...this.records.entries()].filter(([, r]) => String(r[field] ?? '').toLowerCase() === value.toLowerCase()).map(([id]) => id);
  }
  private current(id: string, fields: readonly string[]): SourceRecord | null {
    const record = this.records.get(id);
    return record ? { values: Object.fromEntries(fields.map((f) => [f, record[f] ?? null])), ...(this.modified.has(id) ? { modifiedAt: this.modified.get(id) } : {}) } : null;
  }
  async read(_objectType: string, id: string, fields: readonly string[]) {
    this.calls.push({ method: 'read', ids: [id] });
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    return this.current(id, fields);
  }
  /** Records this system converted into others (a Lead into a Contact): id → `Object:id`, for `convertedInto`. */
  readonly conversions = new Map<string, string>();
  async convertedInto(_objectType: string, id: string) {
    return this.conversions.get(id) ?? null;
  }
}

/** A target system: records by external id, and every upsert or update call it received. */
export class MemoryWriter implements CrmWriter {
  readonly records = new Map<string, FieldValues & { Id: string }>();

  readonly calls: { objectType: string; externalIdField: string; records: UpsertRecord[] }[] = [];
  readonly updates: { objectType: string; records: UpdateRecord[] }[] = [];
  /**
   * `source`: the vendor's records as its MemoryReader reads them. An update of one Syncline did not create finds it
   * there and lands there, so a later read sees it, as in the vendor.
   */
  constructor(
    private readonly prefix = '003',
    private readonly source?: MemoryReader,
  ) {}
  async update(objectType: string, records: readonly UpdateRecord[]): Promise<UpsertResult[]> {
    this.updates.push({ objectType, records: [...records] });
    const planned = this.nextResult;
    this.nextResult = undefined;
    if (planned instanceof Error) throw planned;
    if (planned) return [planned];
    return records.map((r) => {
      const entry = [...this.records.entries()].find(([, v]) => v.Id === r.id);
      const held = this.source?.records.get(r.id);
      if (!entry && held) {
        this.source?.records.set(r.id, { ...held, ...r.fields });
        return { ok: true, id: r.id, created: false };
      }
      if (!entry) return { ok: false, code: 'ENTITY_IS_DELETED', message: 'not found', retryable: false };
      this.records.set(entry[0], { ...entry[1], ...r.fields });
      return { ok: true, id: r.id, created: false };
    });
  }
  nextResult: UpsertResult | Error | undefined;
  /** The target's field metadata, when a test gives it one. */
  fields?: CrmWriter['fields'];
  async upsert(objectType: string, externalIdField: string, records: readonly UpsertRecord[]): Promise<UpsertResult[]> {
    this.calls.push({ objectType, externalIdField, records: [...records] });
    const planned = this.nextResult;
    this.nextResult = undefined;
    if (planned instanceof Error) throw planned;
    if (planned) return [planned];
    return records.map((r) => {
      const existing = this.records.get(r.externalId);
      const id = existing?.Id ?? `${this.prefix}${String(this.records.size + 1).padStart(15, '0')}`;
      this.records.set(r.externalId, { ...existing, ...r.fields, Id: id });
      return { ok: true, id, created: !existing };
    });
  }
}

/** Secrets with a cache: `get` answers the cached value until a `fresh` read copies `stored` over it. */
export class MemorySecrets implements SecretSource {
  readonly stored: Record<string, Record<string, unknown>>;
  private readonly cached: Record<string, Record<string, unknown>>;
  freshReads = 0;
  constructor(initial: Record<string, Record<string, unknown>>) {
    this.stored = { ...initial };
    this.cached = { ...initial };
  }
  async get(connector: string, options?: { fresh?: boolean }) {
    if (options?.fresh) {
      this.freshReads++;
      this.cached[connector] = this.stored[connector] ?? {};
    }
    return this.cached[connector] ?? {};
  }
}

/** Poll cursors in a map; `failNextPut` makes the next save throw. */
export class MemoryCursors implements CursorStore {
  readonly values = new Map<string, string>();
  puts = 0;
  failNextPut: Error | undefined;
  async getCursor(name: string) {
    return this.values.get(name);
  }
  async putCursor(name: string, value: string) {
    const error = this.failNextPut;
    this.failNextPut = undefined;
    if (error) throw error;
    this.puts++;
    this.values.set(name, value);
  }
}

/** A change feed over a list of events per object; the cursor is how many were read. `failNext` fails one object's next poll. */
export class MemoryFeed implements ChangeFeed {
  readonly events = new Map<string, ChangeEvent[]>();
  readonly polls: { objectType: string; fields: readonly string[]; cursor: string | undefined; limit: number }[] = [];
  readonly failNext = new Map<string, Error>();
  async poll(objectType: string, fields: readonly string[], cursor: string | undefined, limit: number): Promise<ChangePage> {
    this.polls.push({ objectType, fields, cursor, limit });
    const error = this.failNext.get(objectType);
    this.failNext.delete(objectType);
    if (error) throw error;
    const start = cursor === undefined ? 0 : Number(cursor);
    const page = (this.events.get(objectType) ?? []).slice(start, start + limit);
    return { events: page, cursor: String(start + page.length), more: page.length === limit };
  }
}

/** A change queue whose next enqueue can be made to fail. */
export class FlakyQueue extends MemoryQueue {
  failNext: Error | undefined;
  override async enqueue(events: readonly ChangeEvent[]) {
    const error = this.failNext;
    this.failNext = undefined;
    if (error) throw error;
    return super.enqueue(events);
  }
}
