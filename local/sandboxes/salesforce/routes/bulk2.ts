import { ResponseError, emptyResponse, jsonResponse, type Router, type SandboxRequest, type SandboxResponse } from '../../kit/index.ts';
import { COLUMN_DELIMITERS, toCsv, type ColumnDelimiter } from '../bulk-csv.ts';
import { BULK_OPERATIONS, jobInfo, resultRows, type BulkJobs, type BulkOperation, type IngestJob } from '../bulk-jobs.ts';
import { objectBody, versionOf } from '../context.ts';
import { notFound, sfError } from '../errors.ts';
import { canonicalField, type OrgSchema } from '../schema.ts';

const INGEST = '/services/data/:version(v\\d+\\.\\d+)/jobs/ingest';

/*
 * Error codes of the job endpoints: jsforce only needs `[{errorCode, message}]` (its BulkApiV2 `parseError`). The codes
 * below (INVALIDJOB, INVALIDENTITY, INVALIDJOBSTATE) are as seen in captured responses [T]; their statuses [?]: the
 * sandbox answers 400 for bad settings and 409 for a request the job's state does not allow.
 */
const invalidJob = (message: string): ResponseError => new ResponseError(sfError(400, 'INVALIDJOB', message));
const wrongState = (job: IngestJob, action: string): SandboxResponse => sfError(409, 'INVALIDJOBSTATE', `Cannot ${action} job ${job.id} in state ${job.state}.`);

function createJob(schema: OrgSchema, jobs: BulkJobs, req: SandboxRequest): SandboxResponse {
  const body = objectBody(req);
  const object = typeof body['object'] === 'string' ? schema.object(body['object']) : undefined;
  if (!object) throw new ResponseError(sfError(400, 'INVALIDENTITY', `sObject type '${String(body['object'])}' is not supported.`));
  const operation = body['operation'];
  if (typeof operation !== 'string' || !(BULK_OPERATIONS as readonly string[]).includes(operation)) {
    throw invalidJob(`operation must be one of ${BULK_OPERATIONS.join(', ')}; got ${String(operation)}.`);
  }
  const contentType = body['contentType'] ?? 'CSV';
  if (contentType !== 'CSV') throw invalidJob(`contentType must be CSV; got ${String(contentType)}.`);
  const delimiter = body['columnDelimiter'] ?? 'COMMA';
  if (typeof delimiter !== 'string' || !(delimiter in COLUMN_DELIMITERS)) throw invalidJob(`columnDelimiter must be one of ${Object.keys(COLUMN_DELIMITERS).join(', ')}.`);
  const lineEnding = body['lineEnding'] ?? 'LF';
  if (lineEnding !== 'LF' && lineEnding !== 'CRLF') throw invalidJob('lineEnding must be LF or CRLF.');
  let externalIdFieldName: string | undefined;
  if (operation === 'upsert') {
    const raw = body['externalIdFieldName'];
    externalIdFieldName = typeof raw === 'string' ? canonicalField(object, raw) : undefined;
    if (!externalIdFieldName || !object.fields[externalIdFieldName]?.externalId) {
      throw invalidJob(`externalIdFieldName must name an external id field of ${object.name} for an upsert; got ${String(raw)}.`);
    }
  }
  const job = jobs.create({ object, operation: operation as BulkOperation, lineEnding, columnDelimiter: delimiter as ColumnDelimiter, version: versionOf(req), ...(externalIdFieldName ? { externalIdFieldName } : {}) });
  return jsonResponse(200, jobInfo(job));
}

function jobOf(jobs: BulkJobs, req: SandboxRequest): IngestJob {
  const job = jobs.get(req.params['jobId'] ?? '');
  if (!job) throw new ResponseError(notFound());
  return job;
}

/** One upload per job: a second PUT fails, as Salesforce's "Found multiple contents for job" does [T]. */
function upload(jobs: BulkJobs, req: SandboxRequest): SandboxResponse {
  const job = jobOf(jobs, req);
  if (job.state !== 'Open') return wrongState(job, 'upload data to');
  if (job.csv !== undefined) {
    return sfError(400, 'INVALIDJOBSTATE', `Found multiple contents for job: <${job.id}>, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make sure you only do 'PUT' once on a given Job.`);
  }
  job.csv = req.rawBody;
  return emptyResponse(201);
}

function setState(jobs: BulkJobs, req: SandboxRequest): SandboxResponse {
  const job = jobOf(jobs, req);
  const state = objectBody(req)['state'];
  if (state === 'UploadComplete') {
    if (job.state !== 'Open') return wrongState(job, 'close');
    jobs.close(job);
  } else if (state === 'Aborted') {
    if (job.state === 'JobComplete' || job.state === 'Failed' || job.state === 'Aborted') return wrongState(job, 'abort');
    jobs.abort(job);
  } else {
    throw invalidJob(`state must be UploadComplete or Aborted; got ${String(state)}.`);
  }
  return jsonResponse(200, jobInfo(job));
}

function csvResponse(header: readonly string[], rows: readonly (readonly string[])[]): SandboxResponse {
  return { status: 200, rawBody: toCsv(header, rows), headers: { 'Content-Type': 'text/csv' } };
}

function results(jobs: BulkJobs, req: SandboxRequest, kind: 'successful' | 'failed' | 'unprocessed'): SandboxResponse {
  const job = jobOf(jobs, req);
  const header = job.table?.header ?? [];
  if (kind === 'unprocessed') return csvResponse(header, job.unprocessed);
  return csvResponse(['sf__Id', kind === 'successful' ? 'sf__Created' : 'sf__Error', ...header], resultRows(job, kind));
}

/**
 * Bulk API 2.0 ingest (vendor-apis §1.8). Endpoint names: `bulkCreateJob`, `bulkListJobs`, `bulkJobInfo`,
 * `bulkSetJobState` (UploadComplete / Aborted), `bulkDeleteJob`, `bulkUpload`, `bulkSuccessfulResults`,
 * `bulkFailedResults`, `bulkUnprocessedRecords`.
 */
export function addBulkRoutes(router: Router, jobs: BulkJobs, schema: OrgSchema): Router {
  return router
    .add('POST', INGEST, 'bulkCreateJob', (req) => createJob(schema, jobs, req))
    .add('GET', INGEST, 'bulkListJobs', () => jsonResponse(200, { done: true, records: jobs.list().map(jobInfo), nextRecordsUrl: null }))
    .add('GET', `${INGEST}/:jobId`, 'bulkJobInfo', (req) => jsonResponse(200, jobInfo(jobOf(jobs, req))))
    .add('PATCH', `${INGEST}/:jobId`, 'bulkSetJobState', (req) => setState(jobs, req))
    .add('DELETE', `${INGEST}/:jobId`, 'bulkDeleteJob', (req) => {
      const job = jobOf(jobs, req);
      if (job.state === 'InProgress' || job.state === 'UploadComplete') return wrongState(job, 'delete');
      jobs.delete(job);
      return emptyResponse(204);
    })
    .add('PUT', `${INGEST}/:jobId/batches`, 'bulkUpload', (req) => upload(jobs, req))
    .add('GET', `${INGEST}/:jobId/successfulResults`, 'bulkSuccessfulResults', (req) => results(jobs, req, 'successful'))
    .add('GET', `${INGEST}/:jobId/failedResults`, 'bulkFailedResults', (req) => results(jobs, req, 'failed'))
    .add('GET', `${INGEST}/:jobId/unprocessedrecords`, 'bulkUnprocessedRecords', (req) => results(jobs, req, 'unprocessed'));
}
