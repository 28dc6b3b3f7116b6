import { z } from 'zod';

const WebhookSecret = z.string().regex(/^whsec_[A-Za-z0-9_]+$/, 'expected a Stripe endpoint secret starting with "whsec_"');

/** What the `syncline/stripe` secret holds. Syncline only receives Stripe webhooks; it never calls Stripe's API. */
export const StripeSecret = z.object({
  /** The webhook endpoint's signing secret (Dashboard > Webhooks > endpoint > Signing secret). */
  webhookSecret: WebhookSecret,
  /** While Stripe rolls the endpoint secret it signs with both; the old one stays accepted until it is removed here. */
  previousWebhookSecret: WebhookSecret.optional(),
});
export type StripeSecret = z.infer<typeof StripeSecret>;
