import { recordKey, type ChangeEvent } from '#domain/change-event';
import { decorateMethods } from '#ports/decorate';
import type { EntityState, IndexChange, QuarantineStore, StateStore } from '#ports/stores';
import type { ProcessChangeDeps } from './process-change.ts';

/**
 * Reads what a whole batch of changes needs from Syncline's own stores up front, a few calls instead of several per
 * change: the entities their records are linked to, and which of them wait in quarantine. Returns deps that answer
 * from those reads. (The source records are read by the window, one call per system and object and round.)
 */
export async function prefetchBatch(deps: ProcessChangeDeps, events: readonly ChangeEvent[]): Promise<ProcessChangeDeps> {
  const [withState, withQuarantine] = await Promise.all([prefetchState(deps, events), prefetchQuarantine(deps, events)]);
  return { ...deps, ...withState, ...withQuarantine };
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
