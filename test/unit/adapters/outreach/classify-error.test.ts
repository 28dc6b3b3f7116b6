import { describe, expect, it } from 'vitest';
import { classifyOutreachFailure, refusedWith, retryAfterMs } from '#adapters/vendors/outreach/classify-error';
import { PermanentError, RetryableError } from '#domain/errors';

const NOW = 1_700_000_000_000;

describe('classifyOutreachFailure', () => {
  it('reads the wait from Retry-After, else from X-RateLimit-Reset (epoch seconds)', () => {
    expect(retryAfterMs(new Headers({ 'Retry-After': '7', 'X-RateLimit-Reset': String(NOW / 1000 + 60) }), NOW)).toBe(7000);
    expect(retryAfterMs(new Headers({ 'X-RateLimit-Reset': String(NOW / 1000 + 60) }), NOW)).toBe(60_000);
    expect(retryAfterMs(new Headers({ 'Retry-After': 'soon' }), NOW)).toBeUndefined();
  });

  it('makes 429 retryable with its wait, 5xx and a lasting 401 retryable, and 404 "not-found"', () => {
    const limited = classifyOutreachFailure({ status: 429, headers: new Headers({ 'Retry-After': '3' }), body: undefined }, NOW);
    expect(limited).toBeInstanceOf(RetryableError);
    expect((limited as RetryableError).retryAfterMs).toBe(3000);
    expect(classifyOutreachFailure({ status: 503, headers: new Headers(), body: undefined }, NOW)).toBeInstanceOf(RetryableError);
    expect(classifyOutreachFailure({ status: 401, headers: new Headers(), body: undefined }, NOW)).toBeInstanceOf(RetryableError);
    expect(classifyOutreachFailure({ status: 404, headers: new Headers(), body: undefined }, NOW)).toBe('not-found');
  });

  it('fails permanently on a validation error, keeping Outreach’s error id and detail', () => {
    const error = classifyOutreachFailure({ status: 422, headers: new Headers(), body: { errors: [{ id: 'validationError', title: 'Validation Error', detail: 'emails is taken' }] } }, NOW);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'validationError', message: expect.stringContaining('emails is taken') });
    expect(classifyOutreachFailure({ status: 415, headers: new Headers(), body: undefined }, NOW)).toMatchObject({ code: 'HTTP_415' });
  });

  it('tells which status a refusal came with, so a 422 on a sequence action is told apart from a 403', () => {
    const unprocessable = classifyOutreachFailure({ status: 422, headers: new Headers(), body: undefined }, NOW);
    const forbidden = classifyOutreachFailure({ status: 403, headers: new Headers(), body: undefined }, NOW);
    expect([refusedWith(unprocessable, 422), refusedWith(forbidden, 422), refusedWith(forbidden, 403)]).toEqual([true, false, true]);
    expect(refusedWith(new PermanentError('validationError', 'not from Outreach'), 422)).toBe(false);
  });
});
