import { WEBHOOK_OBJECT_NAME } from './model.ts';
import type { ObjectChange } from './store.ts';
import type { SubscriptionDecision } from './subscriptions.ts';
import { webhookHeaders } from './webhook-signing.ts';
import { Timers, WebhookTransport } from '../kit/index.ts';

/** One event in a webhook POST body (vendor-apis §2.8). */
export interface WebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  changeSource: 'CRM';
  changeFlag?: 'NEW';
  propertyName?: string;
  propertyValue?: string;
  /** Merge events only (vendor-apis §2.8). */
  primaryObjectId?: number;
  mergedObjectIds?: number[];
  newObjectId?: number;
  numberOfPropertiesMoved?: number;
}

/** One attempt to deliver a batch. Status 0 means the connection failed or timed out. */
export interface DeliveryAttempt {
  status: number;
  at: string;
  attemptNumber: number;
  redelivery?: boolean;
  /** The Retry-After the receiver sent, in ms. */
  retryAfterMs?: number;
  /** How long the sender waits before the next attempt; absent when it will not retry. */
  nextAttemptInMs?: number;
}

/** A batch of events and every attempt to deliver it; `body` and `headers` are the exact bytes last sent. */
export interface Delivery {
  id: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  events: number;
  attempts: DeliveryAttempt[];
}

/** Options of {@link WebhookSender}. */
export interface WebhookSenderOptions {
  clientSecret: string;
  portalId: number;
  appId: number;
  url?: string;
  batchDelayMs: number;
  /** Backoff base: attempt n+1 waits base × 2^n. HubSpot waits minutes; the sandbox keeps it short. */
  retryBaseMs: number;
  /** A 429's Retry-After replaces the backoff, capped at this. */
  maxRetryAfterMs: number;
  maxAttempts: number;
  timeoutMs: number;
  /**
   * Which changes send a webhook and under which subscription id (subscriptions.ts: the `propertySubscriptions` start
   * option and the subscriptions made through the Webhooks API). Default: every change.
   */
  decide?: (change: ObjectChange) => SubscriptionDecision;
}

/** HubSpot sends at most 100 events per request. */
export const MAX_EVENTS_PER_REQUEST = 100;

/** Statuses HubSpot does not retry (vendor-apis §2.8); everything else that is not 2xx is retried. */
const NO_RETRY = new Set([400, 401, 403, 404, 405]);

const KIND_OFFSET = { creation: 1, propertyChange: 2, deletion: 3, merge: 4 } as const;
const OBJECT_BASE: Record<string, number> = { contact: 4_100_000, company: 4_200_000, deal: 4_300_000 };

/** Queues CRM changes as webhook events, batches them, signs them and delivers them with retries. */
export class WebhookSender {
  readonly #transport: WebhookTransport;
  readonly #timers = new Timers();
  #queue: WebhookEvent[] = [];
  #deliveries: Delivery[] = [];
  #batchTimer: NodeJS.Timeout | undefined;
  #nextEventId = 1;
  #nextDeliveryId = 1;
  #url: string | undefined;

  constructor(private readonly options: WebhookSenderOptions) {
    this.#transport = new WebhookTransport(options.timeoutMs);
    this.#url = options.url;
  }

  /** Changes (or clears) the target URL; queued events go to the new one. */
  setUrl(url: string | undefined): void {
    this.#url = url;
  }

  /** Turns a store change into an event and starts the batch timer. */
  enqueue(change: ObjectChange): void {
    const decision = this.options.decide?.(change) ?? { deliver: true };
    if (!decision.deliver) return;
    const object = WEBHOOK_OBJECT_NAME[change.type];
    const subscriptionType = `${object}.${change.kind}`;
    const event: WebhookEvent = {
      eventId: this.#nextEventId++,
      subscriptionId: decision.subscriptionId ?? (OBJECT_BASE[object] ?? 0) + KIND_OFFSET[change.kind],
      portalId: this.options.portalId,
      appId: this.options.appId,
      occurredAt: change.occurredAt,
      subscriptionType,
      attemptNumber: 0,
      objectId: Number(change.objectId),
      changeSource: 'CRM',
    };
    if (change.kind === 'creation') event.changeFlag = 'NEW';
    if (change.kind === 'propertyChange') Object.assign(event, { propertyName: change.propertyName, propertyValue: change.propertyValue });
    if (change.merge) {
      // objectId is the survivor, as the merge subscription reports it; parse-webhook reads newObjectId first.
      Object.assign(event, {
        primaryObjectId: Number(change.merge.primaryObjectId),
        mergedObjectIds: change.merge.mergedObjectIds.map(Number),
        newObjectId: Number(change.merge.newObjectId),
        numberOfPropertiesMoved: change.merge.numberOfPropertiesMoved,
      });
    }
    this.#queue.push(event);
    this.#batchTimer ??= this.#timers.later(this.options.batchDelayMs, () => {
      this.#batchTimer = undefined;
      void this.flush();
    });
  }

  /** Sends every queued event now (batches of ≤ 100) and waits for the first attempts. Events are dropped when no URL is set. */
  async flush(): Promise<number> {
    if (this.#batchTimer) this.#timers.cancel(this.#batchTimer);
    this.#batchTimer = undefined;
    const events = this.#queue;
    this.#queue = [];
    const url = this.#url;
    if (!url || events.length === 0) return 0;
    const sends: Promise<void>[] = [];
    for (let i = 0; i < events.length; i += MAX_EVENTS_PER_REQUEST) {
      const delivery: Delivery = { id: `d${this.#nextDeliveryId++}`, url, headers: {}, body: '', events: 0, attempts: [] };
      this.#deliveries.push(delivery);
      sends.push(this.#attempt(delivery, events.slice(i, i + MAX_EVENTS_PER_REQUEST), 0));
    }
    await Promise.all(sends);
    return sends.length;
  }

  async #attempt(delivery: Delivery, events: WebhookEvent[], attemptNumber: number): Promise<void> {
    // Each retry carries the new attemptNumber, so the body changes and is re-signed with a fresh timestamp.
    delivery.body = JSON.stringify(events.map((e) => ({ ...e, attemptNumber })));
    delivery.events = events.length;
    delivery.headers = webhookHeaders(this.options.clientSecret, delivery.url, delivery.body, Date.now());
    const generation = this.#timers.generation;
    const { status, retryAfterMs } = await this.#transport.post(delivery.url, delivery.headers, delivery.body);
    const attempt: DeliveryAttempt = { status, at: new Date().toISOString(), attemptNumber, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    delivery.attempts.push(attempt);
    const retry = (status < 200 || status >= 300) && !NO_RETRY.has(status) && attemptNumber + 1 < this.options.maxAttempts;
    if (!retry || generation !== this.#timers.generation) return;
    // A 429 makes HubSpot honour Retry-After (vendor-apis §2.8); everything else backs off exponentially.
    const wait = status === 429 && retryAfterMs !== undefined ? Math.min(retryAfterMs, this.options.maxRetryAfterMs) : this.options.retryBaseMs * 2 ** attemptNumber;
    attempt.nextAttemptInMs = wait;
    this.#timers.later(wait, () => void this.#attempt(delivery, events, attemptNumber + 1));
  }

  /** Re-sends a delivery's exact bytes and headers (same signature and timestamp). Undefined when the id is unknown. */
  async redeliver(id: string): Promise<number | undefined> {
    const delivery = this.#deliveries.find((d) => d.id === id);
    if (!delivery) return undefined;
    const { status } = await this.#transport.post(delivery.url, delivery.headers, delivery.body);
    const last = delivery.attempts.at(-1);
    delivery.attempts.push({ status, at: new Date().toISOString(), attemptNumber: last?.attemptNumber ?? 0, redelivery: true });
    return status;
  }

  /** The delivery log. */
  deliveries(): Delivery[] {
    return this.#deliveries.map((d) => ({ ...d, headers: { ...d.headers }, attempts: d.attempts.map((a) => ({ ...a })) }));
  }

  /** Drops queued events, pending retries and the delivery log. */
  reset(): void {
    this.close();
    this.#queue = [];
    this.#deliveries = [];
    this.#nextEventId = 1;
    this.#nextDeliveryId = 1;
  }

  /** Cancels the batch timer and pending retries and aborts in-flight POSTs. */
  close(): void {
    this.#timers.cancelAll();
    this.#batchTimer = undefined;
    this.#transport.abortAll();
  }
}
