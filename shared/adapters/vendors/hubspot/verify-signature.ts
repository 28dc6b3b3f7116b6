import { createHmac, timingSafeEqual } from 'node:crypto';
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

/** Constant-time compare of two base64 digests. A digest's length is public (32 bytes), so only equal lengths are compared. */
function digestsEqual(expectedBase64: string, givenBase64: string): boolean {
  // Buffer.from skips characters outside the alphabet; refuse them so one digest has one spelling.
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(givenBase64)) return false;
  const expected = Buffer.from(expectedBase64, 'base64');
  const given = Buffer.from(givenBase64, 'base64');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Verifies `X-HubSpot-Signature-v3` with a constant-time compare and a ±300 s timestamp window.
 * `clientSecrets` holds the current secret and, during a rotation, the previous one.
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
 */
export function verifyHubspotSignature(request: InboundRequest, clientSecrets: readonly string[], nowMs: number): VerifyOutcome {
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
