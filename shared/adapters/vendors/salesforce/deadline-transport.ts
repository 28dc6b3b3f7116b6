import type { Connection } from 'jsforce';
import { callTimeoutMs } from '../call-deadline.ts';
import { CallTimeoutError, VENDOR_CALL_TIMEOUT_MS } from '../call-timeout.ts';

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
 */
export function withCallDeadline(transport: Transport): void {
  const send = transport.httpRequest.bind(transport);
  transport.httpRequest = (req, options = {}) => {
    const timeoutMs = callTimeoutMs(salesforceTimeoutMs(req));
    const inner = send(req, { ...options, timeout: timeoutMs });
    const promise = (async () => {
      try {
        return await inner;
      } catch (error) {
        throw isJsforceTimeout(error) ? new CallTimeoutError('Salesforce', timeoutMs, { cause: error }) : error;
      }
    })();
    // jsforce reads the answer as a promise with a `stream()` (its StreamPromise, not importable from ESM).
    return Object.assign(promise, { stream: () => inner.stream() }) as unknown as ReturnType<Transport['httpRequest']>;
  };
}
