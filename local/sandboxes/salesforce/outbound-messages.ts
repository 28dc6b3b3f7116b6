/**
 * The Outbound Message sender of the Salesforce sandbox (vendor-apis §1.10). On a record change that matches a
 * definition it queues a notification; notifications made close together go out as one SOAP message per action
 * (≤ 100 each). A message counts as delivered only on a 200 whose body holds `<Ack>true</Ack>`; anything else is
 * retried with exponential backoff until the message is older than `maxAgeMs`, then dropped and kept as `failed`.
 * Real values (Salesforce "Understanding Notifications"): at most 2 h between tries, dropped after 24 h; the
 * sandbox defaults are milliseconds so tests stay fast. Delivery is at-least-once and, because each message retries
 * on its own schedule, may be out of order, as in a real org.
 *
 * Each attempt renders the records as they are then: "if the source object changes after a notification is queued
 * but before it's sent, the endpoint only receives the latest data". A notification whose record is gone (a create
 * rolled back by allOrNone) or deleted by its first attempt is dropped.
 */
import { makeId } from './ids.ts';
import type { OrgSchema } from './schema.ts';
import { defineOutboundMessage, describeDefinition, type OutboundMessageDefinition, type OutboundMessageInput } from './outbound-definitions.ts';
import { isAck, renderEnvelope, renderSObject } from './outbound-envelope.ts';
import { Timers, WebhookTransport } from '../kit/index.ts';
import type { SalesforceStore, StoreChange } from './store.ts';

/** Start options of the sender (`outboundMessages` of the sandbox options). */
export interface OutboundMessagesOptions {
  definitions?: readonly OutboundMessageInput[];
  /** The org id messages carry (default `00DDn0000000001` + suffix). */
  organizationId?: string;
  /** How long notifications gather before a message goes out (default 50 ms). */
  batchDelayMs?: number;
  /** First retry delay; try n+1 waits base × 2^n (default 100 ms). */
  retryBaseMs?: number;
  /** Longest wait between tries (default 1000 ms; Salesforce: 2 h). */
  maxRetryIntervalMs?: number;
  /** A message not acknowledged within this age is dropped as failed (default 3000 ms; Salesforce: 24 h). */
  maxAgeMs?: number;
  /** Per-attempt timeout (default 2000 ms). [?] Salesforce's own timeout is not documented. */
  timeoutMs?: number;
  /** The API version in the Enterprise and Partner URLs (default 60.0). */
  apiVersion?: string;
}

/** One try. `outcome` says why a try did not count. */
export interface OutboundAttempt {
  at: string;
  status: number;
  outcome: 'acked' | 'not-acked' | 'http-error' | 'connection-error' | 'timeout';
}

interface Notification {
  id: string;
  recordId: string;
  /** The last rendering, kept for retries after the record is gone. */
  sObjectXml?: string;
}

/** One SOAP message and its delivery state. */
interface OutboundDelivery {
  id: string;
  definition: OutboundMessageDefinition;
  notifications: Notification[];
  createdAtMs: number;
  state: 'pending' | 'delivered' | 'failed';
  attempts: OutboundAttempt[];
  nextAttemptAt?: string;
  body: string;
}

const MAX_PER_MESSAGE = 100;
const HEADERS = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '""' } as const;

function outcomeOf(status: number, body: string, error: 'connection' | 'timeout' | undefined): OutboundAttempt['outcome'] {
  if (error === 'timeout') return 'timeout';
  if (status === 0) return 'connection-error';
  if (status !== 200) return 'http-error';
  return isAck(body) ? 'acked' : 'not-acked';
}

/** Queues, batches and delivers Outbound Messages for the store's changes. */
export class OutboundMessenger {
  readonly organizationId: string;
  readonly #transport: WebhookTransport;
  readonly #timers = new Timers();
  readonly #o: Required<Omit<OutboundMessagesOptions, 'definitions' | 'organizationId'>>;
  #definitions: OutboundMessageDefinition[] = [];
  #queue: { definition: OutboundMessageDefinition; notification: Notification }[] = [];
  #deliveries: OutboundDelivery[] = [];
  #batchTimer: NodeJS.Timeout | undefined;
  #sequence = 1;

  constructor(
    private readonly store: SalesforceStore,
    options: OutboundMessagesOptions,
    private readonly instanceUrl: () => string,
    private readonly schema: OrgSchema,
  ) {
    this.organizationId = options.organizationId ?? makeId('00D', 1);
    this.#o = {
      batchDelayMs: options.batchDelayMs ?? 50,
      retryBaseMs: options.retryBaseMs ?? 100,
      maxRetryIntervalMs: options.maxRetryIntervalMs ?? 1000,
      maxAgeMs: options.maxAgeMs ?? 3000,
      timeoutMs: options.timeoutMs ?? 2000,
      apiVersion: options.apiVersion ?? '60.0',
    };
    this.#transport = new WebhookTransport(this.#o.timeoutMs);
    for (const input of options.definitions ?? []) this.define(input);
    store.onChange((change) => this.#onChange(change));
  }

  /** Adds a definition. @throws BadRequestError when it is invalid. */
  define(input: unknown): OutboundMessageDefinition {
    const definition = defineOutboundMessage(input, this.#sequence++, this.schema);
    this.#definitions.push(definition);
    return definition;
  }

  /** Removes a definition; its queued and pending messages still go out. False when the id is unknown. */
  undefine(actionId: string): boolean {
    const before = this.#definitions.length;
    this.#definitions = this.#definitions.filter((d) => d.actionId !== actionId);
    return this.#definitions.length < before;
  }

  #onChange(change: StoreChange): void {
    if (change.kind === 'delete') return; // workflow rules, and so Outbound Messages, never fire on delete
    for (const definition of this.#definitions) {
      if (definition.def.name !== change.object || (change.kind === 'update' && definition.on === 'create')) continue;
      this.#queue.push({ definition, notification: { id: makeId('04l', this.#sequence++), recordId: change.id } });
    }
    if (this.#queue.length === 0 || this.#batchTimer) return;
    this.#batchTimer = this.#timers.later(this.#o.batchDelayMs, () => {
      this.#batchTimer = undefined;
      this.flush();
    });
  }

  /** Sends what is queued now: one message per action and 100 notifications. */
  flush(): void {
    if (this.#batchTimer) {
      this.#timers.cancel(this.#batchTimer);
      this.#batchTimer = undefined;
    }
    const queued = this.#queue;
    this.#queue = [];
    for (const definition of new Set(queued.map((q) => q.definition))) {
      const notifications = queued.filter((q) => q.definition === definition).map((q) => q.notification);
      for (let i = 0; i < notifications.length; i += MAX_PER_MESSAGE) {
        const delivery: OutboundDelivery = { id: `om${this.#sequence++}`, definition, notifications: notifications.slice(i, i + MAX_PER_MESSAGE), createdAtMs: Date.now(), state: 'pending', attempts: [], body: '' };
        this.#deliveries.push(delivery);
        void this.#attempt(delivery, 0);
      }
    }
  }

  /** Renders every notification from the record as it is now, or as last rendered once the record is gone. */
  #render(delivery: OutboundDelivery, first: boolean): string {
    const { def, fields, actionId } = delivery.definition;
    delivery.notifications = delivery.notifications.filter((n) => {
      const record = this.store.find(def, n.recordId);
      if (record && !(first && record['IsDeleted'] === true)) n.sObjectXml = renderSObject(def, record, fields);
      return n.sObjectXml !== undefined;
    });
    const header = { organizationId: this.organizationId, actionId, instanceUrl: this.instanceUrl(), apiVersion: this.#o.apiVersion };
    return renderEnvelope(header, delivery.notifications.map((n) => ({ id: n.id, sObjectXml: n.sObjectXml ?? '' })));
  }

  async #attempt(delivery: OutboundDelivery, tries: number): Promise<void> {
    delivery.body = this.#render(delivery, tries === 0);
    if (delivery.notifications.length === 0) {
      this.#deliveries = this.#deliveries.filter((d) => d !== delivery);
      return;
    }
    const generation = this.#timers.generation;
    const result = await this.#transport.post(delivery.definition.endpointUrl, HEADERS, delivery.body);
    if (generation !== this.#timers.generation) return;
    const outcome = outcomeOf(result.status, result.body, result.error);
    delivery.attempts.push({ at: new Date().toISOString(), status: result.status, outcome });
    if (outcome === 'acked') {
      delivery.state = 'delivered';
      delete delivery.nextAttemptAt;
      return;
    }
    const wait = Math.min(this.#o.retryBaseMs * 2 ** tries, this.#o.maxRetryIntervalMs);
    if (Date.now() + wait - delivery.createdAtMs > this.#o.maxAgeMs) {
      delivery.state = 'failed';
      delete delivery.nextAttemptAt;
      return;
    }
    delivery.nextAttemptAt = new Date(Date.now() + wait).toISOString();
    this.#timers.later(wait, () => void this.#attempt(delivery, tries + 1));
  }

  /** The body of `GET /__sandbox/outbound-messages`. */
  snapshot(): Record<string, unknown> {
    return {
      organizationId: this.organizationId,
      definitions: this.#definitions.map(describeDefinition),
      messages: this.#deliveries.map((d) => ({
        id: d.id,
        actionId: d.definition.actionId,
        endpointUrl: d.definition.endpointUrl,
        state: d.state,
        notifications: d.notifications.map((n) => ({ id: n.id, object: d.definition.def.name, recordId: n.recordId })),
        attempts: [...d.attempts],
        ...(d.nextAttemptAt ? { nextAttemptAt: d.nextAttemptAt } : {}),
        body: d.body,
      })),
    };
  }

  /** Drops queued notifications, pending retries and the message log; definitions stay (they are configuration). */
  reset(): void {
    this.close();
    this.#queue = [];
    this.#deliveries = [];
  }

  /** Cancels timers and aborts in-flight POSTs. */
  close(): void {
    this.#timers.cancelAll();
    this.#batchTimer = undefined;
    this.#transport.abortAll();
  }
}
