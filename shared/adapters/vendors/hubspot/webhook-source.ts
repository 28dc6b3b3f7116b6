import type { WebhookSource } from '#ports/webhook-source';
import { parseHubspotWebhook } from './parse-webhook.ts';
import { verifyHubspotSignature } from './verify-signature.ts';

/** HubSpot's webhook dialect: v3 signatures, JSON-array event batches. */
export function hubspotWebhookSource(clientSecrets: readonly string[]): WebhookSource {
  return {
    name: 'hubspot',
    verify: (request, nowMs) => verifyHubspotSignature(request, clientSecrets, nowMs),
    parse: parseHubspotWebhook,
  };
}
