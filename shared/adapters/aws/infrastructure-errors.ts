import { InfrastructureUnavailable, type InfrastructureService } from '#domain/errors';

/**
 * Socket errors of a connection that was refused, reset or never made (Node.js `error.code`); the AWS SDK treats
 * the same codes as transient (`@smithy/core` service-error-classification).
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Error names that say the service is overloaded or failing, not that the request is wrong: DynamoDB's throttling
 * and server errors (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html),
 * SQS's throttling and service errors, and the SDK's own `TimeoutError` (connection or request timeout).
 */
const UNAVAILABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'Throttling',
  'RequestThrottled',
  'KmsThrottled',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TimeoutError',
]);

/** Reasons a cancelled transaction gives per item when DynamoDB throttled it rather than refused it. */
const THROTTLED_TRANSACTION_CODES = new Set(['ThrottlingError', 'ProvisionedThroughputExceeded']);

/**
 * What an AWS SDK error means for Syncline: {@link InfrastructureUnavailable} when the service did not answer or
 * refused for load, `undefined` when the request itself was answered (a failed condition check, a validation error,
 * access denied), which keeps its own handling.
 */
export function infrastructureErrorOf(service: InfrastructureService, error: unknown): InfrastructureUnavailable | undefined {
  if (error instanceof InfrastructureUnavailable) return error;
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return new InfrastructureUnavailable(service, code, { cause: error });
  if (UNAVAILABLE_NAMES.has(error.name)) return new InfrastructureUnavailable(service, error.name, { cause: error });
  if (error.name === 'TransactionCanceledException') {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    const throttled = reasons.find((r) => r.Code && THROTTLED_TRANSACTION_CODES.has(r.Code));
    return throttled?.Code ? new InfrastructureUnavailable(service, throttled.Code, { cause: error }) : undefined;
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return new InfrastructureUnavailable(service, `HTTP ${status}`, { cause: error });
  return undefined;
}

/** The part of an AWS SDK v3 client this needs: its middleware stack. */
interface WithMiddleware {
  middlewareStack: { add(middleware: (next: (args: never) => Promise<unknown>) => (args: never) => Promise<unknown>, options: { step: 'initialize'; name: string; priority: 'high' }): void };
}

/**
 * Makes every call of `client` throw {@link InfrastructureUnavailable} for an unavailable service, once the SDK's
 * own retries are spent: a middleware in the `initialize` step, the outermost, which sees each call's final error
 * (https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/middleware-stack.html). Other errors pass unchanged,
 * so `instanceof ConditionalCheckFailedException` in the stores keeps working.
 */
export function classifyInfrastructureErrors<T extends WithMiddleware>(client: T, service: InfrastructureService): T {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw infrastructureErrorOf(service, error) ?? error;
      }
    },
    { step: 'initialize', name: `syncline-${service}-infrastructure-errors`, priority: 'high' },
  );
  return client;
}
