import type { WebhookConnector } from '../connector.ts';
import { parseStripeWebhook } from './parse-webhook.ts';
import { StripeSecret } from './secret.ts';
import { verifyStripeSignature } from './verify-signature.ts';

/**
 * Stripe's webhook dialect: `Stripe-Signature` v1 HMACs keyed by the endpoint secret (and the previous one while it
 * is rolled), one event per request. Hand-written so the webhook bundle carries no Stripe SDK.
 */
export const stripeWebhooks: WebhookConnector = {
  name: 'stripe',
  verify(secret, request, nowMs) {
    const s = StripeSecret.parse(secret);
    return verifyStripeSignature(request, [s.webhookSecret, ...(s.previousWebhookSecret ? [s.previousWebhookSecret] : [])], nowMs);
  },
  parse: parseStripeWebhook,
};
