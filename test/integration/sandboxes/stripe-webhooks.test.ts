import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStripeWebhook } from '#adapters/vendors/stripe/parse-webhook';
import { stripeWebhooks } from '#adapters/vendors/stripe/webhook-source';
import { startStripeSandbox, type StripeSandbox, type StripeSandboxOptions } from '#local/sandboxes/stripe/server';
import type { InboundRequest } from '#ports/webhook-source';
import { call, startReceiver, waitFor, type ReceivedRequest, type Receiver } from './support.ts';

const SECRET = 'whsec_sandbox_current';
const NORTHWIND = 'cus_SyncNorthwind01';
const stripe = new Stripe('sk_test_x');

const inbound = (req: ReceivedRequest, url: string): InboundRequest => ({
  method: 'POST',
  url,
  rawBody: req.body,
  headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])),
});
const typeOf = (req: ReceivedRequest): string => (JSON.parse(req.body) as { type: string }).type;

describe('Stripe sandbox webhooks', () => {
  let sandbox: StripeSandbox | undefined;
  let receiver: Receiver | undefined;

  async function start(respond?: (i: number) => number, options: Partial<StripeSandboxOptions> = {}): Promise<{ sandbox: StripeSandbox; receiver: Receiver }> {
    receiver = await startReceiver(respond);
    sandbox = await startStripeSandbox({ webhookSecret: SECRET, webhookUrl: receiver.url, webhookRetryBaseMs: 30, ...options });
    return { sandbox, receiver };
  }

  afterEach(async () => {
    await sandbox?.close();
    await receiver?.close();
    sandbox = undefined;
    receiver = undefined;
  });

  it('delivers created, finalized, paid and payment_succeeded events that our verifier and stripe.webhooks.constructEvent both accept', async () => {
    const { sandbox, receiver } = await start();
    const created = await call(sandbox.url, '/__sandbox/invoices', { method: 'POST', body: { customer: NORTHWIND, amount: 129_999, description: 'Seats' } });
    const invoiceId = (created.json as { invoice: { id: string; status: string; number: string } }).invoice.id;
    expect(created.status).toBe(200);
    await call(sandbox.url, `/__sandbox/invoices/${invoiceId}/pay`, { method: 'POST' });
    await waitFor(() => receiver.requests.length === 4);
    expect(receiver.requests.map(typeOf).sort()).toEqual(['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_succeeded']);
    for (const req of receiver.requests) {
      expect(await stripeWebhooks.verify({ webhookSecret: SECRET }, inbound(req, receiver.url), Date.now())).toEqual({ ok: true });
      const sdkEvent = stripe.webhooks.constructEvent(req.body, String(req.headers['stripe-signature']), SECRET);
      expect(sdkEvent.livemode).toBe(false);
      expect(req.headers['content-type']).toMatch(/^application\/json/);
    }
    const paid = receiver.requests.find((r) => typeOf(r) === 'invoice.paid') as ReceivedRequest;
    const parsed = parseStripeWebhook(paid.body);
    expect(parsed).toMatchObject({
      ok: true,
      events: [{ source: 'stripe', objectType: 'customer', sourceId: NORTHWIND, kind: 'upsert', snapshot: true, fields: { invoice_id: invoiceId, invoice_amount_paid: 1299.99, invoice_currency: 'USD', payment_status: 'paid' } }],
    });
    const body = JSON.parse(paid.body) as { data: { object: Record<string, unknown>; previous_attributes: Record<string, unknown> }; request: { id: string } };
    expect(body.data.object).toMatchObject({ object: 'invoice', status: 'paid', amount_paid: 129_999, number: 'NWT-0002', hosted_invoice_url: expect.stringMatching(/^https:\/\/invoice\.stripe\.com\//) });
    expect(body.data.previous_attributes).toMatchObject({ status: 'open' });
    expect(body.request.id).toMatch(/^req_/);
    expect(parseStripeWebhook((receiver.requests.find((r) => typeOf(r) === 'invoice.created') as ReceivedRequest).body)).toMatchObject({ ok: true, events: [], skipped: [{ reason: 'event type not synced' }] });
  });

  it('rejects a tampered delivery with our verifier and with the SDK', async () => {
    const { sandbox, receiver } = await start(undefined, { enabledEvents: ['payment_intent.succeeded'] });
    await call(sandbox.url, '/__sandbox/payment_intents', { method: 'POST', body: { customer: NORTHWIND, amount: 5000, currency: 'jpy' } });
    await waitFor(() => receiver.requests.length === 1);
    const req = receiver.requests[0] as ReceivedRequest;
    const tampered = { ...req, body: req.body.replace('"amount": 5000', '"amount": 5') };
    expect(tampered.body).not.toBe(req.body);
    expect(await stripeWebhooks.verify({ webhookSecret: SECRET }, inbound(tampered, receiver.url), Date.now())).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(() => stripe.webhooks.constructEvent(tampered.body, String(req.headers['stripe-signature']), SECRET)).toThrow();
    expect(parseStripeWebhook(req.body)).toMatchObject({ ok: true, events: [{ fields: { payment_amount: 5000, payment_currency: 'JPY' } }] });
  });

  it('retries after a 500 with a fresh signature over the same body, and stops at the first 200', async () => {
    const { sandbox, receiver } = await start((i) => (i < 2 ? 500 : 200), { enabledEvents: ['invoice.payment_failed'] });
    const invoices = (await call(sandbox.url, `/v1/invoices?customer=cus_SyncContoso0002`, { headers: { authorization: 'Bearer sk_test_syncline' } })).json as { data: Array<{ id: string; status: string }> };
    const open = invoices.data.find((i) => i.status === 'open');
    await call(sandbox.url, `/__sandbox/invoices/${open?.id}/fail`, { method: 'POST' });
    await waitFor(() => receiver.requests.length === 3);
    await new Promise((r) => setTimeout(r, 250));
    expect(receiver.requests).toHaveLength(3);
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
    for (const req of receiver.requests) expect(await stripeWebhooks.verify({ webhookSecret: SECRET }, inbound(req, receiver.url), Date.now())).toEqual({ ok: true });
    const log = (await call(sandbox.url, '/__sandbox/webhooks')).json as { deliveries: Array<{ label: string; attempts: Array<{ status: number }> }> };
    expect(log.deliveries.map((d) => [d.label, d.attempts.map((a) => a.status)])).toEqual([['invoice.payment_failed', [500, 500, 200]]]);
  });

  it('gives up after the configured number of attempts', async () => {
    const { sandbox, receiver } = await start(() => 503, { enabledEvents: ['payment_intent.succeeded'], webhookMaxAttempts: 2 });
    await call(sandbox.url, '/__sandbox/payment_intents', { method: 'POST', body: { amount: 100 } });
    await waitFor(() => receiver.requests.length === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.requests).toHaveLength(2);
  });

  it('signs with both secrets while one is rolled, so receivers holding either accept', async () => {
    const { sandbox, receiver } = await start(undefined, { enabledEvents: ['payment_intent.succeeded'] });
    await call(sandbox.url, '/__sandbox/webhook-secret/roll', { method: 'POST', body: { secret: 'whsec_sandbox_next' } });
    await call(sandbox.url, '/__sandbox/payment_intents', { method: 'POST', body: { customer: NORTHWIND, amount: 700 } });
    await call(sandbox.url, '/__sandbox/webhook-secret/expire-previous', { method: 'POST' });
    await call(sandbox.url, '/__sandbox/payment_intents', { method: 'POST', body: { customer: NORTHWIND, amount: 800 } });
    await waitFor(() => receiver.requests.length === 2);
    const [during, after] = receiver.requests as [ReceivedRequest, ReceivedRequest];
    expect(String(during.headers['stripe-signature']).match(/v1=/g)).toHaveLength(2);
    expect(await stripeWebhooks.verify({ webhookSecret: SECRET }, inbound(during, receiver.url), Date.now())).toEqual({ ok: true });
    expect(await stripeWebhooks.verify({ webhookSecret: 'whsec_sandbox_next' }, inbound(during, receiver.url), Date.now())).toEqual({ ok: true });
    expect(await stripeWebhooks.verify({ webhookSecret: SECRET }, inbound(after, receiver.url), Date.now())).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(await stripeWebhooks.verify({ webhookSecret: 'whsec_sandbox_next', previousWebhookSecret: SECRET }, inbound(after, receiver.url), Date.now())).toEqual({ ok: true });
  });

  it('refuses triggers on unknown or already-paid invoices', async () => {
    const { sandbox } = await start();
    expect((await call(sandbox.url, '/__sandbox/invoices/in_nope/pay', { method: 'POST' })).status).toBe(404);
    const paid = ((await call(sandbox.url, '/__sandbox/records/invoices')).json as { records: Array<{ id: string; status: string }> }).records.find((i) => i.status === 'paid');
    const again = await call(sandbox.url, `/__sandbox/invoices/${paid?.id}/pay`, { method: 'POST' });
    expect(again.status).toBe(400);
    expect((await call(sandbox.url, '/__sandbox/invoices', { method: 'POST', body: { customer: 'cus_unknown', amount: 1 } })).status).toBe(404);
    expect((await call(sandbox.url, '/__sandbox/invoices', { method: 'POST', body: { customer: NORTHWIND, amount: -1 } })).status).toBe(400);
  });
});
