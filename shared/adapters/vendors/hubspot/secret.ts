import { z } from 'zod';

/** What the `syncline/hubspot` secret holds. */
export const HubspotSecret = z.object({
  /** Private-app or OAuth access token. */
  accessToken: z.string().min(1),
  /** The app's client secret: it keys the webhook signatures. */
  clientSecret: z.string().min(1),
  /** During a rotation, the previous client secret is still accepted. */
  previousClientSecret: z.string().min(1).optional(),
  /** Overrides https://api.hubapi.com (the local sandbox sets this). */
  basePath: z.url().optional(),
});
