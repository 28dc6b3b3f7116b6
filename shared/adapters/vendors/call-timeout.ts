import { RetryableError } from '#domain/errors';

/**
 * Default timeouts of one vendor HTTP call, before `callTimeoutMs` (call-deadline.ts) shortens them to what the invocation has
 * left. The processor runs 30 s and a batch shares it, so one hung call must give up long before that:
 * - `request` (10 s): a CRUD call, a query page, an OAuth token refresh. Salesforce answers a 200-record collection
 *   and HubSpot a 100-input batch in well under a few seconds; ten seconds without an answer is a hang, not load.
 * - `bulkTransfer` (60 s): a Bulk API 2.0 CSV upload or result download, which moves up to megabytes per call
 *   (vendor-apis §1.8); it runs in the poller and batch paths, whose functions live longer.
 * - `alert` (5 s): a Slack incoming webhook answers in milliseconds; an alarm must not wait on a slow Slack.
 */
export const VENDOR_CALL_TIMEOUT_MS = { request: 10_000, bulkTransfer: 60_000, alert: 5_000 } as const;

/** How a {@link CallTimeoutError} words itself, also when another error quotes it. */
const TIMEOUT_WORDING = / did not answer within (\d+) ms/;

/** Raised in place of a vendor call that did not answer within its timeout; classifiers turn it into a retry. */
export class CallTimeoutError extends Error {
  override readonly name = 'CallTimeoutError';
  constructor(
    readonly vendor: string,
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`${vendor} did not answer within ${timeoutMs} ms`, options);
  }
}

/** The errors along `error`'s cause chain (a few levels: SDKs wrap once or twice). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e !== undefined && e !== null && chain.length < 4; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

/**
 * The retryable failure of a call that timed out, or `undefined` when `error` is no timeout: a
 * {@link CallTimeoutError}, or an abort by a timeout signal (`TimeoutError`, `AbortError`), also when wrapped as a
 * cause. The message names the vendor and the time waited (the error's own, else `timeoutMs`), never a body or a
 * URL (it may hold a secret).
 */
export function timedOutCall(vendor: string, error: unknown, timeoutMs?: number): RetryableError | undefined {
  const chain = causes(error);
  const known = chain.find((e): e is CallTimeoutError => e instanceof CallTimeoutError);
  // Some SDKs rethrow a new Error carrying only the message (jsforce's session refresh: "Unable to refresh session
  // due to: <message>"), so a CallTimeoutError is also known by its own wording.
  const quoted = chain.map((e) => TIMEOUT_WORDING.exec(String((e as { message?: unknown }).message ?? ''))).find((m) => m !== null);
  const aborted = chain.some((e) => ['TimeoutError', 'AbortError'].includes(String((e as { name?: unknown }).name)));
  if (!known && !quoted && !aborted) return undefined;
  const waited = known?.timeoutMs ?? (quoted ? Number(quoted[1]) : timeoutMs);
  return new RetryableError(`${vendor} call timed out${waited === undefined ? '' : ` after ${waited} ms`}`, { cause: error });
}
