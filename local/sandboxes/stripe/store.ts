import { BadRequestError, type PersistentStore } from '../kit/index.ts';
import { IdSequence } from './ids.ts';
import type { RecordObject, StripeCustomer, StripeEvent, StripeInvoice, StripeObject, StripePaymentIntent } from './model.ts';

/** What a state change announces: Stripe's event type, the object after the change and the fields it changed from. */
export interface StripeChange {
  type: string;
  object: StripeObject;
  previousAttributes?: Record<string, unknown>;
  /** The API request that caused it (`req_…`); null for automatic changes. */
  requestId: string | null;
}

/** Input of {@link StripeStore.createInvoice}. */
export interface InvoiceInput {
  customer: string;
  /** Minor units. */
  amount: number;
  currency?: string;
  description?: string;
}

/** Input of {@link StripeStore.createPaymentIntent}. */
export interface PaymentIntentInput {
  customer?: string | null;
  amount: number;
  currency?: string;
  description?: string;
}

const clone = <T>(value: T): T => structuredClone(value);

/** What the Stripe account keeps across a restart, the id sequence included. */
export interface StripeState {
  customers: Map<string, StripeCustomer>;
  invoices: Map<string, StripeInvoice>;
  intents: Map<string, StripePaymentIntent>;
  events: StripeEvent[];
  invoiceNumbers: Map<string, number>;
  nextId: number;
}

/** In-memory customers, invoices, payment intents and events, with Stripe's invoice life cycle. */
export class StripeStore implements PersistentStore<StripeState> {
  readonly ids = new IdSequence();
  #customers = new Map<string, StripeCustomer>();
  #invoices = new Map<string, StripeInvoice>();
  #intents = new Map<string, StripePaymentIntent>();
  #events: StripeEvent[] = [];
  #invoiceNumbers = new Map<string, number>();

  constructor(
    private readonly onChange: (change: StripeChange) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  exportState(): StripeState {
    return { customers: this.#customers, invoices: this.#invoices, intents: this.#intents, events: this.#events, invoiceNumbers: this.#invoiceNumbers, nextId: this.ids.position };
  }

  importState(state: StripeState): void {
    this.#customers = state.customers;
    this.#invoices = state.invoices;
    this.#intents = state.intents;
    this.#events = state.events;
    this.#invoiceNumbers = state.invoiceNumbers;
    this.ids.position = state.nextId;
  }

  #now(): number {
    return Math.floor(this.clock() / 1000);
  }

  /** Adds a customer as it is (seeding). */
  putCustomer(customer: StripeCustomer): void {
    this.#customers.set(customer.id, clone(customer));
  }

  customer(id: string): StripeCustomer | undefined {
    const c = this.#customers.get(id);
    return c && clone(c);
  }

  invoice(id: string): StripeInvoice | undefined {
    const i = this.#invoices.get(id);
    return i && clone(i);
  }

  paymentIntent(id: string): StripePaymentIntent | undefined {
    const p = this.#intents.get(id);
    return p && clone(p);
  }

  event(id: string): StripeEvent | undefined {
    const e = this.#events.find((x) => x.id === id);
    return e && clone(e);
  }

  /** Keeps a delivered event so `GET /v1/events/{id}` can serve it. */
  recordEvent(event: StripeEvent): void {
    this.#events.push(clone(event));
  }

  all(object: RecordObject): StripeObject[] | StripeEvent[] {
    const lists = { customers: this.#customers, invoices: this.#invoices, payment_intents: this.#intents } as const;
    if (object === 'events') return this.#events.map(clone);
    return [...lists[object].values()].map(clone);
  }

  /**
   * Creates an invoice with one line and finalizes it (status `open`, a number, a hosted URL), as
   * `POST /v1/invoices` + `POST /v1/invoices/{id}/finalize` would: events `invoice.created`, `invoice.finalized`.
   * `at` backdates it (seeding) and then announces nothing.
   */
  createInvoice(input: InvoiceInput, at?: number): StripeInvoice {
    const customer = this.#customers.get(input.customer);
    if (!customer) throw new BadRequestError(`No such customer: '${input.customer}'`, 404);
    const created = at ?? this.#now();
    const id = this.ids.next('in');
    const currency = (input.currency ?? customer.currency ?? 'usd').toLowerCase();
    const seq = (this.#invoiceNumbers.get(customer.id) ?? 0) + 1;
    this.#invoiceNumbers.set(customer.id, seq);
    const invoice: StripeInvoice = {
      id,
      object: 'invoice',
      account_country: 'US',
      account_name: 'Syncline Sandbox',
      amount_due: input.amount,
      amount_paid: 0,
      amount_remaining: input.amount,
      attempt_count: 0,
      attempted: false,
      auto_advance: true,
      billing_reason: 'manual',
      collection_method: 'charge_automatically',
      created,
      currency,
      customer: customer.id,
      customer_email: customer.email,
      customer_name: customer.name,
      description: input.description ?? null,
      hosted_invoice_url: null,
      invoice_pdf: null,
      lines: {
        object: 'list',
        data: [{ id: this.ids.next('il'), object: 'line_item', amount: input.amount, currency, description: input.description ?? 'Subscription', quantity: 1, period: { start: created, end: created } }],
        has_more: false,
        total_count: 1,
        url: `/v1/invoices/${id}/lines`,
      },
      livemode: false,
      metadata: {},
      number: null,
      period_start: created,
      period_end: created,
      status: 'draft',
      status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
      subtotal: input.amount,
      total: input.amount,
    };
    this.#invoices.set(id, invoice);
    const requestId = at === undefined ? this.ids.next('req') : null;
    if (at === undefined) this.onChange({ type: 'invoice.created', object: clone(invoice), requestId });
    Object.assign(invoice, {
      status: 'open',
      number: `${customer.invoice_prefix}-${String(seq).padStart(4, '0')}`,
      hosted_invoice_url: `https://invoice.stripe.com/i/acct_1SyncLnSandbox/test_${id.slice(3)}`,
      invoice_pdf: `https://pay.stripe.com/invoice/acct_1SyncLnSandbox/test_${id.slice(3)}/pdf`,
    });
    invoice.status_transitions.finalized_at = created;
    if (at === undefined) {
      this.onChange({ type: 'invoice.finalized', object: clone(invoice), previousAttributes: { status: 'draft', number: null, status_transitions: { finalized_at: null } }, requestId });
    }
    return clone(invoice);
  }

  #openInvoice(id: string): StripeInvoice {
    const invoice = this.#invoices.get(id);
    if (!invoice) throw new BadRequestError(`No such invoice: '${id}'`, 404);
    if (invoice.status !== 'open') throw new BadRequestError(`Invoice is already ${invoice.status}; only an open invoice can be paid or fail a payment.`);
    return invoice;
  }

  /** Pays an open invoice in full: `invoice.paid` and `invoice.payment_succeeded` (Stripe sends both). */
  payInvoice(id: string, at?: number): StripeInvoice {
    const invoice = this.#openInvoice(id);
    const paidAt = at ?? this.#now();
    const previous = { amount_paid: invoice.amount_paid, amount_remaining: invoice.amount_remaining, attempt_count: invoice.attempt_count, attempted: invoice.attempted, status: invoice.status, status_transitions: { paid_at: null } };
    Object.assign(invoice, { amount_paid: invoice.amount_due, amount_remaining: 0, attempt_count: invoice.attempt_count + 1, attempted: true, status: 'paid' });
    invoice.status_transitions.paid_at = paidAt;
    if (at === undefined) {
      const requestId = this.ids.next('req');
      this.onChange({ type: 'invoice.paid', object: clone(invoice), previousAttributes: previous, requestId });
      this.onChange({ type: 'invoice.payment_succeeded', object: clone(invoice), previousAttributes: previous, requestId });
    }
    return clone(invoice);
  }

  /** A failed payment attempt on an open invoice: `invoice.payment_failed`; the invoice stays open. */
  failInvoice(id: string): StripeInvoice {
    const invoice = this.#openInvoice(id);
    const previous = { attempt_count: invoice.attempt_count, attempted: invoice.attempted };
    Object.assign(invoice, { attempt_count: invoice.attempt_count + 1, attempted: true });
    this.onChange({ type: 'invoice.payment_failed', object: clone(invoice), previousAttributes: previous, requestId: null });
    return clone(invoice);
  }

  /** A payment intent confirmed and succeeded at once: `payment_intent.created`, `payment_intent.succeeded`. */
  createPaymentIntent(input: PaymentIntentInput, at?: number): StripePaymentIntent {
    const customer = input.customer ? this.#customers.get(input.customer) : undefined;
    if (input.customer && !customer) throw new BadRequestError(`No such customer: '${input.customer}'`, 404);
    const created = at ?? this.#now();
    const intent: StripePaymentIntent = {
      id: this.ids.next('pi'),
      object: 'payment_intent',
      amount: input.amount,
      amount_received: 0,
      capture_method: 'automatic',
      created,
      currency: (input.currency ?? customer?.currency ?? 'usd').toLowerCase(),
      customer: customer?.id ?? null,
      description: input.description ?? null,
      latest_charge: null,
      livemode: false,
      metadata: {},
      payment_method_types: ['card'],
      status: 'requires_payment_method',
    };
    this.#intents.set(intent.id, intent);
    const requestId = at === undefined ? this.ids.next('req') : null;
    if (at === undefined) this.onChange({ type: 'payment_intent.created', object: clone(intent), requestId });
    const previous = { amount_received: 0, latest_charge: null, status: intent.status };
    Object.assign(intent, { amount_received: input.amount, latest_charge: this.ids.next('ch'), status: 'succeeded' });
    if (at === undefined) this.onChange({ type: 'payment_intent.succeeded', object: clone(intent), previousAttributes: previous, requestId });
    return clone(intent);
  }

  /** Forgets everything and restarts ids. */
  clear(): void {
    this.#customers.clear();
    this.#invoices.clear();
    this.#intents.clear();
    this.#events = [];
    this.#invoiceNumbers.clear();
    this.ids.reset();
  }
}
