import { describe, expect, it } from 'vitest';
import { classifySalesforceError } from '#adapters/vendors/salesforce/classify-error';
import { PermanentError, RetryableError } from '#domain/errors';

const apiError = (errorCode: string) => Object.assign(new Error('x'), { errorCode });

describe('classifySalesforceError', () => {
  it.each(['REQUEST_LIMIT_EXCEEDED', 'SERVER_UNAVAILABLE', 'UNABLE_TO_LOCK_ROW', 'INVALID_SESSION_ID', 'UNKNOWN_EXCEPTION', 'ERROR_HTTP_503', 'ERROR_HTTP_429', 'ERROR_HTTP_408'])('retries %s', (code) => {
    expect(classifySalesforceError(apiError(code))).toBeInstanceOf(RetryableError);
  });

  it('retries network failures', () => {
    expect(classifySalesforceError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }))).toBeInstanceOf(RetryableError);
  });

  it.each(['INVALID_FIELD', 'REQUIRED_FIELD_MISSING', 'MALFORMED_QUERY', 'ERROR_HTTP_400', 'NOT_FOUND'])('fails %s permanently, keeping the code', (code) => {
    const classified = classifySalesforceError(apiError(code));
    expect(classified).toBeInstanceOf(PermanentError);
    expect((classified as PermanentError).code).toBe(code);
  });
});
