import { z } from 'zod';

/** What the `syncline/outreach` secret holds. */
export const OutreachSecret = z.object({
  /** The secret of Syncline's webhook subscription: it keys `Outreach-Webhook-Signature`. */
  webhookSecret: z.string().min(1),
  /** During a rotation, the previous webhook secret is still accepted. */
  previousWebhookSecret: z.string().min(1).optional(),
  /** Overrides https://api.outreach.io (the local sandbox sets this). */
  baseUrl: z.url().default('https://api.outreach.io'),
  /** The OAuth app and the user's grant; access tokens last two hours and are refreshed from these. */
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  refreshToken: z.string().min(1),
  /** A current access token, if one is at hand; refreshed when it expires. */
  accessToken: z.string().min(1).optional(),
});
export type OutreachSecret = z.infer<typeof OutreachSecret>;

/** Just the webhook half: the webhook function verifies with it and needs none of the OAuth fields. */
export const OutreachWebhookSecret = OutreachSecret.pick({ webhookSecret: true, previousWebhookSecret: true });
