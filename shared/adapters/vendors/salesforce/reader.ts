import type { Connection } from 'jsforce';
import type { FieldValue, FieldValues } from '#domain/change-event';
import type { ChangeReader, SourceRecord } from '#ports/crm';
import { classifySalesforceError } from './classify-error.ts';
import { queryThroughComposite } from './composite-query.ts';
import { COMPOSITE_LOOKUP_LIMITS, inLookupStatements, soqlStringLiteral } from './in-lookup.ts';
import { CONVERSION_FIELDS, isConvertedLead, isLead } from './lead-conversion.ts';
import { salesforceDateTimeMs } from './record-version.ts';

/** A deleted record answers 404 ENTITY_IS_DELETED; an unknown id 404 NOT_FOUND (vendor-apis §1.2, §1.7). */
const GONE_CODES = new Set(['ENTITY_IS_DELETED', 'NOT_FOUND']);

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null ? String((error as { errorCode?: unknown }).errorCode ?? '') : '';
}

/** Salesforce field values are JSON scalars; compound values (addresses) are not mapped, so they read as null. */
export function toFieldValue(value: unknown): FieldValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

/**
 * Ids per sObject Collections retrieve (`POST /composite/sobjects/{object}` with `ids` and `fields`, as jsforce sends
 * it): "The request retrieves up to 2,000 records of the same object type" (REST API Developer Guide, "Get Records
 * With a Request Body Using sObject Collections"). A window's reads of one object are one call.
 */
const RETRIEVE_LIMIT = 2_000;

function toSourceRecord(record: Record<string, unknown>, fields: readonly string[]): SourceRecord {
  const values: FieldValues = {};
  for (const field of fields) values[field] = toFieldValue(record[field]);
  const modifiedAt = salesforceDateTimeMs(record['SystemModstamp']);
  return { values, ...(modifiedAt === undefined ? {} : { modifiedAt }) };
}

/** What `retrieve` asks for: the fields, the modstamp, and for a Lead whether it was converted. */
function retrievedFields(objectType: string, fields: readonly string[]): string[] {
  return [...new Set([...fields, 'SystemModstamp', ...(isLead(objectType) ? ['IsConverted'] : [])])];
}

const SALESFORCE_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

/** Ids per value that `findIds` answers with (a person is matched among a few, never among many). */
const FIND_LIMIT = 10;

/** The value of `field` in a query row, whose keys Salesforce spells as the schema does, whatever the query wrote. */
function fieldOf(row: Record<string, unknown>, field: string): unknown {
  if (field in row) return row[field];
  const key = Object.keys(row).find((k) => k.toLowerCase() === field.toLowerCase());
  return key === undefined ? undefined : row[key];
}

/**
 * Rows of `field IN (...)` lookups grouped back under the values as given. SOQL compares text, e-mail included,
 * case-insensitively, so a row answers every value equal to its own but for case. (An External ID field created
 * case-sensitive compares exactly; asked for two values that differ only in case, each would get both's ids.) Rows
 * come ordered by Id, and a value keeps the first ten, as `findIds` would answer.
 */
function groupByValue(values: readonly string[], field: string, rows: readonly Record<string, unknown>[]): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const row of rows) {
    const value = fieldOf(row, field);
    if (typeof value !== 'string') continue;
    const ids = byKey.get(value.toLowerCase()) ?? [];
    const id = String(row['Id']);
    // Values that differ only in case may sit in different chunks, which then both return the row.
    if (ids.length < FIND_LIMIT && !ids.includes(id)) byKey.set(value.toLowerCase(), [...ids, id]);
  }
  const found = new Map<string, string[]>();
  for (const value of values) {
    const ids = byKey.get(value.toLowerCase());
    if (ids) found.set(value, ids);
  }
  return found;
}

/**
 * Reads records' current values through jsforce's `retrieve`: `GET /sobjects/{Obj}/{id}?fields=…` for one, and
 * sObject Collections (`POST /composite/sobjects/{Obj}` with ids and fields) for many.
 */
export function salesforceReader(connection: Connection): ChangeReader {
  return {
    async read(objectType, id, fields) {
      try {
        const record = (await connection.sobject(objectType).retrieve(id, { fields: retrievedFields(objectType, fields) })) as Record<string, unknown>;
        // A converted Lead reads as gone: the person lives on in its Contact (the feed reports the conversion), and a
        // late change of the Lead must neither pull the entity's link back to it nor lead to writes the Lead would
        // refuse (CANNOT_UPDATE_CONVERTED_LEAD, vendor-apis §1.9). `convertedInto` tells where it went.
        return isConvertedLead(objectType, record) ? null : toSourceRecord(record, fields);
      } catch (error) {
        if (GONE_CODES.has(codeOf(error))) return null;
        throw classifySalesforceError(error);
      }
    },
    async findIds(objectType, field, value) {
      // The field name comes from the validated contract; the value is escaped as a SOQL string literal.
      const where = isLead(objectType) ? ` AND IsConverted = false` : '';
      try {
        const result = await connection.query<{ Id: string }>(`SELECT Id FROM ${objectType} WHERE ${field} = ${soqlStringLiteral(value)}${where} ORDER BY Id LIMIT ${FIND_LIMIT}`);
        return result.records.map((r) => r.Id);
      } catch (error) {
        throw classifySalesforceError(error);
      }
    },
    async findIdsMany(objectType, field, values) {
      // One statement per chunk of distinct values (in-lookup.ts keeps each within Salesforce's limits); a chunk
      // whose rows pass a page is read to its end through queryMore (autoFetch).
      const rows: Record<string, unknown>[] = [];
      for (const soql of inLookupStatements(objectType, field, [...new Set(values)])) {
        try {
          rows.push(...(await connection.query<Record<string, unknown>>(soql, { autoFetch: true, maxFetch: Number.MAX_SAFE_INTEGER })).records);
        } catch (error) {
          throw classifySalesforceError(error);
        }
      }
      return groupByValue(values, field, rows);
    },
    async findIdsAcross(lookups) {
      // The statements `findIdsMany` would send, but sized by SOQL's own limits (they travel in a POST body), and
      // sent five to a Composite call, which counts as one API call (composite-query.ts).
      const statements = lookups.map((l) => inLookupStatements(l.objectType, l.field, [...new Set(l.values)], COMPOSITE_LOOKUP_LIMITS));
      let rows: Record<string, unknown>[][];
      try {
        rows = await queryThroughComposite(connection, statements.flat());
      } catch (error) {
        throw classifySalesforceError(error);
      }
      let next = 0;
      return lookups.map((lookup, i) => {
        const count = statements[i]?.length ?? 0;
        const own = rows.slice(next, next + count).flat();
        next += count;
        return groupByValue(lookup.values, lookup.field, own);
      });
    },
    async convertedInto(objectType, id) {
      if (!isLead(objectType) || !SALESFORCE_ID.test(id)) return null;
      try {
        // queryAll: a converted Lead that was deleted afterwards still tells where it went.
        const soql = `SELECT ${CONVERSION_FIELDS.join(', ')} FROM Lead WHERE Id = '${id}'`;
        const [lead] = (await connection.query<Record<string, unknown>>(soql, { scanAll: true })).records;
        const contactId = lead?.['ConvertedContactId'];
        return lead && isConvertedLead(objectType, lead) && typeof contactId === 'string' && contactId !== '' ? `Contact:${contactId}` : null;
      } catch (error) {
        throw classifySalesforceError(error);
      }
    },
    async readMany(objectType, ids, fields) {
      const found = new Map<string, SourceRecord>();
      for (let start = 0; start < ids.length; start += RETRIEVE_LIMIT) {
        const chunk = ids.slice(start, start + RETRIEVE_LIMIT);
        try {
          // Answers come in the order of the ids asked for; a deleted or unknown id answers null in its place.
          const records = (await connection.sobject(objectType).retrieve(chunk, { fields: retrievedFields(objectType, fields) })) as (Record<string, unknown> | null)[];
          chunk.forEach((id, i) => {
            const record = records[i];
            // A converted Lead is gone here too, as in `read`.
            if (record && !isConvertedLead(objectType, record)) found.set(id, toSourceRecord(record, fields));
          });
        } catch (error) {
          throw classifySalesforceError(error);
        }
      }
      return found;
    },
  };
}
