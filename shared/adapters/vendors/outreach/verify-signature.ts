import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundRequest, VerifyOutcome } from '#ports/webhook-source';

/** hex HMAC-SHA256 of the raw body keyed with the webhook's secret: `Outreach-Webhook-Signature` (vendor-apis §4) [C]. */
export function outreachSignature(secret: string, rawBody: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex');
}

/** Constant-time compare of two hex digests; a digest's length is public (64 hex characters), so only equal lengths are compared. */
function digestsEqual(expectedHex: string, givenHex: string): boolean {
  // Buffer.from(…, 'hex') stops at the first non-hex character; refuse those so one digest has one spelling.
  if (!/^[0-9a-fA-F]{64}$/.test(givenHex)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(givenHex, 'hex'));
}

/**
 * Verifies `Outreach-Webhook-Signature` against the current secret and, during a rotation, the previous one.
 * Outreach signs the body only and sends no timestamp, so there is no replay window to check: a replayed delivery
 * verifies, and is absorbed by idempotency (its `meta.jobId` makes the same event id; see parse-webhook.ts).
 */
export function verifyOutreachSignature(request: InboundRequest, secrets: readonly string[]): VerifyOutcome {
  const signature = request.headers['outreach-webhook-signature']?.trim();
  if (!signature) return { ok: false, reason: 'missing-signature', message: 'The Outreach-Webhook-Signature header is required.' };
  const matches = secrets.some((secret) => digestsEqual(outreachSignature(secret, request.rawBody), signature));
  return matches ? { ok: true } : { ok: false, reason: 'bad-signature', message: 'Outreach-Webhook-Signature does not match the body.' };
}
