import type { ChangeReader, CrmWriter, SourceRecord, UpdateRecord, UpsertRecord, UpsertResult } from '#ports/crm';
import { decorateMethods } from '#ports/decorate';
import type { AuditEntry, AuditLog } from '#ports/stores';
import type { ProcessChangeDeps } from './process-change.ts';
import { RetryableError } from '#domain/errors';
import { ItemFailure, type BatchedOptions, type Window, type WindowTask } from './window.ts';

/**
 * A batch call that failed for a reason that is not the vendor's or the infrastructure's state (those are
 * RetryableError: a pause, an outage, a 429 or 5xx) may owe it to one record: a HubSpot batch refused for one
 * malformed address, a Composite lookup with one failing query, an audit write with one oversized entry. Its items
 * are then sent one by one, so the others are not failed with it.
 */
const perRecord: BatchedOptions = { splitOn: (error) => !(error instanceof RetryableError) };

/** Deps, or a port, as one change of a window uses them: its calls carry its task. */
export type ForTask<T> = (task: WindowTask | undefined) => T;

/**
 * The pipeline's deps for the changes of one window: each vendor read, lookup and write, and each audit append, is
 * gathered across the window's changes into one call per system, object and kind (see {@link Window}). Every change
 * still makes its own calls and gets its own answers, so the pipeline reads as one change at a time, and one
 * record's refusal (a per-record result) stays that record's. Returns the deps of one change, by its task; the
 * batches are the window's, shared by all of them.
 */
export function windowedDeps(window: Window, deps: ProcessChangeDeps): ForTask<ProcessChangeDeps> {
  const readers = mapValues(deps.readers, (reader) => windowedReader(window, reader));
  const writers = mapValues(deps.writers, (writer) => windowedWriter(window, writer));
  const audit = windowedAudit(window, deps.audit);
  return (task) => ({
    ...deps,
    readers: mapValues(readers, (reader) => reader(task)),
    writers: mapValues(writers, (writer) => writer(task)),
    audit: audit(task),
  });
}

const SEP = '\u0000';

function windowedReader(window: Window, live: ChangeReader): ForTask<ChangeReader> {
  const readMany = live.readMany?.bind(live);
  const read = readMany
    ? window.batched<string, SourceRecord | null>(async (key, ids) => {
      const [objectType = '', fields = ''] = key.split(SEP);
      const found = await readMany(objectType, [...new Set(ids)], fields === '' ? [] : fields.split(','));
      return ids.map((id) => found.get(id) ?? null);
    }, perRecord)
    : undefined;
  const findIdsMany = live.findIdsMany?.bind(live);
  const findIdsAcross = live.findIdsAcross?.bind(live);
  // All lookups of a flush in one call where the vendor can take them together (Salesforce Composite: Contact and
  // Lead at once), else one call per object and field.
  const find =
    findIdsMany || findIdsAcross
      ? window.batched<{ objectType: string; field: string; value: string }, string[]>(async (_key, items) => {
      const lookups = new Map<string, { objectType: string; field: string; values: Set<string> }>();
      for (const { objectType, field, value } of items) {
        const key = [objectType, field].join(SEP);
        const lookup = lookups.get(key) ?? { objectType, field, values: new Set<string>() };
        lookup.values.add(value);
        lookups.set(key, lookup);
      }
      const list = [...lookups.values()].map((l) => ({ objectType: l.objectType, field: l.field, values: [...l.values] }));
      const answers = findIdsAcross ? await findIdsAcross(list) : await Promise.all(list.map((l) => findIdsMany!(l.objectType, l.field, l.values)));
      const byKey = new Map(list.map((l, i) => [[l.objectType, l.field].join(SEP), answers[i] ?? new Map<string, string[]>()]));
      return items.map(({ objectType, field, value }) => byKey.get([objectType, field].join(SEP))?.get(value) ?? []);
    }, perRecord)
      : undefined;
  return (task) => {
    const reader: ChangeReader = decorateMethods(live, (method) => method);
    if (read) reader.read = (objectType, id, fields) => read(task, [objectType, [...fields].sort().join(',')].join(SEP), id);
    if (find) reader.findIds = (objectType, field, value) => find(task, 'find', { objectType, field, value });
    return reader;
  };
}

function windowedWriter(window: Window, live: CrmWriter): ForTask<CrmWriter> {
  const upsert = window.batched<readonly UpsertRecord[], UpsertResult[]>((key, lists) => {
    const [objectType = '', externalIdField = ''] = key.split(SEP);
    return inCalls(lists, (r) => r.externalId.toLowerCase(), (records) => live.upsert(objectType, externalIdField, records));
  }, perRecord);
  const liveUpdate = live.update?.bind(live);
  const update = liveUpdate ? window.batched<readonly UpdateRecord[], UpsertResult[]>((objectType, lists) => inCalls(lists, (r) => r.id, (records) => liveUpdate(objectType, records)), perRecord) : undefined;
  return (task) => {
    const writer: CrmWriter = { upsert: (objectType, externalIdField, records) => (records.length === 0 ? Promise.resolve([]) : upsert(task, [objectType, externalIdField].join(SEP), records)) };
    if (update) writer.update = (objectType, records) => (records.length === 0 ? Promise.resolve([]) : update(task, objectType, records));
    // Metadata is kept by the live writer: one read serves every change of the window.
    if (live.fields) writer.fields = live.fields.bind(live);
    return writer;
  };
}

/**
 * Writes the gathered lists in as few calls as allowed: one, unless two changes write the same target record (a
 * vendor refuses one id twice in one call, e.g. Salesforce DUPLICATE_VALUE), then a repeat starts the next call, so
 * the two writes also land in the order the changes made them. Results go back to each list, in order. A call that
 * throws fails the lists with records in it or in the calls not made after it, never a list whose writes all landed.
 * A single call that throws throws, so the window can tell a call-wide error from one record's.
 */
async function inCalls<R>(lists: readonly (readonly R[])[], idOf: (record: R) => string, call: (records: R[]) => Promise<UpsertResult[]>): Promise<(UpsertResult[] | ItemFailure)[]> {
  const calls: { records: R[]; ids: Set<string>; from: { list: number; index: number }[] }[] = [];
  lists.forEach((list, l) =>
    list.forEach((record, index) => {
      const id = idOf(record);
      // The first call after the last one that writes this record already.
      let target = calls[lastCallWith(calls, id)];
      if (!target) calls.push((target = { records: [], ids: new Set(), from: [] }));
      target.records.push(record);
      target.ids.add(id);
      target.from.push({ list: l, index });
    }),
  );
  const results: (UpsertResult[] | ItemFailure)[] = lists.map((list) => new Array<UpsertResult>(list.length));
  for (const [n, c] of calls.entries()) {
    let answered: UpsertResult[];
    try {
      answered = await call(c.records);
    } catch (error) {
      if (calls.length === 1) throw error;
      const failed = new Set(calls.slice(n).flatMap((rest) => rest.from.map((f) => f.list)));
      for (const list of failed) results[list] = new ItemFailure(error);
      return results;
    }
    c.from.forEach(({ list, index }, i) => {
      const into = results[list];
      if (Array.isArray(into)) into[index] = answered[i] ?? { ok: false, code: 'NO_RESULT', message: 'the vendor reported nothing for this record', retryable: true };
    });
  }
  return results;
}

/** The index after the last call that holds `id` (0 when none does). */
function lastCallWith(calls: readonly { ids: Set<string> }[], id: string): number {
  for (let i = calls.length - 1; i >= 0; i--) if (calls[i]?.ids.has(id)) return i + 1;
  return 0;
}

function windowedAudit(window: Window, live: AuditLog): ForTask<AuditLog> {
  const append = window.batched<readonly AuditEntry[], true>(async (_key, lists) => {
    await live.append(lists.flat());
    return lists.map(() => true as const);
  }, perRecord);
  return (task) => ({
    append: async (entries) => {
      if (entries.length > 0) await append(task, 'audit', entries);
    },
    history: (recordKey) => live.history(recordKey),
  });
}

/** Each defined value of `record` through `fn`, under the same key. */
export function mapValues<T, U>(record: Partial<Record<string, T>>, fn: (value: T, key: string) => U): Partial<Record<string, U>> {
  return Object.fromEntries(Object.entries(record).flatMap(([key, value]) => (value === undefined ? [] : [[key, fn(value, key)]])));
}
