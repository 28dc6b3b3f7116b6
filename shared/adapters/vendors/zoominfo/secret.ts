import { z } from 'zod';

/** What the `syncline/zoominfo` secret holds: legacy Enterprise API username/password credentials (vendor-apis §3). */
export const ZoominfoSecret = z.object({
  /** Overrides https://api.zoominfo.com (the local sandbox sets this). */
  baseUrl: z.url().default('https://api.zoominfo.com'),
  username: z.string().min(1),
  password: z.string().min(1),
});
export type ZoominfoSecret = z.infer<typeof ZoominfoSecret>;
