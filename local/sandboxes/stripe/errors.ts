import type { SandboxResponse } from '../kit/index.ts';

/** Stripe's error envelope: `{"error":{"type","code"?,"message","param"?}}` (https://docs.stripe.com/api/errors). */
export function stripeError(status: number, type: string, message: string, extra: { code?: string; param?: string } = {}): SandboxResponse {
  return { status, body: { error: { type, message, ...extra } } };
}

/** The status-appropriate error for kit-rendered failures (404 route, 405, 413, 500, status faults). */
export function errorForStatus(status: number, message: string): SandboxResponse {
  if (status === 401) return unauthorized();
  if (status === 404) return stripeError(404, 'invalid_request_error', message || 'Unrecognized request URL.', { code: 'resource_missing' });
  if (status === 429) return stripeError(429, 'invalid_request_error', 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.', { code: 'rate_limit' });
  if (status >= 500) return stripeError(status, 'api_error', 'Something went wrong on Stripe\'s end.');
  return stripeError(status, 'invalid_request_error', message || `Request failed with status ${status}.`);
}

/** 401 for a missing or wrong secret key. */
export function unauthorized(): SandboxResponse {
  return stripeError(401, 'invalid_request_error', 'Invalid API Key provided: sk_test_****');
}

/** 404 for an unknown object id. */
export function noSuch(kind: string, id: string): SandboxResponse {
  return stripeError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param: 'id' });
}
