import { vendorCalled } from '../vendor-metrics.ts';
import { RetryableError } from '#domain/errors';
import { callTimeoutMs } from '../call-deadline.ts';
import { timedOutCall } from '../call-timeout.ts';

/** A vendor answer as the client needs it: status, headers (lower-case names) and the body text. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

/** How requests go out; `fetch` is injectable so unit tests need no network. */
export interface HttpOptions {
  fetch: typeof fetch;
  timeoutMs: number;
}

/**
 * Sends one JSON request. A timeout or a failed connection is a RetryableError; any HTTP answer, error statuses
 * included, is returned for the caller to classify. Bodies and tokens never go into error messages.
 */
export async function sendJson(http: HttpOptions, url: string, init: { method: 'GET' | 'POST'; body?: unknown; token?: string }): Promise<HttpAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token !== undefined) headers['authorization'] = `Bearer ${init.token}`;
  const path = new URL(url).pathname;
  // The configured timeout, shortened to what the invocation has left.
  const timeoutMs = callTimeoutMs(http.timeoutMs);
  vendorCalled('zoominfo');
  try {
    const res = await http.fetch(url, {
      method: init.method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  } catch (error) {
    throw timedOutCall('ZoomInfo', error, timeoutMs) ?? new RetryableError(`ZoomInfo could not be reached (${path})`, { cause: error });
  }
}

/** The body as JSON, or `undefined` when it is not JSON (a truncated or HTML answer). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
