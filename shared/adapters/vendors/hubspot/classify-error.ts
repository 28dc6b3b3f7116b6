import { PermanentError, RetryableError } from '#domain/errors';

interface ApiExceptionLike {
  code: number;
  headers?: Record<string, string>;
  body?: unknown;
}

function isApiException(error: unknown): error is ApiExceptionLike {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number';
}

function retryAfterMs(headers: Record<string, string> | undefined): number | undefined {
  const value = headers?.['retry-after'] ?? headers?.['Retry-After'];
  const seconds = value === undefined ? NaN : Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * Maps an @hubspot/api-client failure to Syncline's error classes.
 * 429, 5xx, 401 (a token may be refreshed) and network failures are retryable; 404 means "gone".
 */
export function classifyHubspotError(error: unknown): RetryableError | PermanentError | 'not-found' {
  if (!isApiException(error)) {
    return new RetryableError('HubSpot could not be reached', { cause: error });
  }
  const { code } = error;
  if (code === 404) return 'not-found';
  if (code === 429) return new RetryableError('HubSpot rate limit reached (429)', { cause: error, retryAfterMs: retryAfterMs(error.headers) });
  if (code >= 500 || code === 401) return new RetryableError(`HubSpot answered ${code}`, { cause: error });
  const category = typeof error.body === 'object' && error.body !== null ? String((error.body as { category?: unknown }).category ?? '') : '';
  return new PermanentError(category || `HTTP_${code}`, `HubSpot refused the request (${code})`, { cause: error });
}
