import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEEDED_STRIPE_CUSTOMERS } from '#local/sandboxes/stripe/seed';
import { startStripeSandbox, type StripeSandbox } from '#local/sandboxes/stripe/server';
import { call } from './support.ts';

describe('Stripe sandbox read API through the stripe SDK', () => {
  let sandbox: StripeSandbox;
  let stripe: Stripe;

  beforeEach(async () => {
    sandbox = await startStripeSandbox({ webhookSecret: 'whsec_unused', apiKey: 'sk_test_sdk' });
    stripe = new Stripe('sk_test_sdk', { host: '127.0.0.1', port: sandbox.port, protocol: 'http', maxNetworkRetries: 0 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('serves the seeded customers with their Salesforce Account ids in metadata', async () => {
    const customers = await stripe.customers.list();
    expect(customers.data.map((c) => c.id)).toEqual(SEEDED_STRIPE_CUSTOMERS.map((c) => c.id));
    const northwind = await stripe.customers.retrieve('cus_SyncNorthwind01');
    expect(northwind).toMatchObject({ name: 'Northwind Traders', metadata: { salesforce_account_id: '001Dn0000000001IAA' } });
  });

  it('serves invoices by customer and the events a trigger announced', async () => {
    const invoices = await stripe.invoices.list({ customer: 'cus_SyncContoso0002' });
    expect(invoices.data.map((i) => i.status)).toEqual(['paid', 'open']);
    const created = await call(sandbox.url, '/__sandbox/payment_intents', { method: 'POST', body: { customer: 'cus_SyncContoso0002', amount: 2500 } });
    const intentId = (created.json as { payment_intent: { id: string } }).payment_intent.id;
    expect(await stripe.paymentIntents.retrieve(intentId)).toMatchObject({ status: 'succeeded', amount_received: 2500, currency: 'chf' });
    const events = (await call(sandbox.url, '/__sandbox/records/events')).json as { records: Array<{ id: string; type: string; pending_webhooks: number }> };
    expect(events.records.map((e) => [e.type, e.pending_webhooks])).toEqual([['payment_intent.created', 0], ['payment_intent.succeeded', 0]]);
    expect(await stripe.events.retrieve(events.records[1]?.id ?? '')).toMatchObject({ type: 'payment_intent.succeeded' });
  });

  it('fails with the SDK error classes for a wrong key, an unknown id and an injected 500', async () => {
    await expect(new Stripe('sk_test_wrong', { host: '127.0.0.1', port: sandbox.port, protocol: 'http' }).customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    await expect(stripe.customers.retrieve('cus_missing')).rejects.toMatchObject({ type: 'StripeInvalidRequestError', code: 'resource_missing', statusCode: 404 });
    await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'getInvoice', kind: 'status', status: 500 } });
    await expect(stripe.invoices.retrieve('in_any')).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
  });
});
