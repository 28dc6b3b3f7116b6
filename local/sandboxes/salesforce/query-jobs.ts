/**
 * Bulk API 2.0 query jobs ("Bulk API 2.0 and Bulk API Developer Guide", Understanding Bulk API 2.0 Query): a job runs
 * one SOQL statement and serves its rows as CSV pages. The sandbox evaluates the statement when the job is created,
 * so the rows are a snapshot of the org at that instant, as a job's results are in Salesforce (later writes do not
 * change them). Progress is driven by polls, not timers, so a client sees the same states on every run: the job is
 * `UploadComplete` when created, `InProgress` at the first `GET …/jobs/query/{id}` and `JobComplete` at the next.
 */
import { USER_ID } from './auth.ts';
import { csvValue, type ColumnDelimiter } from './bulk-csv.ts';
import { normalizeId } from './ids.ts';
import type { ResolvedQuery } from './soql-eval.ts';
import { runQuery } from './soql-eval.ts';
import type { SfRecord } from './store.ts';
import { formatDateTime } from './values.ts';

/** `query` skips deleted records; `queryAll` includes them, as `/queryAll` does. */
export type QueryOperation = 'query' | 'queryAll';

/** The states of a query job (jsforce `QueryJobInfoV2`). */
export type QueryJobState = 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Aborted' | 'Failed';

/** Settings of a new query job, as validated from the create request. */
export interface NewQueryJob {
  operation: QueryOperation;
  query: ResolvedQuery;
  lineEnding: 'LF' | 'CRLF';
  columnDelimiter: ColumnDelimiter;
  version: string;
}

/** One query job: its settings and the rows it serves. */
export interface QueryJob extends Omit<NewQueryJob, 'query'> {
  id: string;
  object: string;
  state: QueryJobState;
  createdAt: number;
  modifiedAt: number;
  /** The result's column names: the selected fields, spelled as the schema spells them. */
  header: string[];
  /** The result rows as CSV cells, taken when the job was created. */
  rows: string[][];
}

/**
 * The job info body. The create answer carries the settings only; `GET` adds the processing figures and `jobType`
 * (docs "Create a Query Job" and "Get Information About a Query Job"; jsforce `QueryJobInfoV2`).
 */
export function queryJobInfo(job: QueryJob, detail: 'created' | 'full'): Record<string, unknown> {
  const info: Record<string, unknown> = {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: USER_ID,
    createdDate: formatDateTime(job.createdAt),
    systemModstamp: formatDateTime(job.modifiedAt),
    state: job.state,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: Number(job.version.slice(1)),
    lineEnding: job.lineEnding,
    columnDelimiter: job.columnDelimiter,
  };
  if (detail === 'created') return info;
  const done = job.state === 'JobComplete';
  return {
    ...info,
    jobType: 'V2Query',
    numberRecordsProcessed: done ? job.rows.length : 0,
    retries: 0,
    totalProcessingTime: done ? job.modifiedAt - job.createdAt : 0,
    // Every object the sandbox serves is on the docs' list of objects Bulk API 2.0 chunks by primary key.
    isPkChunkingSupported: true,
  };
}

/** A job's CSV cells for `records`: one row per record, one cell per selected field. */
function cells(query: ResolvedQuery, records: readonly SfRecord[]): string[][] {
  return records.map((record) => query.fields.map((name) => csvValue(query.def.fields[name]?.type, record[name])));
}

/** The query jobs of the org. */
export class QueryJobs {
  readonly #jobs = new Map<string, QueryJob>();

  constructor(
    /** Hands out job ids from the sequence ingest jobs use, so the two kinds never share an id. */
    private readonly newId: () => string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Creates a job over `records` (the object's rows, deleted ones included; `query` drops those). */
  create(settings: NewQueryJob, records: readonly SfRecord[]): QueryJob {
    const { query, ...rest } = settings;
    const pool = settings.operation === 'queryAll' ? records : records.filter((r) => r['IsDeleted'] !== true);
    const now = this.clock();
    const job: QueryJob = { ...rest, id: this.newId(), object: query.def.name, state: 'UploadComplete', createdAt: now, modifiedAt: now, header: [...query.fields], rows: cells(query, runQuery(query, [...pool])) };
    this.#jobs.set(job.id, job);
    return job;
  }

  get(id: string): QueryJob | undefined {
    const normalized = normalizeId(id);
    return normalized ? this.#jobs.get(normalized) : undefined;
  }

  list(): QueryJob[] {
    return [...this.#jobs.values()];
  }

  /** A status poll: moves a running job one state on (UploadComplete → InProgress → JobComplete). */
  poll(job: QueryJob): void {
    if (job.state === 'UploadComplete') this.#set(job, 'InProgress');
    else if (job.state === 'InProgress') this.#set(job, 'JobComplete');
  }

  abort(job: QueryJob): void {
    this.#set(job, 'Aborted');
  }

  delete(job: QueryJob): void {
    this.#jobs.delete(job.id);
  }

  clear(): void {
    this.#jobs.clear();
  }

  #set(job: QueryJob, state: QueryJobState): void {
    job.state = state;
    job.modifiedAt = Math.max(this.clock(), job.modifiedAt);
  }
}
