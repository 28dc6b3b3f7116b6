import type { SandboxResponse } from '../kit/index.ts';

/**
 * Legacy Enterprise API error bodies (vendor-apis §3): `{responseCode, message}`. Only the 400 invalid-fields body
 * is a vendor example [C]; the messages of 401/403/429 are from a third-party client [T], and reusing the same
 * envelope for them is [?].
 */
export function zoominfoError(status: number, message: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): SandboxResponse {
  const response: SandboxResponse = { status, body: { responseCode: status, message, ...extra } };
  if (headers) response.headers = headers;
  return response;
}

export const MESSAGES = {
  authFailed: 'Authentication failed',
  invalidFields: 'There are invalid fields in your request.',
  rateLimited: 'You have exceeded your API query rate limit',
  recordLimit: 'You have used up all of your allowed record limit',
  // Search refusals: [T] the legacy message list api-evangelist read off api-docs.zoominfo.com
  // (`errors/zoominfo-problem-types.yml`, `legacy_surface`); the statuses are 400 there too.
  rppNotNumber: 'Results per page (rpp) is not a number',
  rppOverMax: 'Results per page (rpp) is over max allowed value (100)',
  pageNotNumber: 'Page number (page) is not a number',
  pageBeyondResults: 'Page number (page) requested is greater than the available results',
  paginationOverMax: 'Total record pagination is over max allowed value (1000)',
  badSortBy: 'The parameter passed for sortBy is invalid',
  insufficientInfo: 'There is insufficient information for this request',
} as const;

/** 401 for wrong credentials, a missing, expired, foreign or revoked bearer token. */
export const authFailed = (): SandboxResponse => zoominfoError(401, MESSAGES.authFailed);

/** 400 naming the output fields the entity does not have. */
export const invalidOutputFields = (fields: readonly string[]): SandboxResponse => zoominfoError(400, MESSAGES.invalidFields, { invalidOutputFields: fields });

/** [?] 400 naming unknown input keys; the key name `invalidInputFields` mirrors the output case and is a guess. */
export const invalidInputFields = (fields: readonly string[]): SandboxResponse => zoominfoError(400, MESSAGES.invalidFields, { invalidInputFields: fields });

/** 429 with the standard hints; `limit`/`remaining` describe the window that is full. */
export function rateLimited(retryAfterSeconds: number, limit: number): SandboxResponse {
  return zoominfoError(429, MESSAGES.rateLimited, {}, {
    'Retry-After': String(retryAfterSeconds),
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': String(retryAfterSeconds),
  });
}

/** 403 when the contract's record credits are used up. */
export const recordLimitReached = (): SandboxResponse => zoominfoError(403, MESSAGES.recordLimit);

/** Renders any status as a ZoomInfo error; used for routing errors and `status` faults without a body. */
export function errorForStatus(status: number, message: string, rateLimit: number, retryAfterSeconds = 1): SandboxResponse {
  if (status === 429) return rateLimited(retryAfterSeconds, rateLimit);
  if (status === 401) return authFailed();
  if (status === 403 && message === '') return recordLimitReached();
  // 5xx bodies carry no internal text (STYLE.md).
  if (status >= 500) return zoominfoError(status, 'Internal Server Error');
  return zoominfoError(status, message || `Request failed with status ${status}.`);
}
