import { BadRequestError, jsonResponse, parseJsonBody, type Router } from '../../kit/index.ts';
import type { Delivery } from '../../stripe/webhook-delivery.ts';
import { CallInput } from '../model.ts';
import type { StoredCall, GongStore } from '../store.ts';

/** What the trigger routes need from the server. */
export interface GongTriggerDeps {
  store: GongStore;
  /** Fires the rule for one call; undefined when no webhook URL is set. */
  deliver(stored: StoredCall): Promise<Delivery | undefined>;
  deliveries(): Delivery[];
  redeliver(id: string): Promise<number | undefined>;
  publicKeyPem(): string;
  rotateKey(): Promise<{ publicKeyPem: string; previousPublicKeyPem: string }>;
}

/**
 * Sandbox-only Gong routes. `POST /__sandbox/calls` creates a call and fires the rule (answers after the first
 * attempt; with `silent: true` it only stores it); `GET /__sandbox/calls` stays the kit's call log, hence the different method on the same path.
 * `POST /__sandbox/calls/{id}/deliver` fires the rule for a stored (e.g. seeded) call; `GET /__sandbox/public-key`
 * is the rule's "Show public key"; `POST /__sandbox/public-key/rotate` makes a new key pair (as recreating the rule
 * does); `GET /__sandbox/webhooks` and `POST /__sandbox/webhooks/{id}/redeliver` inspect and resend deliveries.
 */
export function addTriggerRoutes(router: Router, deps: GongTriggerDeps): Router {
  return router
    .add('POST', '/__sandbox/calls', 'createCall', async (req) => {
      const parsed = CallInput.safeParse(parseJsonBody(req));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new BadRequestError(`Invalid call${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}.`);
      }
      const { silent, ...input } = parsed.data;
      const stored = deps.store.create(input);
      // A silent call is history from before the rule existed (as seeded calls are): stored, not delivered.
      const delivery = silent ? undefined : await deps.deliver(stored);
      return jsonResponse(200, { call: stored.call, delivery: delivery ?? null });
    })
    .add('POST', '/__sandbox/calls/:id/deliver', 'deliverCall', async (req) => {
      const stored = deps.store.get(req.params['id'] ?? '');
      if (!stored) throw new BadRequestError(`No call with id '${req.params['id'] ?? ''}'.`, 404);
      return jsonResponse(200, { delivery: (await deps.deliver(stored)) ?? null });
    })
    .add('GET', '/__sandbox/public-key', 'publicKey', () => jsonResponse(200, { publicKeyPem: deps.publicKeyPem() }))
    .add('POST', '/__sandbox/public-key/rotate', 'rotatePublicKey', async () => jsonResponse(200, await deps.rotateKey()))
    .add('GET', '/__sandbox/webhooks', 'webhooks', () => jsonResponse(200, { deliveries: deps.deliveries() }))
    .add('POST', '/__sandbox/webhooks/:id/redeliver', 'redeliverWebhook', async (req) => {
      const status = await deps.redeliver(req.params['id'] ?? '');
      if (status === undefined) throw new BadRequestError(`No delivery with id '${req.params['id'] ?? ''}'.`, 404);
      return jsonResponse(200, { status });
    });
}
