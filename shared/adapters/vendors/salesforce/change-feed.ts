import type { Connection } from 'jsforce';
import type { ChangeEvent, FieldValues } from '#domain/change-event';
import { PermanentError } from '#domain/errors';
import type { ChangeFeed, ChangePage } from '#ports/change-feed';
import type { Clock } from '#ports/clock';
import { classifySalesforceError } from './classify-error.ts';
import { CONVERSION_FIELDS, conversionEvent, isConvertedLead, isLead } from './lead-conversion.ts';
import { toFieldValue } from './reader.ts';
import { recordVersionEventId, salesforceDateTimeMs } from './record-version.ts';

/** Options of {@link salesforceChangeFeed}. */
export interface SalesforceChangeFeedOptions {
  clock: Clock;
  /** How far back the very first poll (no cursor yet) starts. @default 0: from now, not the whole org */
  lookbackMs?: number;
  /**
   * Rows stamped within this long of now wait for the next poll. Salesforce stamps whole seconds, so a row read
   * while its second is still running could miss an edit made later in that second, under the same version: only a
   * second that is over (with a second's margin for clocks) is read. @default 2,000
   */
  settleMs?: number;
}

/** Where a poll resumes: the last change seen, as its SystemModstamp (epoch ms) and Id. */
interface Position {
  ms: number;
  id: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SALESFORCE_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;
const SYSTEM_FIELDS = ['Id', 'SystemModstamp', 'IsDeleted'];
/**
 * Rows per poll: a query answers up to 2,000 rows in one response (vendor-apis §1.5), so a backlog of changes costs
 * one API call per 2,000 rows rather than per 200.
 */
const PAGE_ROWS = 2_000;

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
export function incrementalSoql(objectType: string, fields: readonly string[], from: Position, limit: number, untilMs?: number): string {
  for (const name of [objectType, ...fields]) {
    if (!IDENTIFIER.test(name)) throw new PermanentError('BAD_FIELD', `"${name}" is not a Salesforce object or field name`);
  }
  const select = [...new Set([...SYSTEM_FIELDS, ...fields])].join(', ');
  const at = soqlDateTime(from.ms);
  const after = from.id === '' ? `SystemModstamp > ${at}` : `SystemModstamp > ${at} OR (SystemModstamp = ${at} AND Id > '${from.id}')`;
  const where = untilMs === undefined ? after : `(${after}) AND SystemModstamp < ${soqlDateTime(untilMs)}`;
  return `SELECT ${select} FROM ${objectType} WHERE ${where} ORDER BY SystemModstamp, Id LIMIT ${limit}`;
}

/** A row's SystemModstamp (REST writes `+0000` offsets) as epoch ms. */
function modstampMs(value: unknown): number {
  const ms = salesforceDateTimeMs(value);
  if (ms === undefined) throw new PermanentError('BAD_RECORD', `SystemModstamp "${String(value)}" is not a datetime`);
  return ms;
}

/**
 * One polled row as a change. Its event id names the record version ({@link recordVersionEventId}), as the Outbound
 * Message parser does, so a change both report is processed once. The poll selects every field the processor reads
 * (the mapped fields and the fields linking the record to other systems' records, `fields`), so the row is the read
 * (`polled`) and an echo of Syncline's own write costs no Salesforce call at all. Not a Lead's row: a Lead converted
 * since it was polled must read as gone (its person lives on in the Contact), which only a read can tell.
 */
function toEvent(objectType: string, fields: readonly string[], record: Record<string, unknown>, ms: number): ChangeEvent {
  const id = String(record['Id']);
  const values: FieldValues = {};
  for (const field of fields) values[field] = toFieldValue(record[field]);
  return { source: 'salesforce', objectType, sourceId: id, eventId: recordVersionEventId(id, ms), occurredAt: new Date(ms).toISOString(), kind: record['IsDeleted'] === true ? 'delete' : 'upsert', fields: values, ...(isLead(objectType) ? {} : { polled: true }) };
}

/**
 * The Leads converted from `fromMs` to `untilMs`, both included: a conversion stamps the Lead and its Contact in one
 * transaction, so those behind a page's Contacts are among the Leads stamped within the page's span. One query per
 * page, whatever its size (a list of the page's ids would take one per 400, the most a GET's URL holds); conversions
 * into Contacts of other pages come along and are left out by the caller.
 */
export function conversionsSoql(fromMs: number, untilMs: number): string {
  return `SELECT Id, ConvertedContactId, SystemModstamp FROM Lead WHERE IsConverted = true AND SystemModstamp >= ${soqlDateTime(fromMs)} AND SystemModstamp <= ${soqlDateTime(untilMs)}`;
}

/**
 * The change events of one polled page, in order (vendor-apis §1.9 for conversions):
 * - a converted Lead yields its conversion (kind `convert`, about its Contact), never an upsert or a delete: the
 *   Lead is read-only now, and deleting a converted Lead does not delete the person, who lives on in the Contact;
 * - a Contact that a conversion created or merged into (`conversions`: Leads with Id, ConvertedContactId and
 *   SystemModstamp) comes right after that conversion. Both share the Contact's message group, so the link moves to
 *   the Contact before the Contact's own change is processed, instead of that change looking like a new person.
 */
export function changeEventsOf(objectType: string, fields: readonly string[], records: readonly Record<string, unknown>[], conversions: readonly Record<string, unknown>[] = []): ChangeEvent[] {
  const leadsInto = new Map<string, Record<string, unknown>[]>();
  for (const lead of conversions) {
    const contactId = String(lead['ConvertedContactId']);
    leadsInto.set(contactId, [...(leadsInto.get(contactId) ?? []), lead]);
  }
  return records.flatMap((record) => {
    const id = String(record['Id']);
    const ms = modstampMs(record['SystemModstamp']);
    const before = (leadsInto.get(id) ?? []).map((lead) => conversionEvent(String(lead['Id']), id, modstampMs(lead['SystemModstamp'])));
    leadsInto.delete(id);
    if (!isConvertedLead(objectType, record)) return [...before, toEvent(objectType, fields, record, ms)];
    const contactId = record['ConvertedContactId'];
    // A conversion names its Contact; without one (not seen in practice) there is nowhere to follow the person to.
    return typeof contactId === 'string' && contactId !== '' ? [conversionEvent(id, contactId, ms)] : [];
  });
}

/**
 * Incremental sync on `SystemModstamp` (vendor-apis §1.5). One `queryAll` reads live and deleted rows in one ordered
 * stream, so deletions (IsDeleted = true, kind `delete`) share the cursor with edits and neither can overtake the other.
 * Lead conversions come out as `convert` events ({@link changeEventsOf}): a Lead poll reads the conversion fields too,
 * and a Contact page costs one more query, for the conversions behind its Contacts.
 */
export function salesforceChangeFeed(connection: Connection, options: SalesforceChangeFeedOptions): ChangeFeed {
  const queryAll = async (soql: string, limit?: number): Promise<Record<string, unknown>[]> => {
    try {
      // Without maxFetch, jsforce's autoFetch stops at 10,000 rows without a word: every page is asked for here.
      return (await connection.query<Record<string, unknown>>(soql, { scanAll: true, autoFetch: true, maxFetch: limit ?? Number.MAX_SAFE_INTEGER })).records;
    } catch (error) {
      throw classifySalesforceError(error);
    }
  };
  /**
   * The conversions that created or merged into the page's live Contacts since the page's start, up to where the poll
   * reads (a conversion's Lead may be stamped a little after its Contact, within its transaction).
   */
  const conversionsInto = async (records: readonly Record<string, unknown>[], fromMs: number, untilMs: number): Promise<Record<string, unknown>[]> => {
    const live = new Set(records.filter((r) => r['IsDeleted'] !== true).map((r) => String(r['Id'])));
    if (live.size === 0) return [];
    const found = await queryAll(conversionsSoql(fromMs, untilMs));
    return found.filter((lead) => live.has(String(lead['ConvertedContactId'])));
  };
  return {
    pageSize: PAGE_ROWS,
    async poll(objectType, fields, cursor, limit): Promise<ChangePage> {
      const from = cursor ? parseCursor(cursor) : { ms: options.clock.nowMs() - (options.lookbackMs ?? 0), id: '' };
      const selected = isLead(objectType) ? [...fields, ...CONVERSION_FIELDS] : fields;
      // Only whole seconds that are over, and never before where the poll stands.
      const until = Math.max(from.ms, Math.floor((options.clock.nowMs() - (options.settleMs ?? 2_000)) / 1000) * 1000);
      const records = await queryAll(incrementalSoql(objectType, selected, from, limit, until), limit);
      const conversions = objectType.toLowerCase() === 'contact' && records.length > 0 ? await conversionsInto(records, from.ms, until) : [];
      const events = changeEventsOf(objectType, fields, records, conversions);
      const last = records.at(-1);
      // The position follows the records read, also when one yields no event. With no change it stays put: a first
      // poll's "now" is kept, so the next run does not move it forward.
      const next = last ? { ms: modstampMs(last['SystemModstamp']), id: String(last['Id']) } : from;
      return { events, cursor: formatCursor(next), more: records.length >= limit };
    },
  };
}
