import { recordKey, type ChangeEvent } from '#domain/change-event';
import { entityOf, sourceFieldNames } from '#domain/mapping';
import type { ChangeReader, CrmWriter, SourceRecord } from '#ports/crm';
import type { ProcessChangeDeps } from './process-change.ts';

/**
 * Reads the source records of a whole batch of changes up front, a few vendor calls instead of one per change, and
 * returns deps whose readers answer from those reads. Each prefetched record serves one read only, and a write
 * to a system drops what was prefetched from it, so a later change never sees values older than Syncline's own
 * write. Only the first upsert of each record in the batch is prefetched; later ones read live.
 */
export async function prefetchSources(deps: ProcessChangeDeps, events: readonly ChangeEvent[]): Promise<ProcessChangeDeps> {
  const wanted = new Map<string, { source: string; objectType: string; fields: readonly string[]; ids: Set<string> }>();
  const seen = new Set<string>();
  for (const event of events) {
    const key = recordKey(event.source, event.objectType, event.sourceId);
    if (seen.has(key)) continue;
    seen.add(key);
    const found = event.kind === 'upsert' ? entityOf(deps.plan, event.source, event.objectType) : undefined;
    if (!found || !deps.readers[event.source]?.readMany) continue;
    const group = `${event.source}:${event.objectType}`;
    const entry = wanted.get(group) ?? { source: event.source, objectType: event.objectType, fields: sourceFieldNames(found[1], event.source, event.objectType), ids: new Set() };
    entry.ids.add(event.sourceId);
    wanted.set(group, entry);
  }
  if (wanted.size === 0) return deps;

  const cache = new PrefetchCache();
  await Promise.all(
    [...wanted.values()].map(async ({ source, objectType, fields, ids }) => {
      const records = await deps.readers[source]?.readMany?.(objectType, [...ids], fields);
      cache.fill(source, objectType, fields, ids, records ?? new Map());
    }),
  );
  return { ...deps, readers: mapValues(deps.readers, (reader, system) => cache.reader(system, reader)), writers: mapValues(deps.writers, (writer, system) => cache.invalidating(system, writer)) };
}

/** Prefetched answers, `null` for a record the vendor said is gone, keyed by system, object and id. */
class PrefetchCache {
  private readonly answers = new Map<string, { fields: readonly string[]; record: SourceRecord | null }>();

  fill(system: string, objectType: string, fields: readonly string[], ids: Iterable<string>, records: Map<string, SourceRecord>): void {
    for (const id of ids) this.answers.set(`${system}:${objectType}:${id}`, { fields, record: records.get(id) ?? null });
  }

  reader(system: string, live: ChangeReader): ChangeReader {
    return {
      read: async (objectType, id, fields) => {
        const key = `${system}:${objectType}:${id}`;
        const answer = this.answers.get(key);
        this.answers.delete(key);
        // A read for other fields than were prefetched (a target's catch-up read) goes to the vendor.
        if (answer && fields.every((f) => answer.fields.includes(f))) return answer.record;
        return live.read(objectType, id, fields);
      },
      ...(live.readMany ? { readMany: live.readMany.bind(live) } : {}),
    };
  }

  invalidating(system: string, live: CrmWriter): CrmWriter {
    const forget = (objectType: string) => {
      for (const key of this.answers.keys()) if (key.startsWith(`${system}:${objectType}:`)) this.answers.delete(key);
    };
    return {
      upsert: (objectType, externalIdField, records) => {
        forget(objectType);
        return live.upsert(objectType, externalIdField, records);
      },
      ...(live.update
        ? {
            update: (objectType: string, records: Parameters<NonNullable<CrmWriter['update']>>[1]) => {
              forget(objectType);
              return live.update!(objectType, records);
            },
          }
        : {}),
    };
  }
}

function mapValues<T, U>(record: Partial<Record<string, T>>, fn: (value: T, key: string) => U): Partial<Record<string, U>> {
  return Object.fromEntries(Object.entries(record).flatMap(([key, value]) => (value === undefined ? [] : [[key, fn(value, key)]])));
}
