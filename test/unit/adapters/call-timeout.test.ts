import { describe, expect, it } from 'vitest';
import { CallTimeoutError, timedOutCall } from '#adapters/vendors/call-timeout';
import { RetryableError } from '#domain/errors';

describe('timedOutCall', () => {
  it('turns a CallTimeoutError, also wrapped as a cause, into a retry naming the vendor and the time waited', () => {
    const wrapped = new Error('request failed', { cause: new CallTimeoutError('HubSpot', 1_500) });

    const error = timedOutCall('HubSpot', wrapped);

    expect(error).toBeInstanceOf(RetryableError);
    expect(error?.message).toBe('HubSpot call timed out after 1500 ms');
  });

  it('recognizes a CallTimeoutError another error only quotes (a token refresh rethrown by jsforce)', () => {
    const quoted = new Error(`Unable to refresh session due to: ${new CallTimeoutError('Salesforce', 2_000).message}`);
    expect(timedOutCall('Salesforce', quoted)?.message).toBe('Salesforce call timed out after 2000 ms');
  });

  it('turns an abort by a timeout signal into a retry with the timeout given', () => {
    const aborted = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(timedOutCall('Outreach', aborted, 3_000)?.message).toBe('Outreach call timed out after 3000 ms');
  });

  it('fails to see a timeout in any other error', () => {
    expect(timedOutCall('Outreach', new TypeError('fetch failed'))).toBeUndefined();
    expect(timedOutCall('Outreach', { code: 'ECONNRESET' })).toBeUndefined();
    expect(timedOutCall('Outreach', undefined)).toBeUndefined();
  });
});
