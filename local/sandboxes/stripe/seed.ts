import type { StripeCustomer } from './model.ts';
import type { StripeStore } from './store.ts';

/** Seeded objects are backdated from this instant, one hour apart: identical on every run. */
const SEED_EPOCH_S = Date.parse('2024-03-01T10:00:00.000Z') / 1000;
const HOUR_S = 3600;

/**
 * Seeded customers and the seeded Salesforce Account (local/sandboxes/salesforce/seed.ts, ids by creation order) each
 * stands for. The Salesforce seed has to carry the same `cus_…` in `Stripe_Customer_Id__c` for Syncline to link them.
 * Globex has no Account on purpose: a payer Salesforce does not know.
 */
export const SEEDED_STRIPE_CUSTOMERS = [
  { id: 'cus_SyncNorthwind01', name: 'Northwind Traders', email: 'billing@northwind.example', currency: 'usd', prefix: 'NWT', salesforceAccountId: '001Dn0000000001IAA' },
  { id: 'cus_SyncContoso0002', name: 'Contoso Pharmaceuticals', email: 'ap@contoso.example', currency: 'chf', prefix: 'CPH', salesforceAccountId: '001Dn0000000002IAA' },
  { id: 'cus_SyncFabrikam003', name: 'Fabrikam Robotics', email: 'finance@fabrikam.example', currency: 'eur', prefix: 'FAB', salesforceAccountId: '001Dn0000000003IAA' },
  { id: 'cus_SyncWoodgrove09', name: 'Woodgrove Bank', email: 'payables@woodgrove.example', currency: 'gbp', prefix: 'WGB', salesforceAccountId: '001Dn0000000009IAA' },
  { id: 'cus_SyncGlobex00099', name: 'Globex', email: 'billing@globex.example', currency: 'usd', prefix: 'GLX', salesforceAccountId: null },
] as const;

/** Seeds 5 customers; each with a paid invoice, and Contoso with one more open invoice. Announces no events. */
export function seedStripe(store: StripeStore): void {
  let hour = 0;
  const at = (): number => SEED_EPOCH_S + hour++ * HOUR_S;
  for (const c of SEEDED_STRIPE_CUSTOMERS) {
    const customer: StripeCustomer = {
      id: c.id,
      object: 'customer',
      created: at(),
      email: c.email,
      name: c.name,
      description: null,
      currency: c.currency,
      balance: 0,
      delinquent: false,
      invoice_prefix: c.prefix,
      livemode: false,
      metadata: c.salesforceAccountId ? { salesforce_account_id: c.salesforceAccountId } : {},
    };
    store.putCustomer(customer);
  }
  for (const [i, c] of SEEDED_STRIPE_CUSTOMERS.entries()) {
    const invoice = store.createInvoice({ customer: c.id, amount: 120_000 + i * 10_000, description: 'Annual subscription' }, at());
    store.payInvoice(invoice.id, at());
  }
  store.createInvoice({ customer: 'cus_SyncContoso0002', amount: 48_050, description: 'Additional seats' }, at());
}
