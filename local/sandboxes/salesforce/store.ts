import type { PersistentStore } from '../kit/index.ts';
import { USER_ID } from './auth.ts';
import type { SaveError } from './errors.ts';
import { FieldIndex } from './field-index.ts';
import { makeId } from './ids.ts';
import { OBJECTS, canonicalField, objectForId, type ObjectDef } from './schema.ts';
import { coerceValue, formatDateTime, type FieldValue } from './values.ts';

/** A stored record: canonical field names to values; `Id` always set. */
export type SfRecord = Record<string, FieldValue> & { Id: string };

/**
 * An extra rule a caller runs on a write after the built-in ones (the duplicate rules of an API request); it sees
 * the merged field values and the id of the record being updated.
 */
export type SaveCheck = (def: ObjectDef, merged: Readonly<Record<string, FieldValue>>, selfId: string | undefined) => SaveError[];

/** A write the store made, for listeners (the Outbound Message sender); `object` is the canonical sObject name. */
export interface StoreChange {
  object: string;
  id: string;
  kind: 'create' | 'update' | 'delete';
}

/** Outcome of one write. */
export type SaveOutcome = { ok: true; id: string; created: boolean } | { ok: false; errors: SaveError[] };

const err = (code: string, message: string, fields: string[] = []): SaveError => ({ code, message, fields });

/** Looks at every written field: unknown names, read-only fields and bad values, in that order. */
function coerceFields(def: ObjectDef, input: Record<string, unknown>): { values: Record<string, FieldValue> } | { errors: SaveError[] } {
  const values: Record<string, FieldValue> = {};
  const unknown: SaveError[] = [];
  const readOnly: string[] = [];
  const invalid: SaveError[] = [];
  for (const [key, raw] of Object.entries(input)) {
    if (key === 'attributes') continue;
    const name = canonicalField(def, key);
    const field = name ? def.fields[name] : undefined;
    if (!name || !field) unknown.push(err('INVALID_FIELD', `No such column '${key}' on sobject of type ${def.name}`, [key]));
    else if (field.readOnly) readOnly.push(name);
    else {
      const coerced = coerceValue(name, field, raw);
      if (coerced.ok) values[name] = coerced.value;
      else invalid.push(coerced.error);
    }
  }
  if (unknown.length > 0) return { errors: unknown };
  if (readOnly.length > 0) {
    const message = `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`;
    return { errors: [err('INVALID_FIELD_FOR_INSERT_UPDATE', message, readOnly)] };
  }
  return invalid.length > 0 ? { errors: invalid } : { values };
}

/** What an org keeps across a restart: every table, the id sequence and the last SystemModstamp handed out. */
export interface SalesforceState {
  tables: Map<string, Map<string, SfRecord>>;
  sequence: number;
  lastStamp: number;
}

/** In-memory sObject records with Salesforce's write rules (required, unique, references, soft delete). */
export class SalesforceStore implements PersistentStore<SalesforceState> {
  #tables = new Map<string, Map<string, SfRecord>>();
  readonly #index = new FieldIndex();
  #sequence = 1;
  #lastStamp = 0;
  readonly #listeners: ((change: StoreChange) => void)[] = [];
  readonly #replaceListeners: (() => void)[] = [];
  readonly #rules: SaveCheck[] = [];

  /**
   * @param modstampResolutionMs SystemModstamp and LastModifiedDate are cut to this: 1 (the default) keeps
   *   milliseconds, so every write orders; 1000 gives whole seconds, as a real org stores them, so writes within one
   *   second share a timestamp (what incremental sync must survive).
   */
  constructor(
    private readonly clock: () => number = Date.now,
    private readonly modstampResolutionMs = 1,
  ) {
    this.clear();
  }

  /** Calls `listener` after every create, update, system-field write and delete (not on clear or rollback). */
  onChange(listener: (change: StoreChange) => void): void {
    this.#listeners.push(listener);
  }

  /**
   * Calls `listener` whenever the tables are replaced wholesale (clear, state import, allOrNone rollback), which
   * {@link onChange} does not report: a listener that derives state from records re-reads them.
   */
  onReplace(listener: () => void): void {
    this.#replaceListeners.push(listener);
  }

  /** Adds a rule every write runs, on every path (the permission objects' rules, field-security.ts). */
  addRule(rule: SaveCheck): void {
    this.#rules.push(rule);
  }

  #replaced(): void {
    for (const listener of this.#replaceListeners) listener();
  }

  #emit(def: ObjectDef, id: string, kind: StoreChange['kind']): void {
    for (const listener of this.#listeners) listener({ object: def.name, id, kind });
  }

  /** Removes every record and restarts ids, so a reseed gives the same ids as a fresh start. */
  clear(): void {
    this.#sequence = 1;
    this.#tables = new Map(Object.keys(OBJECTS).map((name) => [name, new Map()]));
    this.#index.clear();
    this.#replaced();
  }

  exportState(): SalesforceState {
    return { tables: this.#tables, sequence: this.#sequence, lastStamp: this.#lastStamp };
  }

  /** Objects the schema gained since the state was saved start empty. */
  importState(state: SalesforceState): void {
    this.clear();
    for (const [name, rows] of state.tables) if (this.#tables.has(name)) this.#tables.set(name, rows);
    this.#index.clear();
    this.#sequence = state.sequence;
    this.#lastStamp = state.lastStamp;
    this.#replaced();
  }

  /** Strictly increasing timestamps, so SystemModstamp orders writes even within one millisecond. */
  now(): number {
    this.#lastStamp = Math.max(this.clock(), this.#lastStamp + 1);
    return this.#lastStamp;
  }

  #table(def: ObjectDef): Map<string, SfRecord> {
    return this.#tables.get(def.name) as Map<string, SfRecord>;
  }

  /** Every record of a type, deleted ones included, in creation order. */
  all(def: ObjectDef): SfRecord[] {
    return [...this.#table(def).values()];
  }

  /** A record by 18-character id, deleted or not. */
  find(def: ObjectDef, id: string): SfRecord | undefined {
    return this.#table(def).get(id);
  }

  /** Live records whose `field` equals `value` (external ids match case-insensitively). */
  findByField(def: ObjectDef, field: string, value: string): SfRecord[] {
    const wanted = value.toLowerCase();
    const table = this.#table(def);
    // Ids embed the creation sequence in an ASCII-ordered alphabet, so sorting them keeps creation order.
    const ids = [...this.#index.lookup(def.name, field, value, () => table.values())].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return ids.flatMap((id) => table.get(id) ?? []).filter((r) => !r['IsDeleted'] && typeof r[field] === 'string' && (r[field] as string).toLowerCase() === wanted);
  }

  /** Returns a function that puts every table back as it is now (allOrNone rollback). */
  snapshot(): () => void {
    const copy = new Map([...this.#tables].map(([name, rows]) => [name, new Map([...rows].map(([id, r]) => [id, { ...r }]))]));
    const sequence = this.#sequence;
    return () => {
      this.#tables = copy;
      this.#index.clear();
      this.#sequence = sequence;
      this.#replaced();
    };
  }

  #checkRules(def: ObjectDef, merged: Record<string, FieldValue>, selfId?: string, check?: SaveCheck): SaveError[] {
    const missing = Object.entries(def.fields)
      .filter(([name, f]) => f.required && (merged[name] === null || merged[name] === undefined || merged[name] === ''))
      .map(([name]) => name);
    if (missing.length > 0) return [err('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing)];
    for (const [name, f] of Object.entries(def.fields)) {
      const value = merged[name];
      if (f.unique && typeof value === 'string') {
        const other = this.findByField(def, name, value).find((r) => r.Id !== selfId);
        if (other) return [err('DUPLICATE_VALUE', `duplicate value found: ${name} duplicates value on record with id: ${other.Id}`)];
      }
      if (f.type === 'reference' && typeof value === 'string' && !f.readOnly) {
        // Any schema's objects do here: every org has the same objects and key prefixes, only its custom fields differ.
        const target = objectForId(value);
        if (target && !this.find(target, value)) return [err('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [name])];
      }
    }
    for (const rule of this.#rules) {
      const errors = rule(def, merged, selfId);
      if (errors.length > 0) return errors;
    }
    return check?.(def, merged, selfId) ?? [];
  }

  #stamp(def: ObjectDef, record: Record<string, FieldValue>, at: number): void {
    const iso = formatDateTime(at - (at % this.modstampResolutionMs));
    record['LastModifiedDate'] = iso;
    record['SystemModstamp'] = iso;
    if (def.computeName) record['Name'] = [record['FirstName'], record['LastName']].filter((v) => typeof v === 'string' && v !== '').join(' ');
  }

  /** Creates a record; `at` backdates it (seeding); `check` adds request rules (duplicate rules). */
  create(def: ObjectDef, input: Record<string, unknown>, at?: number, check?: SaveCheck): SaveOutcome {
    const outcome = this.#insert(def, input, at, check);
    if (outcome.ok) this.#emit(def, outcome.id, 'create');
    return outcome;
  }

  /**
   * Creates records that were in the org before anyone watched it: each is checked and stored as {@link create}
   * stores it, all dated `at`, and no listener hears of them (no Outbound Message). All or none: at the first input
   * the rules refuse, the ones already stored are taken out again and the id sequence rewound.
   */
  load(def: ObjectDef, inputs: readonly Record<string, unknown>[], at: number): { ok: true; ids: string[] } | { ok: false; index: number; errors: SaveError[] } {
    const sequence = this.#sequence;
    const ids: string[] = [];
    for (const [index, input] of inputs.entries()) {
      const outcome = this.#insert(def, input, at);
      if (!outcome.ok) {
        for (const id of ids) this.#table(def).delete(id);
        this.#index.clear();
        this.#sequence = sequence;
        return { ok: false, index, errors: outcome.errors };
      }
      ids.push(outcome.id);
    }
    return { ok: true, ids };
  }

  #insert(def: ObjectDef, input: Record<string, unknown>, at?: number, check?: SaveCheck): SaveOutcome {
    const coerced = coerceFields(def, input);
    if ('errors' in coerced) return { ok: false, errors: coerced.errors };
    const defaults = Object.fromEntries(Object.entries(def.fields).flatMap(([n, f]) => (f.defaultValue === undefined ? [] : [[n, f.defaultValue]])));
    const merged: Record<string, FieldValue> = { ...defaults, ...coerced.values };
    const errors = this.#checkRules(def, merged, undefined, check);
    if (errors.length > 0) return { ok: false, errors };
    const when = at ?? this.now();
    const id = makeId(def.keyPrefix, this.#sequence++);
    const record: SfRecord = { ...merged, Id: id, IsDeleted: false, CreatedDate: formatDateTime(when), CreatedById: USER_ID, LastModifiedById: USER_ID };
    record['OwnerId'] ??= USER_ID;
    this.#stamp(def, record, when);
    this.#table(def).set(id, record);
    this.#index.added(def.name, record);
    return { ok: true, id, created: true };
  }

  /** Updates a live record. A converted Lead is read-only: Salesforce refuses every write to it (vendor-apis §1.7, §1.9). */
  update(def: ObjectDef, record: SfRecord, input: Record<string, unknown>, check?: SaveCheck): SaveOutcome {
    if (record['IsConverted'] === true) return { ok: false, errors: [err('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead')] };
    const coerced = coerceFields(def, input);
    if ('errors' in coerced) return { ok: false, errors: coerced.errors };
    const errors = this.#checkRules(def, { ...record, ...coerced.values }, record.Id, check);
    if (errors.length > 0) return { ok: false, errors };
    this.#index.changing(def.name, record, () => {
      Object.assign(record, coerced.values);
      this.#stamp(def, record, this.now());
    });
    this.#emit(def, record.Id, 'update');
    return { ok: true, id: record.Id, created: false };
  }

  /**
   * Sets fields the platform itself maintains, read-only to the API (the `Converted*` fields of a Lead that lead
   * conversion sets), and stamps the record. Values are taken as given: callers pass canonical ones.
   */
  setSystemFields(def: ObjectDef, record: SfRecord, values: Record<string, FieldValue>): void {
    this.#index.changing(def.name, record, () => {
      Object.assign(record, values);
      this.#stamp(def, record, this.now());
    });
    this.#emit(def, record.Id, 'update');
  }

  /** Soft-deletes a record: it stays visible to queryAll with IsDeleted = true. */
  remove(def: ObjectDef, record: SfRecord): void {
    record['IsDeleted'] = true;
    this.#stamp(def, record, this.now());
    this.#emit(def, record.Id, 'delete');
  }
}
