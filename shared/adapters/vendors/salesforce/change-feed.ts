import type { Connection } from 'jsforce';
import type { ChangeEvent, FieldValues } from '#domain/change-event';
import { PermanentError } from '#domain/errors';
import type { ChangeFeed, ChangePage } from '#ports/change-feed';
import type { Clock } from '#ports/clock';
import { classifySalesforceError } from './classify-error.ts';
import { toFieldValue } from './reader.ts';

/** Options of {@link salesforceChangeFeed}. */
export interface SalesforceChangeFeedOptions {
  clock: Clock;
  /** How far back the very first poll (no cursor yet) starts. @default 0: from now, not the whole org */
  lookbackMs?: number;
}

/** Where a poll resumes: the last change seen, as its SystemModstamp (epoch ms) and Id. */
interface Position {
  ms: number;
  id: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SALESFORCE_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;
const SYSTEM_FIELDS = ['Id', 'SystemModstamp', 'IsDeleted'];

/** The cursor is `<ISO SystemModstamp>|<Id>`: readable in the state table, and enough to resume inside one timestamp. */
export function formatCursor(p: Position): string {
  return `${new Date(p.ms).toISOString()}|${p.id}`;
}

/** Parses and checks a stored cursor; the values go into SOQL, so nothing but a datetime and an id is accepted. */
export function parseCursor(cursor: string): Position {
  const [iso = '', id = '', ...rest] = cursor.split('|');
  const ms = Date.parse(iso);
  if (rest.length > 0 || Number.isNaN(ms) || (id !== '' && !SALESFORCE_ID.test(id))) {
    throw new PermanentError('BAD_CURSOR', `"${cursor}" is not a Salesforce poll cursor (<ISO datetime>|<record id>)`);
  }
  return { ms, id };
}

/**
 * A SOQL datetime literal, unquoted (vendor-apis §1.5). Salesforce stores whole seconds, so the documented
 * `YYYY-MM-DDThh:mm:ssZ` form is what it gets; milliseconds are written only when present (sandboxes keep them).
 */
export function soqlDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return ms % 1000 === 0 ? iso.replace('.000Z', 'Z') : iso;
}

/**
 * Everything after the position, in (SystemModstamp, Id) order. A change that shares the position's timestamp is
 * still read when its Id sorts after the last one seen, so a page boundary inside one timestamp loses nothing and
 * repeats nothing (a bulk update can stamp thousands of records with the same second).
 */
export function incrementalSoql(objectType: string, fields: readonly string[], from: Position, limit: number): string {
  for (const name of [objectType, ...fields]) {
    if (!IDENTIFIER.test(name)) throw new PermanentError('BAD_FIELD', `"${name}" is not a Salesforce object or field name`);
  }
  const select = [...new Set([...SYSTEM_FIELDS, ...fields])].join(', ');
  const at = soqlDateTime(from.ms);
  const where = from.id === '' ? `SystemModstamp > ${at}` : `SystemModstamp > ${at} OR (SystemModstamp = ${at} AND Id > '${from.id}')`;
  return `SELECT ${select} FROM ${objectType} WHERE ${where} ORDER BY SystemModstamp, Id LIMIT ${limit}`;
}

/** Salesforce writes offsets as `+0000`; ISO 8601 in JavaScript wants `+00:00`. */
function modstampMs(value: unknown): number {
  const ms = Date.parse(String(value).replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) throw new PermanentError('BAD_RECORD', `SystemModstamp "${String(value)}" is not a datetime`);
  return ms;
}

function toEvent(objectType: string, fields: readonly string[], record: Record<string, unknown>, ms: number): ChangeEvent {
  const id = String(record['Id']);
  const values: FieldValues = {};
  for (const field of fields) values[field] = toFieldValue(record[field]);
  return { source: 'salesforce', objectType, sourceId: id, eventId: `${id}-${ms}`, occurredAt: new Date(ms).toISOString(), kind: record['IsDeleted'] === true ? 'delete' : 'upsert', fields: values };
}

/**
 * Incremental sync on `SystemModstamp` (vendor-apis §1.5). One `queryAll` reads live and deleted rows in one ordered
 * stream, so deletions (IsDeleted = true, kind `delete`) share the cursor with edits and neither can overtake the other.
 */
export function salesforceChangeFeed(connection: Connection, options: SalesforceChangeFeedOptions): ChangeFeed {
  return {
    async poll(objectType, fields, cursor, limit): Promise<ChangePage> {
      const from = cursor ? parseCursor(cursor) : { ms: options.clock.nowMs() - (options.lookbackMs ?? 0), id: '' };
      const soql = incrementalSoql(objectType, fields, from, limit);
      let records: Record<string, unknown>[];
      try {
        records = (await connection.query<Record<string, unknown>>(soql, { scanAll: true, autoFetch: true, maxFetch: limit })).records;
      } catch (error) {
        throw classifySalesforceError(error);
      }
      const events = records.map((r) => toEvent(objectType, fields, r, modstampMs(r['SystemModstamp'])));
      const last = events.at(-1);
      // With no change the position stays put: a first poll's "now" is kept, so the next run does not move it forward.
      const next = last ? { ms: Date.parse(last.occurredAt), id: last.sourceId } : from;
      return { events, cursor: formatCursor(next), more: records.length >= limit };
    },
  };
}
