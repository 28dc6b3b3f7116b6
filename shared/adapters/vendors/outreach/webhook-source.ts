import type { WebhookConnector } from '../connector.ts';
import { parseOutreachWebhook } from './parse-webhook.ts';
import { OutreachWebhookSecret } from './secret.ts';
import { verifyOutreachSignature } from './verify-signature.ts';

/**
 * Outreach's webhook dialect: hex HMAC-SHA256 of the body keyed by the subscription's secret (and the previous one
 * during a rotation), one JSON:API resource per delivery. No timestamp is signed, so `nowMs` is unused.
 */
export const outreachWebhooks: WebhookConnector = {
  name: 'outreach',
  verify(secret, request) {
    const s = OutreachWebhookSecret.parse(secret);
    return verifyOutreachSignature(request, [s.webhookSecret, ...(s.previousWebhookSecret ? [s.previousWebhookSecret] : [])]);
  },
  parse: parseOutreachWebhook,
};
