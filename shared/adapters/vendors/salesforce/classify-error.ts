import { PermanentError, RetryableError } from '#domain/errors';

/** Salesforce error codes that a later attempt can clear. */
const RETRYABLE_CODES = new Set([
  'REQUEST_LIMIT_EXCEEDED', // 403: daily allocation or concurrent-request limit
  'SERVER_UNAVAILABLE',
  'UNABLE_TO_LOCK_ROW',
  'INVALID_SESSION_ID', // after jsforce's own refresh attempt failed; the next receive retries with a new connection
  'QUERY_TIMEOUT',
  'UNKNOWN_EXCEPTION', // Salesforce's own 500
]);

/** Network-level failures (undici and Node socket codes). */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Whether a per-record or whole-call error code is worth retrying. */
export function isRetryableSalesforceCode(code: string): boolean {
  // jsforce names a non-JSON error body ERROR_HTTP_<status>.
  return RETRYABLE_CODES.has(code) || /^ERROR_HTTP_(408|429|5\d\d)$/.test(code);
}

function codeOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const e = error as { errorCode?: unknown; code?: unknown; cause?: { code?: unknown } };
  return String(e.errorCode ?? e.code ?? e.cause?.code ?? '');
}

/** Maps a jsforce failure to Syncline's error classes. */
export function classifySalesforceError(error: unknown): RetryableError | PermanentError {
  const code = codeOf(error);
  if (isRetryableSalesforceCode(code) || NETWORK_CODES.has(code) || code === '' || (error instanceof TypeError && error.message === 'fetch failed')) {
    return new RetryableError(`Salesforce call failed${code ? ` (${code})` : ''}`, { cause: error });
  }
  return new PermanentError(code, `Salesforce refused the request (${code})`, { cause: error });
}
