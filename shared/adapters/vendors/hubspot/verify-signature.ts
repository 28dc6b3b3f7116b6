import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundRequest, VerifyOutcome } from '#ports/webhook-source';

/** HubSpot rejects v3 requests older than 5 minutes; Syncline also refuses ones dated more than 5 minutes ahead. */
export const HUBSPOT_TIMESTAMP_WINDOW_MS = 300_000;

// Per HubSpot's request-validation guide, only these escapes are decoded in the URI before signing;
// everything else (including the "?" that starts the query) stays as sent.
const DECODED = { '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$', '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';' } as const;
const ESCAPES = new RegExp(Object.keys(DECODED).join('|'), 'gi');

/** The URI as HubSpot signs it. */
export function hubspotSigningUri(url: string): string {
  return url.replace(ESCAPES, (m) => DECODED[m.toUpperCase() as keyof typeof DECODED]);
}

/** base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)), HubSpot's v3 signature. */
export function hubspotV3Signature(clientSecret: string, method: string, url: string, rawBody: string, timestamp: string): string {
  return createHmac('sha256', clientSecret).update(`${method}${hubspotSigningUri(url)}${rawBody}${timestamp}`, 'utf8').digest('base64');
}

/**
 * v1: hex(SHA-256(clientSecret + body)), a plain hash, not an HMAC (vendor-apis §2.9, HubSpot's legacy v1 FAQ).
 * Carries no timestamp: a captured request verifies forever.
 */
export function hubspotV1Signature(clientSecret: string, rawBody: string): string {
  return createHash('sha256').update(`${clientSecret}${rawBody}`, 'utf8').digest('hex');
}

/**
 * v2: hex(SHA-256(clientSecret + method + uri + body)) (vendor-apis §2.9). The URI is taken exactly as HubSpot
 * called it (scheme, host, path, query in its order); nothing is decoded. No timestamp either.
 */
export function hubspotV2Signature(clientSecret: string, method: string, url: string, rawBody: string): string {
  return createHash('sha256').update(`${clientSecret}${method}${url}${rawBody}`, 'utf8').digest('hex');
}

/** Constant-time compare of two hex SHA-256 digests; anything but 64 hex digits is refused before comparing. */
function hexDigestsEqual(expectedHex: string, givenHex: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(givenHex)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(givenHex.toLowerCase(), 'hex'));
}

/** Constant-time compare of two base64 digests. A digest's length is public (32 bytes), so only equal lengths are compared. */
function digestsEqual(expectedBase64: string, givenBase64: string): boolean {
  // Buffer.from skips characters outside the alphabet; refuse them so one digest has one spelling.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(givenBase64)) return false;
  const expected = Buffer.from(expectedBase64, 'base64');
  const given = Buffer.from(givenBase64, 'base64');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** How legacy (v1/v2) signatures are treated. */
export interface HubspotSignaturePolicy {
  /**
   * Accept requests signed only with v1 or v2. They carry no timestamp, so a captured request can be replayed at
   * any time; only for apps that cannot send v3. @default false
   */
  acceptLegacySignatures?: boolean;
}

function verifyV3(request: InboundRequest, clientSecrets: readonly string[], nowMs: number): VerifyOutcome {
  const signature = request.headers['x-hubspot-signature-v3'];
  const timestamp = request.headers['x-hubspot-request-timestamp'];
  if (!signature || !timestamp) {
    return { ok: false, reason: 'missing-signature', message: 'The X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp headers are required.' };
  }
  const sentAt = Number(timestamp);
  if (!/^\d{1,16}$/.test(timestamp) || Math.abs(nowMs - sentAt) > HUBSPOT_TIMESTAMP_WINDOW_MS) {
    return { ok: false, reason: 'stale-timestamp', message: 'X-HubSpot-Request-Timestamp must be epoch milliseconds within 300 seconds of now.' };
  }
  const matches = clientSecrets.some((secret) => digestsEqual(hubspotV3Signature(secret, request.method.toUpperCase(), request.url, request.rawBody, timestamp), signature));
  return matches ? { ok: true } : { ok: false, reason: 'bad-signature', message: 'X-HubSpot-Signature-v3 does not match the request.' };
}

function verifyLegacy(request: InboundRequest, signature: string, clientSecrets: readonly string[]): VerifyOutcome {
  const version = (request.headers['x-hubspot-signature-version'] ?? 'v1').toLowerCase();
  const expected =
    version === 'v1'
      ? (secret: string) => hubspotV1Signature(secret, request.rawBody)
      : version === 'v2'
        ? (secret: string) => hubspotV2Signature(secret, request.method.toUpperCase(), request.url, request.rawBody)
        : undefined;
  if (!expected) return { ok: false, reason: 'bad-signature', message: `X-HubSpot-Signature-Version '${version}' is not one of v1, v2, v3.` };
  const matches = clientSecrets.some((secret) => hexDigestsEqual(expected(secret), signature));
  return matches ? { ok: true } : { ok: false, reason: 'bad-signature', message: `X-HubSpot-Signature (${version}) does not match the request.` };
}

/**
 * Verifies a HubSpot webhook request. When the v3 headers are present, v3 decides alone (constant-time compare,
 * ±300 s timestamp window), whatever a v1 header says. A request with only a v1/v2 `X-HubSpot-Signature` is refused
 * unless `policy.acceptLegacySignatures` is set: those signatures have no timestamp, so they cannot stop replays.
 * `clientSecrets` holds the current secret and, during a rotation, the previous one.
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
 */
export function verifyHubspotSignature(request: InboundRequest, clientSecrets: readonly string[], nowMs: number, policy: HubspotSignaturePolicy = {}): VerifyOutcome {
  const legacy = request.headers['x-hubspot-signature'];
  const hasV3 = request.headers['x-hubspot-signature-v3'] !== undefined || request.headers['x-hubspot-request-timestamp'] !== undefined;
  if (hasV3 || !legacy) return verifyV3(request, clientSecrets, nowMs);
  if (!policy.acceptLegacySignatures) {
    return {
      ok: false,
      reason: 'missing-signature',
      message:
        'Only a v1/v2 X-HubSpot-Signature was sent, and X-HubSpot-Signature-v3 with X-HubSpot-Request-Timestamp is required: v1/v2 signatures carry no timestamp and can be replayed. Set acceptLegacySignatures in the hubspot secret to accept them.',
    };
  }
  return verifyLegacy(request, legacy, clientSecrets);
}
