import type { Connection } from 'jsforce';
import { QueryJobV2 } from 'jsforce/lib/api/bulk2';
import type { FieldValues } from '#domain/change-event';
import type { ListedRecord, RecordLister } from '#ports/crm';
import { classifySalesforceError } from './classify-error.ts';
import { soqlDateTime } from './change-feed.ts';
import { isLead } from './lead-conversion.ts';
import { salesforceDateTimeMs } from './record-version.ts';

/** Rows per result page asked for (`maxRecords`): a page's worth of records is handed on at once. */
const PAGE = 10_000;

export interface SalesforceListerOptions {
  /** How often the query job's state is asked for while it runs. @default 1000 */
  pollIntervalMs?: number;
  /** How long the job may run. @default 600000 */
  pollTimeoutMs?: number;
  /** Rows per result page. @default 10000 */
  pageSize?: number;
}

/** What a query job's results request is, in jsforce: it parses the CSV page and keeps the next page's locator. */
interface ResultPages {
  createQueryRequest(request: { method: 'GET'; path: string; headers: Record<string, string>; responseType: string }): Promise<unknown>;
  locator?: string;
}

/**
 * Every live record of a Salesforce object through one Bulk API 2.0 query job (create, poll, then result pages by
 * `Sforce-Locator`): a handful of API calls for any number of rows, where REST `query` would cost one call per 2,000.
 * The pages are asked for one by one (jsforce's own `bulk2.query` stream breaks on a second page). Converted Leads
 * are left out: they live on as their Contacts. Results are CSV, so every value arrives as text and a blank as an
 * empty string, which is read as no value; numbers and dates are typed by the contract's mapping, as HubSpot's
 * strings are.
 */
export function salesforceLister(connection: Connection, options: SalesforceListerOptions = {}): RecordLister {
  return {
    async *list(objectType, fields, listOptions = {}) {
      const select = [...new Set(['Id', ...fields, 'SystemModstamp'])];
      const where = [
        ...(isLead(objectType) ? ['IsConverted = false'] : []),
        ...(listOptions.modifiedSince === undefined ? [] : [`SystemModstamp >= ${soqlDateTime(listOptions.modifiedSince)}`]),
        ...(listOptions.withAnyOf?.length ? [`(${listOptions.withAnyOf.map((f) => `${f} != null`).join(' OR ')})`] : []),
      ];
      const soql = `SELECT ${select.join(', ')} FROM ${objectType}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`;
      const pollInterval = options.pollIntervalMs ?? 1_000;
      const pollTimeout = options.pollTimeoutMs ?? 600_000;
      const job = new QueryJobV2(connection, { bodyParams: { query: soql, operation: 'query' }, pollingOptions: { pollInterval, pollTimeout } });
      try {
        await job.open();
        await job.poll(pollInterval, pollTimeout);
      } catch (error) {
        await job.delete().catch(() => undefined); // best effort: an abandoned job only holds its results a while
        throw classifySalesforceError(error);
      }
      const pages = job as unknown as ResultPages;
      let locator: string | undefined;
      do {
        let rows: unknown;
        try {
          const query = `maxRecords=${options.pageSize ?? PAGE}${locator ? `&locator=${encodeURIComponent(locator)}` : ''}`;
          rows = await pages.createQueryRequest({ method: 'GET', path: `/${job.id}/results?${query}`, headers: { Accept: 'text/csv' }, responseType: 'text/csv' });
        } catch (error) {
          await job.delete().catch(() => undefined); // best effort, as above
          throw classifySalesforceError(error);
        }
        locator = pages.locator;
        yield (Array.isArray(rows) ? (rows as Record<string, unknown>[]) : []).map((row) => listed(row, fields));
      } while (locator !== undefined && locator !== '' && locator !== 'null');
    },
  };
}

function listed(row: Record<string, unknown>, fields: readonly string[]): ListedRecord {
  const values: FieldValues = {};
  for (const field of fields) {
    const value = row[field];
    values[field] = value === undefined || value === null || value === '' ? null : String(value);
  }
  const modifiedAt = salesforceDateTimeMs(row['SystemModstamp']);
  return { id: String(row['Id']), record: { values, ...(modifiedAt === undefined ? {} : { modifiedAt }) } };
}
