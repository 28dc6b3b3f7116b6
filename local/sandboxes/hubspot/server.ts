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
 * - `mergeObjects`   POST   /crm/v3/objects/{type}/merge
 * - `associationCreateDefault` | `associationCreate` | `associationList` | `associationArchive`
 *                    PUT/GET/DELETE /crm/v4/objects/{from}/{id}/associations/…
 * - `associationBatchCreate` | `associationBatchDefault` | `associationBatchRead` | `associationBatchArchive`
 *                    POST   /crm/v4/associations/{from}/{to}/batch/…
 * - `notFound`, `methodNotAllowed` for requests no route takes.
 *
 * Rate limits (vendor-apis §2.7): daily, rolling 10 s, and search's own per-second limit, each with HubSpot's 429
 * body; every answer carries the X-HubSpot-RateLimit-* headers (the -Secondly pair on search).
 *
 * `POST /__sandbox/records/{type}` loads records that predate the test: checked as an API create checks them, but
 * backdated, with no webhook and no rate limit spent (routes/import.ts). `/__sandbox/search-lag` changes how far
 * search trails the records, and `POST /__sandbox/objects/{type}/{id}/touch` changes a record as a portal process
 * would (routes/portal.ts).
 *
 * Object paths take object type ids for names (`/crm/v3/objects/0-3/…` is deals), and property values are stored as
 * HubSpot normalizes them (values.ts), so reads show `"7.5"` for a written `"7.50"`.
 */
import { CallLog, FaultInjector, Router, addInspectionRoutes, keepState, startSandboxServer, type SandboxRequest, type SandboxResponse, type VendorHooks } from '../kit/index.ts';
import type { HubspotContext } from './context.ts';
import { AssociationStore } from './associations.ts';
import { errorForStatus, unauthorized } from './errors.ts';
import { isObjectType, type CustomProperties } from './model.ts';
import { HubspotRateLimits } from './rate-limit.ts';
import { addAssociationRoutes } from './routes/associations.ts';
import { addBatchRoutes } from './routes/batch.ts';
import { addImportRoutes } from './routes/import.ts';
import { addMergeRoutes } from './routes/merge.ts';
import { addObjectRoutes } from './routes/objects.ts';
import { addPortalRoutes } from './routes/portal.ts';
import { addPropertyRoutes } from './routes/properties.ts';
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
  /** First retry delay; attempt n+1 waits base × 2^n (default 500 ms). A 429's Retry-After overrides it. */
  webhookRetryBaseMs?: number;
  /** Upper bound on a Retry-After the sender honours (default 60 000 ms), so one receiver cannot park it. */
  webhookMaxRetryAfterMs?: number;
  /**
   * Delivery attempts per batch, first one included (default 10: HubSpot makes up to 10 attempts, vendor-apis §2.8 [C];
   * its backoff spreads them over hours, the sandbox's over minutes).
   */
  webhookMaxAttempts?: number;
  /** Per-attempt timeout (default 5000 ms). */
  webhookTimeoutMs?: number;
  /** Requests allowed per rolling 10 s before the TEN_SECONDLY_ROLLING 429 (default 190). */
  rateLimitPer10s?: number;
  /** Requests allowed per UTC day before the DAILY 429 (default 10 000 000, so nothing trips it unless asked). */
  dailyLimit?: number;
  /**
   * CRM searches allowed per rolling second before the "secondly limit" 429 (default 10). HubSpot now documents 5 per
   * account (`SEARCH_REQUESTS_PER_SECOND` in rate-limit.ts; 4 per token in older docs); the default is looser so
   * local flows that search per event are not throttled. Set `SEARCH_REQUESTS_PER_SECOND` to be faithful.
   */
  searchRateLimitPerSecond?: number;
  /**
   * How long (ms) a record created through the API stays out of CRM search results (default 0: found at once). Get by
   * id and batch read find it at once regardless, as in HubSpot, where they are not served by the search index.
   */
  searchLagMs?: number;
  /**
   * How long (ms) search keeps matching and returning an updated record's previous values, and an archived record at
   * all (default 0). Changeable at runtime through `/__sandbox/search-lag`.
   */
  searchUpdateLagMs?: number;
  /** Extra (or redefined) string properties, e.g. unique ones batch upsert may key on. */
  customProperties?: CustomProperties;
  /** A merge gives the survivor a new id and retires both old ids (default false: the primary keeps its id). */
  mergeAssignsNewId?: boolean;
  /**
   * The app's propertyChange subscriptions per object type, e.g. `{ contacts: ['email', 'jobtitle'] }`: changes to
   * other properties send no webhook, as in HubSpot, where each subscription names one property. Default: all.
   */
  propertySubscriptions?: Readonly<Record<string, readonly string[]>>;
  /** Seed demo contacts, companies and deals (default true). */
  seed?: boolean;
  /** Keep records, associations and id counters in this file: restored from it on start instead of seeding. */
  stateFile?: string;
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

const isSearch = (req: SandboxRequest): boolean => req.endpoint === 'search';

function createHooks(o: HubspotSandboxOptions, limits: HubspotRateLimits): VendorHooks {
  let rejectNext = 0;
  return {
    renderError: (status, message, { fault, req }) => errorForStatus(status, message, limits.headers(req ? isSearch(req) : false), fault?.retryAfterSeconds ?? 10),
    guard: (req) => {
      if (rejectNext > 0 || bearerToken(req) !== o.accessToken) {
        rejectNext = Math.max(0, rejectNext - 1);
        return unauthorized();
      }
      return limits.admit(isSearch(req));
    },
    decorate: (req, res: SandboxResponse) => {
      res.headers = { ...limits.headers(isSearch(req)), ...res.headers };
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
    maxRetryAfterMs: o.webhookMaxRetryAfterMs ?? 60_000,
    maxAttempts: o.webhookMaxAttempts ?? 10,
    timeoutMs: o.webhookTimeoutMs ?? 5000,
    ...(o.propertySubscriptions ? { propertySubscriptions: o.propertySubscriptions } : {}),
  });
  const store = new HubspotStore((change) => webhooks.enqueue(change));
  store.searchLag.createMs = o.searchLagMs ?? 0;
  store.searchLag.updateMs = o.searchUpdateLagMs ?? 0;
  const associations = new AssociationStore();
  const saved = keepState(o.stateFile, { objects: store, associations }, () => seed && seedHubspot(store, associations));
  const limits = new HubspotRateLimits({ per10s: o.rateLimitPer10s ?? 190, daily: o.dailyLimit ?? 10_000_000, searchPerSecond: o.searchRateLimitPerSecond ?? 10 });
  let baseUrl = '';
  const ctx: HubspotContext = { store, associations, customProperties: o.customProperties ?? {}, mergeAssignsNewId: o.mergeAssignsNewId ?? false, baseUrl: () => baseUrl };
  const api = new Router();
  for (const add of [addObjectRoutes, addBatchRoutes, addSearchRoutes, addMergeRoutes, addAssociationRoutes, addPropertyRoutes]) add(api, ctx);
  const calls = new CallLog();
  const faults = new FaultInjector();
  const state = {
    records: (object: string) => (isObjectType(object) ? store.all(object) : undefined),
    reset: (reseed: boolean) => {
      store.clear();
      associations.clear();
      webhooks.reset();
      limits.reset();
      if (reseed) seedHubspot(store, associations);
    },
  };
  const inspection = addPortalRoutes(addImportRoutes(addWebhookInspectionRoutes(addInspectionRoutes(new Router(), { calls, faults, endpoints: () => api.names(), state }), webhooks), ctx), ctx);
  const server = await startSandboxServer({
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    api,
    inspection,
    hooks: createHooks(o, limits),
    calls,
    faults,
    onClose: () => (saved.close(), webhooks.close()),
  });
  baseUrl = server.url;
  return { url: server.url, port: server.port, setWebhookUrl: (url) => webhooks.setUrl(url), close: () => server.close() };
}
