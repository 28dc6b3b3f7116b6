import type { VerifyOutcome } from '#ports/webhook-source';
import type { WebhookConnector } from '../connector.ts';
import { parseGongWebhook } from './parse-webhook.ts';
import { GongSecret } from './secret.ts';
import { verifyGongJwt } from './verify-jwt.ts';
import { verifyGongUrlToken } from './verify-url-token.ts';

/**
 * Gong's webhook dialect (automation rule "Fire webhook"): authenticated by a signed RS256 JWT header or by a token
 * in the URL, per rule; one call's data per request. Without `mode` every configured check must pass.
 */
export const gongWebhooks: WebhookConnector = {
  name: 'gong',
  async verify(secret, request, nowMs): Promise<VerifyOutcome> {
    const s = GongSecret.parse(secret);
    if (s.publicKey && s.mode !== 'url-token') {
      const jwt = await verifyGongJwt(request, [s.publicKey, ...(s.previousPublicKey ? [s.previousPublicKey] : [])], nowMs);
      if (!jwt.ok) return jwt;
    }
    if (s.urlToken && s.mode !== 'jwt') return verifyGongUrlToken(request, s.urlToken);
    return { ok: true };
  },
  parse: parseGongWebhook,
};
