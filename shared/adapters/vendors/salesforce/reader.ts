import type { Connection } from 'jsforce';
import type { FieldValue, FieldValues } from '#domain/change-event';
import type { ChangeReader } from '#ports/crm';
import { classifySalesforceError } from './classify-error.ts';

/** A deleted record answers 404 ENTITY_IS_DELETED; an unknown id 404 NOT_FOUND (vendor-apis §1.2, §1.7). */
const GONE_CODES = new Set(['ENTITY_IS_DELETED', 'NOT_FOUND']);

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null ? String((error as { errorCode?: unknown }).errorCode ?? '') : '';
}

/** Salesforce field values are JSON scalars; compound values (addresses) are not mapped, so they read as null. */
export function toFieldValue(value: unknown): FieldValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

/** Reads a record's current values: `GET /sobjects/{Obj}/{id}?fields=…` through jsforce's `retrieve`. */
export function salesforceReader(connection: Connection): ChangeReader {
  return {
    async read(objectType, id, fields) {
      try {
        const record = (await connection.sobject(objectType).retrieve(id, { fields: [...fields, 'SystemModstamp'] })) as Record<string, unknown>;
        const values: FieldValues = {};
        for (const field of fields) values[field] = toFieldValue(record[field]);
        // Salesforce writes offsets as +0000; Date.parse wants +00:00.
        const modifiedAt = Date.parse(String(record['SystemModstamp'] ?? '').replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
        return { values, ...(Number.isFinite(modifiedAt) ? { modifiedAt } : {}) };
      } catch (error) {
        if (GONE_CODES.has(codeOf(error))) return null;
        throw classifySalesforceError(error);
      }
    },
  };
}
