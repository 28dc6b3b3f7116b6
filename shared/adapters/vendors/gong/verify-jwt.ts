import { createHash, timingSafeEqual } from 'node:crypto';
import { errors, importSPKI, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';
import type { InboundRequest, VerifyOutcome } from '#ports/webhook-source';

/** Clock skew allowed on `exp` and `iat`. */
export const GONG_CLOCK_TOLERANCE_SECONDS = 60;

const keys = new Map<string, Promise<CryptoKey>>();

/** Imports a PEM once per warm container (a rotation adds at most one more entry). */
function publicKey(pem: string): Promise<CryptoKey> {
  let key = keys.get(pem);
  if (!key) {
    key = importSPKI(pem, 'RS256');
    // A PEM that fails to import is a configuration error: do not keep the rejected promise.
    key.catch(() => keys.delete(pem));
    keys.set(pem, key);
  }
  return key;
}

/** The raw token from `Authorization`: Gong's sample reads the header as the token; a `Bearer ` prefix is also taken [?]. */
function tokenOf(header: string | undefined): string | undefined {
  const token = header?.trim().replace(/^bearer(?:\s+|$)/i, '');
  return token ? token : undefined;
}

/**
 * `body_sha256` is SHA-256 of the raw body; whether Gong writes it as hex or base64 is [?], so hex, base64 and
 * base64url are all accepted, each decoded to the 32 digest bytes and compared in constant time.
 */
function bodyHashMatches(claim: unknown, rawBody: string): boolean {
  if (typeof claim !== 'string') return false;
  const expected = createHash('sha256').update(rawBody, 'utf8').digest();
  let given: Buffer | undefined;
  if (/^[0-9a-f]{64}$/i.test(claim)) given = Buffer.from(claim, 'hex');
  else if (/^[A-Za-z0-9+/]{43}=$/.test(claim)) given = Buffer.from(claim, 'base64');
  else if (/^[A-Za-z0-9_-]{43}$/.test(claim)) given = Buffer.from(claim, 'base64url');
  return given !== undefined && given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * `webhook_url` binds the token to the URL Gong called. Only path and query are compared: behind an API Gateway
 * custom domain (or a proxy) the host the function sees may differ from the one configured in the rule. A custom
 * domain's base-path mapping must keep the path the rule names, or every request fails here.
 */
function urlMatches(claim: unknown, requestUrl: string): boolean {
  if (claim === undefined) return true;
  if (typeof claim !== 'string') return false;
  try {
    const signed = new URL(claim);
    const called = new URL(requestUrl);
    return signed.pathname === called.pathname && signed.search === called.search;
  } catch {
    return false;
  }
}

type Attempt = { ok: true; payload: JWTPayload } | { ok: false; outcome: Exclude<VerifyOutcome, { ok: true }> };

async function verifyWith(token: string, pem: string, nowMs: number): Promise<Attempt> {
  const key = await publicKey(pem);
  try {
    // Only RS256: a token claiming `none` or HS256 (keyed with the public key's bytes) is refused before any check.
    const { payload } = await jwtVerify(token, key, { algorithms: ['RS256'], clockTolerance: GONG_CLOCK_TOLERANCE_SECONDS, currentDate: new Date(nowMs), requiredClaims: ['exp'] });
    return { ok: true, payload };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, outcome: { ok: false, reason: 'stale-timestamp', message: 'The Gong JWT has expired.' } };
    if (error instanceof errors.JWTClaimValidationFailed) return { ok: false, outcome: { ok: false, reason: 'stale-timestamp', message: `The Gong JWT's ${error.claim} claim is not acceptable now.` } };
    return { ok: false, outcome: { ok: false, reason: 'bad-signature', message: 'The Authorization JWT is not an RS256 token signed by the configured Gong public key.' } };
  }
}

/**
 * Verifies Gong's "Signed JWT header" (help.gong.io "Prepare your receiving application… JWT header"): an RS256 JWT
 * in `Authorization`, signed with the rule's private key, whose `body_sha256` binds the raw body and `webhook_url`
 * the URL. `exp` is required and `iat` may not be in the future (both with 60 s tolerance). Claim names [T].
 * `publicKeys` holds the current key and, during a change of rule key, the previous one.
 */
export async function verifyGongJwt(request: InboundRequest, publicKeys: readonly string[], nowMs: number): Promise<VerifyOutcome> {
  const token = tokenOf(request.headers['authorization']);
  if (!token) return { ok: false, reason: 'missing-signature', message: 'The Authorization header with the Gong JWT is required.' };
  let attempt: Attempt | undefined;
  for (const pem of publicKeys) {
    attempt = await verifyWith(token, pem, nowMs);
    if (attempt.ok || attempt.outcome.reason !== 'bad-signature') break;
  }
  if (!attempt) return { ok: false, reason: 'bad-signature', message: 'No Gong public key is configured.' };
  if (!attempt.ok) return attempt.outcome;
  const { payload } = attempt;
  if (typeof payload.iat === 'number' && payload.iat * 1000 > nowMs + GONG_CLOCK_TOLERANCE_SECONDS * 1000) {
    return { ok: false, reason: 'stale-timestamp', message: 'The Gong JWT is issued in the future.' };
  }
  if (!bodyHashMatches(payload['body_sha256'], request.rawBody)) return { ok: false, reason: 'bad-signature', message: 'The JWT body_sha256 claim does not match the request body.' };
  if (!urlMatches(payload['webhook_url'], request.url)) return { ok: false, reason: 'bad-signature', message: 'The JWT webhook_url claim names another path or query than the one called.' };
  return { ok: true };
}
