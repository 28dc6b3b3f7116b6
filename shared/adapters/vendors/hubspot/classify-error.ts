import { InfrastructureUnavailable, PermanentError, RetryableError, VendorPaused } from '#domain/errors';
import { timedOutCall } from '../call-timeout.ts';

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

function bodyField(body: unknown, key: string): string {
  return typeof body === 'object' && body !== null ? String((body as Record<string, unknown>)[key] ?? '') : '';
}

/** The 10-second burst window (vendor-apis §2.7). */
const TEN_SECONDS_MS = 10_000;
/** CRM search's per-second window. */
const ONE_SECOND_MS = 1_000;

/**
 * Milliseconds until the next midnight UTC. HubSpot resets the daily limit at midnight in the portal's time zone,
 * which the connector does not know; midnight UTC is the guess, and a retry that comes too early is simply told
 * DAILY again. Never less than a minute, so a 429 just before midnight does not turn into a hot loop.
 */
export function msUntilUtcMidnight(nowMs: number): number {
  const midnight = new Date(nowMs);
  midnight.setUTCHours(24, 0, 0, 0);
  return Math.max(60_000, midnight.getTime() - nowMs);
}

/**
 * A 429 by its policy (vendor-apis §2.7): DAILY pauses HubSpot until the daily reset (a Retry-After, if any, wins);
 * TEN_SECONDLY_ROLLING waits Retry-After or the 10 s window; CRM search's "secondly limit" Retry-After or 1 s;
 * any other 429 only what Retry-After says.
 */
function rateLimitError(error: ApiExceptionLike, nowMs: number): RetryableError {
  const fromHeader = retryAfterMs(error.headers);
  const policy = bodyField(error.body, 'policyName');
  if (policy === 'DAILY') {
    // No wait in place outlasts a day, and a retry before the reset is refused again (and counted).
    return new VendorPaused('hubspot', nowMs + (fromHeader ?? msUntilUtcMidnight(nowMs)), 'HubSpot daily API limit reached (429 DAILY)', { cause: error });
  }
  if (policy === 'TEN_SECONDLY_ROLLING') {
    return new RetryableError('HubSpot 10-second burst limit reached (429 TEN_SECONDLY_ROLLING)', { cause: error, retryAfterMs: fromHeader ?? TEN_SECONDS_MS });
  }
  if (bodyField(error.body, 'message') === 'You have reached your secondly limit.') {
    return new RetryableError('HubSpot search per-second limit reached (429)', { cause: error, retryAfterMs: fromHeader ?? ONE_SECOND_MS });
  }
  return new RetryableError('HubSpot rate limit reached (429)', { cause: error, retryAfterMs: fromHeader });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The properties an error body names (vendor-apis §2.6): `errors[].context.propertyName`, a top-level
 * `context.propertyName`, or the `"name"` entries of the JSON list in "Property values were not valid: [...]".
 */
export function hubspotErrorProperties(body: unknown): string[] {
  if (!isRecord(body)) return [];
  const names: string[] = [];
  const fromContext = (context: unknown) => {
    const listed = isRecord(context) ? context['propertyName'] : undefined;
    if (Array.isArray(listed)) names.push(...listed.filter((n): n is string => typeof n === 'string'));
  };
  fromContext(body['context']);
  if (Array.isArray(body['errors'])) for (const detail of body['errors']) if (isRecord(detail)) fromContext(detail['context']);
  const message = typeof body['message'] === 'string' ? body['message'] : '';
  if (names.length === 0 && message.startsWith('Property values were not valid')) for (const m of message.matchAll(/"name":"([^"\\]+)"/g)) if (m[1]) names.push(m[1]);
  return [...new Set(names)];
}

/** The codes of the per-property problems (`errors[].code`, or `"error"` in the message's list), e.g. INVALID_OPTION. */
export function hubspotProblemCodes(body: unknown): string[] {
  if (!isRecord(body)) return [];
  const codes = Array.isArray(body['errors']) ? body['errors'].flatMap((d) => (isRecord(d) && typeof d['code'] === 'string' ? [d['code']] : [])) : [];
  const message = typeof body['message'] === 'string' ? body['message'] : '';
  if (codes.length === 0) for (const m of message.matchAll(/"error":"([A-Z_]+)"/g)) if (m[1]) codes.push(m[1]);
  return [...new Set(codes)];
}

/**
 * A refusal in words that name the properties, never the values: HubSpot's validation messages quote the refused
 * value (`<value> was not a valid number.`), which may be a 10,000-character text or personal data.
 */
export function describeHubspotRefusal(status: number, body: unknown): string {
  const category = bodyField(body, 'category') || `HTTP_${status}`;
  const properties = hubspotErrorProperties(body);
  const codes = hubspotProblemCodes(body);
  const what = properties.length > 0 ? `: ${properties.join(', ')}${codes.length > 0 ? ` (${codes.join(', ')})` : ''}` : '';
  return `HubSpot refused the request (${status} ${category})${what}`;
}

/**
 * Maps an @hubspot/api-client failure to Syncline's error classes.
 * 429, 5xx, 401 (a token may be refreshed) and network failures are retryable; 404 means "gone".
 */
export function classifyHubspotError(error: unknown, nowMs: number = Date.now()): RetryableError | PermanentError | 'not-found' {
  // The budget refused the call before it went out, or its DynamoDB did not answer (deadline-agent.ts): the batch
  // waits for either instead of failing the change.
  if (error instanceof VendorPaused || error instanceof InfrastructureUnavailable) return error;
  if (!isApiException(error)) {
    return timedOutCall('HubSpot', error) ?? new RetryableError('HubSpot could not be reached', { cause: error });
  }
  const { code } = error;
  if (code === 404) return 'not-found';
  if (code === 429) return rateLimitError(error, nowMs);
  if (code >= 500 || code === 401) return new RetryableError(`HubSpot answered ${code}`, { cause: error });
  const category = bodyField(error.body, 'category');
  return new PermanentError(category || `HTTP_${code}`, describeHubspotRefusal(code, error.body), { cause: error });
}
