import type { FieldValues } from '#domain/change-event';

/** A record's current state as its system reports it. */
export interface SourceRecord {
  values: FieldValues;
  /**
   * When the record last changed at the source (epoch ms): the values are that recent, whatever event led to the
   * read. Survivorship orders observations by it.
   */
  modifiedAt?: number;
}

/** Port: reads a record's current state from the system a change came from. */
export interface ChangeReader {
  /** Current values of `fields`, or null when the record no longer exists. Throws RetryableError on 429/5xx. */
  read(objectType: string, id: string, fields: readonly string[]): Promise<SourceRecord | null>;
  /**
   * Reads many records of one object in as few calls as the vendor allows (HubSpot batch read, Salesforce
   * collections retrieve). A record missing from the map no longer exists. Optional: without it, reads go one by one.
   */
  readMany?(objectType: string, ids: readonly string[], fields: readonly string[]): Promise<Map<string, SourceRecord>>;
  /** Optional: ids of the records whose `field` equals `value` (at most a few), to find a person before creating one. */
  findIds?(objectType: string, field: string, value: string): Promise<string[]>;
  /**
   * Optional batch form of `findIds`: for each of `values`, the ids of the records whose `field` equals it, in as few
   * calls as the vendor allows (Salesforce `field IN (...)`, HubSpot batch read by a unique property). Keys are the
   * values exactly as given; a value no record holds is absent. Values compare as the vendor compares them (e-mail
   * addresses case-insensitively).
   */
  findIdsMany?(objectType: string, field: string, values: readonly string[]): Promise<Map<string, string[]>>;
  /**
   * Optional: several lookups by field value at once, in as few calls as the vendor allows (Salesforce: Composite, up
   * to five queries in one call, counted as one). One map per lookup, in order, as `findIdsMany` answers it.
   */
  findIdsAcross?(lookups: readonly { objectType: string; field: string; values: readonly string[] }[]): Promise<Map<string, string[]>[]>;
  /**
   * Optional, for systems that convert a record into another (Salesforce converts a Lead into a Contact): what the
   * record became, as `Object:id`, or null when it was not converted. Answers also for a converted record that
   * `read` reports as gone.
   */
  convertedInto?(objectType: string, id: string): Promise<string | null>;
}

export interface UpsertRecord {
  /** Value of the external-id field: the source system's id of this record. */
  externalId: string;
  fields: FieldValues;
}

export type UpsertResult =
  | {
      ok: true;
      id: string;
      created: boolean;
      /** Fields the target would not take, with the values it holds instead (its own names); Syncline records them as the target's. */
      kept?: FieldValues;
    }
  | { ok: false; code: string; message: string; retryable: boolean; /** Target records this one duplicates, as `Object:id` (a duplicate rule's matches). */ candidates?: readonly string[] };

/** A record to update by the target system's own id. */
export interface UpdateRecord {
  id: string;
  fields: FieldValues;
}

/**
 * What a target field takes, as the vendor's metadata reports it (Salesforce `describe`, HubSpot's properties API):
 * the most characters a text field holds, the values a restricted picklist allows.
 */
export interface TargetField {
  /** The vendor's own type name (`string`, `picklist`, `enumeration`, ...), for messages. */
  type: string;
  /** Text fields: the most characters the field holds. */
  length?: number;
  /** Restricted picklists: the values the field takes (compared case-sensitively, as the vendors compare them). */
  allowed?: readonly string[];
  /** False when the integration cannot set it (a system stamp, a formula, a field its profile may only read). */
  writable: boolean;
  /** Holds unique values: an external id a record can be found and upserted by. */
  unique?: boolean;
}

/**
 * A field the contract needs a system to have, in neutral terms each vendor maps to its own (`syncline setup --apply`).
 * Text is 255 characters, numbers 18 digits with 2 decimals, currency 16 with 2: what the shipped org uses.
 */
export interface NewField {
  name: string;
  label: string;
  type: 'text' | 'email' | 'phone' | 'url' | 'number' | 'currency' | 'date' | 'datetime' | 'boolean' | 'picklist' | 'reference';
  /** Picklists: the values, in the system's spelling; the field refuses any other. */
  values?: readonly string[];
  /** Holds another system's record ids: unique, and a key records are upserted by. */
  externalId?: boolean;
  /** References: the object of this system the value points to (a Salesforce lookup). */
  referenceTo?: string;
  /** What needs it, for the field's description: the contract's field, another system's ids, the soft-delete flag. */
  purpose: string;
}

/** Port: writes records into a target system. */
export interface CrmWriter {
  /** Upserts by external id in input order; per-record failures are values, whole-call failures throw (RetryableError / PermanentError). */
  upsert(objectType: string, externalIdField: string, records: readonly UpsertRecord[]): Promise<UpsertResult[]>;
  /**
   * Updates records Syncline already knows by the target's own id, so a record that another system created (and
   * that lacks this source's external id) is updated, never duplicated. Same result conventions as `upsert`.
   */
  update?(objectType: string, records: readonly UpdateRecord[]): Promise<UpsertResult[]>;
  /**
   * Optional: the fields of `objectType` the integration can see, by the vendor's name, from the vendor's metadata.
   * Read once and kept (a call per object per hour at most), so values are checked before a write instead of
   * failing at the vendor. `fresh`: read again unless the kept copy is under a minute old (a value it refuses may
   * have been added to the picklist since).
   */
  fields?(objectType: string, options?: { fresh?: boolean }): Promise<Readonly<Record<string, TargetField>>>;
  /**
   * Optional: creates a field of `objectType` (a Salesforce custom field through the Tooling API, a HubSpot property).
   * `exists` when the system has it already, though the integration may not see it (Salesforce field-level security).
   * Throws PermanentError when the vendor refuses it, naming why.
   */
  createField?(objectType: string, field: NewField): Promise<'created' | 'exists'>;
  /**
   * Optional: lets the integration read and write the named fields (Salesforce: field permissions in a permission set
   * assigned to the integration user; fields made through the API are hidden from every profile). Idempotent; answers
   * what it did, one line each.
   */
  grantFieldAccess?(fields: readonly { objectType: string; field: string }[]): Promise<string[]>;
}

/** One record of a full read: its id and its current state. */
export interface ListedRecord {
  id: string;
  record: SourceRecord;
}

/** Which records a full read returns. */
export interface ListOptions {
  /** Only those changed since (epoch ms). */
  modifiedSince?: number;
  /**
   * Only those holding a value in one of these fields (Tasks carrying an Outreach or Gong id, not the millions logged
   * by hand), where the vendor can filter so; a lister that cannot returns the others too.
   */
  withAnyOf?: readonly string[];
}

/**
 * Port: reads every live record of an object, for an initial sync or a reconciliation: in the vendor's bulk form
 * (Salesforce Bulk API 2.0 query, HubSpot list pages), never record by record.
 */
export interface RecordLister {
  /** The object types it reads in full, where not all of the vendor's (Outreach: its activity, not its prospects). */
  readonly objectTypes?: readonly string[];
  /**
   * Every live record of `objectType` with `fields`, page by page; with `modifiedSince` (epoch ms) only those changed
   * since. Throws RetryableError on 429/5xx.
   */
  list(objectType: string, fields: readonly string[], options?: ListOptions): AsyncIterable<ListedRecord[]>;
}
