import { describe, expect, it } from 'vitest';
import { classifyHubspotError, msUntilUtcMidnight } from '#adapters/vendors/hubspot/classify-error';
import { PermanentError, RetryableError, VendorPaused } from '#domain/errors';

const NOW = Date.parse('2026-03-10T18:30:00.000Z');
const tooMany = (body: Record<string, unknown>, headers: Record<string, string> = {}) => ({ code: 429, body: { status: 'error', errorType: 'RATE_LIMIT', ...body }, headers });

describe('classifyHubspotError', () => {
  it('pauses HubSpot until the daily reset on a DAILY 429', () => {
    const error = classifyHubspotError(tooMany({ policyName: 'DAILY', message: 'You have reached your daily limit.' }), NOW);
    expect(error).toBeInstanceOf(VendorPaused);
    expect(error).toMatchObject({ vendor: 'hubspot', resumeAt: NOW + 5.5 * 3_600_000 });
    expect((error as VendorPaused).message).toContain('DAILY');
  });

  it('prefers a Retry-After over the midnight guess on a DAILY 429', () => {
    expect(classifyHubspotError(tooMany({ policyName: 'DAILY' }, { 'retry-after': '120' }), NOW)).toMatchObject({ resumeAt: NOW + 120_000 });
  });

  it('passes a paused budget through as it is', () => {
    const paused = new VendorPaused('hubspot', NOW + 60_000, 'burst window full');
    expect(classifyHubspotError(paused, NOW)).toBe(paused);
  });

  it('waits Retry-After, else the 10 s window, on a TEN_SECONDLY_ROLLING 429', () => {
    const body = { policyName: 'TEN_SECONDLY_ROLLING', message: 'You have reached your ten_secondly_rolling limit.' };
    expect((classifyHubspotError(tooMany(body, { 'retry-after': '3' }), NOW) as RetryableError).retryAfterMs).toBe(3000);
    expect((classifyHubspotError(tooMany(body), NOW) as RetryableError).retryAfterMs).toBe(10_000);
  });

  it('waits 1 s on the search secondly limit, and only Retry-After on an unknown 429', () => {
    expect((classifyHubspotError(tooMany({ message: 'You have reached your secondly limit.' }), NOW) as RetryableError).retryAfterMs).toBe(1000);
    expect((classifyHubspotError(tooMany({}), NOW) as RetryableError).retryAfterMs).toBeUndefined();
    expect((classifyHubspotError({ code: 429 }, NOW) as RetryableError).retryAfterMs).toBeUndefined();
  });

  it('never waits less than a minute for the daily reset, even just before midnight', () => {
    expect(msUntilUtcMidnight(Date.parse('2026-03-10T23:59:59.500Z'))).toBe(60_000);
    expect(msUntilUtcMidnight(Date.parse('2026-03-10T00:00:00.000Z'))).toBe(86_400_000);
  });

  it('keeps the other mappings: 404 gone, 5xx and 401 retryable, 4xx permanent with the category', () => {
    expect(classifyHubspotError({ code: 404 })).toBe('not-found');
    expect(classifyHubspotError({ code: 502 })).toBeInstanceOf(RetryableError);
    expect(classifyHubspotError({ code: 401 })).toBeInstanceOf(RetryableError);
    expect(classifyHubspotError(new Error('socket hang up'))).toBeInstanceOf(RetryableError);
    const refused = classifyHubspotError({ code: 400, body: { category: 'VALIDATION_ERROR' } });
    expect(refused).toBeInstanceOf(PermanentError);
    expect((refused as PermanentError).code).toBe('VALIDATION_ERROR');
  });
});
