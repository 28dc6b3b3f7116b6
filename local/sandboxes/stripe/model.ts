/**
 * Stripe objects as the sandbox stores and serves them: the fields of the API reference that Syncline and the
 * stripe SDK read, with Stripe's id prefixes and epoch-second timestamps (vendor-apis §4).
 */
export interface StripeCustomer {
  id: string;
  object: 'customer';
  created: number;
  email: string | null;
  name: string | null;
  description: string | null;
  currency: string | null;
  balance: number;
  delinquent: boolean;
  invoice_prefix: string;
  livemode: false;
  metadata: Record<string, string>;
}

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';

export interface StripeInvoiceLine {
  id: string;
  object: 'line_item';
  amount: number;
  currency: string;
  description: string;
  quantity: number;
  period: { start: number; end: number };
}

export interface StripeInvoice {
  id: string;
  object: 'invoice';
  account_country: string;
  account_name: string;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  attempt_count: number;
  attempted: boolean;
  auto_advance: boolean;
  billing_reason: 'manual';
  collection_method: 'charge_automatically' | 'send_invoice';
  created: number;
  currency: string;
  customer: string;
  customer_email: string | null;
  customer_name: string | null;
  description: string | null;
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
  lines: { object: 'list'; data: StripeInvoiceLine[]; has_more: false; total_count: number; url: string };
  livemode: false;
  metadata: Record<string, string>;
  number: string | null;
  period_start: number;
  period_end: number;
  status: InvoiceStatus;
  status_transitions: { finalized_at: number | null; marked_uncollectible_at: number | null; paid_at: number | null; voided_at: number | null };
  subtotal: number;
  total: number;
}

export type PaymentIntentStatus = 'requires_payment_method' | 'processing' | 'succeeded' | 'canceled';

export interface StripePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  capture_method: 'automatic';
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  payment_method_types: string[];
  status: PaymentIntentStatus;
}

export type StripeObject = StripeCustomer | StripeInvoice | StripePaymentIntent;

/** A Stripe event as delivered to an endpoint and served by `GET /v1/events/{id}`. */
export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  livemode: false;
  type: string;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  request: { id: string | null; idempotency_key: string | null };
  pending_webhooks: number;
}

/** The sandbox's store names for `/__sandbox/records/{object}`. */
export const RECORD_OBJECTS = ['customers', 'invoices', 'payment_intents', 'events'] as const;
export type RecordObject = (typeof RECORD_OBJECTS)[number];
