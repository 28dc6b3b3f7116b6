/**
 * HubSpot CRM v3 sandbox (vendor-apis §2) for contacts, companies and deals, with a signed webhook sender.
 *
 * Endpoint names in `/__sandbox/calls` and for faults:
 * - `listObjects`    GET    /crm/v3/objects/{type}
 * - `createObject`   POST   /crm/v3/objects/{type}
 * - `getObject`      GET    /crm/v3/objects/{type}/{id}
 * - `updateObject`   PATCH  /crm/v3/objects/{type}/{id}
 * - `archiveObject`  DELETE /crm/v3/objects/{type}/{id}
 * - `batchRead` | `batchCreate` | `batchUpdate` | `batchUpsert` | `batchArchive`  POST /crm/v3/objects/{type}/batch/{op}
 * - `search`         POST   /crm/v3/objects/{type}/search
 * - `notFound`, `methodNotAllowed` for requests no route takes.
 *
 * TODO: `POST /crm/v3/objects/contacts/merge` (vendor-apis §2.2) and associations v4 are not emulated yet.
 */
import { CallLog, FaultInjector, Router, addInspectionRoutes, startSandboxServer, type SandboxRequest, type SandboxResponse, type VendorHooks } from '../kit/index.ts';
import type { HubspotContext } from './context.ts';
import { errorForStatus, rateLimited, unauthorized } from './errors.ts';
import { isObjectType } from './model.ts';
import { RollingWindowLimiter } from './rate-limit.ts';
import { addBatchRoutes } from './routes/batch.ts';
import { addObjectRoutes } from './routes/objects.ts';
import { addSearchRoutes } from './routes/search.ts';
import { addWebhookInspectionRoutes } from './routes/webhook-inspection.ts';
import { seedHubspot } from './seed.ts';
import { HubspotStore } from './store.ts';
import { WebhookSender } from './webhooks.ts';

/** Options of {@link startHubspotSandbox}. */
export interface HubspotSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** The app's client secret: webhook signatures are keyed with it. */
  clientSecret: string;
  /** The only bearer token /crm routes accept. */
  accessToken: string;
  appId?: number;
  portalId?: number;
  webhookUrl?: string;
  /** How long events accumulate before a batch is sent (default 200 ms). */
  webhookBatchDelayMs?: number;
  /** First retry delay; attempt n+1 waits base × 2^n (default 500 ms). */
  webhookRetryBaseMs?: number;
  /** Delivery attempts per batch, first one included (default 5). */
  webhookMaxAttempts?: number;
  /** Per-attempt timeout (default 5000 ms). */
  webhookTimeoutMs?: number;
  /** Requests allowed per rolling 10 s before the TEN_SECONDLY_ROLLING 429 (default 190). */
  rateLimitPer10s?: number;
  /** Seed demo contacts, companies and deals (default true). */
  seed?: boolean;
}

/** A running HubSpot sandbox. */
export interface HubspotSandbox {
  url: string;
  port: number;
  setWebhookUrl(url: string | undefined): void;
  close(): Promise<void>;
}

function bearerToken(req: SandboxRequest): string | undefined {
  const header = req.headers.authorization ?? '';
  return header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

function createHooks(o: HubspotSandboxOptions, limiter: RollingWindowLimiter): VendorHooks {
  let rejectNext = 0;
  return {
    renderError: (status, message, { fault }) => errorForStatus(status, message, limiter.max, fault?.retryAfterSeconds ?? 10),
    guard: (req) => {
      if (rejectNext > 0 || bearerToken(req) !== o.accessToken) {
        rejectNext = Math.max(0, rejectNext - 1);
        return unauthorized();
      }
      return limiter.tryTake() ? undefined : rateLimited(limiter.max, limiter.retryAfterSeconds());
    },
    decorate: (_req, res: SandboxResponse) => {
      res.headers = {
        'X-HubSpot-RateLimit-Max': String(limiter.max),
        'X-HubSpot-RateLimit-Remaining': String(limiter.remaining()),
        'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
        ...res.headers,
      };
    },
    // A private-app token does not expire; the fault makes the affected request fail with 401.
    expireToken: () => {
      rejectNext += 1;
    },
    malformedBody: '{"status":"COMPLETE","results":[{"id":"1001","properties":{"email":"ada',
  };
}

/** Starts the HubSpot sandbox. */
export async function startHubspotSandbox(o: HubspotSandboxOptions): Promise<HubspotSandbox> {
  const seed = o.seed ?? true;
  const webhooks = new WebhookSender({
    clientSecret: o.clientSecret,
    portalId: o.portalId ?? 62515,
    appId: o.appId ?? 54321,
    url: o.webhookUrl,
    batchDelayMs: o.webhookBatchDelayMs ?? 200,
    retryBaseMs: o.webhookRetryBaseMs ?? 500,
    maxAttempts: o.webhookMaxAttempts ?? 5,
    timeoutMs: o.webhookTimeoutMs ?? 5000,
  });
  const store = new HubspotStore((change) => webhooks.enqueue(change));
  if (seed) seedHubspot(store);
  const limiter = new RollingWindowLimiter(o.rateLimitPer10s ?? 190);
  let baseUrl = '';
  const ctx: HubspotContext = { store, baseUrl: () => baseUrl };
  const api = addSearchRoutes(addBatchRoutes(addObjectRoutes(new Router(), ctx), ctx), ctx);
  const calls = new CallLog();
  const faults = new FaultInjector();
  const state = {
    records: (object: string) => (isObjectType(object) ? store.all(object) : undefined),
    reset: (reseed: boolean) => {
      store.clear();
      webhooks.reset();
      limiter.reset();
      if (reseed) seedHubspot(store);
    },
  };
  const inspection = addWebhookInspectionRoutes(addInspectionRoutes(new Router(), { calls, faults, endpoints: () => api.names(), state }), webhooks);
  const server = await startSandboxServer({
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    api,
    inspection,
    hooks: createHooks(o, limiter),
    calls,
    faults,
    onClose: () => webhooks.close(),
  });
  baseUrl = server.url;
  return { url: server.url, port: server.port, setWebhookUrl: (url) => webhooks.setUrl(url), close: () => server.close() };
}
