import { z } from 'zod';

/** What an alert sender needs: the incoming-webhook URL. The URL is the credential: keep it in a secret, never in logs. */
export const SlackSecret = z.object({
  webhookUrl: z.url({ protocol: /^https?$/ }),
});
export type SlackSecret = z.infer<typeof SlackSecret>;
