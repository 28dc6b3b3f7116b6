import { jsonResponse, ResponseError, type Router, type SandboxResponse } from '../../kit/index.ts';
import { noSuch } from '../errors.ts';
import type { StripeStore } from '../store.ts';

const list = (url: string, data: unknown[]): SandboxResponse => jsonResponse(200, { object: 'list', data, has_more: false, url });

function found<T>(value: T | undefined, kind: string, id: string): T {
  if (value === undefined) throw new ResponseError(noSuch(kind, id));
  return value;
}

/**
 * The read side of the Stripe API the sandbox serves, so the stripe SDK can look at what the triggers made:
 * `listCustomers`, `getCustomer`, `listInvoices` (`?customer=`), `getInvoice`, `getPaymentIntent`, `getEvent`.
 */
export function addApiRoutes(router: Router, store: StripeStore): Router {
  return router
    .add('GET', '/v1/customers', 'listCustomers', () => list('/v1/customers', store.all('customers')))
    .add('GET', '/v1/customers/:id', 'getCustomer', (req) => jsonResponse(200, found(store.customer(req.params['id'] ?? ''), 'customer', req.params['id'] ?? '')))
    .add('GET', '/v1/invoices', 'listInvoices', (req) => {
      const customer = req.query.get('customer');
      const invoices = store.all('invoices').filter((i) => customer === null || ('customer' in i && i.customer === customer));
      return list('/v1/invoices', invoices);
    })
    .add('GET', '/v1/invoices/:id', 'getInvoice', (req) => jsonResponse(200, found(store.invoice(req.params['id'] ?? ''), 'invoice', req.params['id'] ?? '')))
    .add('GET', '/v1/payment_intents/:id', 'getPaymentIntent', (req) =>
      jsonResponse(200, found(store.paymentIntent(req.params['id'] ?? ''), 'payment_intent', req.params['id'] ?? '')),
    )
    .add('GET', '/v1/events/:id', 'getEvent', (req) => jsonResponse(200, found(store.event(req.params['id'] ?? ''), 'event', req.params['id'] ?? '')));
}
