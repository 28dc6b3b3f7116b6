import type { FieldValue } from './values.ts';

type Row = Readonly<Record<string, FieldValue>> & { readonly Id: string };

/**
 * Record ids by the lower-cased text of one field, per object and field, built the first time a field is looked up
 * and kept in step with every write after. An org answers a unique-value or external-id check without reading every
 * record, and so must the sandbox: scanning the table per write made loading ten thousand records with unique fields
 * take seconds per thousand, more with each load.
 */
export class FieldIndex {
  /** object → field → lower-cased value → ids. */
  #indexes = new Map<string, Map<string, Map<string, Set<string>>>>();

  /** Ids whose `field` held `value` (case-insensitively) when last written; `rows` builds the index on first use. */
  lookup(object: string, field: string, value: string, rows: () => Iterable<Row>): ReadonlySet<string> {
    let byField = this.#indexes.get(object);
    if (!byField) this.#indexes.set(object, (byField = new Map()));
    let index = byField.get(field);
    if (!index) {
      byField.set(field, (index = new Map()));
      for (const row of rows()) add(index, row[field], row.Id);
    }
    return index.get(value.toLowerCase()) ?? new Set();
  }

  /** Indexes a new record. */
  added(object: string, row: Row): void {
    for (const [field, index] of this.#indexes.get(object) ?? []) add(index, row[field], row.Id);
  }

  /** Runs `change` on a stored record, moving it in every index of its object to its new values. */
  changing<T>(object: string, row: Row, change: () => T): T {
    const indexes = [...(this.#indexes.get(object) ?? [])];
    for (const [field, index] of indexes) remove(index, row[field], row.Id);
    const result = change();
    for (const [field, index] of indexes) add(index, row[field], row.Id);
    return result;
  }

  /** Forgets every index (the tables were replaced); they are rebuilt on the next lookup. */
  clear(): void {
    this.#indexes = new Map();
  }
}

function add(index: Map<string, Set<string>>, value: FieldValue | undefined, id: string): void {
  if (typeof value !== 'string' || value === '') return;
  const key = value.toLowerCase();
  const ids = index.get(key) ?? new Set<string>();
  ids.add(id);
  index.set(key, ids);
}

function remove(index: Map<string, Set<string>>, value: FieldValue | undefined, id: string): void {
  if (typeof value === 'string') index.get(value.toLowerCase())?.delete(id);
}
