import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { CALL_DEADLINE_MARGIN_MS, callTimeoutMs, MIN_CALL_TIMEOUT_MS, setCallDeadline } from '#adapters/vendors/call-deadline';

const NOW = 1_800_000_000_000;

describe('callTimeoutMs', () => {
  afterEach(() => setCallDeadline(undefined));

  it('answers the default outside an invocation', () => {
    setCallDeadline(undefined);
    expect(callTimeoutMs(10_000, NOW)).toBe(10_000);
  });

  it('answers the default while the invocation has more time than it needs', () => {
    setCallDeadline(NOW + 60_000);
    expect(callTimeoutMs(10_000, NOW)).toBe(10_000);
  });

  it('shortens the default to what the invocation has left, less the margin', () => {
    setCallDeadline(NOW + CALL_DEADLINE_MARGIN_MS + 4_000);
    expect(callTimeoutMs(10_000, NOW)).toBe(4_000);
  });

  it('never goes below one second, also once the deadline has passed', () => {
    setCallDeadline(NOW - 5_000);
    expect(callTimeoutMs(10_000, NOW)).toBe(MIN_CALL_TIMEOUT_MS);
  });

  it('keeps a default shorter than one second', () => {
    setCallDeadline(NOW + 1);
    expect(callTimeoutMs(300, NOW)).toBe(300);
  });

  it('only ever shortens a timeout, within [min(default, 1 s), default]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 900_000 }), fc.option(fc.integer({ min: -900_000, max: 900_000 })), (defaultMs, left) => {
        setCallDeadline(left === null ? undefined : NOW + left);
        const timeout = callTimeoutMs(defaultMs, NOW);
        expect(timeout).toBeLessThanOrEqual(defaultMs);
        expect(timeout).toBeGreaterThanOrEqual(Math.min(defaultMs, MIN_CALL_TIMEOUT_MS));
        if (left !== null && left - CALL_DEADLINE_MARGIN_MS >= MIN_CALL_TIMEOUT_MS) expect(timeout).toBe(Math.min(defaultMs, left - CALL_DEADLINE_MARGIN_MS));
      }),
    );
  });
});
