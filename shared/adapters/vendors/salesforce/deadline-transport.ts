import { Duplex, PassThrough } from 'node:stream';
import type { Connection } from 'jsforce';
import type { VendorBudget } from '#ports/vendor-budget';
import { callTimeoutMs } from '../call-deadline.ts';
import { CallTimeoutError, VENDOR_CALL_TIMEOUT_MS } from '../call-timeout.ts';
import { vendorBudgetOf } from '../vendor-budgets.ts';
import { isTotalRequestsExceeded, limitsProbe, parseLimitInfo } from './api-usage.ts';

/** jsforce's HTTP transport, as a connection and its OAuth2 client hold it. */
type Transport = Connection['_transport'];
type HttpRequest = Parameters<Transport['httpRequest']>[0];

/** Bulk API 2.0 calls that move a whole CSV: the upload and the result sets of ingest and query jobs. */
const BULK_TRANSFER = /\/jobs\/(ingest\/[^/?]+\/(batches|successfulResults|failedResults|unprocessedrecords)|query\/[^/?]+\/results)\/?(\?|$)/;

/** The default timeout of one Salesforce request: long for a bulk CSV transfer, short for everything else. */
export function salesforceTimeoutMs(req: Pick<HttpRequest, 'url'>): number {
  return BULK_TRANSFER.test(req.url) ? VENDOR_CALL_TIMEOUT_MS.bulkTransfer : VENDOR_CALL_TIMEOUT_MS.request;
}

/** jsforce reports its own timeout as an AbortError (fetch aborted) or, when the answer raced it, "Request Timeout". */
function isJsforceTimeout(error: unknown): boolean {
  const e = error as { name?: unknown; message?: unknown } | null;
  return typeof e === 'object' && e !== null && (e.name === 'AbortError' || e.message === 'Request Timeout');
}

/**
 * Gives every request of `transport` a timeout: jsforce 3 takes `timeout` (ms) per request and aborts its fetch
 * when it runs out (`lib/request.js`, `executeWithTimeout`), but `Connection` methods pass none, so a hung call
 * would wait jsforce's own 30 minutes. The timeout is {@link salesforceTimeoutMs} shortened by
 * {@link callTimeoutMs} to what the invocation has left, taken when the request starts; jsforce's retries of a
 * GET on 5xx or a reset socket run inside it. A timeout rejects with {@link CallTimeoutError}.
 * It covers the wait for the answer's headers; a body that stalls afterwards is left to the socket.
 *
 * Where the process has a Salesforce budget (vendor-budgets.ts), every request but the OAuth token call (login
 * calls do not count against the allocation) first takes a call from it, and may reject with `VendorPaused`
 * instead of going out; every answer's `Sforce-Limit-Info` is observed, and a 403 REQUEST_LIMIT_EXCEEDED
 * (`TotalRequests`) pauses the budget for every function and rejects with `VendorPaused` (vendor-apis §1.6).
 */
export function withCallDeadline(transport: Transport): void {
  const send = transport.httpRequest.bind(transport);
  transport.httpRequest = (req, options = {}) => {
    // jsforce wires the answer's stream synchronously (HttpApi pipes into it, Bulk 2.0 uploads its CSV through
    // it), but the request goes out only after the budget's take: the stream handed back is a stand-in that is
    // joined to the real one when it exists.
    const input = new PassThrough();
    const output = new PassThrough();
    const budget = isOAuthCall(req) ? undefined : vendorBudgetOf('salesforce');
    const promise = (async () => {
      try {
        if (budget) await budget.take(limitsProbe(req, send));
      } catch (error) {
        output.end();
        throw error;
      }
      const timeoutMs = callTimeoutMs(salesforceTimeoutMs(req));
      const inner = send(req, { ...options, timeout: timeoutMs });
      input.pipe(inner.stream()).pipe(output);
      try {
        const response = await inner;
        if (budget) await observe(budget, response);
        return response;
      } catch (error) {
        throw isJsforceTimeout(error) ? new CallTimeoutError('Salesforce', timeoutMs, { cause: error }) : error;
      }
    })();
    const stream = Duplex.from({ writable: input, readable: output });
    return Object.assign(promise, { stream: () => stream }) as unknown as ReturnType<Transport['httpRequest']>;
  };
}

/** OAuth token requests: not budgeted, their answers carry no usage. */
function isOAuthCall(req: Pick<HttpRequest, 'url'>): boolean {
  return /\/services\/oauth2\//.test(req.url);
}

/** Records the answer's usage; a spent allocation pauses the budget and rejects with `VendorPaused`. */
async function observe(budget: VendorBudget, response: { statusCode: number; headers: Record<string, string>; body?: unknown }): Promise<void> {
  const daily = parseLimitInfo(response.headers['sforce-limit-info']);
  if (daily) await budget.observe({ daily });
  if (response.statusCode === 403 && isTotalRequestsExceeded(response.body)) {
    throw await budget.exhausted('Salesforce answered REQUEST_LIMIT_EXCEEDED (TotalRequests): the org\'s daily API allocation is spent');
  }
}
