import { PermanentError, RetryableError } from '#domain/errors';

/** An HTTP answer from Outreach that was not a success. */
export interface OutreachHttpFailure {
  status: number;
  headers: Headers;
  body: unknown;
}

/** The first JSON:API error of a body (`{errors:[{id,title,detail}]}`), if any. */
export function firstError(body: unknown): { id: string; detail: string } | undefined {
  const errors = typeof body === 'object' && body !== null ? (body as { errors?: unknown }).errors : undefined;
  const first = Array.isArray(errors) ? (errors[0] as { id?: unknown; title?: unknown; detail?: unknown } | undefined) : undefined;
  if (!first) return undefined;
  return { id: String(first.id ?? 'unknownError'), detail: String(first.detail ?? first.title ?? 'no detail') };
}

/**
 * How long Outreach asks us to wait: `Retry-After` seconds, else until `X-RateLimit-Reset` (epoch seconds [T]).
 */
export function retryAfterMs(headers: Headers, nowMs: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000;
  const reset = headers.get('x-ratelimit-reset');
  if (reset !== null && /^\d+$/.test(reset.trim())) return Math.max(0, Number(reset) * 1000 - nowMs);
  return undefined;
}

/**
 * Maps a failed Outreach answer to Syncline's error classes: 404 means "gone"; 429 (with its wait), 408, 5xx and a
 * 401 that survived a fresh token are retryable; everything else (400, 403, 409, 415, 422) is permanent and keeps
 * Outreach's error id as the code.
 */
export function classifyOutreachFailure(failure: OutreachHttpFailure, nowMs: number): RetryableError | PermanentError | 'not-found' {
  const { status } = failure;
  if (status === 404) return 'not-found';
  if (status === 429) return new RetryableError('Outreach rate limit reached (429)', { retryAfterMs: retryAfterMs(failure.headers, nowMs) });
  if (status === 408 || status >= 500) return new RetryableError(`Outreach answered ${status}`);
  if (status === 401) return new RetryableError('Outreach refused a freshly refreshed access token (401)');
  const error = firstError(failure.body);
  return new PermanentError(error?.id ?? `HTTP_${status}`, `Outreach refused the request (${status}): ${error?.detail ?? 'no detail'}`, { cause: { status } });
}

/** Whether an error is Outreach's refusal with this HTTP status (422: the request was valid, the resource's state not). */
export function refusedWith(error: unknown, status: number): boolean {
  return error instanceof PermanentError && (error.cause as { status?: unknown } | undefined)?.status === status;
}
