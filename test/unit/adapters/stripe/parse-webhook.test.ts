import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChangeEvent } from '#domain/change-event';
import { minorUnitExponent, toMajorUnits } from '#adapters/vendors/stripe/currency';
import { parseStripeWebhook } from '#adapters/vendors/stripe/parse-webhook';

const CREATED = 1_764_000_000;

function invoice(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'in_1SyncLn00000000000012',
    object: 'invoice',
    customer: 'cus_SyncNorthwind01',
    number: 'NWT-0002',
    amount_due: 129_999,
    amount_paid: 129_999,
    amount_remaining: 0,
    currency: 'usd',
    status: 'paid',
    status_transitions: { finalized_at: CREATED - 600, paid_at: CREATED - 5, voided_at: null, marked_uncollectible_at: null },
    hosted_invoice_url: 'https://invoice.stripe.com/i/acct_1/test_x',
    lines: { object: 'list', data: [], has_more: false, total_count: 0, url: '/v1/invoices/in_x/lines' },
    ...overrides,
  };
}

function event(type: string, object: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    { id: 'evt_1SyncLn0000000000007', object: 'event', api_version: '2025-03-31.basil', created: CREATED, livemode: false, type, data: { object }, request: { id: null, idempotency_key: null }, pending_webhooks: 1, ...extra },
    null,
    2,
  );
}

const paymentIntent = (overrides: Record<string, unknown> = {}) => ({
  id: 'pi_1SyncLn0000000000003',
  object: 'payment_intent',
  amount: 5000,
  amount_received: 5000,
  currency: 'jpy',
  customer: 'cus_SyncContoso0002',
  status: 'succeeded',
  created: CREATED - 60,
  ...overrides,
});

describe('parseStripeWebhook', () => {
  it('turns invoice.paid into a snapshot upsert of the customer with flattened invoice fields', () => {
    const outcome = parseStripeWebhook(event('invoice.paid', invoice()));
    expect(outcome).toEqual({
      ok: true,
      skipped: [],
      events: [
        {
          source: 'stripe',
          objectType: 'customer',
          sourceId: 'cus_SyncNorthwind01',
          eventId: 'evt_1SyncLn0000000000007',
          occurredAt: new Date(CREATED * 1000).toISOString(),
          kind: 'upsert',
          snapshot: true,
          fields: {
            invoice_id: 'in_1SyncLn00000000000012',
            invoice_number: 'NWT-0002',
            invoice_paid_at: new Date((CREATED - 5) * 1000).toISOString(),
            invoice_amount_paid: 1299.99,
            invoice_currency: 'USD',
            payment_status: 'paid',
          },
        },
      ],
    });
    if (outcome.ok) for (const e of outcome.events) expect(ChangeEvent.safeParse(e).success).toBe(true);
  });

  it('gives invoice.payment_succeeded the same fields as invoice.paid', () => {
    const paid = parseStripeWebhook(event('invoice.paid', invoice()));
    const succeeded = parseStripeWebhook(event('invoice.payment_succeeded', invoice()));
    expect(paid.ok && succeeded.ok && succeeded.events[0]?.fields).toEqual(paid.ok && paid.events[0]?.fields);
  });

  it('reads an expanded customer object and a missing paid_at (falls back to the event time)', () => {
    const outcome = parseStripeWebhook(event('invoice.paid', invoice({ customer: { id: 'cus_X1', object: 'customer' }, status_transitions: { paid_at: null } })));
    expect(outcome).toMatchObject({ ok: true, events: [{ sourceId: 'cus_X1', fields: { invoice_paid_at: new Date(CREATED * 1000).toISOString() } }] });
  });

  it('turns invoice.payment_failed into failed status with the amount due', () => {
    const outcome = parseStripeWebhook(event('invoice.payment_failed', invoice({ amount_paid: 0, amount_due: 48_050, currency: 'chf', status: 'open' })));
    expect(outcome).toMatchObject({ ok: true, events: [{ fields: { invoice_id: 'in_1SyncLn00000000000012', invoice_number: 'NWT-0002', payment_status: 'failed', invoice_amount_due: 480.5 } }] });
    expect(outcome.ok && Object.keys(outcome.events[0]?.fields ?? {}).sort()).toEqual(['invoice_amount_due', 'invoice_id', 'invoice_number', 'payment_status']);
  });

  it('turns payment_intent.succeeded with a customer into payment fields, in zero-decimal JPY', () => {
    const outcome = parseStripeWebhook(event('payment_intent.succeeded', paymentIntent()));
    expect(outcome).toMatchObject({
      ok: true,
      events: [{ sourceId: 'cus_SyncContoso0002', fields: { payment_id: 'pi_1SyncLn0000000000003', payment_succeeded_at: new Date(CREATED * 1000).toISOString(), payment_amount: 5000, payment_currency: 'JPY' } }],
    });
  });

  it('skips a payment intent without a customer and types it does not sync, with reasons', () => {
    expect(parseStripeWebhook(event('payment_intent.succeeded', paymentIntent({ customer: null })))).toEqual({ ok: true, events: [], skipped: [{ index: 0, reason: 'payment_intent.succeeded event has no customer' }] });
    expect(parseStripeWebhook(event('customer.updated', { id: 'cus_1', object: 'customer' }))).toEqual({ ok: true, events: [], skipped: [{ index: 0, reason: 'event type not synced' }] });
    expect(parseStripeWebhook(event('invoice.finalized', invoice()))).toEqual({ ok: true, events: [], skipped: [{ index: 0, reason: 'event type not synced' }] });
  });

  it('rejects non-JSON, arrays, non-events and unreadable synced objects with precise messages', () => {
    expect(parseStripeWebhook('{')).toMatchObject({ ok: false, reason: 'malformed-body', message: 'The body is not valid JSON.' });
    expect(parseStripeWebhook(`[${event('invoice.paid', invoice())}]`)).toMatchObject({ ok: false, reason: 'malformed-body', message: expect.stringContaining('one event object') });
    expect(parseStripeWebhook(JSON.stringify({ id: 'ch_1', object: 'charge' }))).toMatchObject({ ok: false, reason: 'malformed-body', message: expect.stringContaining('not a Stripe event: event.id') });
    expect(parseStripeWebhook(event('invoice.paid', invoice({ amount_paid: '12.00' })))).toMatchObject({ ok: false, reason: 'malformed-body', message: expect.stringContaining('data.object.amount_paid') });
  });

  it('never throws, whatever the body', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (body) => void parseStripeWebhook(body)));
  });
});

describe('toMajorUnits', () => {
  it('knows zero-decimal, three-decimal and default currencies in any case', () => {
    expect(['JPY', 'krw', 'VND', 'clp', 'XOF', 'UGX'].map(minorUnitExponent)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(['BHD', 'kwd', 'JOD', 'OMR', 'tnd'].map(minorUnitExponent)).toEqual([3, 3, 3, 3, 3]);
    expect(['usd', 'EUR', 'gbp', 'ISK', 'huf', 'TWD'].map(minorUnitExponent)).toEqual([2, 2, 2, 2, 2, 2]);
    expect([toMajorUnits(1999, 'usd'), toMajorUnits(500, 'jpy'), toMajorUnits(1234, 'kwd'), toMajorUnits(5, 'eur')]).toEqual([19.99, 500, 1.234, 0.05]);
  });

  it('equals the exact decimal for any amount and currency: minor units with the point moved by the exponent', () => {
    const currency = fc.constantFrom('usd', 'eur', 'jpy', 'krw', 'bhd', 'kwd', 'tnd', 'xaf', 'gbp', 'isk');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), currency, (amount, cur) => {
        const e = minorUnitExponent(cur);
        const digits = String(amount).padStart(e + 1, '0');
        const decimal = e === 0 ? digits : `${digits.slice(0, -e)}.${digits.slice(-e)}`;
        expect(toMajorUnits(amount, cur)).toBe(Number(decimal));
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips back to the minor amount for realistic amounts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999_999 }), fc.constantFrom('usd', 'jpy', 'bhd'), (amount, cur) => {
        expect(Math.round(toMajorUnits(amount, cur) * 10 ** minorUnitExponent(cur))).toBe(amount);
      }),
    );
  });
});
