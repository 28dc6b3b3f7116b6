import type { WebhookDeliveries } from './webhook-delivery.ts';
import type { StripeEvent } from './model.ts';
import type { StripeChange, StripeStore } from './store.ts';

/** Options of {@link StripeEventSender}. */
export interface StripeEventSenderOptions {
  apiVersion: string;
  /** Event types the endpoint subscribes to; `*` takes all (Stripe's `enabled_events`). */
  enabledEvents: readonly string[];
}

/**
 * Turns store changes into Stripe events, keeps them (`GET /v1/events/{id}`) and delivers those the endpoint
 * subscribes to. Stripe sends one event per request and does not promise order.
 */
export class StripeEventSender {
  #url: string | undefined;
  #pending: Promise<unknown>[] = [];

  constructor(
    private readonly store: StripeStore,
    private readonly deliveries: WebhookDeliveries,
    private readonly options: StripeEventSenderOptions,
    url: string | undefined,
  ) {
    this.#url = url;
  }

  setUrl(url: string | undefined): void {
    this.#url = url;
  }

  #subscribed(type: string): boolean {
    return this.options.enabledEvents.includes('*') || this.options.enabledEvents.includes(type);
  }

  /** Announces one change: records the event and starts its delivery. */
  announce(change: StripeChange): void {
    const deliver = this.#url !== undefined && this.#subscribed(change.type);
    const event: StripeEvent = {
      id: this.store.ids.next('evt'),
      object: 'event',
      api_version: this.options.apiVersion,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      type: change.type,
      data: change.previousAttributes ? { object: change.object, previous_attributes: change.previousAttributes } : { object: change.object },
      request: { id: change.requestId, idempotency_key: change.requestId ? `sandbox-${change.requestId}` : null },
      pending_webhooks: deliver ? 1 : 0,
    };
    this.store.recordEvent(event);
    // Stripe's bodies are pretty-printed JSON; receivers must verify the raw bytes, never a re-serialization.
    if (deliver && this.#url) this.#pending.push(this.deliveries.send(this.#url, JSON.stringify(event, null, 2), event.type));
  }

  /** Waits for the first attempt of every delivery started so far (so a trigger answers after its events went out). */
  async drain(): Promise<void> {
    const pending = this.#pending;
    this.#pending = [];
    await Promise.all(pending);
  }
}
