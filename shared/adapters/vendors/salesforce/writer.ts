import type { Connection } from 'jsforce';
import type { CrmWriter, UpsertResult } from '#ports/crm';
import { classifySalesforceError, isRetryableSalesforceCode } from './classify-error.ts';

interface SaveError {
  statusCode?: string;
  errorCode?: string;
  message?: string;
}
interface SaveResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors?: SaveError[];
}

function toResult(raw: SaveResult): UpsertResult {
  if (raw.success && raw.id) return { ok: true, id: raw.id, created: raw.created === true };
  const first = raw.errors?.[0];
  // Collections report per-record errors as `statusCode`; single-record calls as `errorCode`.
  const code = first?.statusCode ?? first?.errorCode ?? 'UNKNOWN_ERROR';
  return { ok: false, code, message: first?.message ?? 'no message', retryable: isRetryableSalesforceCode(code) };
}

/**
 * Upserts by external id through sObject Collections (200 records a call; jsforce splits larger inputs
 * itself with `allowRecursive`). `allOrNone: false`, so one bad record does not fail its neighbours.
 */
export function salesforceWriter(connection: Connection): CrmWriter {
  return {
    async upsert(objectType, externalIdField, records) {
      const payload = records.map((r) => ({ ...r.fields, [externalIdField]: r.externalId }));
      try {
        const raw = (await connection.upsert(objectType, payload, externalIdField, { allOrNone: false, allowRecursive: true })) as unknown as SaveResult[];
        return raw.map(toResult);
      } catch (error) {
        throw classifySalesforceError(error);
      }
    },
    async update(objectType, records) {
      const payload = records.map((r) => ({ ...r.fields, Id: r.id }));
      try {
        const raw = (await connection.sobject(objectType).update(payload, { allOrNone: false, allowRecursive: true })) as unknown as SaveResult[];
        return raw.map((r, i) => toResult({ ...r, id: r.id ?? records[i]?.id }));
      } catch (error) {
        throw classifySalesforceError(error);
      }
    },
  };
}
