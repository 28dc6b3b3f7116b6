import type { Connection } from 'jsforce';
import type { Allocation, UsageProbe } from '#ports/vendor-budget';
import { callTimeoutMs } from '../call-deadline.ts';
import { VENDOR_CALL_TIMEOUT_MS } from '../call-timeout.ts';

type Transport = Connection['_transport'];
type HttpRequest = Parameters<Transport['httpRequest']>[0];

/**
 * The org's daily allocation from a `Sforce-Limit-Info` header: `api-usage=18/5000` is used/limit over the rolling
 * 24 h; other parts (`api-bursts=…`, `per-app-api-usage=…`) are ignored (vendor-apis §1.6, the pattern jsforce's
 * `request()` uses). `undefined` without a readable `api-usage`.
 */
export function parseLimitInfo(header: string | undefined): Allocation | undefined {
  const match = header === undefined ? null : /(?:^|[;,\s])api-usage=(\d+)\/(\d+)/.exec(header);
  if (!match) return undefined;
  const used = Number(match[1]);
  const limit = Number(match[2]);
  return Number.isSafeInteger(used) && Number.isSafeInteger(limit) && limit > 0 ? { used, limit } : undefined;
}

/**
 * Whether an error body is the daily allocation's refusal: 403 `[{"errorCode":"REQUEST_LIMIT_EXCEEDED","message":
 * "TotalRequests Limit exceeded."}]`. The concurrency refusal (`ConcurrentPerOrgLongTxn`) shares the code but
 * clears in seconds, so it is left to the caller's retry (vendor-apis §1.6).
 */
export function isTotalRequestsExceeded(body: unknown): boolean {
  const text = typeof body === 'string' ? body : '';
  return text.includes('REQUEST_LIMIT_EXCEEDED') && !/concurrent/i.test(text);
}

/** The daily allocation from a `GET /limits` body: `{"DailyApiRequests":{"Max":15000,"Remaining":14998},…}`. */
export function dailyFromLimits(body: unknown): Allocation | undefined {
  try {
    const parsed: unknown = typeof body === 'string' ? JSON.parse(body) : body;
    const daily = (parsed as { DailyApiRequests?: { Max?: unknown; Remaining?: unknown } } | null)?.DailyApiRequests;
    // Very old API versions send the numbers as strings (vendor-apis §1.6).
    const limit = Number(daily?.Max);
    const remaining = Number(daily?.Remaining);
    if (!Number.isSafeInteger(limit) || !Number.isSafeInteger(remaining) || limit <= 0) return undefined;
    return { used: Math.max(0, limit - remaining), limit };
  } catch {
    return undefined;
  }
}

/**
 * The budget's probe for a paused org: `GET /services/data/vNN.N/limits` with the request's own authorization,
 * sent past the budget. Its answer's `Sforce-Limit-Info`, else its `DailyApiRequests`, tells the usage. Salesforce
 * does not document `/limits` as free of the allocation, so it is counted as a call; a refused or failed probe
 * tells nothing and the budget stays paused until the next one.
 */
export function limitsProbe(req: HttpRequest, send: Transport['httpRequest']): UsageProbe | undefined {
  const version = /\/services\/(?:data\/v|Soap\/[a-z]\/)(\d+\.\d+)/.exec(req.url)?.[1];
  if (!version) return undefined;
  const url = `${new URL(req.url).origin}/services/data/v${version}/limits`;
  const authorization = Object.entries(req.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  if (!authorization) return undefined;
  return async () => {
    const response = await send({ method: 'GET', url, headers: { Authorization: String(authorization) } }, { timeout: callTimeoutMs(VENDOR_CALL_TIMEOUT_MS.request) });
    // An access token that expired while the org was paused (sessions last two hours by default): the call goes as
    // the probe instead, and jsforce refreshes the token on its 401.
    if (response.statusCode === 401) return 'send-the-call';
    if (response.statusCode !== 200) return undefined;
    const daily = parseLimitInfo(response.headers['sforce-limit-info']) ?? dailyFromLimits(response.body);
    return daily ? { daily } : undefined;
  };
}
