import { InfrastructureUnavailable, PermanentError, RetryableError, VendorPaused } from './errors.ts';

/** What kind of failure a sync attempt met: the `category` dimension of `IntegrationFailed`, and a hint to the operator. */
export const ERROR_CATEGORIES = ['auth', 'rate-limit', 'validation', 'timeout', 'vendor-5xx', 'infrastructure'] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** What an operator usually does about each category. */
export const CATEGORY_HINT: Readonly<Record<ErrorCategory, string>> = {
  auth: 'a credential was refused: check the connector secret, its scopes and expiry, then retry the quarantine',
  'rate-limit': "the vendor's limit was reached: Syncline waits and resumes by itself; lower dailyShare or the batch rate if it persists",
  validation: 'the target refused the values: read the reasons with `syncline quarantine list`, fix the data or the mapping, then retry',
  timeout: 'the vendor did not answer in time: retried by itself; check the vendor status page if it persists',
  'vendor-5xx': "the vendor's servers failed: retried by itself, then dead-lettered; redrive with `syncline dlq redrive --all` once it recovers",
  infrastructure: 'DynamoDB or SQS did not answer: changes wait in the queue and resume when it is back',
};

const AUTH_CODES = new Set(['AUTH_FAILED', 'FORBIDDEN', 'OUTREACH_AUTH_FAILED', 'INVALID_SESSION_ID', 'INVALID_AUTH_HEADER']);

/**
 * The category of an error a sync attempt threw or a change was quarantined with. Retryable vendor errors carry the
 * vendor's status in their message (`HubSpot answered 503`, `... rate limit reached (429)`), which is what is read;
 * anything else retryable counts as the vendor's fault, anything permanent as the data's.
 */
export function errorCategory(error: unknown): ErrorCategory {
  if (error instanceof InfrastructureUnavailable) return 'infrastructure';
  if (error instanceof VendorPaused) return 'rate-limit';
  if (error instanceof PermanentError) return codeCategory(error.code);
  const message = error instanceof Error ? error.message : String(error);
  if (/\b429\b|rate limit|burst limit|REQUEST_LIMIT_EXCEEDED/i.test(message)) return 'rate-limit';
  if (/timed out|did not answer within|did not finish within|timeout/i.test(message)) return 'timeout';
  if (/\b40[13]\b|invalid_grant|invalid_token|INVALID_SESSION/i.test(message)) return 'auth';
  if (error instanceof RetryableError) return 'vendor-5xx';
  return 'infrastructure';
}

/** The category of a quarantined change's code. */
export function codeCategory(code: string): ErrorCategory {
  return AUTH_CODES.has(code) ? 'auth' : 'validation';
}
