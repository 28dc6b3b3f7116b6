import { describe, expect, it } from 'vitest';
import { classifyZoominfoAnswer, isQuotaExhausted, rateLimitWaitMs } from '#adapters/vendors/zoominfo/classify-error';
import { PermanentError, RetryableError } from '#domain/errors';

const NOW = 1_700_000_000_000;
const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, headers: new Headers(headers), text: typeof body === 'string' ? body : JSON.stringify(body) });

describe('rateLimitWaitMs', () => {
  it.each([
    [{ 'retry-after': '2', 'x-ratelimit-reset': '40' }, 2_000],
    [{ 'x-ratelimit-reset': '40' }, 40_000],
    [{ 'x-ratelimit-reset': String(NOW / 1000 + 7) }, 7_000],
    [{ 'x-ratelimit-reset': String(NOW + 3_000) }, 3_000],
    [{ 'x-ratelimit-reset': 'soon' }, 1_000],
    [{}, 1_000],
  ])('reads %j as a wait of %i ms', (headers, expected) => {
    expect(rateLimitWaitMs(new Headers(headers), NOW)).toBe(expected);
  });
});

describe('classifyZoominfoAnswer', () => {
  it('makes 429 retryable with the wait', () => {
    const error = classifyZoominfoAnswer(answer(429, { message: 'You have exceeded your API query rate limit' }, { 'retry-after': '3' }), 'enrich/company', NOW);

    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).retryAfterMs).toBe(3_000);
  });

  it('makes 5xx retryable, without a wait unless the vendor gave one', () => {
    expect(classifyZoominfoAnswer(answer(502, 'Bad Gateway'), 'enrich/company', NOW)).toEqual(expect.objectContaining({ retryAfterMs: undefined }));
    expect(classifyZoominfoAnswer(answer(503, {}, { 'retry-after': '1' }), 'enrich/company', NOW)).toEqual(expect.objectContaining({ retryAfterMs: 1_000 }));
  });

  it('names invalid output fields in a permanent error', () => {
    const error = classifyZoominfoAnswer(answer(400, { responseCode: 400, message: 'There are invalid fields in your request.', invalidOutputFields: ['zi_c_id'] }), 'enrich/company', NOW);

    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'INVALID_OUTPUT_FIELDS', message: expect.stringContaining('zi_c_id') });
  });

  it.each([
    [401, 'AUTH_FAILED'],
    [403, 'FORBIDDEN'],
    [404, 'HTTP_404'],
    [400, 'BAD_REQUEST'],
  ])('makes %i permanent with code %s', (status, code) => {
    expect(classifyZoominfoAnswer(answer(status, { message: 'nope' }), 'enrich/contact', NOW)).toMatchObject({ code });
  });
});

describe('isQuotaExhausted', () => {
  it('recognises the record-limit 403 by its message or by an empty record allowance', () => {
    expect(isQuotaExhausted(answer(403, { message: 'You have used up all of your allowed record limit' }))).toBe(true);
    expect(isQuotaExhausted(answer(403, {}, { 'x-usage-record-limit-remaining': '0' }))).toBe(true);
  });

  it('does not take other 403s, or other statuses, for quota', () => {
    expect(isQuotaExhausted(answer(403, { message: 'You are not entitled to this field' }, { 'x-usage-record-limit-remaining': '12' }))).toBe(false);
    expect(isQuotaExhausted(answer(429, { message: 'record limit' }))).toBe(false);
  });
});
