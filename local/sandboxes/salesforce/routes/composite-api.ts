import { BadRequestError, ResponseError, isPlainObject, jsonResponse, type Router, type SandboxRequest, type SandboxResponse } from '../../kit/index.ts';
import { objectBody, type SalesforceContext } from '../context.ts';
import { errorForStatus, sfError } from '../errors.ts';

const DATA = '/services/data/:version(v\\d+\\.\\d+)';

/**
 * Composite resource limits: up to 25 subrequests per call, of which up to 5 may be query operations (Query,
 * QueryAll, and the Query More of a result's next batch) or sObject Collections. The whole series counts as one
 * call toward the API limits. https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-composite-post.html
 */
export const COMPOSITE_LIMITS = { subrequests: 25, queryOrCollection: 5 } as const;

/** The resources a subrequest may name (same page): sObject resources, Query, QueryAll and sObject Collections. */
const SUPPORTED = /^\/services\/data\/v\d+\.\d+\/(sobjects|query|queryAll|composite\/sobjects)(\/|\?|$)/;
/** The subrequests that count toward {@link COMPOSITE_LIMITS}.queryOrCollection. */
const QUERY_OR_COLLECTION = /^\/services\/data\/v\d+\.\d+\/(query|queryAll|composite\/sobjects)(\/|\?|$)/;

/**
 * "The referenceIds must not contain anything besides letters, numbers, and underscores" (Composite Subrequest
 * Result, resources-composite-subrequest-result.html); recent versions refuse a request that breaks this.
 */
const REFERENCE_ID = /^[A-Za-z0-9][A-Za-z0-9_]*$/;

/** Headers a subrequest inherits from the top-level request and must not set itself; the top-level request fails with 400 (Composite Subrequest). */
const INHERITED_HEADERS = new Set(['accept', 'authorization', 'content-type']);

interface Subrequest {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders: Record<string, string>;
}

interface SubrequestResult {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string | null;
}

/**
 * A refusal of the whole request, answered as HTTP 200 with one result whose referenceId is null. Shape and the
 * 25-operation message as a captured response shows it (`LIMIT_EXCEEDED`, "The request can’t contain more than 25
 * operations."); the docs give neither. The messages for the other refusals are not documented: written here.
 */
function refusal(errorCode: string, message: string): SandboxResponse {
  const result: SubrequestResult = { body: [{ errorCode, message }], httpHeaders: {}, httpStatusCode: 400, referenceId: null };
  return jsonResponse(200, { compositeResponse: [result] });
}

const malformed = (message: string): ResponseError => new ResponseError(sfError(400, 'JSON_PARSER_ERROR', message));

function subrequestOf(value: unknown, index: number): Subrequest {
  if (!isPlainObject(value)) throw malformed(`compositeRequest[${index}] must be an object.`);
  const { method, url, referenceId, body, httpHeaders } = value;
  if (typeof method !== 'string' || typeof url !== 'string') throw malformed(`compositeRequest[${index}] needs a 'method' and a 'url'.`);
  const headers = isPlainObject(httpHeaders) ? Object.fromEntries(Object.entries(httpHeaders).map(([k, v]) => [k.toLowerCase(), String(v)])) : {};
  return { method, url, referenceId: typeof referenceId === 'string' ? referenceId : '', body, httpHeaders: headers };
}

/** The request's subrequests, or the refusal the whole request gets. */
function parseComposite(req: SandboxRequest): { allOrNone: boolean; subrequests: Subrequest[] } | SandboxResponse {
  const body = objectBody(req);
  const list = body['compositeRequest'];
  if (!Array.isArray(list) || list.length === 0) throw malformed("The body needs a non-empty 'compositeRequest' array.");
  const subrequests = list.map(subrequestOf);
  if (subrequests.length > COMPOSITE_LIMITS.subrequests) return refusal('LIMIT_EXCEEDED', `The request can’t contain more than ${COMPOSITE_LIMITS.subrequests} operations.`);
  if (subrequests.filter((s) => QUERY_OR_COLLECTION.test(s.url)).length > COMPOSITE_LIMITS.queryOrCollection) {
    return refusal('LIMIT_EXCEEDED', `The request can’t contain more than ${COMPOSITE_LIMITS.queryOrCollection} query or sObject Collections operations.`);
  }
  const seen = new Set<string>();
  for (const s of subrequests) {
    if (s.referenceId === '') return refusal('INVALID_INPUT', 'Every subrequest needs a referenceId.');
    if (!REFERENCE_ID.test(s.referenceId)) {
      return refusal('INVALID_INPUT', `Provided referenceId ('${s.referenceId}') must start with a letter or a number, and it can contain only letters, numbers and underscores ('_').`);
    }
    if (seen.has(s.referenceId)) return refusal('INVALID_INPUT', `Duplicate referenceId provided in the request: ${s.referenceId}`);
    seen.add(s.referenceId);
    const inherited = Object.keys(s.httpHeaders).find((h) => INHERITED_HEADERS.has(h));
    if (inherited) throw new ResponseError(sfError(400, 'INVALID_INPUT', `A subrequest can't set the ${inherited} header; it inherits it from the composite request.`));
  }
  return { allOrNone: body['allOrNone'] === true, subrequests };
}

/** A handler's answer as a subrequest result: JSON bodies parsed, transport headers left out. */
function resultOf(s: Subrequest, res: SandboxResponse): SubrequestResult {
  let body: unknown = res.body ?? null;
  if (res.rawBody !== undefined) {
    try {
      body = JSON.parse(res.rawBody) as unknown;
    } catch {
      body = res.rawBody;
    }
  }
  // The Composite resource doesn't support Content-Length, so subrequest results carry none (Composite Subrequest Result).
  const httpHeaders = Object.fromEntries(Object.entries(res.headers ?? {}).filter(([k]) => !['content-type', 'content-length'].includes(k.toLowerCase())));
  return { body, httpHeaders, httpStatusCode: res.status, referenceId: s.referenceId };
}

/** Runs one subrequest through the route that would take it as a request of its own, past the API-limit guard. */
async function dispatch(api: Router, outer: SandboxRequest, s: Subrequest): Promise<SandboxResponse> {
  // References to earlier results (`@{ref.field}`) are not emulated; a subrequest using one fails on its own.
  if (s.url.includes('@{') || JSON.stringify(s.body ?? null).includes('@{')) return sfError(400, 'INVALID_INPUT', 'References to other subrequests (@{...}) are not supported by this sandbox.');
  if (!SUPPORTED.test(s.url)) return sfError(400, 'INVALID_INPUT', `The Composite resource does not support the subrequest url ${s.url}.`);
  const url = new URL(s.url, 'http://composite.invalid');
  const match = api.match(s.method, url.pathname);
  if (match.kind === 'not-found') return errorForStatus(404, '', false);
  if (match.kind === 'method-not-allowed') return errorForStatus(405, `HTTP Method '${s.method}' not allowed. Allowed are ${match.allowed.join(',')}`, false);
  const req: SandboxRequest = {
    method: s.method.toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers: { ...outer.headers, ...s.httpHeaders },
    params: match.params,
    rawBody: s.body === undefined ? '' : JSON.stringify(s.body),
    endpoint: match.name,
  };
  try {
    return await match.handler(req);
  } catch (error) {
    if (error instanceof ResponseError) return error.response;
    if (error instanceof BadRequestError) return errorForStatus(error.status, error.message, false);
    return errorForStatus(500, '', false);
  }
}

/**
 * With allOrNone, one failed subrequest rolls the whole request back: the others answer 400 (Composite Subrequest
 * Result: "all other subrequests return the 400 HTTP status code"). The code and message are as captured
 * responses show them [T].
 */
const HALTED = [{ errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' }];

async function runComposite(ctx: SalesforceContext, api: Router, req: SandboxRequest): Promise<SandboxResponse> {
  const parsed = parseComposite(req);
  if (!('subrequests' in parsed)) return parsed;
  const restore = parsed.allOrNone ? ctx.store.snapshot() : undefined;
  // Subrequests run in order, each through its own route, so the queries use the same SOQL engine, cursors and
  // errors as `GET …/query`; only the composite request itself passed the guard, so it counts as one API call.
  const results: SubrequestResult[] = [];
  for (const s of parsed.subrequests) results.push(resultOf(s, await dispatch(api, req, s)));
  if (restore && results.some((r) => r.httpStatusCode >= 400)) {
    restore();
    const halted = results.map((r) => (r.httpStatusCode >= 400 ? r : { ...r, body: HALTED, httpHeaders: {}, httpStatusCode: 400 }));
    return jsonResponse(200, { compositeResponse: halted });
  }
  return jsonResponse(200, { compositeResponse: results });
}

/**
 * The Composite resource, `POST …/composite` (endpoint name `composite`): a series of sObject, Query, QueryAll
 * and sObject Collections subrequests in one call. Register it on the router that holds those routes, last.
 * https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-composite-post.html
 */
export function addCompositeApiRoutes(router: Router, ctx: SalesforceContext): Router {
  return router.add('POST', `${DATA}/composite`, 'composite', (req) => runComposite(ctx, router, req));
}
