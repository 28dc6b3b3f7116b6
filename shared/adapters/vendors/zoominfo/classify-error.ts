import { PermanentError, RetryableError } from '#domain/errors';
import type { HttpAnswer } from './http.ts';
import { parseJson } from './http.ts';

/** A wait the vendor did not state: the tightest ZoomInfo limit is per second (vendor-apis §3). */
const DEFAULT_RATE_LIMIT_WAIT_MS = 1_000;

/**
 * How long a 429 asks to wait: Retry-After (seconds), else X-RateLimit-Reset. [?] Whether Reset is seconds from now
 * or an epoch time is unconfirmed, so a value that can only be an epoch (seconds or ms) is read as one.
 */
export function rateLimitWaitMs(headers: Headers, nowMs: number): number {
  const retryAfter = Number(headers.get('retry-after') ?? NaN);
  if (Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  const reset = Number(headers.get('x-ratelimit-reset') ?? NaN);
  if (!Number.isFinite(reset) || reset < 0) return DEFAULT_RATE_LIMIT_WAIT_MS;
  if (reset > 1e12) return Math.max(0, reset - nowMs);
  if (reset > 1e9) return Math.max(0, reset * 1000 - nowMs);
  return reset * 1000;
}

function message(answer: HttpAnswer): string {
  const body = parseJson(answer.text);
  const text = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  return typeof text === 'string' ? text : '';
}

/** True for the 403 that means the contract's record credits are used up (message per vendor-apis §3, [T]). */
export function isQuotaExhausted(answer: HttpAnswer): boolean {
  return answer.status === 403 && (/record limit/i.test(message(answer)) || answer.headers.get('x-usage-record-limit-remaining') === '0');
}

/**
 * Maps a non-2xx ZoomInfo answer (other than the 401 and quota 403 the client handles itself) to Syncline's error
 * classes: 429 and 5xx may succeed later; other 4xx will not.
 */
export function classifyZoominfoAnswer(answer: HttpAnswer, what: string, nowMs: number): RetryableError | PermanentError {
  const { status } = answer;
  if (status === 429) return new RetryableError(`ZoomInfo rate limit reached on ${what} (429)`, { retryAfterMs: rateLimitWaitMs(answer.headers, nowMs) });
  if (status >= 500) {
    const retryAfter = Number(answer.headers.get('retry-after') ?? NaN);
    return new RetryableError(`ZoomInfo answered ${status} on ${what}`, Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterMs: retryAfter * 1000 } : {});
  }
  if (status === 400) {
    const body = parseJson(answer.text) as { invalidOutputFields?: unknown } | undefined;
    const invalid = Array.isArray(body?.invalidOutputFields) ? body.invalidOutputFields.map(String) : [];
    if (invalid.length > 0) return new PermanentError('INVALID_OUTPUT_FIELDS', `ZoomInfo does not know the output fields ${invalid.join(', ')} on ${what}`);
    return new PermanentError('BAD_REQUEST', `ZoomInfo refused ${what} as invalid (400): ${message(answer) || 'no reason given'}`);
  }
  if (status === 401) return new PermanentError('AUTH_FAILED', `ZoomInfo refused the credentials on ${what} (401)`);
  if (status === 403) return new PermanentError('FORBIDDEN', `ZoomInfo does not allow ${what} for this account (403): ${message(answer) || 'no reason given'}`);
  return new PermanentError(`HTTP_${status}`, `ZoomInfo refused ${what} (${status})`);
}
