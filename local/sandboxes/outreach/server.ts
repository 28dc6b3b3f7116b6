/**
 * Outreach API v2 sandbox (vendor-apis §4; JSON:API at /api/v2, OAuth bearer tokens from /oauth/token) for
 * prospects, sequenceStates, mailings and calls, with a signed webhook sender.
 *
 * Endpoint names in `/__sandbox/calls` and for faults:
 * - `token`                 POST   /oauth/token (refresh_token grant; needs no bearer token, not rate limited)
 * - `listProspects` | `createProspect` | `getProspect` | `updateProspect` | `deleteProspect`   /api/v2/prospects[/{id}]
 * - `listSequenceStates` | `createSequenceState` | `getSequenceState`                         /api/v2/sequenceStates[/{id}]
 * - `sequenceStateAction`   POST   /api/v2/sequenceStates/{id}/actions/{pause|resume|finish}
 * - `listMailings` | `getMailing` | `listCalls` | `getCall`                                   /api/v2/{mailings|calls}[/{id}]
 * - `listWebhooks` | `createWebhook` | `getWebhook` | `deleteWebhook`                         /api/v2/webhooks[/{id}]
 * - `notFound`, `methodNotAllowed` for requests no route takes.
 *
 * Inspection extras: `POST /__sandbox/mailings`, `POST /__sandbox/logged-calls`, `GET /__sandbox/webhooks`,
 * `POST /__sandbox/webhooks/idle`, `POST /__sandbox/webhooks/{id}/redeliver`, `POST /__sandbox/tokens/expire`.
 */
import { CallLog, FaultInjector, Router, addInspectionRoutes, keepState, startSandboxServer, type SandboxRequest, type SandboxResponse, type VendorHooks } from '../kit/index.ts';
import { TokenStore, bearerToken } from './auth.ts';
import type { OutreachContext } from './context.ts';
import { errorForStatus, rateLimited, unauthorized } from './errors.ts';
import { isResourceType } from './model.ts';
import { HourlyLimiter } from './rate-limit.ts';
import { addActivityRoutes } from './routes/activities.ts';
import { addOutreachInspectionRoutes } from './routes/inspection.ts';
import { addProspectRoutes } from './routes/prospects.ts';
import { addSequenceStateRoutes } from './routes/sequence-states.ts';
import { addWebhookRoutes } from './routes/webhooks.ts';
import { seedOutreach } from './seed.ts';
import { OutreachStore } from './store.ts';
import { OutreachWebhookSender, type Subscription } from './webhooks.ts';

/** Options of {@link startOutreachSandbox}. */
export interface OutreachSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** The OAuth app and the user's grant that `/oauth/token` accepts. */
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** An access token valid from the start (as if issued just now), so clients may skip the first refresh. */
  accessToken?: string;
  /** Access-token lifetime in seconds (default 7200, Outreach's two hours). */
  tokenTtlSeconds?: number;
  /** A webhook subscribed at start to every resource and action (like one created with `POST /api/v2/webhooks`). */
  webhookUrl?: string;
  /** The start subscription's signing secret; without one its deliveries are unsigned. */
  webhookSecret?: string;
  /** Retries after a failed connection (default 3). */
  webhookRetries?: number;
  /** Wait between delivery attempts (default 1000 ms). */
  webhookRetryIntervalMs?: number;
  /** Per-attempt timeout (default 5000 ms; Outreach expects an answer within 5 s). */
  webhookTimeoutMs?: number;
  /** Requests per user per window before 429 (default 10,000). */
  rateLimitPerHour?: number;
  /** The rate-limit window (default one hour; shorter in tests). */
  rateLimitWindowMs?: number;
  /** Seed demo prospects and activity (default true). */
  seed?: boolean;
  /** Keep the resources and id counters in this file: restored from it on start instead of seeding. */
  stateFile?: string;
}

/** A running Outreach sandbox. */
export interface OutreachSandbox {
  url: string;
  port: number;
  /** Points the start subscription somewhere else (or removes it with undefined). */
  setWebhookUrl(url: string | undefined): void;
  /** Resolves once every webhook delivery in flight (retries included) is done. */
  webhooksIdle(): Promise<void>;
  close(): Promise<void>;
}

function createHooks(tokens: TokenStore, limiter: HourlyLimiter): VendorHooks {
  const rate = () => ({ limit: limiter.limit, resetEpochSeconds: limiter.resetEpochSeconds() });
  return {
    renderError: (status, message, { fault }) => errorForStatus(status, message, rate(), fault?.retryAfterSeconds ?? limiter.retryAfterSeconds()),
    guard: (req: SandboxRequest) => {
      if (req.endpoint === 'token') return undefined;
      if (!tokens.isValid(bearerToken(req))) return unauthorized();
      return limiter.tryTake() ? undefined : rateLimited(limiter.limit, limiter.resetEpochSeconds(), limiter.retryAfterSeconds());
    },
    decorate: (req, res: SandboxResponse) => {
      if (req.endpoint === 'token') return;
      res.headers = {
        'X-RateLimit-Limit': String(limiter.limit),
        'X-RateLimit-Remaining': String(limiter.remaining()),
        'X-RateLimit-Reset': String(limiter.resetEpochSeconds()),
        ...res.headers,
      };
    },
    // The token this request carries expires now, so the request fails with 401 and the client must refresh.
    expireToken: (req) => tokens.expire(bearerToken(req)),
    malformedBody: '{"data":{"type":"prospect","id":1001,"attributes":{"firstName":"Pri',
  };
}

/** Starts the Outreach sandbox. */
export async function startOutreachSandbox(o: OutreachSandboxOptions): Promise<OutreachSandbox> {
  const seed = o.seed ?? true;
  const webhooks = new OutreachWebhookSender({ retries: o.webhookRetries ?? 3, retryIntervalMs: o.webhookRetryIntervalMs ?? 1000, timeoutMs: o.webhookTimeoutMs ?? 5000 });
  let startSubscription: Subscription | undefined;
  const subscribeStart = (url: string | undefined): void => {
    if (startSubscription) webhooks.unsubscribe(startSubscription.id);
    startSubscription = url ? webhooks.subscribe({ url, resource: '*', action: '*', ...(o.webhookSecret ? { secret: o.webhookSecret } : {}) }) : undefined;
  };
  subscribeStart(o.webhookUrl);
  const store = new OutreachStore((change) => webhooks.enqueue(change));
  const saved = keepState(o.stateFile, { resources: store }, () => seed && seedOutreach(store));
  const tokens = new TokenStore({ clientId: o.clientId, clientSecret: o.clientSecret, refreshToken: o.refreshToken, tokenTtlSeconds: o.tokenTtlSeconds ?? 7200 });
  if (o.accessToken) tokens.admit(o.accessToken);
  const limiter = new HourlyLimiter(o.rateLimitPerHour ?? 10_000, o.rateLimitWindowMs ?? 3_600_000);
  let baseUrl = '';
  const ctx: OutreachContext = { store, webhooks, baseUrl: () => baseUrl };
  const api = new Router().add('POST', '/oauth/token', 'token', (req) => tokens.grant(req));
  addWebhookRoutes(addActivityRoutes(addSequenceStateRoutes(addProspectRoutes(api, ctx), ctx), ctx), ctx);
  const calls = new CallLog();
  const faults = new FaultInjector();
  const state = {
    records: (object: string) => (isResourceType(object) ? store.all(object) : undefined),
    reset: (reseed: boolean) => {
      store.clear();
      webhooks.reset(startSubscription);
      limiter.reset();
      if (reseed) seedOutreach(store);
    },
  };
  const inspection = addOutreachInspectionRoutes(addInspectionRoutes(new Router(), { calls, faults, endpoints: () => api.names(), state }), ctx, tokens);
  const server = await startSandboxServer({ port: o.port ?? 0, host: o.host ?? '127.0.0.1', api, inspection, hooks: createHooks(tokens, limiter), calls, faults, onClose: () => (saved.close(), webhooks.close()) });
  baseUrl = server.url;
  return { url: server.url, port: server.port, setWebhookUrl: subscribeStart, webhooksIdle: () => webhooks.idle(), close: () => server.close() };
}
