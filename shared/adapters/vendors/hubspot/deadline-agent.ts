import * as http from 'node:http';
import * as https from 'node:https';
import type { Duplex } from 'node:stream';
import type { VendorUsage } from '#ports/vendor-budget';
import { callTimeoutMs } from '../call-deadline.ts';
import { CallTimeoutError, VENDOR_CALL_TIMEOUT_MS } from '../call-timeout.ts';
import { vendorBudgetOf } from '../vendor-budgets.ts';
import { msUntilUtcMidnight } from './classify-error.ts';

/** What `@hubspot/api-client` hands a middleware's `pre`: the request about to go out. */
interface RequestContextLike {
  getUrl(): string;
  setAgent(agent: http.Agent | https.Agent): void;
}

/** What the SDK hands a middleware's `post`: the answer, its body buffered (the SDK reads it again afterwards). */
interface ResponseContextLike {
  httpStatusCode: number;
  headers: Record<string, string>;
  body: { text(): Promise<string> };
}

type CreateConnection = (options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void) => Duplex | null | undefined;

/**
 * Arms a one-request agent: its socket is destroyed with a {@link CallTimeoutError} when the request has not
 * ended `timeoutMs` after the socket was opened, so the SDK's request rejects with it. `keepAlive: false` keeps the
 * timer about this one request (a socket is never handed on to another call).
 */
function armed<A extends http.Agent>(agent: A, timeoutMs: number): A {
  const create = (agent as unknown as { createConnection: CreateConnection }).createConnection.bind(agent);
  (agent as unknown as { createConnection: CreateConnection }).createConnection = (options, callback) => {
    const socket = create(options, callback);
    if (!socket) return socket;
    const timer = setTimeout(() => socket.destroy(new CallTimeoutError('HubSpot', timeoutMs)), timeoutMs);
    socket.once('close', () => clearTimeout(timer));
    return socket;
  };
  return agent;
}

/** A header's value whatever its case (Node lower-cases them, the SDK's fetch path may not). */
function header(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(headers).find(([key]) => key.toLowerCase() === wanted)?.[1];
}

const count = (value: string | undefined): number | undefined => {
  const n = value === undefined ? NaN : Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
};

/**
 * The usage an answer reports in its `X-HubSpot-RateLimit-*` headers (vendor-apis §2.7): the burst window's size
 * (`-Max` calls per `-Interval-Milliseconds`) and the daily allocation (`-Daily`, `-Daily-Remaining`; missing on
 * some OAuth-app calls).
 */
export function hubspotUsage(headers: Record<string, string>): VendorUsage {
  const max = count(header(headers, 'X-HubSpot-RateLimit-Max'));
  const intervalMs = count(header(headers, 'X-HubSpot-RateLimit-Interval-Milliseconds'));
  const daily = count(header(headers, 'X-HubSpot-RateLimit-Daily'));
  const dailyRemaining = count(header(headers, 'X-HubSpot-RateLimit-Daily-Remaining'));
  return {
    ...(max && intervalMs ? { burst: { max, intervalMs } } : {}),
    ...(daily && dailyRemaining !== undefined ? { daily: { used: Math.max(0, daily - dailyRemaining), limit: daily } } : {}),
  };
}

/** Whether a 429 is the daily limit's (`policyName: "DAILY"`), which no wait in place outlasts. */
async function isDailyRefusal(context: ResponseContextLike): Promise<boolean> {
  if (context.httpStatusCode !== 429) return false;
  if (header(context.headers, 'X-HubSpot-RateLimit-Daily-Remaining') === '0') return true;
  const text = await context.body.text().catch(() => '');
  return /"policyName"\s*:\s*"DAILY"/.test(text);
}

/**
 * A middleware for `@hubspot/api-client` 14 that gives every request a timeout. The SDK sends through the global
 * `fetch` with no signal and offers no timeout option (`lib/src/services/http/Transport.js`); a request that carries
 * an agent goes through `node:http` with it instead. This middleware sets, per request, an agent whose socket is
 * destroyed after {@link VENDOR_CALL_TIMEOUT_MS}.request shortened by {@link callTimeoutMs} to what the invocation
 * has left, taken when the request starts. The timer covers the whole request, body included. The price is a new
 * connection per request (no keep-alive): a TLS handshake of tens of milliseconds on calls that each carry up to 100
 * records, against a hung call holding a whole batch.
 *
 * Where the process has a HubSpot budget (vendor-budgets.ts), `pre` first takes a call from it (waiting in place
 * for a burst window that reopens soon, or rejecting with `VendorPaused`), and `post` observes the answer's usage
 * headers; a daily 429 pauses the budget for every function until HubSpot's day turns (its Retry-After, else the
 * next midnight UTC) and rejects with `VendorPaused`. The SDK awaits both hooks (`ApiClientConfigurator`
 * wraps them in `Promise.resolve`), and their rejection is the call's.
 */
export const hubspotDeadlineMiddleware = {
  async pre(context: unknown): Promise<unknown> {
    await vendorBudgetOf('hubspot')?.take();
    const request = context as RequestContextLike;
    const timeoutMs = callTimeoutMs(VENDOR_CALL_TIMEOUT_MS.request);
    const secure = request.getUrl().startsWith('https:');
    request.setAgent(secure ? armed(new https.Agent({ keepAlive: false }), timeoutMs) : armed(new http.Agent({ keepAlive: false }), timeoutMs));
    return context;
  },
  async post(context: unknown): Promise<unknown> {
    const budget = vendorBudgetOf('hubspot');
    if (!budget) return context;
    const response = context as ResponseContextLike;
    await budget.observe(hubspotUsage(response.headers ?? {}));
    if (await isDailyRefusal(response)) {
      const retryAfterS = count(header(response.headers, 'Retry-After'));
      const now = Date.now();
      throw await budget.exhausted("HubSpot answered 429 DAILY: the account's daily API limit is spent", now + (retryAfterS !== undefined ? retryAfterS * 1000 : msUntilUtcMidnight(now)));
    }
    return context;
  },
};
