import { z } from 'zod';
import type { Connector } from '../connector.ts';
import { createHubspotClient, hubspotReader } from './reader.ts';
import { hubspotWebhookSource } from './webhook-source.ts';

/** What the `syncline/hubspot` secret holds. */
const HubspotSecret = z.object({
  /** Private-app or OAuth access token. */
  accessToken: z.string().min(1),
  /** The app's client secret: it keys the webhook signatures. */
  clientSecret: z.string().min(1),
  /** During a rotation, the previous client secret is still accepted. */
  previousClientSecret: z.string().min(1).optional(),
  /** Overrides https://api.hubapi.com (the local sandbox sets this). */
  basePath: z.url().optional(),
});

export const hubspotConnector: Connector = {
  name: 'hubspot',
  supports: { webhooks: true, read: ['contacts'], write: [] },
  webhookSource(secret) {
    const s = HubspotSecret.parse(secret);
    return hubspotWebhookSource([s.clientSecret, ...(s.previousClientSecret ? [s.previousClientSecret] : [])]);
  },
  reader(secret) {
    return hubspotReader(createHubspotClient(HubspotSecret.parse(secret)));
  },
};
