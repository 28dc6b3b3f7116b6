import { InfrastructureUnavailable, PermanentError, RetryableError, VendorPaused } from '#domain/errors';
import { timedOutCall } from '../call-timeout.ts';

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

/**
 * How long to wait after REQUEST_LIMIT_EXCEEDED (vendor-apis §1.6). The daily allocation is a rolling 24 h window
 * that frees slowly, so a retry within minutes would only burn attempts; a concurrency refusal clears as soon as the
 * long requests in flight finish.
 */
export const LIMIT_RETRY_AFTER_MS = { daily: 15 * 60_000, concurrent: 5_000 } as const;

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

function messageOf(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string' ? (error as { message: string }).message : '';
}

/** The wait a REQUEST_LIMIT_EXCEEDED asks for: short for `ConcurrentPerOrgLongTxn`, long for `TotalRequests`. */
export function limitRetryAfterMs(message: string): number {
  return /concurrent/i.test(message) ? LIMIT_RETRY_AFTER_MS.concurrent : LIMIT_RETRY_AFTER_MS.daily;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The records a DUPLICATES_DETECTED error matched, as `Object:id`, from its duplicate detail. Live captures spell
 * the key `duplicateResut` (sic), hand-written fixtures `duplicateResult`; both are read (vendor-apis §1.7).
 * Accepts a per-record SaveError, the body element of a single-record error, or a jsforce error carrying it in
 * `data`. Anything else gives [].
 */
export function duplicateCandidates(error: unknown): string[] {
  if (!isObject(error)) return [];
  const detail = error['duplicateResut'] ?? error['duplicateResult'];
  if (!isObject(detail)) return isObject(error['data']) ? duplicateCandidates(error['data']) : [];
  const matchResults = Array.isArray(detail['matchResults']) ? detail['matchResults'] : [];
  const found = matchResults.filter(isObject).flatMap((result) => {
    const records = Array.isArray(result['matchRecords']) ? result['matchRecords'] : [];
    return records.filter(isObject).flatMap((match) => {
      const record = match['record'];
      if (!isObject(record) || typeof record['Id'] !== 'string') return [];
      const attributes = record['attributes'];
      const type = isObject(attributes) && typeof attributes['type'] === 'string' ? attributes['type'] : result['entityType'];
      return typeof type === 'string' ? [`${type}:${record['Id']}`] : [];
    });
  });
  return [...new Set(found)];
}

/** Codes whose message quotes the refused value (`First Name: data value too large: <value> (max length=40)`). */
const VALUE_QUOTING_CODES = new Set(['STRING_TOO_LONG', 'INVALID_EMAIL_ADDRESS', 'INVALID_TYPE_ON_FIELD_IN_RECORD', 'NUMBER_OUTSIDE_VALID_RANGE', 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST']);
/** Longest vendor message passed on: enough for a sentence, never a whole echoed value. */
const MAX_MESSAGE_CHARS = 300;

/**
 * The reason of a refused record or request in words that name the fields (vendor-apis §1.7: errors carry
 * `fields`). A refusal that quotes the value (STRING_TOO_LONG quotes the whole over-long text) is reworded without
 * it, keeping the limit (`FirstName is longer than Salesforce accepts (STRING_TOO_LONG, max length 40)`); other
 * messages are kept, cut to 300 characters, with the fields appended when the message does not name them.
 */
export function describeSalesforceError(code: string, message: string, fields: readonly string[] = []): string {
  const named = fields.length > 0 ? fields.join(', ') : 'a field';
  if (code === 'STRING_TOO_LONG') {
    const max = /max length=(\d+)/i.exec(message)?.[1];
    return `${named} is longer than Salesforce accepts (STRING_TOO_LONG${max ? `, max length ${max}` : ''})`;
  }
  if (VALUE_QUOTING_CODES.has(code)) return `${named} holds a value Salesforce refuses (${code})`;
  const text = message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message;
  return fields.length > 0 && !fields.every((f) => text.includes(f)) ? `${text} (fields: ${named})` : text;
}

/** The `fields` of a jsforce error (`data.fields`, or the error's own for a save error). */
function fieldsOf(error: unknown): string[] {
  if (!isObject(error)) return [];
  const fields = error['fields'] ?? (isObject(error['data']) ? error['data']['fields'] : undefined);
  return Array.isArray(fields) ? fields.filter((f): f is string => typeof f === 'string') : [];
}

/**
 * Maps a jsforce failure to Syncline's error classes. A `VendorPaused` (the budget refused the call before it went
 * out) and an `InfrastructureUnavailable` (the budget's DynamoDB did not answer) pass as they are: the batch waits
 * for them instead of failing the change. REQUEST_LIMIT_EXCEEDED for the daily allocation is never retried at once: it becomes
 * `VendorPaused` for {@link LIMIT_RETRY_AFTER_MS}.daily; the concurrency variant a retry after 5 s.
 */
export function classifySalesforceError(error: unknown, nowMs: number = Date.now()): RetryableError | PermanentError {
  if (error instanceof VendorPaused || error instanceof InfrastructureUnavailable) return error;
  const timedOut = timedOutCall('Salesforce', error);
  if (timedOut) return timedOut;
  const code = codeOf(error);
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    const retryAfterMs = limitRetryAfterMs(messageOf(error));
    if (retryAfterMs === LIMIT_RETRY_AFTER_MS.daily) return new VendorPaused('salesforce', nowMs + retryAfterMs, 'Salesforce answered REQUEST_LIMIT_EXCEEDED (TotalRequests)', { cause: error });
    return new RetryableError(`Salesforce call failed (${code})`, { cause: error, retryAfterMs });
  }
  if (isRetryableSalesforceCode(code) || NETWORK_CODES.has(code) || code === '' || (error instanceof TypeError && error.message === 'fetch failed')) {
    return new RetryableError(`Salesforce call failed${code ? ` (${code})` : ''}`, { cause: error });
  }
  const fields = fieldsOf(error);
  const detail = fields.length > 0 || VALUE_QUOTING_CODES.has(code) ? `: ${describeSalesforceError(code, messageOf(error), fields)}` : '';
  return new PermanentError(code, `Salesforce refused the request (${code})${detail}`, { cause: error });
}
