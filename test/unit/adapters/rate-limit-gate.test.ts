import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { InfrastructureUnavailable, PermanentError, RetryableError, VendorPaused } from '#domain/errors';
import { setCallDeadline } from '#adapters/vendors/call-deadline';
import { timedOutCall, CallTimeoutError } from '#adapters/vendors/call-timeout';
import { BACKOFF_MS, JITTER_MS, RateLimitGate, fitsInvocation, type RateLimitGateOptions } from '#adapters/vendors/rate-limit-gate';

/** A gate on a virtual clock: sleeping advances it and is recorded. */
function virtualGate(options: Omit<RateLimitGateOptions, 'now' | 'sleep'> = {}) {
  const clock = { now: 0, slept: [] as number[] };
  const gate = new RateLimitGate({ random: () => 0, backoff: true, ...options, now: () => clock.now, sleep: async (ms) => void (clock.slept.push(ms), (clock.now += ms)) });
  return { gate, clock };
}

const limited = (retryAfterMs?: number) => new RetryableError('429', retryAfterMs === undefined ? {} : { retryAfterMs });

/** A call that fails with `failures` in turn, then answers 'ok'; counts its attempts. */
function failing(...failures: Error[]) {
  const state = { calls: 0 };
  const call = async () => {
    const failure = failures[state.calls++];
    if (failure) throw failure;
    return 'ok';
  };
  return { call, state };
}

afterEach(() => setCallDeadline(undefined));

describe('RateLimitGate', () => {
  it('waits out a Retry-After and tries the call again', async () => {
    const { gate, clock } = virtualGate();
    const { call } = failing(limited(3_000));

    const result = await gate.run(call);

    expect(result).toBe('ok');
    expect(clock.slept).toEqual([3_000]);
  });

  it('holds every other call through the gate until the window reopens', async () => {
    const { gate, clock } = virtualGate();
    await gate.run(failing(limited(5_000)).call);
    clock.now = 2_000;

    await gate.run(async () => 'later');

    expect(clock.slept).toEqual([5_000, 3_000]);
  });

  it('rejects with the vendor error when the Retry-After is longer than it waits in place', async () => {
    const { gate, clock } = virtualGate({ maxWaitMs: 10_000 });

    await expect(gate.run(() => Promise.reject(limited(60_000)))).rejects.toMatchObject({ retryAfterMs: 60_000 });
    expect(clock.slept).toEqual([]);
  });

  it('backs off 1, 2, 4 and 8 s on failures without a Retry-After, then rejects when its attempts are spent', async () => {
    const { gate, clock } = virtualGate();
    const { call, state } = failing(limited(), limited(), limited(), limited(), limited());

    await expect(gate.run(call)).rejects.toBeInstanceOf(RetryableError);

    expect(state.calls).toBe(5);
    expect(clock.slept).toEqual([...BACKOFF_MS]);
  });

  it('scales its backoff from a shorter first step, still doubling, and leaves a Retry-After as the vendor said', async () => {
    const { gate, clock } = virtualGate({ backoffBaseMs: 250 });
    const { call, state } = failing(limited(), limited(), limited(3_000), limited(), limited());

    await expect(gate.run(call)).rejects.toBeInstanceOf(RetryableError);

    expect(state.calls).toBe(5);
    expect(clock.slept).toEqual([250, 500, 3_000, 2_000]);
  });

  it('rejects after its attempts are spent', async () => {
    const { gate } = virtualGate({ attempts: 3 });
    const { call, state } = failing(limited(1_000), limited(1_000), limited(1_000));

    await expect(gate.run(call)).rejects.toBeInstanceOf(RetryableError);

    expect(state.calls).toBe(3);
  });

  it.each([
    ['a permanent refusal', new PermanentError('X', 'no')],
    ['a paused vendor budget', new VendorPaused('salesforce', 5_000, 'REQUEST_LIMIT_EXCEEDED')],
    ['an unavailable DynamoDB', new InfrastructureUnavailable('dynamodb', 'ECONNREFUSED')],
    ['a call that timed out', timedOutCall('HubSpot', new CallTimeoutError('HubSpot', 9_000)) as RetryableError],
  ])('rejects at once, without waiting, on %s', async (_, error) => {
    const { gate, clock } = virtualGate();
    const { call, state } = failing(error);

    await expect(gate.run(call)).rejects.toBe(error);

    expect(state.calls).toBe(1);
    expect(clock.slept).toEqual([]);
  });

  it('rejects at once on a failure without a Retry-After when it does not back off (an enricher fails fast)', async () => {
    const { gate, clock } = virtualGate({ backoff: false });
    const { call, state } = failing(limited());

    await expect(gate.run(call)).rejects.toBeInstanceOf(RetryableError);

    expect(state.calls).toBe(1);
    expect(clock.slept).toEqual([]);
  });

  it('rejects instead of waiting past what the invocation has left', async () => {
    const { gate, clock } = virtualGate({ canWait: (ms) => ms < 2_000 });
    const { call, state } = failing(limited(), limited());

    await expect(gate.run(call)).rejects.toBeInstanceOf(RetryableError);

    expect(state.calls).toBe(2);
    expect(clock.slept).toEqual([1_000]);
  });

  it('waits at least the Retry-After, and at most 500 ms more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 10 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retryAfterMs, attempt, random) => {
        const wait = new RateLimitGate({ random: () => random, backoff: true }).retryWaitMs(limited(retryAfterMs), attempt);
        expect(wait).toBeGreaterThanOrEqual(retryAfterMs);
        expect(wait).toBeLessThan(retryAfterMs + JITTER_MS);
      }),
    );
  });

  it('backs off within 1, 2, 4, 8 s plus up to 500 ms of jitter, the 8 s step repeating', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
        const base = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length) - 1] ?? NaN;
        const wait = new RateLimitGate({ random: () => random, backoff: true }).retryWaitMs(limited(), attempt);
        expect(wait).toBeGreaterThanOrEqual(base);
        expect(wait).toBeLessThan(base + JITTER_MS);
      }),
    );
  });

  it('every wait of a run of refusals is at least the Retry-After it answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: undefined }), { minLength: 1, maxLength: 4 }), async (retryAfters) => {
        const { gate, clock } = virtualGate({ random: Math.random });
        await gate.run(failing(...retryAfters.map((ms) => limited(ms))).call);
        retryAfters.forEach((ms, i) => expect(clock.slept[i]).toBeGreaterThanOrEqual(ms ?? BACKOFF_MS[i] ?? NaN));
      }),
    );
  });
});

describe('fitsInvocation', () => {
  it('allows any wait outside an invocation', () => {
    expect(fitsInvocation(60_000, 0)).toBe(true);
  });

  it('allows a wait only when a call of at least a second still fits before the deadline, less its margin', () => {
    setCallDeadline(30_000);
    expect(fitsInvocation(20_000, 0)).toBe(true);
    expect(fitsInvocation(26_001, 0)).toBe(false);
    expect(fitsInvocation(0, 29_000)).toBe(true);
  });
});
