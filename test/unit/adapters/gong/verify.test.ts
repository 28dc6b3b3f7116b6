import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyGongJwt } from '#adapters/vendors/gong/verify-jwt';
import { verifyGongUrlToken } from '#adapters/vendors/gong/verify-url-token';
import { gongWebhooks } from '#adapters/vendors/gong/webhook-source';
import type { InboundRequest } from '#ports/webhook-source';

const NOW = 1_764_000_000_000;
const NOW_S = NOW / 1000;
const URL_ = 'https://hooks.example.com/webhooks/gong?rule=calls';
const BODY = '{"callData":{"metaData":{"id":"1"}},"isTest":false}';
const TOKEN = 'a'.repeat(20) + 'B'.repeat(20);

interface Pair {
  privateKey: CryptoKey;
  pem: string;
}
let current: Pair;
let previous: Pair;

async function pair(): Promise<Pair> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateKey, pem: await exportSPKI(publicKey) };
}

const sha = (body: string, encoding: 'hex' | 'base64' | 'base64url' = 'hex'): string => createHash('sha256').update(body, 'utf8').digest(encoding);

async function jwt(claims: Record<string, unknown>, key: CryptoKey = current.privateKey, iat = NOW_S, ttl = 300): Promise<string> {
  return new SignJWT({ webhook_url: URL_, body_sha256: sha(BODY), ...claims }).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).setIssuedAt(iat).setExpirationTime(iat + ttl).sign(key);
}

const request = (authorization: string | undefined, body = BODY, url = URL_): InboundRequest => ({ method: 'POST', url, rawBody: body, headers: authorization === undefined ? {} : { authorization } });
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  [current, previous] = await Promise.all([pair(), pair()]);
});

describe('verifyGongJwt', () => {
  it('accepts a valid token with or without a Bearer prefix, and a base64 or base64url body hash', async () => {
    const token = await jwt({});
    expect(await verifyGongJwt(request(token), [current.pem], NOW)).toEqual({ ok: true });
    expect(await verifyGongJwt(request(`Bearer ${token}`), [current.pem], NOW)).toEqual({ ok: true });
    expect(await verifyGongJwt(request(await jwt({ body_sha256: sha(BODY, 'base64') })), [current.pem], NOW)).toEqual({ ok: true });
    expect(await verifyGongJwt(request(await jwt({ body_sha256: sha(BODY, 'base64url') })), [current.pem], NOW)).toEqual({ ok: true });
  });

  it('compares only path and query of webhook_url (the host may differ behind a custom domain)', async () => {
    expect(await verifyGongJwt(request(await jwt({}), BODY, 'https://abc.execute-api.eu-west-1.amazonaws.com/webhooks/gong?rule=calls'), [current.pem], NOW)).toEqual({ ok: true });
    expect(await verifyGongJwt(request(await jwt({ webhook_url: undefined })), [current.pem], NOW)).toEqual({ ok: true });
    expect(await verifyGongJwt(request(await jwt({}), BODY, 'https://hooks.example.com/webhooks/other?rule=calls'), [current.pem], NOW)).toMatchObject({ ok: false, reason: 'bad-signature', message: expect.stringContaining('webhook_url') });
    expect(await verifyGongJwt(request(await jwt({}), BODY, 'https://hooks.example.com/webhooks/gong?rule=other'), [current.pem], NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects an expired token and one issued in the future, allowing 60 s of skew', async () => {
    expect(await verifyGongJwt(request(await jwt({}, current.privateKey, NOW_S - 400)), [current.pem], NOW)).toMatchObject({ ok: false, reason: 'stale-timestamp' });
    expect(await verifyGongJwt(request(await jwt({}, current.privateKey, NOW_S - 350)), [current.pem], NOW)).toEqual({ ok: true });
    expect(await verifyGongJwt(request(await jwt({}, current.privateKey, NOW_S + 120)), [current.pem], NOW)).toMatchObject({ ok: false, reason: 'stale-timestamp' });
    expect(await verifyGongJwt(request(await jwt({}, current.privateKey, NOW_S + 50)), [current.pem], NOW)).toEqual({ ok: true });
  });

  it('rejects a token without exp', async () => {
    const token = await new SignJWT({ webhook_url: URL_, body_sha256: sha(BODY) }).setProtectedHeader({ alg: 'RS256' }).setIssuedAt(NOW_S).sign(current.privateKey);
    expect(await verifyGongJwt(request(token), [current.pem], NOW)).toMatchObject({ ok: false, reason: 'stale-timestamp' });
  });

  it('rejects a token signed with another key, and accepts the previous key during a rotation', async () => {
    const byPrevious = await jwt({}, previous.privateKey);
    expect(await verifyGongJwt(request(byPrevious), [current.pem], NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(await verifyGongJwt(request(byPrevious), [current.pem, previous.pem], NOW)).toEqual({ ok: true });
    expect(await verifyGongJwt(request(await jwt({})), [current.pem, previous.pem], NOW)).toEqual({ ok: true });
  });

  it('refuses alg "none" and HS256 keyed with the public key (algorithm confusion)', async () => {
    const claims = { webhook_url: URL_, body_sha256: sha(BODY), iat: NOW_S, exp: NOW_S + 300 };
    const none = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
    expect(await verifyGongJwt(request(none), [current.pem], NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(current.pem));
    expect(await verifyGongJwt(request(hs), [current.pem], NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a missing Authorization header, garbage tokens and a missing or different body hash', async () => {
    expect(await verifyGongJwt(request(undefined), [current.pem], NOW)).toMatchObject({ ok: false, reason: 'missing-signature' });
    expect(await verifyGongJwt(request('Bearer '), [current.pem], NOW)).toMatchObject({ ok: false, reason: 'missing-signature' });
    expect(await verifyGongJwt(request('not.a.jwt'), [current.pem], NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(await verifyGongJwt(request(await jwt({ body_sha256: undefined })), [current.pem], NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(await verifyGongJwt(request(await jwt({ body_sha256: sha('{}') })), [current.pem], NOW)).toMatchObject({ ok: false, reason: 'bad-signature', message: expect.stringContaining('body_sha256') });
  });

  it('fails verification when any byte of the body changes', async () => {
    const token = await jwt({});
    await fc.assert(
      fc.asyncProperty(fc.nat(BODY.length - 1), fc.integer({ min: 0x20, max: 0x7e }), async (at, code) => {
        fc.pre(BODY.charCodeAt(at) !== code);
        const changed = BODY.slice(0, at) + String.fromCharCode(code) + BODY.slice(at + 1);
        expect(await verifyGongJwt(request(token, changed), [current.pem], NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
      }),
      { numRuns: 200 },
    );
  });

  it('fails verification for any body other than the signed one, hex or base64', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), fc.constantFrom('hex' as const, 'base64' as const), async (signed, sent, encoding) => {
        fc.pre(signed !== sent);
        const token = await jwt({ body_sha256: sha(signed, encoding) });
        expect((await verifyGongJwt(request(token, signed), [current.pem], NOW)).ok).toBe(true);
        expect((await verifyGongJwt(request(token, sent), [current.pem], NOW)).ok).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});

describe('verifyGongUrlToken', () => {
  it('accepts the configured token and rejects a missing or different one', () => {
    expect(verifyGongUrlToken(request(undefined, BODY, `${URL_}&token=${TOKEN}`), TOKEN)).toEqual({ ok: true });
    expect(verifyGongUrlToken(request(undefined, BODY, URL_), TOKEN)).toMatchObject({ ok: false, reason: 'missing-signature' });
    expect(verifyGongUrlToken(request(undefined, BODY, `${URL_}&token=${TOKEN}x`), TOKEN)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifyGongUrlToken(request(undefined, BODY, `${URL_}&token=${TOKEN.slice(1)}`), TOKEN)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects every other token', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (other) => {
        fc.pre(other !== TOKEN);
        expect(verifyGongUrlToken(request(undefined, BODY, `${URL_}&token=${encodeURIComponent(other)}`), TOKEN).ok).toBe(false);
      }),
    );
  });
});

describe('gongWebhooks connector', () => {
  it('checks the JWT when a public key is configured, the URL token when a token is, and both when both are', async () => {
    const token = await jwt({}, current.privateKey);
    const withToken = `${URL_}&token=${TOKEN}`;
    const signedWithToken = await new SignJWT({ webhook_url: withToken, body_sha256: sha(BODY) }).setProtectedHeader({ alg: 'RS256' }).setIssuedAt(NOW_S).setExpirationTime(NOW_S + 300).sign(current.privateKey);
    expect(await gongWebhooks.verify({ publicKey: current.pem }, request(token), NOW)).toEqual({ ok: true });
    expect(await gongWebhooks.verify({ publicKey: current.pem, previousPublicKey: previous.pem }, request(await jwt({}, previous.privateKey)), NOW)).toEqual({ ok: true });
    expect(await gongWebhooks.verify({ urlToken: TOKEN }, request(undefined, BODY, withToken), NOW)).toEqual({ ok: true });
    expect(await gongWebhooks.verify({ publicKey: current.pem, urlToken: TOKEN }, request(signedWithToken, BODY, withToken), NOW)).toEqual({ ok: true });
    expect(await gongWebhooks.verify({ publicKey: current.pem, urlToken: TOKEN }, request(token), NOW)).toMatchObject({ ok: false });
    expect(await gongWebhooks.verify({ publicKey: current.pem, urlToken: TOKEN, mode: 'url-token' }, request(undefined, BODY, withToken), NOW)).toEqual({ ok: true });
    expect(await gongWebhooks.verify({ publicKey: current.pem, urlToken: TOKEN, mode: 'jwt' }, request(token), NOW)).toEqual({ ok: true });
  });

  it('fails closed when neither a public key nor a URL token is configured, or the mode lacks its material', async () => {
    await expect(async () => gongWebhooks.verify({}, request(await jwt({})), NOW)).rejects.toThrow(/publicKey .*or urlToken/);
    await expect(async () => gongWebhooks.verify({ mode: 'jwt', urlToken: TOKEN }, request(undefined), NOW)).rejects.toThrow(/needs publicKey/);
    await expect(async () => gongWebhooks.verify({ urlToken: 'short' }, request(undefined), NOW)).rejects.toThrow(/at least 32/);
  });
});
