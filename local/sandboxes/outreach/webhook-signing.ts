import { createHmac } from 'node:crypto';

/** Outreach-Webhook-Signature: hex HMAC-SHA256 of the raw body, keyed with the webhook's `secret` (vendor-apis §4) [C]. */
export function signOutreachBody(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/** Headers of one delivery. Without a secret Outreach has nothing to sign with, so no signature header is sent. */
export function outreachWebhookHeaders(secret: string | undefined, webhookId: string, body: string): Record<string, string> {
  return {
    'Content-Type': 'application/vnd.api+json',
    'Outreach-Webhook-ID': webhookId,
    ...(secret ? { 'Outreach-Webhook-Signature': signOutreachBody(secret, body) } : {}),
  };
}
