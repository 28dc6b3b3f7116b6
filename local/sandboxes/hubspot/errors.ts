import { randomUUID } from 'node:crypto';
import type { SandboxResponse } from '../kit/index.ts';

/**
 * HubSpot error bodies (vendor-apis §2.6): `{status:"error", message, correlationId, category, …}`.
 * 401/404 texts come from third-party fixtures (vendor-apis §6.3).
 */
export function hubspotError(status: number, category: string, message: string, extra: Record<string, unknown> = {}): SandboxResponse {
  return { status, body: { status: 'error', message, correlationId: randomUUID(), category, ...extra } };
}

/** 401 for a missing or wrong bearer token. */
export function unauthorized(): SandboxResponse {
  return hubspotError(
    401,
    'INVALID_AUTHENTICATION',
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
  );
}

/**
 * 401 for a missing or wrong developer API key (`hapikey`) on the Webhooks API. The text is the one HubSpot gave for a
 * bad `hapikey` when portal API keys still existed [?: recalled, not in our sources]; the category is the 401's (§2.6).
 */
export function invalidApiKey(): SandboxResponse {
  return hubspotError(401, 'INVALID_AUTHENTICATION', 'The API key provided is invalid. View or manage your API key here: https://app.hubspot.com/l/api-key/');
}

/** 404 for an object id that does not exist (or is archived). */
export function objectNotFound(): SandboxResponse {
  return hubspotError(404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.');
}

/** 400 VALIDATION_ERROR with a sentence saying what was wrong. */
export function validationError(message: string, extra: Record<string, unknown> = {}): SandboxResponse {
  return hubspotError(400, 'VALIDATION_ERROR', message, extra);
}

/** 409 for a contact whose email is taken; clients parse the id out of this exact text (vendor-apis §2.2). */
export function contactExists(existingId: string): SandboxResponse {
  return hubspotError(409, 'CONFLICT', `Contact already exists. Existing ID: ${existingId}`);
}

/** 409 for a value of a unique-value property that another record holds (status chosen defensively; vendor docs silent [?]). */
export function uniqueValueTaken(property: string, value: string, existingId: string): SandboxResponse {
  return hubspotError(409, 'CONFLICT', `A record with ${property} "${value}" already exists. Existing ID: ${existingId}`);
}

/** The three 429 policies (vendor-apis §2.7). The SDK retries only the first two, keyed on `policyName` / `message`. */
export type RateLimitPolicy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

const POLICY_MESSAGES: Record<RateLimitPolicy, string> = {
  TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
  // The search limit's text is what the SDK's retry decorator matches [C]; its policyName is not documented [?].
  SECONDLY: 'You have reached your secondly limit.',
  DAILY: 'You have reached your daily limit.',
};

/**
 * A rate-limit 429 in HubSpot's shape (vendor-apis §2.7). `retryAfterSeconds` adds `Retry-After` (HubSpot "may"
 * send it; the daily 429 carries none here, so clients must not depend on it).
 */
export function rateLimited(policy: RateLimitPolicy, headers: Record<string, string>, retryAfterSeconds?: number): SandboxResponse {
  return {
    status: 429,
    body: {
      status: 'error',
      message: POLICY_MESSAGES[policy],
      errorType: 'RATE_LIMIT',
      correlationId: randomUUID(),
      policyName: policy,
      requestId: randomUUID(),
    },
    headers: { ...headers, ...(retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) }) },
  };
}

const CATEGORY_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_ERROR',
  401: 'INVALID_AUTHENTICATION',
  403: 'MISSING_SCOPES',
  404: 'OBJECT_NOT_FOUND',
  405: 'VALIDATION_ERROR',
  409: 'CONFLICT',
  413: 'VALIDATION_ERROR',
};

/**
 * Renders any status as a HubSpot error; used for routing errors and `status` faults. A 429 fault is the
 * TEN_SECONDLY_ROLLING one (give the fault a `body` for another policy).
 */
export function errorForStatus(status: number, message: string, burstHeaders: Record<string, string>, retryAfterSeconds = 10): SandboxResponse {
  if (status === 429) return rateLimited('TEN_SECONDLY_ROLLING', { ...burstHeaders, 'X-HubSpot-RateLimit-Remaining': '0' }, retryAfterSeconds);
  if (status === 401) return unauthorized();
  if (status >= 500) return hubspotError(status, 'INTERNAL_ERROR', message || 'internal error');
  return hubspotError(status, CATEGORY_BY_STATUS[status] ?? 'VALIDATION_ERROR', message || `Request failed with status ${status}.`);
}
