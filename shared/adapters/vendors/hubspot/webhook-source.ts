import type { WebhookConnector } from '../connector.ts';
import { parseHubspotWebhook } from './parse-webhook.ts';
import { HubspotSecret } from './secret.ts';
import { verifyHubspotSignature } from './verify-signature.ts';

/**
 * HubSpot's webhook dialect: v3 signatures keyed by the app's client secret (and the previous one during a rotation),
 * v1/v2 only when the secret sets `acceptLegacySignatures`; JSON-array event batches.
 */
export const hubspotWebhooks: WebhookConnector = {
  name: 'hubspot',
  verify(secret, request, nowMs) {
    const s = HubspotSecret.parse(secret);
    const secrets = [s.clientSecret, ...(s.previousClientSecret ? [s.previousClientSecret] : [])];
    return verifyHubspotSignature(request, secrets, nowMs, { acceptLegacySignatures: s.acceptLegacySignatures === true });
  },
  parse: parseHubspotWebhook,
};
