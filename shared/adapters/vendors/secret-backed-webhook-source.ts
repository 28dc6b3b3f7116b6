import type { SecretSource } from '#ports/secret-source';
import type { WebhookSource } from '#ports/webhook-source';
import type { WebhookConnector } from './connector.ts';

/** At most one forced secret re-read per this many milliseconds, so unsigned traffic cannot run up Secrets Manager calls. */
export const FORCED_REFRESH_INTERVAL_MS = 30_000;

/**
 * A webhook source that looks its secret up on every request (the secret source caches it), so a rotation applies
 * without a cold start. When a signature does not match, it re-reads the secret once before refusing: the vendor
 * may have rotated moments ago, and vendors do not redeliver a request refused with 401.
 */
export function secretBackedWebhookSource(connector: WebhookConnector, secrets: SecretSource): WebhookSource {
  let lastForcedMs = Number.NEGATIVE_INFINITY;
  return {
    name: connector.name,
    async verify(request, nowMs) {
      const outcome = await connector.verify(await secrets.get(connector.name), request, nowMs);
      if (outcome.ok || outcome.reason !== 'bad-signature' || nowMs - lastForcedMs < FORCED_REFRESH_INTERVAL_MS) return outcome;
      lastForcedMs = nowMs;
      return connector.verify(await secrets.get(connector.name, { fresh: true }), request, nowMs);
    },
    parse: (rawBody) => connector.parse(rawBody),
    ...(connector.acknowledge ? { acknowledge: connector.acknowledge.bind(connector) } : {}),
  };
}
