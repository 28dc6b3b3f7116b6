import { createHmac } from 'node:crypto';

/** hex HMAC-SHA256 over `${t}.${body}` (vendor-apis §4, stripe-node `computeHMACSignature`). */
export function signV1(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/**
 * The `Stripe-Signature` header: `t=<epoch s>,v1=<hex>`, with one `v1` per active secret. While an endpoint secret is
 * rolled Stripe signs with the new and the old one, so receivers holding either accept the request.
 */
export function stripeSignatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${signV1(s, timestamp, body)}`)].join(',');
}
