import { z } from 'zod';
import type { ChangeEvent, FieldValues } from '#domain/change-event';
import type { ParseOutcome } from '#ports/webhook-source';
import { toMajorUnits } from './currency.ts';
import { readJsonBody } from '../webhook-body.ts';

/** The event envelope Stripe POSTs (one event per request). Unknown keys are ignored. */
const StripeEvent = z.object({
  id: z.string().regex(/^evt_\w+$/, 'expected an event id starting with "evt_"').max(100),
  object: z.literal('event'),
  type: z.string().min(1),
  created: z.number().int().positive(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
type StripeEvent = z.infer<typeof StripeEvent>;

/** Events carry ids, not expanded objects; an expanded `{id}` is accepted all the same. */
const CustomerRef = z
  .union([z.string().regex(/^cus_\w+$/), z.object({ id: z.string().regex(/^cus_\w+$/) }).transform((c) => c.id)])
  .nullable()
  .optional();
const Currency = z.string().regex(/^[a-zA-Z]{3}$/, 'expected a three-letter ISO currency code');
const MinorAmount = z.number().int().nonnegative();

const Invoice = z.object({
  id: z.string().regex(/^in_\w+$/, 'expected an invoice id starting with "in_"'),
  customer: CustomerRef,
  number: z.string().nullable().optional(),
  amount_due: MinorAmount,
  amount_paid: MinorAmount,
  currency: Currency,
  status_transitions: z.object({ paid_at: z.number().int().positive().nullable().optional() }).optional(),
});
type Invoice = z.infer<typeof Invoice>;

const PaymentIntent = z.object({
  id: z.string().regex(/^pi_\w+$/, 'expected a payment intent id starting with "pi_"'),
  customer: CustomerRef,
  amount: MinorAmount,
  amount_received: MinorAmount.optional(),
  currency: Currency,
});
type PaymentIntent = z.infer<typeof PaymentIntent>;

const iso = (epochSeconds: number): string => new Date(epochSeconds * 1000).toISOString();

/** Reads one synced type's object: its customer and the flattened fields the data contract maps. */
type ObjectReader = (object: unknown, event: StripeEvent) => { ok: true; customer: string | null; fields: FieldValues } | { ok: false; error: z.ZodError };

function reader<T extends { customer?: string | null | undefined }>(schema: z.ZodType<T>, fields: (object: T, event: StripeEvent) => FieldValues): ObjectReader {
  return (object, event) => {
    const parsed = schema.safeParse(object);
    return parsed.success ? { ok: true, customer: parsed.data.customer ?? null, fields: fields(parsed.data, event) } : { ok: false, error: parsed.error };
  };
}

function invoicePaidFields(invoice: Invoice, event: StripeEvent): FieldValues {
  return {
    invoice_id: invoice.id,
    invoice_number: invoice.number ?? null,
    // paid_at is set on every paid invoice; the event time is the closest stand-in should it ever be missing.
    invoice_paid_at: iso(invoice.status_transitions?.paid_at ?? event.created),
    invoice_amount_paid: toMajorUnits(invoice.amount_paid, invoice.currency),
    invoice_currency: invoice.currency.toUpperCase(),
    payment_status: 'paid',
  };
}

function invoiceFailedFields(invoice: Invoice): FieldValues {
  return {
    invoice_id: invoice.id,
    invoice_number: invoice.number ?? null,
    payment_status: 'failed',
    invoice_amount_due: toMajorUnits(invoice.amount_due, invoice.currency),
  };
}

function paymentSucceededFields(intent: PaymentIntent, event: StripeEvent): FieldValues {
  return {
    payment_id: intent.id,
    // A PaymentIntent records when it was created, not when it succeeded; the event is created at success.
    payment_succeeded_at: iso(event.created),
    payment_amount: toMajorUnits(intent.amount_received ?? intent.amount, intent.currency),
    payment_currency: intent.currency.toUpperCase(),
  };
}

const SYNCED: Readonly<Record<string, ObjectReader>> = {
  'invoice.paid': reader(Invoice, invoicePaidFields),
  // Stripe sends both for one payment with the same fields; the second is an idempotent repeat of the record state.
  'invoice.payment_succeeded': reader(Invoice, invoicePaidFields),
  'invoice.payment_failed': reader(Invoice, invoiceFailedFields),
  'payment_intent.succeeded': reader(PaymentIntent, paymentSucceededFields),
};

function describe(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  return `${prefix}${issue?.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}`;
}

/**
 * Turns a Stripe event body into at most one change event on the customer (`cus_…`), a snapshot of its payment state.
 * Types Syncline does not sync and events without a customer are acknowledged and skipped: Stripe retries anything
 * that is not 2xx for up to three days, and a redelivery would not make them syncable.
 */
export function parseStripeWebhook(rawBody: string): ParseOutcome {
  const body = readJsonBody(rawBody);
  if (!body.ok) return body;
  const json = body.json;
  if (Array.isArray(json)) return { ok: false, reason: 'malformed-body', message: 'The body is a JSON array; Stripe sends one event object per request.' };
  const envelope = StripeEvent.safeParse(json);
  if (!envelope.success) return { ok: false, reason: 'malformed-body', message: `The body is not a Stripe event: ${describe(envelope.error, 'event')}.` };
  const event = envelope.data;
  const read = SYNCED[event.type];
  if (!read) return { ok: true, events: [], skipped: [{ index: 0, reason: 'event type not synced' }] };
  const object = read(event.data.object, event);
  if (!object.ok) {
    return { ok: false, reason: 'malformed-body', message: `The ${event.type} event's object is not readable: ${describe(object.error, 'data.object')}.` };
  }
  const { customer, fields } = object;
  if (!customer) return { ok: true, events: [], skipped: [{ index: 0, reason: `${event.type} event has no customer` }] };
  const change: ChangeEvent = {
    source: 'stripe',
    objectType: 'customer',
    sourceId: customer,
    eventId: event.id,
    occurredAt: iso(event.created),
    kind: 'upsert',
    fields,
    snapshot: true,
  };
  return { ok: true, events: [change], skipped: [] };
}
