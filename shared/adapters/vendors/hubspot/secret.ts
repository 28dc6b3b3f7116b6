import { z } from 'zod';

/** What the `syncline/hubspot` secret holds. */
export const HubspotSecret = z.object({
  /** Private-app or OAuth access token. */
  accessToken: z.string().min(1),
  /** The app's client secret: it keys the webhook signatures. */
  clientSecret: z.string().min(1),
  /** During a rotation, the previous client secret is still accepted. */
  previousClientSecret: z.string().min(1).optional(),
  /**
   * Accept webhook requests signed only with v1/v2 (no v3 headers). Off by default: v1/v2 carry no timestamp, so a
   * captured request can be replayed.
   */
  acceptLegacySignatures: z.boolean().optional(),
  /**
   * The app's developer API key and id, for `syncline setup --apply` to create the webhook subscriptions (the Webhooks
   * API takes this key, not the portal's token). Optional: without them the subscriptions are printed to make by hand.
   */
  developerApiKey: z.string().min(1).optional(),
  appId: z.number().int().positive().optional(),
  /** Overrides https://api.hubapi.com (the local sandbox sets this). */
  basePath: z.url().optional(),
});
