import { ResponseError, emptyResponse, jsonResponse, type Router, type SandboxRequest, type SandboxResponse } from '../../kit/index.ts';
import { COLUMN_DELIMITERS, toCsv, type ColumnDelimiter } from '../bulk-csv.ts';
import { objectBody, versionOf, type SalesforceContext } from '../context.ts';
import { notFound, sfError } from '../errors.ts';
import { queryJobInfo, type QueryJob, type QueryJobs, type QueryOperation } from '../query-jobs.ts';
import { parseSoql, SOQL_MAX_LENGTH } from '../soql.ts';
import { resolveQuery } from '../soql-eval.ts';
import { tokenize, type Token } from '../soql-lexer.ts';
import { soqlErrorResponse } from './query.ts';

const QUERY = '/services/data/:version(v\\d+\\.\\d+)/jobs/query';

/**
 * Rows per results page when the request names no `maxRecords`. The docs give no number ("the server uses a default
 * value based on the service"), so the sandbox picks one large enough that jsforce's `bulk2.query`, which never sends
 * `maxRecords` and cannot read a second page (jsforce#1546), gets every row of a test org in one page.
 */
export const QUERY_RESULTS_DEFAULT_PAGE = 50_000;

/*
 * Error codes: the job endpoints answer `[{errorCode, message}]` as the ingest ones do (routes/bulk2.ts). INVALIDJOB
 * for bad settings is the ingest endpoints' code [T]; FEATURENOTENABLED follows from Bulk API's FeatureNotEnabled
 * exception, which the 2.0 endpoints upper-case like the others [?]; JOB_NOT_COMPLETE and its text are the example
 * of the v47 "Get Results for a Query Job" page (Japanese edition), its 412 status as read there [?].
 */
const invalidJob = (message: string): ResponseError => new ResponseError(sfError(400, 'INVALIDJOB', message));
const wrongState = (job: QueryJob, action: string): SandboxResponse => sfError(409, 'INVALIDJOBSTATE', `Cannot ${action} job ${job.id} in state ${job.state}.`);

const AGGREGATES = new Set(['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX']);
const isWord = (t: Token | undefined, word: string): boolean => t?.kind === 'ident' && t.text.toUpperCase() === word;
const isPunct = (t: Token | undefined, text: string): boolean => t?.kind === 'punct' && t.text === text;

/**
 * What Bulk API 2.0 refuses in a statement (docs, "Understanding Bulk API 2.0 Query": GROUP BY, OFFSET and TYPEOF,
 * aggregate functions, parent-to-child subqueries), or undefined. A subquery is refused with the text a client
 * captured from a real org [T] (OpenFn/adaptors#395); the other texts are the sandbox's [?]. A semi-join in WHERE
 * (`Id IN (SELECT …)`) is not a parent-to-child query and is left to the parser.
 */
function unsupportedFeature(q: string): string | undefined {
  if (q.length > SOQL_MAX_LENGTH) return undefined; // refused as too long by the parser, before any tokenizing
  let tokens: Token[];
  try {
    tokens = tokenize(q);
  } catch {
    return undefined; // the parser reports it as MALFORMED_QUERY
  }
  const selectList = tokens.slice(1, outerFrom(tokens));
  if (selectList.some((t, i) => isPunct(t, '(') && isWord(selectList[i + 1], 'SELECT'))) return 'Aggregate Relationships not supported in Bulk V2 Query with CSV content type.';
  if (selectList.some((t, i) => t.kind === 'ident' && AGGREGATES.has(t.text.toUpperCase()) && isPunct(selectList[i + 1], '('))) return 'Aggregate functions such as COUNT() are not supported in Bulk V2 Query.';
  if (tokens.some((t) => isWord(t, 'TYPEOF'))) return 'TYPEOF is not supported in Bulk V2 Query.';
  if (tokens.some((t, i) => isWord(t, 'GROUP') && isWord(tokens[i + 1], 'BY'))) return 'GROUP BY is not supported in Bulk V2 Query.';
  if (tokens.some((t) => isWord(t, 'OFFSET'))) return 'OFFSET is not supported in Bulk V2 Query.';
  return undefined;
}

/** The index of the statement's own FROM (outside any parentheses), or the token count when there is none. */
function outerFrom(tokens: readonly Token[]): number {
  let depth = 0;
  for (const [i, t] of tokens.entries()) {
    if (isPunct(t, '(')) depth += 1;
    else if (isPunct(t, ')')) depth -= 1;
    else if (depth === 0 && isWord(t, 'FROM')) return i;
  }
  return tokens.length;
}

function createJob(ctx: SalesforceContext, jobs: QueryJobs, req: SandboxRequest): SandboxResponse {
  const body = objectBody(req);
  const operation = body['operation'];
  if (operation !== 'query' && operation !== 'queryAll') throw invalidJob(`operation must be query or queryAll; got ${String(operation)}.`);
  const q = body['query'];
  if (typeof q !== 'string' || q.trim() === '') throw invalidJob('query must be a SOQL statement.');
  const contentType = body['contentType'] ?? 'CSV';
  if (contentType !== 'CSV') throw invalidJob(`contentType must be CSV; got ${String(contentType)}.`);
  const delimiter = body['columnDelimiter'] ?? 'COMMA';
  if (typeof delimiter !== 'string' || !(delimiter in COLUMN_DELIMITERS)) throw invalidJob(`columnDelimiter must be one of ${Object.keys(COLUMN_DELIMITERS).join(', ')}.`);
  const lineEnding = body['lineEnding'] ?? 'LF';
  if (lineEnding !== 'LF' && lineEnding !== 'CRLF') throw invalidJob('lineEnding must be LF or CRLF.');
  const unsupported = unsupportedFeature(q);
  if (unsupported) return sfError(400, 'FEATURENOTENABLED', unsupported);
  let query;
  try {
    query = resolveQuery(parseSoql(q), ctx.schema);
  } catch (error) {
    const refused = soqlErrorResponse(q, error);
    if (refused) return refused;
    throw error;
  }
  const settings = { operation: operation as QueryOperation, query, lineEnding: lineEnding as 'LF' | 'CRLF', columnDelimiter: delimiter as ColumnDelimiter, version: versionOf(req) };
  ctx.usage.bulkQueryJobs += 1;
  return jsonResponse(200, queryJobInfo(jobs.create(settings, ctx.store.all(query.def)), 'created'));
}

function jobOf(jobs: QueryJobs, req: SandboxRequest): QueryJob {
  const job = jobs.get(req.params['jobId'] ?? '');
  if (!job) throw new ResponseError(notFound());
  return job;
}

/**
 * A locator names the offset of a page: the offset in base64 without padding, like the docs' example `MTAwMDA`
 * (base64 of "10000"). The docs call it a pseudo-random string clients must not interpret; it stays valid as long
 * as the job exists.
 */
const encodeLocator = (offset: number): string => Buffer.from(String(offset)).toString('base64').replace(/=+$/, '');

function decodeLocator(locator: string, rows: number): number | undefined {
  const text = Buffer.from(locator, 'base64').toString('utf8');
  if (!/^\d+$/.test(text) || encodeLocator(Number(text)) !== locator) return undefined;
  const offset = Number(text);
  return offset <= rows ? offset : undefined;
}

const STATE_NAMES: Record<QueryJob['state'], string> = { UploadComplete: 'UPLOAD_COMPLETE', InProgress: 'IN_PROGRESS', JobComplete: 'JOB_COMPLETE', Aborted: 'ABORTED', Failed: 'FAILED' };

/**
 * One page of a job's rows as CSV, with `Sforce-NumberOfRecords` and `Sforce-Locator` (the next page's locator, or
 * the string `null` on the last). Every page starts with the header row. Results must be read with the API version
 * the job was created with: another one is a 409 (docs; its body [?]).
 */
function results(jobs: QueryJobs, req: SandboxRequest): SandboxResponse {
  const job = jobOf(jobs, req);
  if (job.version !== versionOf(req)) return sfError(409, 'INVALIDJOBSTATE', `Query results of job ${job.id} must be read with API version ${job.version.slice(1)}, the version that created the job.`);
  if (job.state !== 'JobComplete') {
    return sfError(412, 'JOB_NOT_COMPLETE', `can only download query results of successfully completed bulk job with status: JOB_COMPLETE. Current status: ${STATE_NAMES[job.state]}`);
  }
  const rawMax = req.query.get('maxRecords');
  const maxRecords = rawMax === null ? QUERY_RESULTS_DEFAULT_PAGE : Number(rawMax);
  if (!Number.isInteger(maxRecords) || maxRecords < 1) return sfError(400, 'INVALIDJOB', `maxRecords must be a whole number of records, 1 or more; got ${String(rawMax)}.`);
  const locator = req.query.get('locator');
  const offset = locator === null || locator === '' ? 0 : decodeLocator(locator, job.rows.length);
  if (offset === undefined) return sfError(400, 'INVALIDJOB', `Invalid locator for job ${job.id}: ${String(locator)}.`);
  const end = offset + maxRecords;
  const page = job.rows.slice(offset, end);
  return {
    status: 200,
    rawBody: toCsv(job.header, page, job),
    headers: { 'Content-Type': 'text/csv', 'Sforce-NumberOfRecords': String(page.length), 'Sforce-Locator': end < job.rows.length ? encodeLocator(end) : 'null' },
  };
}

function abort(jobs: QueryJobs, req: SandboxRequest): SandboxResponse {
  const job = jobOf(jobs, req);
  const state = objectBody(req)['state'];
  if (state !== 'Aborted') throw invalidJob(`state must be Aborted; got ${String(state)}.`);
  if (job.state !== 'UploadComplete' && job.state !== 'InProgress') return wrongState(job, 'abort');
  jobs.abort(job);
  return jsonResponse(200, queryJobInfo(job, 'full'));
}

/**
 * Bulk API 2.0 query jobs. Endpoint names: `bulkQueryCreateJob`, `bulkQueryListJobs`, `bulkQueryJobInfo` (a poll:
 * moves the job on, query-jobs.ts), `bulkQueryAbortJob`, `bulkQueryDeleteJob`, `bulkQueryResults`. Each is an API
 * call like any REST request and counts against the daily allocation (api-limits.ts).
 */
export function addBulkQueryRoutes(router: Router, ctx: SalesforceContext, jobs: QueryJobs): Router {
  return router
    .add('POST', QUERY, 'bulkQueryCreateJob', (req) => createJob(ctx, jobs, req))
    .add('GET', QUERY, 'bulkQueryListJobs', () => jsonResponse(200, { done: true, records: jobs.list().map((j) => queryJobInfo(j, 'full')), nextRecordsUrl: null }))
    .add('GET', `${QUERY}/:jobId`, 'bulkQueryJobInfo', (req) => {
      const job = jobOf(jobs, req);
      jobs.poll(job);
      return jsonResponse(200, queryJobInfo(job, 'full'));
    })
    .add('PATCH', `${QUERY}/:jobId`, 'bulkQueryAbortJob', (req) => abort(jobs, req))
    .add('DELETE', `${QUERY}/:jobId`, 'bulkQueryDeleteJob', (req) => {
      const job = jobOf(jobs, req);
      // The docs allow deleting a job that is UploadComplete, JobComplete, Aborted or Failed.
      if (job.state === 'InProgress') return wrongState(job, 'delete');
      jobs.delete(job);
      return emptyResponse(204);
    })
    .add('GET', `${QUERY}/:jobId/results`, 'bulkQueryResults', (req) => results(jobs, req));
}
