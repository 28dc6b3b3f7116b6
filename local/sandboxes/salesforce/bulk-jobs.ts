import { USER_ID } from './auth.ts';
import { bulkErrorText, CsvError, parseCsv, type ColumnDelimiter, type CsvTable } from './bulk-csv.ts';
import type { SalesforceContext } from './context.ts';
import { makeId, normalizeId } from './ids.ts';
import { upsertOne } from './routes/composite.ts';
import type { ObjectDef } from './schema.ts';
import type { SaveCheck, SaveOutcome } from './store.ts';
import { formatDateTime } from './values.ts';

/** Bulk API 2.0 ingest operations (vendor-apis §1.8). */
export const BULK_OPERATIONS = ['insert', 'update', 'upsert', 'delete', 'hardDelete'] as const;
export type BulkOperation = (typeof BULK_OPERATIONS)[number];

export type JobState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

/** Salesforce splits ingest data into internal batches of this many records; each counts as a DailyBulkApiBatches use. */
const RECORDS_PER_INTERNAL_BATCH = 10_000;

/** What the next closed job suffers (`POST /__sandbox/bulk-faults`). */
export interface BulkFault {
  /** Process this many records, then fail the job: the rest are unprocessed. */
  failAfterRecords?: number;
  /** Stay InProgress until aborted or deleted (a client's poll timeout). */
  stall?: boolean;
}

/** Settings of a new job, as validated from the create request. */
export interface NewJob {
  object: ObjectDef;
  operation: BulkOperation;
  externalIdFieldName?: string;
  lineEnding: 'LF' | 'CRLF';
  columnDelimiter: ColumnDelimiter;
  version: string;
}

interface ResultRow {
  id: string;
  outcome: SaveOutcome;
  values: string[];
}

/** One ingest job: its settings, uploaded CSV and results. */
export interface IngestJob extends NewJob {
  id: string;
  state: JobState;
  createdAt: number;
  modifiedAt: number;
  csv?: string;
  table?: CsvTable;
  results: ResultRow[];
  unprocessed: string[][];
  errorMessage?: string;
  timer?: NodeJS.Timeout;
}

/** The JobInfo body (jsforce `JobInfoV2`). */
export function jobInfo(job: IngestJob): Record<string, unknown> {
  return {
    id: job.id,
    operation: job.operation,
    object: job.object.name,
    createdById: USER_ID,
    createdDate: formatDateTime(job.createdAt),
    systemModstamp: formatDateTime(job.modifiedAt),
    state: job.state,
    ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.version.slice(1)),
    jobType: 'V2Ingest',
    contentUrl: `services/data/${job.version}/jobs/ingest/${job.id}/batches`,
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
    numberRecordsProcessed: job.results.length,
    numberRecordsFailed: job.results.filter((r) => !r.outcome.ok).length,
    retries: 0,
    totalProcessingTime: job.state === 'JobComplete' || job.state === 'Failed' ? job.modifiedAt - job.createdAt : 0,
    apiActiveProcessingTime: 0,
    apexProcessingTime: 0,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
  };
}

const failed = (code: string, message: string, fields: string[] = []): SaveOutcome => ({ ok: false, errors: [{ code, message, fields }] });

/**
 * A CSV row as a write: blank values are left out (Bulk API leaves such fields unchanged) and `#N/A` sets null, the
 * value jsforce writes for null (vendor-apis §1.8).
 */
function rowInput(header: readonly string[], row: readonly string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  header.forEach((name, i) => {
    const value = row[i] ?? '';
    if (value !== '') input[name] = value === '#N/A' ? null : value;
  });
  return input;
}

function takeId(input: Record<string, unknown>): { id: unknown; rest: Record<string, unknown> } {
  const key = Object.keys(input).find((k) => k.toLowerCase() === 'id');
  const { [key ?? 'Id']: id, ...rest } = input;
  return { id, rest };
}

/** Runs the jobs' records through the same store and rules as REST writes, on short timers. */
export class BulkJobs {
  readonly #jobs = new Map<string, IngestJob>();
  #sequence = 1;
  #nextFault: BulkFault | undefined;

  constructor(
    private readonly ctx: SalesforceContext,
    /** Time between state steps (UploadComplete → InProgress → done). */
    private readonly stepMs: number,
  ) {}

  /** A new job id (`750…`); query jobs take theirs from here too, so no ingest and query job share an id. */
  newJobId(): string {
    return makeId('750', this.#sequence++);
  }

  create(settings: NewJob): IngestJob {
    const now = Date.now();
    const job: IngestJob = { ...settings, id: this.newJobId(), state: 'Open', createdAt: now, modifiedAt: now, results: [], unprocessed: [] };
    this.#jobs.set(job.id, job);
    return job;
  }

  get(id: string): IngestJob | undefined {
    const normalized = normalizeId(id);
    return normalized ? this.#jobs.get(normalized) : undefined;
  }

  list(): IngestJob[] {
    return [...this.#jobs.values()];
  }

  /** Arms a fault for the next job that is closed. */
  arm(fault: BulkFault): void {
    this.#nextFault = fault;
  }

  /** Moves an Open job on; called for `{"state":"UploadComplete"}`. */
  close(job: IngestJob): void {
    this.#set(job, 'UploadComplete');
    const fault = this.#nextFault;
    this.#nextFault = undefined;
    this.#after(job, () => {
      this.#set(job, 'InProgress');
      if (!fault?.stall) this.#after(job, () => this.#process(job, fault));
    });
  }

  /** Aborts a job that has not finished: its records are left unprocessed. */
  abort(job: IngestJob): void {
    clearTimeout(job.timer);
    if (!job.table && job.csv !== undefined) {
      try {
        job.table = parseCsv(job.csv, job.columnDelimiter);
      } catch {
        // Unreadable CSV: nothing to report as unprocessed.
      }
    }
    job.unprocessed = job.table ? job.table.rows.slice(job.results.length) : [];
    this.#set(job, 'Aborted');
  }

  delete(job: IngestJob): void {
    clearTimeout(job.timer);
    this.#jobs.delete(job.id);
  }

  clear(): void {
    for (const job of this.#jobs.values()) clearTimeout(job.timer);
    this.#jobs.clear();
    this.#nextFault = undefined;
  }

  #set(job: IngestJob, state: JobState): void {
    job.state = state;
    job.modifiedAt = Date.now();
  }

  #after(job: IngestJob, step: () => void): void {
    job.timer = setTimeout(step, this.stepMs);
  }

  #process(job: IngestJob, fault: BulkFault | undefined): void {
    try {
      job.table = parseCsv(job.csv ?? '', job.columnDelimiter);
    } catch (error) {
      job.errorMessage = error instanceof CsvError ? error.message : 'InvalidBatch : the CSV could not be read';
      this.#set(job, 'Failed');
      return;
    }
    const { header, rows } = job.table;
    const missing = this.#missingColumn(job, header);
    if (missing) {
      job.errorMessage = `InvalidBatch : Field name not found : ${missing}`; // wording [T]
      job.unprocessed = rows;
      this.#set(job, 'Failed');
      return;
    }
    this.ctx.usage.bulkBatches += Math.max(1, Math.ceil(rows.length / RECORDS_PER_INTERNAL_BATCH));
    const limit = fault?.failAfterRecords ?? rows.length;
    const write = this.#writer(job, header, rows);
    for (const row of rows.slice(0, limit)) {
      const input = rowInput(header, row);
      const outcome = write(input);
      job.results.push({ id: outcome.ok ? outcome.id : this.#existingId(job, input), outcome, values: row });
    }
    job.unprocessed = rows.slice(limit);
    if (job.unprocessed.length > 0) job.errorMessage = 'The job was stopped before all records were processed.'; // sandbox fault [?]
    this.#set(job, job.unprocessed.length > 0 ? 'Failed' : 'JobComplete');
  }

  /** The column an operation cannot run without: Id for update/delete, the external id for upsert. */
  #missingColumn(job: IngestJob, header: readonly string[]): string | undefined {
    const needed = job.operation === 'upsert' ? job.externalIdFieldName : job.operation === 'insert' ? undefined : 'Id';
    return needed && !header.some((h) => h.toLowerCase() === needed.toLowerCase()) ? needed : undefined;
  }

  /** `sf__Id` of a failed row: '' for a failed create, the record's id for a failed update or delete (v53+, §1.8). */
  #existingId(job: IngestJob, input: Record<string, unknown>): string {
    if (job.operation === 'upsert') {
      const field = job.externalIdFieldName ?? '';
      const value = Object.entries(input).find(([k]) => k.toLowerCase() === field.toLowerCase())?.[1];
      const matches = typeof value === 'string' ? this.ctx.store.findByField(job.object, field, value) : [];
      return matches.length === 1 ? (matches[0]?.Id ?? '') : '';
    }
    const { id } = takeId(input);
    return job.operation !== 'insert' && typeof id === 'string' ? (normalizeId(id) ?? '') : '';
  }

  #writer(job: IngestJob, header: readonly string[], rows: readonly string[][]): (input: Record<string, unknown>) => SaveOutcome {
    const { store } = this.ctx;
    const def = job.object;
    // The Bulk API sends no Sforce-Duplicate-Rule-Header: every active rule applies.
    const check: SaveCheck = this.ctx.duplicates.check(job.version, false);
    if (job.operation === 'insert') return (input) => store.create(def, input, undefined, check);
    if (job.operation === 'upsert') {
      const field = job.externalIdFieldName ?? '';
      const column = header.findIndex((h) => h.toLowerCase() === field.toLowerCase());
      const values = rows.map((r) => (r[column] ?? '').toLowerCase());
      const duplicates = new Set(values.filter((v, i) => v !== '' && values.indexOf(v) !== i));
      return (input) => upsertOne(this.ctx, def, field, input, duplicates, check);
    }
    return (input) => {
      const { id: raw, rest } = takeId(input);
      const id = typeof raw === 'string' ? normalizeId(raw) : undefined;
      if (typeof raw !== 'string') return failed('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
      if (!id || !id.startsWith(def.keyPrefix)) return failed('MALFORMED_ID', `${def.name} ID: id value of incorrect type: ${raw}`, ['Id']);
      const record = store.find(def, id);
      if (!record) return failed('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
      if (record['IsDeleted']) return failed('ENTITY_IS_DELETED', 'entity is deleted');
      if (job.operation === 'update') return store.update(def, record, rest, check);
      store.remove(def, record);
      return { ok: true, id: record.Id, created: false };
    };
  }
}

/** Result CSV rows. Row order is not guaranteed (§1.8): the sandbox answers last row first, so no client may rely on it. */
export function resultRows(job: IngestJob, kind: 'successful' | 'failed'): string[][] {
  const rows = job.results.flatMap((r): string[][] => {
    if (kind === 'successful') return r.outcome.ok ? [[r.outcome.id, String(r.outcome.created), ...r.values]] : [];
    return r.outcome.ok ? [] : [[r.id, r.outcome.errors.map(bulkErrorText).join(';'), ...r.values]];
  });
  return rows.reverse();
}
