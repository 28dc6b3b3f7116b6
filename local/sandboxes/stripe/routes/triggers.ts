import { z } from 'zod';
import { BadRequestError, jsonResponse, parseJsonBody, type Router, type SandboxRequest } from '../../kit/index.ts';
import type { StripeEventSender } from '../events.ts';
import type { StripeStore } from '../store.ts';
import type { WebhookDeliveries } from '../webhook-delivery.ts';

const InvoiceInput = z.strictObject({
  customer: z.string().regex(/^cus_\w+$/),
  amount: z.number().int().positive(),
  currency: z.string().regex(/^[a-zA-Z]{3}$/).optional(),
  description: z.string().optional(),
});
const PaymentIntentInput = z.strictObject({
  customer: z.string().regex(/^cus_\w+$/).nullable().optional(),
  amount: z.number().int().positive(),
  currency: z.string().regex(/^[a-zA-Z]{3}$/).optional(),
  description: z.string().optional(),
});
const RollInput = z.strictObject({ secret: z.string().regex(/^whsec_\w+$/), keepPrevious: z.boolean().optional() });

function input<T>(schema: z.ZodType<T>, req: SandboxRequest): T {
  const parsed = schema.safeParse(parseJsonBody(req));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BadRequestError(`Invalid trigger body${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}.`);
  }
  return parsed.data;
}

/** The webhook signing secrets: the current one first; during a roll also the previous one. */
export interface SecretRing {
  secrets(): readonly string[];
  roll(secret: string, keepPrevious: boolean): void;
  expirePrevious(): void;
}

export interface TriggerDeps {
  store: StripeStore;
  events: StripeEventSender;
  deliveries: WebhookDeliveries;
  secrets: SecretRing;
}

/**
 * Sandbox-only routes that change state the way a customer paying would, and deliver the resulting events before
 * answering (first attempts only; retries continue in the background):
 * `POST /__sandbox/invoices` (create + finalize), `POST /__sandbox/invoices/{id}/pay`, `POST /__sandbox/invoices/{id}/fail`,
 * `POST /__sandbox/payment_intents`, `GET /__sandbox/webhooks`, `POST /__sandbox/webhooks/{id}/redeliver`,
 * `POST /__sandbox/webhook-secret/roll` and `POST /__sandbox/webhook-secret/expire-previous`.
 */
export function addTriggerRoutes(router: Router, deps: TriggerDeps): Router {
  const { store, events, deliveries, secrets } = deps;
  const after = async <T>(result: T): Promise<T> => {
    await events.drain();
    return result;
  };
  return router
    .add('POST', '/__sandbox/invoices', 'createInvoice', async (req) => jsonResponse(200, { invoice: await after(store.createInvoice(input(InvoiceInput, req))) }))
    .add('POST', '/__sandbox/invoices/:id/pay', 'payInvoice', async (req) => jsonResponse(200, { invoice: await after(store.payInvoice(req.params['id'] ?? '')) }))
    .add('POST', '/__sandbox/invoices/:id/fail', 'failInvoice', async (req) => jsonResponse(200, { invoice: await after(store.failInvoice(req.params['id'] ?? '')) }))
    .add('POST', '/__sandbox/payment_intents', 'createPaymentIntent', async (req) =>
      jsonResponse(200, { payment_intent: await after(store.createPaymentIntent(input(PaymentIntentInput, req))) }),
    )
    .add('GET', '/__sandbox/webhooks', 'webhooks', () => jsonResponse(200, { deliveries: deliveries.list() }))
    .add('POST', '/__sandbox/webhooks/:id/redeliver', 'redeliverWebhook', async (req) => {
      const status = await deliveries.redeliver(req.params['id'] ?? '');
      if (status === undefined) throw new BadRequestError(`No delivery with id '${req.params['id'] ?? ''}'.`, 404);
      return jsonResponse(200, { status });
    })
    .add('POST', '/__sandbox/webhook-secret/roll', 'rollWebhookSecret', (req) => {
      const { secret, keepPrevious } = input(RollInput, req);
      secrets.roll(secret, keepPrevious ?? true);
      return jsonResponse(200, { signingWith: secrets.secrets().length });
    })
    .add('POST', '/__sandbox/webhook-secret/expire-previous', 'expirePreviousWebhookSecret', () => {
      secrets.expirePrevious();
      return jsonResponse(200, { signingWith: secrets.secrets().length });
    });
}
