import type { Connection } from 'jsforce';

/**
 * Composite resource limits: up to 25 subrequests per call, at most 5 of them query operations (Query, QueryAll,
 * and Query More for a result's next batch) or sObject Collections; the whole series counts as one call toward the
 * API limits. https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-composite-post.html
 */
export const QUERIES_PER_COMPOSITE = 5;

/**
 * A failed subrequest, shaped as jsforce's own API errors are (`errorCode`, `message`, the error element in
 * `data`), so `classifySalesforceError` treats it as it treats the same failure of a plain query.
 */
export class CompositeSubrequestError extends Error {
  override readonly name = 'CompositeSubrequestError';
  constructor(
    readonly errorCode: string,
    message: string,
    readonly data: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** One result of a Composite response (Composite Subrequest Result: body, httpHeaders, httpStatusCode, referenceId). */
interface SubrequestResult {
  body?: unknown;
  httpStatusCode?: number;
  referenceId?: string | null;
}

interface QueryPage {
  done?: boolean;
  nextRecordsUrl?: string;
  records?: Record<string, unknown>[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The error a failed result carries: Salesforce's `[{message, errorCode, fields?}]` array, as a plain request
 * answers it (errorcodes.htm); anything else is named `ERROR_HTTP_<status>` as jsforce names a non-JSON error body.
 */
function errorOf(result: SubrequestResult): CompositeSubrequestError {
  const status = result.httpStatusCode ?? 0;
  const [first] = Array.isArray(result.body) ? (result.body as unknown[]) : [result.body];
  if (isObject(first) && typeof first['errorCode'] === 'string') return new CompositeSubrequestError(first['errorCode'], String(first['message'] ?? ''), first);
  return new CompositeSubrequestError(`ERROR_HTTP_${status}`, `Composite subrequest failed with status ${status}`, {});
}

/**
 * The page each subrequest answered, in the order of `referenceIds`. A refusal of the whole request (a single
 * result whose referenceId is null) or a failed subrequest throws its error.
 */
function pagesOf(response: unknown, referenceIds: readonly string[]): QueryPage[] {
  const results = isObject(response) && Array.isArray(response['compositeResponse']) ? (response['compositeResponse'] as SubrequestResult[]) : [];
  const failed = results.find((r) => (r.httpStatusCode ?? 0) >= 400 || typeof r.referenceId !== 'string');
  if (failed) throw errorOf(failed);
  return referenceIds.map((id) => {
    const result = results.find((r) => r.referenceId === id);
    if (!result || !isObject(result.body)) throw new CompositeSubrequestError('ERROR_HTTP_200', `The Composite response has no result for ${id}`, {});
    return result.body as QueryPage;
  });
}

/**
 * Runs SOQL statements through the Composite resource, five per call, and answers each statement's rows, in the
 * order given and every page of each: a result that is not `done` is followed by a Query More subrequest of its
 * `nextRecordsUrl` in a later call. The call goes through `connection.request`, so it meets the connection's
 * transport (timeouts, budget, token refresh) like any other call; the statements travel in the POST body, out of
 * reach of the URI limit a plain query meets. `allOrNone` is false: queries change nothing to roll back.
 */
export async function queryThroughComposite(connection: Connection, statements: readonly string[]): Promise<Record<string, unknown>[][]> {
  const base = `/services/data/v${connection.version}`;
  const rows: Record<string, unknown>[][] = statements.map(() => []);
  let pending = statements.map((soql, index) => ({ index, url: `${base}/query/?q=${encodeURIComponent(soql)}` }));
  while (pending.length > 0) {
    const batch = pending.slice(0, QUERIES_PER_COMPOSITE);
    pending = pending.slice(QUERIES_PER_COMPOSITE);
    const compositeRequest = batch.map((step, i) => ({ method: 'GET', url: step.url, referenceId: `lookup${i}` }));
    const response = await connection.requestPost(`${base}/composite`, { allOrNone: false, compositeRequest });
    pagesOf(response, compositeRequest.map((r) => r.referenceId)).forEach((page, i) => {
      const step = batch[i] as { index: number };
      (rows[step.index] as Record<string, unknown>[]).push(...(page.records ?? []));
      if (page.done === false && page.nextRecordsUrl) pending.push({ index: step.index, url: page.nextRecordsUrl });
    });
  }
  return rows;
}
