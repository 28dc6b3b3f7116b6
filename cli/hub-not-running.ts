/** What the operator is told when no local hub answers and no deployed stack is named. */
export const HUB_NOT_RUNNING = 'the local hub is not running: start it with `npm start`, or set SYNCLINE_STATE_TABLE, SYNCLINE_AUDIT_TABLE and SYNCLINE_CHANGES_QUEUE_URL from the stack outputs for a deployed stack';

/** No `.syncline/hub.json` and no deployed stack named by the environment. */
export class HubNotRunningError extends Error {
  override readonly name = 'HubNotRunningError';
  constructor(options?: ErrorOptions) {
    super(HUB_NOT_RUNNING, options);
  }
}

/** The Node error codes of a TCP connection nobody accepts (nothing listens on the port). */
const REFUSED = new Set(['ECONNREFUSED']);

/**
 * Whether an error, or what caused it, is a refused connection. The AWS SDK v3 rejects with Node's own socket error
 * (`code: 'ECONNREFUSED'`) after its retries, with `$metadata` added
 * (https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/handling-exceptions.html); fetch wraps it as
 * `cause`; a host with several addresses (happy eyeballs, net `autoSelectFamily`) gives an AggregateError whose
 * `errors` are the refused attempts.
 */
export function isConnectionRefused(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && REFUSED.has(code)) return true;
  if (isConnectionRefused(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.length > 0 && errors.every((e) => isConnectionRefused(e, depth + 1));
}
