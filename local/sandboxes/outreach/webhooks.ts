import { randomUUID } from 'node:crypto';
import { WebhookTransport } from '../kit/index.ts';
import type { ResourceChange } from './store.ts';
import { outreachWebhookHeaders } from './webhook-signing.ts';

/** A webhook subscription (`POST /api/v2/webhooks`); `*` matches every resource or action. */
export interface Subscription {
  id: number;
  url: string;
  resource: string;
  action: string;
  secret?: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One attempt; status 0 means the connection failed or timed out. */
export interface DeliveryAttempt {
  status: number;
  at: string;
  redelivery?: boolean;
}

/** One event sent to one subscription; `body` and `headers` are the exact bytes sent (retries re-send them). */
export interface Delivery {
  id: string;
  subscriptionId: number;
  eventName: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  attempts: DeliveryAttempt[];
}

/** Options of {@link OutreachWebhookSender}. */
export interface WebhookSenderOptions {
  /** Retries after the first attempt, on network failure only (Outreach: 3 [T]). */
  retries: number;
  /** Wait between attempts (Outreach: 1 s [T]; short in tests). */
  retryIntervalMs: number;
  timeoutMs: number;
}

const matches = (sub: Subscription, resource: string, action: string): boolean =>
  sub.active && (sub.resource === '*' || sub.resource === resource) && (sub.action === '*' || sub.action === action);

/**
 * Sends one signed JSON:API delivery per change and subscription, at once (Outreach does not batch). A failed
 * connection is retried `retries` times `retryIntervalMs` apart; a non-2xx answer is final, as Outreach does not
 * retry those (vendor-apis §4, [T]).
 */
export class OutreachWebhookSender {
  readonly #transport: WebhookTransport;
  /** Pending retry waits and how to release each (close() releases them, so idle() never hangs). */
  readonly #waits = new Map<NodeJS.Timeout, () => void>();
  readonly #pending = new Set<Promise<void>>();
  #subscriptions: Subscription[] = [];
  #deliveries: Delivery[] = [];
  #nextSubscriptionId = 1;
  #nextDeliveryId = 1;
  #generation = 0;

  constructor(private readonly options: WebhookSenderOptions) {
    this.#transport = new WebhookTransport(options.timeoutMs);
  }

  /** Adds a subscription and returns it. */
  subscribe(input: { url: string; resource: string; action: string; secret?: string }): Subscription {
    const iso = new Date().toISOString();
    const sub: Subscription = { id: this.#nextSubscriptionId++, active: true, createdAt: iso, updatedAt: iso, ...input };
    this.#subscriptions.push(sub);
    return sub;
  }

  subscriptions(): Subscription[] {
    return this.#subscriptions.map((s) => ({ ...s }));
  }

  subscription(id: number): Subscription | undefined {
    return this.#subscriptions.find((s) => s.id === id);
  }

  unsubscribe(id: number): boolean {
    const before = this.#subscriptions.length;
    this.#subscriptions = this.#subscriptions.filter((s) => s.id !== id);
    return this.#subscriptions.length < before;
  }

  /** Builds and sends the delivery of a change to every matching subscription. */
  enqueue(change: ResourceChange): void {
    const { resource, action } = change;
    const eventName = `${resource.type}.${action}`;
    for (const sub of this.#subscriptions.filter((s) => matches(s, resource.type, action))) {
      const relationships = Object.fromEntries(Object.entries(resource.relationships).map(([name, ref]) => [name, { data: ref }]));
      const body = JSON.stringify({
        data: { type: resource.type, id: resource.id, attributes: change.attributes, relationships },
        meta: { deliveredAt: new Date().toISOString(), eventName, jobId: randomUUID() },
      });
      // Outreach-Webhook-ID: a uuid per delivery [?] (the header exists [C]; what it identifies is not documented).
      const delivery: Delivery = { id: `d${this.#nextDeliveryId++}`, subscriptionId: sub.id, eventName, url: sub.url, headers: outreachWebhookHeaders(sub.secret, randomUUID(), body), body, attempts: [] };
      this.#deliveries.push(delivery);
      this.#track(this.#attempt(delivery, this.options.retries));
    }
  }

  #track(promise: Promise<void>): void {
    this.#pending.add(promise);
    void promise.finally(() => this.#pending.delete(promise));
  }

  async #attempt(delivery: Delivery, retriesLeft: number): Promise<void> {
    const generation = this.#generation;
    const { status } = await this.#transport.post(delivery.url, delivery.headers, delivery.body);
    delivery.attempts.push({ status, at: new Date().toISOString() });
    if (status === 0 && retriesLeft > 0 && generation === this.#generation) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.#waits.delete(timer);
          resolve();
        }, this.options.retryIntervalMs);
        this.#waits.set(timer, resolve);
      });
      if (generation === this.#generation) await this.#attempt(delivery, retriesLeft - 1);
    }
  }

  /** Waits until every delivery in flight (retries included) is done. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** Re-sends a delivery's exact bytes and headers once. Undefined when the id is unknown. */
  async redeliver(id: string): Promise<number | undefined> {
    const delivery = this.#deliveries.find((d) => d.id === id);
    if (!delivery) return undefined;
    const { status } = await this.#transport.post(delivery.url, delivery.headers, delivery.body);
    delivery.attempts.push({ status, at: new Date().toISOString(), redelivery: true });
    return status;
  }

  deliveries(): Delivery[] {
    return this.#deliveries.map((d) => ({ ...d, headers: { ...d.headers }, attempts: [...d.attempts] }));
  }

  /** Drops subscriptions (but `keep`), the delivery log and pending retries. */
  reset(keep?: Subscription): void {
    this.close();
    this.#subscriptions = keep ? [keep] : [];
    this.#deliveries = [];
    this.#nextDeliveryId = 1;
  }

  /** Cancels pending retries and aborts in-flight POSTs; a pending wait for a retry is released. */
  close(): void {
    this.#generation += 1;
    for (const [timer, release] of this.#waits) {
      clearTimeout(timer);
      release();
    }
    this.#waits.clear();
    this.#transport.abortAll();
  }
}
