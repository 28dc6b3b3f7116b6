import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { infrastructureErrorOf } from '#adapters/aws/infrastructure-errors';
import { InfrastructureUnavailable, RetryableError } from '#domain/errors';

const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error('x'), { name, ...extra });
const cancelled = (codes: string[]) => new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('infrastructureErrorOf', () => {
  it.each([
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', name: 'TimeoutError' }), 'ECONNRESET'],
    [named('TimeoutError'), 'TimeoutError'],
    [named('ProvisionedThroughputExceededException', { $metadata: { httpStatusCode: 400 } }), 'ProvisionedThroughputExceededException'],
    [named('ThrottlingException'), 'ThrottlingException'],
    [named('RequestLimitExceeded'), 'RequestLimitExceeded'],
    [named('InternalServerError', { $metadata: { httpStatusCode: 500 } }), 'InternalServerError'],
    [named('UnknownError', { $metadata: { httpStatusCode: 502 } }), 'HTTP 502'],
    [cancelled(['None', 'ThrottlingError']), 'ThrottlingError'],
  ])('reports %s as the service unavailable (%s)', (error, reason) => {
    const classified = infrastructureErrorOf('dynamodb', error);

    expect(classified).toBeInstanceOf(InfrastructureUnavailable);
    expect(classified).toBeInstanceOf(RetryableError);
    expect(classified).toMatchObject({ service: 'dynamodb', reason, cause: error });
  });

  it.each([
    ['a failed condition check', new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: { httpStatusCode: 400 } })],
    ['a transaction cancelled by a condition', cancelled(['ConditionalCheckFailed', 'None'])],
    ['a validation error', named('ValidationException', { $metadata: { httpStatusCode: 400 } })],
    ['access denied', named('AccessDeniedException', { $metadata: { httpStatusCode: 400 } })],
    ['a bug', new TypeError('cannot read properties of undefined')],
    ['a thrown string', 'boom'],
  ])('leaves %s to its own handling', (_what, error) => {
    expect(infrastructureErrorOf('dynamodb', error)).toBeUndefined();
  });

  it('keeps an error that is already classified, with its service', () => {
    const error = new InfrastructureUnavailable('sqs', 'RequestThrottled');

    expect(infrastructureErrorOf('dynamodb', error)).toBe(error);
  });
});
