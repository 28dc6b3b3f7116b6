import { WebhookTransport } from '../kit/index.ts';

/** One attempt to deliver a webhook. Status 0 means the connection failed or timed out. */
export interface DeliveryAttempt {
  status: number;
  at: string;
  attempt: number;
  redelivery?: boolean;
}

/** One webhook and every attempt to deliver it; `headers` are the ones last sent (each attempt is signed afresh). */
export interface Delivery {
  id: string;
  url: string;
  /** What was delivered: a Stripe event type, a Gong call id. */
  label: string;
  headers: Record<string, string>;
  body: string;
  attempts: DeliveryAttempt[];
}

/** Options of {@link WebhookDeliveries}. */
export interface WebhookDeliveriesOptions {
  /** Attempt n+1 waits base × 2^(n-1). Vendors wait minutes to days; sandboxes keep it short. */
  retryBaseMs: number;
  /** Attempts per webhook, the first one included. */
  maxAttempts: number;
  timeoutMs: number;
  /** Headers for one attempt, signed at the moment of sending (a fresh timestamp or JWT each time). */
  sign: (body: string, url: string) => Record<string, string> | Promise<Record<string, string>>;
}

/**
 * Sends one body per webhook, retries anything that is not 2xx with exponential backoff and stops at the first 2xx,
 * and keeps a delivery log. Shared by the Stripe and Gong sandboxes (it could move to the kit).
 */
export class WebhookDeliveries {
  readonly #transport: WebhookTransport;
  readonly #timers = new Set<NodeJS.Timeout>();
  #deliveries: Delivery[] = [];
  #nextId = 1;
  /** Bumped by close(): attempts started before it never schedule retries. */
  #generation = 0;

  constructor(private readonly options: WebhookDeliveriesOptions) {
    this.#transport = new WebhookTransport(options.timeoutMs);
  }

  /** Sends `body` to `url` and resolves after the first attempt; retries run in the background. */
  async send(url: string, body: string, label: string): Promise<Delivery> {
    const delivery: Delivery = { id: `wd${this.#nextId++}`, url, label, headers: {}, body, attempts: [] };
    this.#deliveries.push(delivery);
    await this.#attempt(delivery, 1);
    return { ...delivery, attempts: [...delivery.attempts] };
  }

  async #attempt(delivery: Delivery, attempt: number): Promise<void> {
    const generation = this.#generation;
    delivery.headers = await this.options.sign(delivery.body, delivery.url);
    const { status } = await this.#transport.post(delivery.url, delivery.headers, delivery.body);
    delivery.attempts.push({ status, at: new Date().toISOString(), attempt });
    const failed = status < 200 || status >= 300;
    if (failed && attempt < this.options.maxAttempts && generation === this.#generation) {
      this.#later(this.options.retryBaseMs * 2 ** (attempt - 1), () => void this.#attempt(delivery, attempt + 1));
    }
  }

  /** Sends a delivery's body again, signed now (the vendor dashboards' "Resend"). Undefined when the id is unknown. */
  async redeliver(id: string): Promise<number | undefined> {
    const delivery = this.#deliveries.find((d) => d.id === id);
    if (!delivery) return undefined;
    delivery.headers = await this.options.sign(delivery.body, delivery.url);
    const { status } = await this.#transport.post(delivery.url, delivery.headers, delivery.body);
    delivery.attempts.push({ status, at: new Date().toISOString(), attempt: (delivery.attempts.at(-1)?.attempt ?? 0) + 1, redelivery: true });
    return status;
  }

  /** The delivery log. */
  list(): Delivery[] {
    return this.#deliveries.map((d) => ({ ...d, headers: { ...d.headers }, attempts: [...d.attempts] }));
  }

  /** Cancels pending retries and forgets the log. */
  reset(): void {
    this.close();
    this.#deliveries = [];
    this.#nextId = 1;
  }

  /** Cancels pending retries and aborts in-flight POSTs. */
  close(): void {
    this.#generation += 1;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#transport.abortAll();
  }

  #later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
  }
}
