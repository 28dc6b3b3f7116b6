import { recordKey, type ChangeEvent } from '#domain/change-event';
import { entityOf, sourceReadFields } from '#domain/mapping';
import type { ChangeReader, CrmWriter, SourceRecord } from '#ports/crm';
import { decorateMethods } from '#ports/decorate';
import type { EntityState, IndexChange, QuarantineStore, StateStore } from '#ports/stores';
import type { ProcessChangeDeps } from './process-change.ts';

/**
 * Reads what a whole batch of changes needs up front, a few calls instead of several per change: the entities
 * their records are linked to, and their source records. Returns deps that answer from those reads.
 */
export async function prefetchBatch(deps: ProcessChangeDeps, events: readonly ChangeEvent[]): Promise<ProcessChangeDeps> {
  const [withState, withSources, withQuarantine] = await Promise.all([prefetchState(deps, events), prefetchSources(deps, events), prefetchQuarantine(deps, events)]);
  return { ...deps, ...withState, ...withSources, ...withQuarantine };
}

/**
 * Which of the batch's records wait in quarantine: a change that syncs takes its record out, and with this known a
 * record that was never quarantined (nearly all of them) costs no delete.
 */
async function prefetchQuarantine(deps: ProcessChangeDeps, events: readonly ChangeEvent[]): Promise<Pick<ProcessChangeDeps, 'quarantine'>> {
  const live = deps.quarantine;
  if (!live.presentOf || events.length === 0) return { quarantine: live };
  const checked = new Set(events.map((e) => recordKey(e.source, e.objectType, e.sourceId)));
  const present = await live.presentOf([...checked]);
  const quarantine: QuarantineStore = {
    put: async (item) => {
      await live.put(item);
      present.add(item.id);
    },
    get: (id) => live.get(id),
    list: () => live.list(),
    remove: async (id) => {
      if (checked.has(id) && !present.has(id)) return;
      await live.remove(id);
      present.delete(id);
    },
  };
  return { quarantine };
}

/**
 * The entities linked to the batch's records, in two batch reads. The store answers from them, and keeps each
 * entity it stores, so several changes of one entity in a batch see each other's writes; the version check on
 * every store still catches a change made elsewhere in the meantime.
 */
async function prefetchState(deps: ProcessChangeDeps, events: readonly ChangeEvent[]): Promise<Pick<ProcessChangeDeps, 'state'>> {
  if (!deps.state.linkedEntities || events.length === 0) return { state: deps.state };
  const keys = [...new Set(events.map((e) => recordKey(e.source, e.objectType, e.sourceId)))];
  const { links, entities } = await deps.state.linkedEntities(keys);
  const prefetched = new PrefetchedState(deps.state, new Set(keys), links, entities);
  // Every other method (the identity index's) goes to the live store as it is.
  return { state: { ...decorateMethods(deps.state, (method) => method), ...decorateMethods(prefetched, (method) => method) } };
}

class PrefetchedState implements Pick<StateStore, 'entityOf' | 'getEntity' | 'putEntity'> {
  constructor(
    private readonly live: StateStore,
    /** Record keys whose link is known: in `links` when linked, unlinked otherwise. */
    private readonly known: Set<string>,
    private readonly links: Map<string, string>,
    private readonly entities: Map<string, EntityState>,
  ) {}

  async entityOf(recordKey: string): Promise<string | undefined> {
    return this.known.has(recordKey) ? this.links.get(recordKey) : this.live.entityOf(recordKey);
  }

  async getEntity(entityId: string): Promise<EntityState | null> {
    const cached = this.entities.get(entityId);
    // A copy: the use cases change the state they hold before storing it, and a failed store must leave no trace.
    return cached ? structuredClone(cached) : this.live.getEntity(entityId);
  }

  async putEntity(state: EntityState, index?: IndexChange): Promise<void> {
    await this.live.putEntity(state, index);
    this.entities.set(state.entityId, structuredClone({ ...state, version: state.version + 1 }));
    for (const [system, ref] of Object.entries(state.links)) {
      const key = `${system}:${ref}`;
      this.known.add(key);
      this.links.set(key, state.entityId);
    }
  }
}

/**
 * The source records of the batch's upserts, one vendor call per system and object. Each prefetched record serves
 * one read only, and a write to a system drops what was prefetched from it, so a later change never sees values
 * older than Syncline's own write. Only the first upsert of each record in the batch is prefetched; later ones
 * read live.
 */
async function prefetchSources(deps: ProcessChangeDeps, events: readonly ChangeEvent[]): Promise<Pick<ProcessChangeDeps, 'readers' | 'writers'>> {
  const wanted = new Map<string, { source: string; objectType: string; fields: readonly string[]; ids: Set<string> }>();
  const seen = new Set<string>();
  for (const event of events) {
    const key = recordKey(event.source, event.objectType, event.sourceId);
    if (seen.has(key)) continue;
    seen.add(key);
    // A change carrying its record's snapshot needs no read.
    const found = event.kind === 'upsert' && !event.snapshot ? entityOf(deps.plan, event.source, event.objectType) : undefined;
    if (!found || !deps.readers[event.source]?.readMany) continue;
    const group = `${event.source}:${event.objectType}`;
    const entry = wanted.get(group) ?? { source: event.source, objectType: event.objectType, fields: sourceReadFields(found[1], event.source, event.objectType), ids: new Set() };
    entry.ids.add(event.sourceId);
    wanted.set(group, entry);
  }
  if (wanted.size === 0) return { readers: deps.readers, writers: deps.writers };

  const cache = new PrefetchCache();
  await Promise.all(
    [...wanted.values()].map(async ({ source, objectType, fields, ids }) => {
      const records = await deps.readers[source]?.readMany?.(objectType, [...ids], fields);
      cache.fill(source, objectType, fields, ids, records ?? new Map());
    }),
  );
  return { readers: mapValues(deps.readers, (reader, system) => cache.reader(system, reader)), writers: mapValues(deps.writers, (writer, system) => cache.invalidating(system, writer)) };
}

/** Prefetched answers, `null` for a record the vendor said is gone, keyed by system, object and id. */
class PrefetchCache {
  private readonly answers = new Map<string, { fields: readonly string[]; record: SourceRecord | null }>();

  fill(system: string, objectType: string, fields: readonly string[], ids: Iterable<string>, records: Map<string, SourceRecord>): void {
    for (const id of ids) this.answers.set(`${system}:${objectType}:${id}`, { fields, record: records.get(id) ?? null });
  }

  /** The live reader, except that a read answers from the prefetched record, once. */
  reader(system: string, live: ChangeReader): ChangeReader {
    const read: ChangeReader['read'] = async (objectType, id, fields) => {
      const key = `${system}:${objectType}:${id}`;
      const answer = this.answers.get(key);
      this.answers.delete(key);
      // A read for other fields than were prefetched (a target's catch-up read) goes to the vendor.
      if (answer && fields.every((f) => answer.fields.includes(f))) return answer.record;
      return live.read(objectType, id, fields);
    };
    return { ...decorateMethods(live, (method) => method), read };
  }

  /** The live writer, dropping what was prefetched from an object before every write to it. */
  invalidating(system: string, live: CrmWriter): CrmWriter {
    return decorateMethods(live, (method) => (objectType, ...rest) => {
      for (const key of this.answers.keys()) if (key.startsWith(`${system}:${objectType}:`)) this.answers.delete(key);
      return method(objectType, ...rest);
    });
  }
}

/** Each defined value of `record` through `fn`, under the same key. */
export function mapValues<T, U>(record: Partial<Record<string, T>>, fn: (value: T, key: string) => U): Partial<Record<string, U>> {
  return Object.fromEntries(Object.entries(record).flatMap(([key, value]) => (value === undefined ? [] : [[key, fn(value, key)]])));
}
