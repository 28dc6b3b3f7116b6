/**
 * Stripe sandbox (vendor-apis §4): customers, invoices and payment intents, trigger routes that move them through
 * Stripe's life cycle, and a webhook sender that signs each event like Stripe (`Stripe-Signature`, v1 HMAC) and
 * retries until a 2xx.
 *
 * Endpoint names in `/__sandbox/calls` and for faults (the read API, Bearer secret key):
 * `listCustomers`, `getCustomer`, `listInvoices`, `getInvoice`, `getPaymentIntent`, `getEvent`,
 * and `notFound`, `methodNotAllowed` for requests no route takes. Triggers are in routes/triggers.ts.
 */
import { CallLog, FaultInjector, Router, addInspectionRoutes, keepState, startSandboxServer, type SandboxRequest, type VendorHooks } from '../kit/index.ts';
import { errorForStatus, unauthorized } from './errors.ts';
import { StripeEventSender } from './events.ts';
import { RECORD_OBJECTS, type RecordObject } from './model.ts';
import { addApiRoutes } from './routes/api.ts';
import { addTriggerRoutes, type SecretRing } from './routes/triggers.ts';
import { seedStripe } from './seed.ts';
import { stripeSignatureHeader } from './signing.ts';
import { StripeStore } from './store.ts';
import { WebhookDeliveries } from './webhook-delivery.ts';

/** Options of {@link startStripeSandbox}. */
export interface StripeSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** The only secret key the read API accepts (default `sk_test_syncline`). */
  apiKey?: string;
  /** Where events go; none are delivered without it. */
  webhookUrl?: string;
  /** The endpoint's signing secret (`whsec_…`). */
  webhookSecret: string;
  /** A second secret still signed with, as during a roll (both v1 entries are sent). */
  previousWebhookSecret?: string;
  /** Event types delivered (default all, `['*']`). */
  enabledEvents?: readonly string[];
  /** `api_version` in events (default `2025-03-31.basil`). */
  apiVersion?: string;
  /** First retry delay; attempt n+1 waits base × 2^(n-1) (default 500 ms; Stripe retries for up to 3 days live). */
  webhookRetryBaseMs?: number;
  /** Delivery attempts per event, the first included (default 4). */
  webhookMaxAttempts?: number;
  /** Per-attempt timeout (default 5000 ms). */
  webhookTimeoutMs?: number;
  /** Seed customers and invoices (default true). */
  seed?: boolean;
  /** Keep the records and id counters in this file: restored from it on start instead of seeding. */
  stateFile?: string;
}

/** A running Stripe sandbox. */
export interface StripeSandbox {
  url: string;
  port: number;
  setWebhookUrl(url: string | undefined): void;
  close(): Promise<void>;
}

const isRecordObject = (name: string): name is RecordObject => (RECORD_OBJECTS as readonly string[]).includes(name);

function secretRing(current: string, previous: string | undefined): SecretRing {
  let secrets = previous ? [current, previous] : [current];
  return {
    secrets: () => secrets,
    roll: (secret, keepPrevious) => {
      secrets = keepPrevious ? [secret, secrets[0] ?? secret] : [secret];
    },
    expirePrevious: () => {
      secrets = secrets.slice(0, 1);
    },
  };
}

function createHooks(apiKey: string): VendorHooks {
  let rejectNext = 0;
  const bearer = (req: SandboxRequest): string | undefined => /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  return {
    renderError: (status, message) => errorForStatus(status, message),
    guard: (req) => {
      if (rejectNext > 0 || bearer(req) !== apiKey) {
        rejectNext = Math.max(0, rejectNext - 1);
        return unauthorized();
      }
      return undefined;
    },
    decorate: (_req, res) => {
      res.headers = { 'Request-Id': `req_${Math.random().toString(36).slice(2, 16)}`, ...res.headers };
    },
    // Secret keys do not expire; the fault makes the affected request fail as a revoked key would.
    expireToken: () => {
      rejectNext += 1;
    },
    malformedBody: '{"object":"list","data":[{"id":"cus_',
  };
}

/** Starts the Stripe sandbox. */
export async function startStripeSandbox(o: StripeSandboxOptions): Promise<StripeSandbox> {
  const secrets = secretRing(o.webhookSecret, o.previousWebhookSecret);
  const deliveries = new WebhookDeliveries({
    retryBaseMs: o.webhookRetryBaseMs ?? 500,
    maxAttempts: o.webhookMaxAttempts ?? 4,
    timeoutMs: o.webhookTimeoutMs ?? 5000,
    sign: (body) => ({
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'Stripe-Signature': stripeSignatureHeader(secrets.secrets(), Math.floor(Date.now() / 1000), body),
    }),
  });
  // The store announces changes to the sender, which reads ids from the store: the late binding breaks the cycle.
  const announce: { to?: StripeEventSender } = {};
  const store = new StripeStore((change) => announce.to?.announce(change));
  const events = new StripeEventSender(store, deliveries, { apiVersion: o.apiVersion ?? '2025-03-31.basil', enabledEvents: o.enabledEvents ?? ['*'] }, o.webhookUrl);
  announce.to = events;
  const seed = o.seed ?? true;
  const saved = keepState(o.stateFile, { account: store }, () => seed && seedStripe(store));
  const api = addApiRoutes(new Router(), store);
  const calls = new CallLog();
  const faults = new FaultInjector();
  const state = {
    records: (object: string) => (isRecordObject(object) ? store.all(object) : undefined),
    reset: (reseed: boolean) => {
      store.clear();
      deliveries.reset();
      if (reseed) seedStripe(store);
    },
  };
  const inspection = addTriggerRoutes(addInspectionRoutes(new Router(), { calls, faults, endpoints: () => api.names(), state }), { store, events, deliveries, secrets });
  const server = await startSandboxServer({
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    api,
    inspection,
    hooks: createHooks(o.apiKey ?? 'sk_test_syncline'),
    calls,
    faults,
    onClose: () => (saved.close(), deliveries.close()),
  });
  return { url: server.url, port: server.port, setWebhookUrl: (url) => events.setUrl(url), close: () => server.close() };
}
