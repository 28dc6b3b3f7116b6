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

/** The TEN_SECONDLY_ROLLING 429 the SDK's retry decorator keys on (vendor-apis §2.7). */
export function rateLimited(max: number, retryAfterSeconds: number): SandboxResponse {
  return {
    status: 429,
    body: {
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: randomUUID(),
      policyName: 'TEN_SECONDLY_ROLLING',
      requestId: randomUUID(),
    },
    headers: {
      'X-HubSpot-RateLimit-Max': String(max),
      'X-HubSpot-RateLimit-Remaining': '0',
      'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      'Retry-After': String(retryAfterSeconds),
    },
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

/** Renders any status as a HubSpot error; used for routing errors and `status` faults. */
export function errorForStatus(status: number, message: string, rateLimitMax: number, retryAfterSeconds = 10): SandboxResponse {
  if (status === 429) return rateLimited(rateLimitMax, retryAfterSeconds);
  if (status === 401) return unauthorized();
  if (status >= 500) return hubspotError(status, 'INTERNAL_ERROR', message || 'internal error');
  return hubspotError(status, CATEGORY_BY_STATUS[status] ?? 'VALIDATION_ERROR', message || `Request failed with status ${status}.`);
}
