import type { SandboxResponse } from '../kit/index.ts';

/** One JSON:API error object as Outreach renders it (vendor-apis §4; https://developers.outreach.io/api/making-requests). */
export interface JsonApiError {
  id: string;
  title: string;
  detail: string;
  source?: { pointer: string };
}

/** Outreach answers every API error as `{"errors":[{id,title,detail}]}` with the JSON:API media type. */
export function jsonApiErrors(status: number, errors: JsonApiError[], headers: Record<string, string> = {}): SandboxResponse {
  return { status, body: { errors }, headers: { 'Content-Type': 'application/vnd.api+json', ...headers } };
}

/**
 * 401 for a missing, unknown or expired bearer token. The `unauthorizedOauthToken` id and title follow third-party
 * captures of Outreach's answer [T]; the detail sentence is ours.
 */
export function unauthorized(detail = 'The OAuth token is missing, invalid or expired; refresh it at /oauth/token.'): SandboxResponse {
  return jsonApiErrors(401, [{ id: 'unauthorizedOauthToken', title: 'Unauthorized OAuth Token', detail }]);
}

/** 404 for a resource id that does not exist (or was destroyed). */
export function notFound(type: string, id: string): SandboxResponse {
  return jsonApiErrors(404, [{ id: 'resourceNotFound', title: 'Resource Not Found', detail: `Could not find '${type}' with ID '${id}'.` }]);
}

/** 422 with one error per invalid attribute, each pointing at it (JSON:API `source.pointer`). */
export function validationErrors(problems: ReadonlyArray<{ attribute: string; detail: string }>): SandboxResponse {
  return jsonApiErrors(
    422,
    problems.map((p) => ({ id: 'validationError', title: 'Validation Error', detail: p.detail, source: { pointer: `/data/attributes/${p.attribute}` } })),
  );
}

/** 415 when a write does not declare the JSON:API media type (https://developers.outreach.io/api/making-requests). */
export function unsupportedMediaType(): SandboxResponse {
  return jsonApiErrors(415, [{ id: 'unsupportedMediaType', title: 'Unsupported Media Type', detail: "Expected Content-Type header to be 'application/vnd.api+json'." }]);
}

/**
 * 429 once the per-user hourly budget is spent. The status and the X-RateLimit-* / Retry-After headers are [T];
 * the error id and text are [?] (no capture seen), so clients should key on the status only.
 */
export function rateLimited(limit: number, resetEpochSeconds: number, retryAfterSeconds: number): SandboxResponse {
  return jsonApiErrors(
    429,
    [{ id: 'rateLimitExceeded', title: 'Rate Limit Exceeded', detail: `You have exceeded your permitted rate limit of ${limit} requests per hour; try again in ${retryAfterSeconds} seconds.` }],
    { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(resetEpochSeconds), 'Retry-After': String(retryAfterSeconds) },
  );
}

const TITLES: Record<number, [string, string]> = {
  400: ['badRequest', 'Bad Request'],
  403: ['forbidden', 'Forbidden'],
  404: ['resourceNotFound', 'Resource Not Found'],
  405: ['methodNotAllowed', 'Method Not Allowed'],
  409: ['conflict', 'Conflict'],
  413: ['requestTooLarge', 'Request Too Large'],
  415: ['unsupportedMediaType', 'Unsupported Media Type'],
  422: ['validationError', 'Validation Error'],
};

/** Renders any status in Outreach's envelope; 5xx bodies carry no internal text. */
export function errorForStatus(status: number, message: string, rate: { limit: number; resetEpochSeconds: number }, retryAfterSeconds: number): SandboxResponse {
  if (status === 429) return rateLimited(rate.limit, rate.resetEpochSeconds, retryAfterSeconds);
  if (status === 401) return unauthorized();
  if (status >= 500) return jsonApiErrors(status, [{ id: 'internalServerError', title: 'Internal Server Error', detail: 'An unexpected error occurred.' }]);
  const [id, title] = TITLES[status] ?? ['badRequest', 'Bad Request'];
  return jsonApiErrors(status, [{ id, title, detail: message || `Request failed with status ${status}.` }]);
}
