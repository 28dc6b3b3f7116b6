import type { WebhookConnector } from './connector.ts';
import { hubspotWebhooks } from './hubspot/webhook-source.ts';

/** Vendors that push webhooks. Imports no vendor SDK: this is all the webhook function bundles. */
export const webhookConnectors: Readonly<Record<string, WebhookConnector>> = {
  hubspot: hubspotWebhooks,
};

export function webhookConnectorFor(name: string): WebhookConnector {
  const connector = webhookConnectors[name];
  if (!connector) throw new Error(`no webhook connector named "${name}"; known: ${Object.keys(webhookConnectors).join(', ')}`);
  return connector;
}
