import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '#domain/errors';
import { RateLimitGate } from '#adapters/vendors/rate-limit-gate';

/** A gate on a virtual clock: sleeping advances it and is recorded. */
function virtualGate(options: { maxWaitMs?: number; attempts?: number } = {}) {
  const clock = { now: 0, slept: [] as number[] };
  const gate = new RateLimitGate({ ...options, now: () => clock.now, sleep: async (ms) => void (clock.slept.push(ms), (clock.now += ms)) });
  return { gate, clock };
}

const limited = (retryAfterMs?: number) => new RetryableError('429', retryAfterMs === undefined ? {} : { retryAfterMs });

describe('RateLimitGate', () => {
  it('waits out a Retry-After and tries the call again', async () => {
    const { gate, clock } = virtualGate();
    const outcomes: (Error | string)[] = [limited(3_000), 'ok'];

    const result = await gate.run(async () => {
      const next = outcomes.shift();
      if (next instanceof Error) throw next;
      return next;
    });

    expect(result).toBe('ok');
    expect(clock.slept).toEqual([3_000]);
  });

  it('holds every other call through the gate until the window reopens', async () => {
    const { gate, clock } = virtualGate();
    let first = true;
    await gate.run(async () => {
      if (first) {
        first = false;
        throw limited(5_000);
      }
      return 'ok';
    });
    clock.now = 2_000;

    await gate.run(async () => 'later');

    expect(clock.slept).toEqual([5_000, 3_000]);
  });

  it('rejects with the vendor error when the Retry-After is longer than it waits in place', async () => {
    const { gate, clock } = virtualGate({ maxWaitMs: 10_000 });

    await expect(gate.run(() => Promise.reject(limited(60_000)))).rejects.toMatchObject({ retryAfterMs: 60_000 });
    expect(clock.slept).toEqual([]);
  });

  it('rejects after its attempts are spent, and never retries errors without a Retry-After', async () => {
    const { gate } = virtualGate({ attempts: 3 });
    let calls = 0;
    await expect(gate.run(() => (calls++, Promise.reject(limited(1_000))))).rejects.toBeInstanceOf(RetryableError);
    expect(calls).toBe(3);

    calls = 0;
    await expect(gate.run(() => (calls++, Promise.reject(limited())))).rejects.toBeInstanceOf(RetryableError);
    await expect(gate.run(() => (calls++, Promise.reject(new PermanentError('X', 'no'))))).rejects.toBeInstanceOf(PermanentError);
    expect(calls).toBe(2);
  });
});
