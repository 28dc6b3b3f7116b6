import type { FieldValues } from '#domain/change-event';

/** Port: reads a record's current state from the system a change came from. */
export interface ChangeReader {
  /** Current values of `fields`, or null when the record no longer exists. Throws RetryableError on 429/5xx. */
  read(objectType: string, id: string, fields: readonly string[]): Promise<FieldValues | null>;
}

export interface UpsertRecord {
  /** Value of the external-id field: the source system's id of this record. */
  externalId: string;
  fields: FieldValues;
}

export type UpsertResult =
  | { ok: true; id: string; created: boolean }
  | { ok: false; code: string; message: string; retryable: boolean };

/** Port: writes records into a target system by external id. */
export interface CrmWriter {
  /** Upserts in input order; per-record failures are values, whole-call failures throw (RetryableError / PermanentError). */
  upsert(objectType: string, externalIdField: string, records: readonly UpsertRecord[]): Promise<UpsertResult[]>;
}
