import { stringify } from 'csv-stringify/sync';
import type { Connection } from 'jsforce';
import { RetryableError } from '#domain/errors';
import type { FieldValue } from '#domain/change-event';
import type { UpsertRecord, UpsertResult } from '#ports/crm';
import { callTimeoutMs } from '../call-deadline.ts';
import { classifySalesforceError, describeSalesforceError, isRetryableSalesforceCode } from './classify-error.ts';

/** Polling of a Bulk API 2.0 job. */
export interface BulkPollOptions {
  /** Between job-state checks (default 1,000 ms, jsforce's own). */
  pollIntervalMs?: number;
  /** Give up after this long; the job is aborted and the call fails retryably (default 120,000 ms, or less when the invocation has less left). */
  timeoutMs?: number;
}

const DEFAULT_POLL = { pollIntervalMs: 1_000, timeoutMs: 120_000 } as const;

/** A result CSV row as jsforce parses it: column name to text. */
export type BulkRow = Record<string, string>;

/** The three result sets of an ingest job (jsforce `getAllResults`). */
export interface BulkResults {
  successfulResults: readonly BulkRow[];
  failedResults: readonly BulkRow[];
  unprocessedRecords: readonly BulkRow[];
}

/** `#N/A` sets a field to null in Bulk API CSV; an empty cell leaves it unchanged (vendor-apis §1.8). */
function cell(value: FieldValue | undefined): string {
  if (value === null) return '#N/A';
  return value === undefined ? '' : String(value);
}

/**
 * The upload CSV. Every record gets every column (jsforce would take the header from the first record only), the
 * external id first; a field a record does not carry is left blank, so the job leaves it unchanged.
 */
export function bulkUpsertCsv(externalIdField: string, records: readonly UpsertRecord[]): string {
  const fields = [...new Set(records.flatMap((r) => Object.keys(r.fields)))].filter((f) => f.toLowerCase() !== externalIdField.toLowerCase());
  const rows = records.map((r) => [r.externalId, ...fields.map((f) => cell(r.fields[f]))]);
  return stringify([[externalIdField, ...fields], ...rows], { record_delimiter: '\n' });
}

/**
 * Parses `sf__Error` (`CODE:message:fields --`, e.g. `REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --`).
 * The text format is from captured results [T] (vendor-apis §1.8), so anything else keeps the whole text as the message.
 */
export function parseBulkError(text: string): { code: string; message: string; fields: string[] } {
  const m = /^([A-Z][A-Z0-9_]*):([\s\S]*?)(?::([^:]*?) ?--)?$/.exec(text.trim());
  if (!m) return { code: 'UNKNOWN_ERROR', message: text || 'no message', fields: [] };
  const fields = (m[3] ?? '').split(',').map((f) => f.trim()).filter((f) => f !== '');
  return { code: m[1] ?? 'UNKNOWN_ERROR', message: (m[2] ?? '').trim() || text, fields };
}

/**
 * Maps the job's rows back to the input, in input order. Result rows come in no set order, so each is matched by its
 * external id value (duplicates in the input take matching rows in turn). Unprocessed rows, and rows the job
 * reported nowhere, are retryable failures: nothing was written for them.
 */
export function mapBulkResults(externalIdField: string, records: readonly UpsertRecord[], results: BulkResults): UpsertResult[] {
  const byKey = new Map<string, UpsertResult[]>();
  const add = (row: BulkRow, result: UpsertResult) => {
    const key = row[externalIdField] ?? '';
    byKey.set(key, [...(byKey.get(key) ?? []), result]);
  };
  for (const row of results.successfulResults) add(row, { ok: true, id: row['sf__Id'] ?? '', created: row['sf__Created'] === 'true' });
  for (const row of results.failedResults) {
    const { code, message, fields } = parseBulkError(row['sf__Error'] ?? '');
    add(row, { ok: false, code, message: describeSalesforceError(code, message, fields), retryable: isRetryableSalesforceCode(code) });
  }
  for (const row of results.unprocessedRecords) add(row, { ok: false, code: 'BULK_UNPROCESSED', message: 'the bulk job stopped before it processed this record', retryable: true });
  return records.map((r) => byKey.get(r.externalId)?.shift() ?? { ok: false, code: 'BULK_RESULT_MISSING', message: 'the bulk job reported nothing for this record', retryable: true });
}

const isPollTimeout = (error: unknown): boolean => error instanceof Error && error.name === 'JobPollingTimeout';
const isJobFailure = (error: unknown): boolean => error instanceof Error && error.message.startsWith('Ingest job failed to complete');

/**
 * Upserts through one Bulk API 2.0 ingest job (vendor-apis §1.8): create, upload the CSV, close, poll, read the
 * three result sets. A job that fails part-way still reports what it did; the rest come back retryable. A job that
 * outlives `timeoutMs` is aborted and the call throws RetryableError (a retry upserts again, which is idempotent).
 */
export async function bulkUpsert(connection: Connection, objectType: string, externalIdField: string, records: readonly UpsertRecord[], options: BulkPollOptions = {}): Promise<UpsertResult[]> {
  // The whole wait for the job, like a single call, ends before the invocation does.
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL.pollIntervalMs;
  const timeoutMs = options.timeoutMs ?? callTimeoutMs(DEFAULT_POLL.timeoutMs);
  const job = connection.bulk2.createJob({ object: objectType, operation: 'upsert', externalIdFieldName: externalIdField, lineEnding: 'LF' });
  try {
    await job.open();
    await job.uploadData(bulkUpsertCsv(externalIdField, records));
    await job.close();
  } catch (error) {
    throw classifySalesforceError(error);
  }
  try {
    await job.poll(pollIntervalMs, timeoutMs);
  } catch (error) {
    if (isPollTimeout(error)) {
      await job.abort().catch(() => undefined); // best effort: a job that finishes anyway only repeats idempotent upserts
      throw new RetryableError(`Salesforce bulk upsert of ${records.length} ${objectType} records did not finish within ${timeoutMs} ms`, { cause: error });
    }
    if (!isJobFailure(error)) throw classifySalesforceError(error);
  }
  try {
    return mapBulkResults(externalIdField, records, (await job.getAllResults()) as unknown as BulkResults);
  } catch (error) {
    throw classifySalesforceError(error);
  }
}
