import { createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundRequest, VerifyOutcome } from '#ports/webhook-source';

/**
 * stripe-node's `DEFAULT_TOLERANCE` (seconds). Stripe only refuses timestamps that are too old; Syncline also refuses
 * ones more than this far in the future, which a clock-skewed sender never needs and a replay tool might use.
 */
export const STRIPE_TOLERANCE_SECONDS = 300;

/** hex(HMAC-SHA256(endpointSecret, `${timestamp}.${rawBody}`)): Stripe's `v1` scheme (stripe-node `computeHMACSignature`). */
export function stripeV1Signature(endpointSecret: string, timestamp: number | string, rawBody: string): string {
  return createHmac('sha256', endpointSecret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
}

/** The parts of a `Stripe-Signature` header: `t=…,v1=…[,v1=…][,v0=…]`. Unknown schemes (v0) are ignored, as stripe-node does. */
export interface StripeSignatureHeader {
  timestamp: string | undefined;
  v1: string[];
}

/** Splits the header on `,` then on the first `=`, collecting every `v1` (there are two while a secret is rolled). */
export function parseStripeSignatureHeader(header: string): StripeSignatureHeader {
  const parsed: StripeSignatureHeader = { timestamp: undefined, v1: [] };
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at < 0) continue;
    const key = item.slice(0, at).trim();
    const value = item.slice(at + 1).trim();
    if (key === 't') parsed.timestamp = value;
    else if (key === 'v1') parsed.v1.push(value);
  }
  return parsed;
}

/** Constant-time compare of two hex SHA-256 digests; anything that is not 64 hex characters never matches. */
function hexDigestsEqual(expectedHex: string, givenHex: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(givenHex)) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(givenHex, 'hex'));
}

/**
 * Verifies `Stripe-Signature`: accepted when ANY `v1` entry matches an HMAC under ANY of `endpointSecrets`
 * (current first, then the previous one during a roll), and the timestamp is within ±300 s of `nowMs`.
 * https://docs.stripe.com/webhooks#verify-manually
 */
export function verifyStripeSignature(request: InboundRequest, endpointSecrets: readonly string[], nowMs: number): VerifyOutcome {
  const header = request.headers['stripe-signature'];
  if (!header) return { ok: false, reason: 'missing-signature', message: 'The Stripe-Signature header is required.' };
  const { timestamp, v1 } = parseStripeSignatureHeader(header);
  if (timestamp === undefined || v1.length === 0) {
    return { ok: false, reason: 'missing-signature', message: 'The Stripe-Signature header must carry a t= timestamp and at least one v1= signature.' };
  }
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > STRIPE_TOLERANCE_SECONDS) {
    return { ok: false, reason: 'stale-timestamp', message: `The Stripe-Signature timestamp must be epoch seconds within ${STRIPE_TOLERANCE_SECONDS} seconds of now.` };
  }
  const expected = endpointSecrets.map((secret) => stripeV1Signature(secret, timestamp, request.rawBody));
  // Every pair is compared (no early exit on the first secret) so the time taken does not say which secret matched.
  let matched = false;
  for (const want of expected) for (const given of v1) matched = hexDigestsEqual(want, given) || matched;
  return matched ? { ok: true } : { ok: false, reason: 'bad-signature', message: 'No v1 signature in Stripe-Signature matches the request body.' };
}
