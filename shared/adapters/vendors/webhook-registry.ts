import type { WebhookConnector } from './connector.ts';
import { gongWebhooks } from './gong/webhook-source.ts';
import { hubspotWebhooks } from './hubspot/webhook-source.ts';
import { outreachWebhooks } from './outreach/webhook-source.ts';
import { salesforceOutboundWebhooks } from './salesforce/outbound-message/webhook-source.ts';
import { stripeWebhooks } from './stripe/webhook-source.ts';

/** Vendors that push webhooks. Imports no vendor SDK: this is all the webhook function bundles. */
export const webhookConnectors: Readonly<Record<string, WebhookConnector>> = {
  hubspot: hubspotWebhooks,
  salesforce: salesforceOutboundWebhooks,
  outreach: outreachWebhooks,
  gong: gongWebhooks,
  stripe: stripeWebhooks,
};

export function webhookConnectorFor(name: string): WebhookConnector {
  const connector = webhookConnectors[name];
  if (!connector) throw new Error(`no webhook connector named "${name}"; known: ${Object.keys(webhookConnectors).join(', ')}`);
  return connector;
}
