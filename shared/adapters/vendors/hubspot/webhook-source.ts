import type { WebhookSource } from '#ports/webhook-source';
import type { WebhookConnector } from '../connector.ts';
import { parseHubspotWebhook } from './parse-webhook.ts';
import { HubspotSecret } from './secret.ts';
import { verifyHubspotSignature } from './verify-signature.ts';

/** HubSpot's webhook dialect: v3 signatures, JSON-array event batches. */
export function hubspotWebhookSource(clientSecrets: readonly string[]): WebhookSource {
  return {
    name: 'hubspot',
    verify: (request, nowMs) => verifyHubspotSignature(request, clientSecrets, nowMs),
    parse: parseHubspotWebhook,
  };
}

/** HubSpot's webhook side, built from its secret (current and, during a rotation, previous client secret). */
export const hubspotWebhooks: WebhookConnector = {
  name: 'hubspot',
  webhookSource(secret) {
    const s = HubspotSecret.parse(secret);
    return hubspotWebhookSource([s.clientSecret, ...(s.previousClientSecret ? [s.previousClientSecret] : [])]);
  },
};
