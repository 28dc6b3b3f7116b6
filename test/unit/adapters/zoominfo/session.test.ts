import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { RateLimitGate } from '#adapters/vendors/rate-limit-gate';
import { ZoominfoSession } from '#adapters/vendors/zoominfo/session';
import { PermanentError } from '#domain/errors';

const SECRET = { baseUrl: 'https://zoominfo.invalid', username: 'u', password: 'p' };

/** A fake /authenticate that hands out `token-N`, or what `mint` returns, and counts its calls. */
function fakeAuth(mint: (n: number) => Promise<string> | string = (n) => `token-${n}`, status = 200) {
  let calls = 0;
  const fetch = (async () => {
    calls += 1;
    await new Promise((r) => setTimeout(r, 5));
    return status === 200 ? Response.json({ jwt: await mint(calls) }) : Response.json({ responseCode: status, message: 'Authentication failed' }, { status });
  }) as typeof globalThis.fetch;
  return { fetch, calls: () => calls };
}

function session(fetch: typeof globalThis.fetch, now: () => number) {
  return new ZoominfoSession(SECRET, { http: { fetch, timeoutMs: 1_000 }, gate: new RateLimitGate({ sleep: async () => {} }), now });
}

describe('ZoominfoSession', () => {
  it('shares one /authenticate among concurrent callers and reuses the token until 55 minutes', async () => {
    let now = 1_000_000;
    const auth = fakeAuth();
    const s = session(auth.fetch, () => now);

    const tokens = await Promise.all([s.token(), s.token(), s.token()]);
    now += 54 * 60_000;
    const stillCached = await s.token();
    now += 2 * 60_000;
    const refreshed = await s.token();

    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
    expect(stillCached).toBe('token-1');
    expect(refreshed).toBe('token-2');
    expect(auth.calls()).toBe(2);
  });

  it('refreshes a short-lived JWT at 55/60 of the lifetime its claims state', async () => {
    let now = 1_000_000;
    const key = new TextEncoder().encode('k'.repeat(32));
    const auth = fakeAuth((n) => new SignJWT({ n }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(1_000).setExpirationTime(1_000 + 120).sign(key));
    const s = session(auth.fetch, () => now);

    await s.token();
    now += 109_000; // 120 s × 55/60 = 110 s
    await s.token();
    now += 2_000;
    await s.token();

    expect(auth.calls()).toBe(2);
  });

  it('authenticates again after invalidate, but ignores the invalidation of a token already replaced', async () => {
    const auth = fakeAuth();
    const s = session(auth.fetch, () => 0);

    const first = await s.token();
    s.invalidate(first);
    const second = await s.token();
    s.invalidate(first);
    const third = await s.token();

    expect([first, second, third]).toEqual(['token-1', 'token-2', 'token-2']);
  });

  it('fails with PermanentError AUTH_FAILED on 401', async () => {
    const s = session(fakeAuth(undefined, 401).fetch, () => 0);

    await expect(s.token()).rejects.toBeInstanceOf(PermanentError);
    await expect(s.token()).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });
});
