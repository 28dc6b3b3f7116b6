import { MODIFIED_PROPERTY, OBJECT_TYPES, type HubspotObjectType, type HubspotRecord } from './model.ts';

/** A change made through the API, as the webhook sender needs it. */
export interface ObjectChange {
  kind: 'creation' | 'propertyChange' | 'deletion';
  type: HubspotObjectType;
  objectId: string;
  occurredAt: number;
  propertyName?: string;
  propertyValue?: string;
}

/** First id handed out per type, so ids of different types never collide and look like portal ids. */
const FIRST_ID: Record<HubspotObjectType, number> = { contacts: 1001, companies: 5001, deals: 9001 };

/** In-memory HubSpot CRM objects. Writes report their changes to `onChange` (the webhook queue). */
export class HubspotStore {
  readonly #records = new Map<HubspotObjectType, Map<string, HubspotRecord>>();
  readonly #nextId = new Map<HubspotObjectType, number>();

  constructor(
    private readonly onChange: (change: ObjectChange) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.clear();
  }

  /** Removes every record and restarts ids. */
  clear(): void {
    for (const type of OBJECT_TYPES) {
      this.#records.set(type, new Map());
      this.#nextId.set(type, FIRST_ID[type]);
    }
  }

  #table(type: HubspotObjectType): Map<string, HubspotRecord> {
    return this.#records.get(type) as Map<string, HubspotRecord>;
  }

  /** Every record of a type, archived ones included, in id order. */
  all(type: HubspotObjectType): HubspotRecord[] {
    return [...this.#table(type).values()].sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Live (not archived) records of a type, in id order. */
  live(type: HubspotObjectType): HubspotRecord[] {
    return this.all(type).filter((r) => !r.archived);
  }

  /** A record by id; archived ones only when `archived` is true. */
  get(type: HubspotObjectType, id: string, archived = false): HubspotRecord | undefined {
    const record = this.#table(type).get(id);
    return record && record.archived === archived ? record : undefined;
  }

  /** The live record whose `property` equals `value` (emails compare case-insensitively). */
  findBy(type: HubspotObjectType, property: string, value: string): HubspotRecord | undefined {
    if (property === 'hs_object_id') return this.get(type, value);
    const wanted = property === 'email' ? value.trim().toLowerCase() : value;
    return this.live(type).find((r) => r.properties[property] === wanted);
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
    const record: HubspotRecord = {
      id,
      properties: { ...properties, hs_object_id: id, createdate: iso, [MODIFIED_PROPERTY[type]]: iso },
      createdAt: iso,
      updatedAt: iso,
      archived: false,
    };
    this.#table(type).set(id, record);
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
    const iso = new Date(at).toISOString();
    for (const [name, value] of changed) {
      record.properties[name] = value;
      this.onChange({ kind: 'propertyChange', type, objectId: record.id, occurredAt: at, propertyName: name, propertyValue: value });
    }
    record.properties[MODIFIED_PROPERTY[type]] = iso;
    record.updatedAt = iso;
    return record;
  }

  /** Archives (soft-deletes) a record. */
  archive(type: HubspotObjectType, record: HubspotRecord): void {
    const at = this.now();
    record.archived = true;
    record.archivedAt = new Date(at).toISOString();
    this.onChange({ kind: 'deletion', type, objectId: record.id, occurredAt: at });
  }
}
