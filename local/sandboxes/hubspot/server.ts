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
 * - `listProperties` | `getProperty` | `createProperty` | `batchCreateProperties` | `updateProperty` | `archiveProperty`
 *                    GET/POST/PATCH/DELETE /crm/v3/properties/{objectType}[/{name}|/batch/create]
 * - `listPropertyGroups` | `getPropertyGroup` | `createPropertyGroup`  /crm/v3/properties/{objectType}/groups[/{name}]
 * - `listSubscriptions` | `createSubscription` | `getSubscription` | `updateSubscription` | `archiveSubscription` |
 *   `batchUpdateSubscriptions`  /webhooks/v3/{appId}/subscriptions[/{id}|/batch/update] (developer API key, `hapikey`)
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
import { CallLog, FaultInjector, Router, addInspectionRoutes, keepState, startSandboxServer, type PersistentStore, type SandboxRequest, type SandboxResponse, type VendorHooks } from '../kit/index.ts';
import type { HubspotContext } from './context.ts';
import { AssociationStore } from './associations.ts';
import { errorForStatus, invalidApiKey, unauthorized } from './errors.ts';
import { OBJECT_TYPES, isObjectType, synclinePropertyNames, type CustomProperties } from './model.ts';
import { HubspotRateLimits, SEARCH_REQUESTS_PER_SECOND } from './rate-limit.ts';
import { addAssociationRoutes } from './routes/associations.ts';
import { addBatchRoutes } from './routes/batch.ts';
import { addImportRoutes } from './routes/import.ts';
import { addMergeRoutes } from './routes/merge.ts';
import { addObjectRoutes } from './routes/objects.ts';
import { addPortalRoutes } from './routes/portal.ts';
import { addPropertyRoutes } from './routes/properties.ts';
import { addSearchRoutes } from './routes/search.ts';
import { addWebhookInspectionRoutes } from './routes/webhook-inspection.ts';
import { addWebhookSubscriptionRoutes } from './routes/webhook-subscriptions.ts';
import { WebhookSubscriptions, type SubscriptionState } from './subscriptions.ts';
import { seedHubspot } from './seed.ts';
import { HubspotStore } from './store.ts';
import { WebhookSender } from './webhooks.ts';

/**
 * How far CRM search trails the records by default: HubSpot's index takes "a few moments" to show a created or updated
 * record (search guide [C]); seconds after a create and up to a minute after an update are reported [T]. The defaults
 * are the common case; a test of the worst case sets the options or `/__sandbox/search-lag`.
 */
export const DEFAULT_SEARCH_LAG_MS = 3_000;
export const DEFAULT_SEARCH_UPDATE_LAG_MS = 10_000;

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
   * CRM searches allowed per rolling second before the "secondly limit" 429 (default {@link SEARCH_REQUESTS_PER_SECOND},
   * HubSpot's 5 per account).
   */
  searchRateLimitPerSecond?: number;
  /**
   * How long (ms) a record created through the API stays out of CRM search results (default
   * {@link DEFAULT_SEARCH_LAG_MS}; 0 finds it at once). Get by id and batch read find it at once regardless, as in
   * HubSpot, where they are not served by the search index.
   */
  searchLagMs?: number;
  /**
   * How long (ms) search keeps matching and returning an updated record's previous values, and an archived record at
   * all (default {@link DEFAULT_SEARCH_UPDATE_LAG_MS}). Changeable at runtime through `/__sandbox/search-lag`.
   */
  searchUpdateLagMs?: number;
  /** Extra (or redefined) string properties, e.g. unique ones batch upsert may key on. */
  customProperties?: CustomProperties;
  /**
   * Whether the portal already has Syncline's custom properties (the `syncline_*` ones of model.ts; default true).
   * With false it starts as a portal `syncline setup --apply` has not run against: the properties API does not list
   * them and writes naming them are refused (PROPERTY_DOESNT_EXIST) until they are created through the API.
   */
  synclineProperties?: boolean;
  /**
   * The app's developer API key: the Webhooks API (`/webhooks/v3/…`) takes it as `hapikey` instead of the bearer
   * token, as HubSpot does (the SDK sends `developerApiKey` that way). Default {@link DEFAULT_DEVELOPER_API_KEY}.
   */
  developerApiKey?: string;
  /** A merge gives the survivor a new id and retires both old ids (default false: the primary keeps its id). */
  mergeAssignsNewId?: boolean;
  /**
   * The app's propertyChange subscriptions per object type, e.g. `{ contacts: ['email', 'jobtitle'] }`: changes to
   * other properties send no webhook, as in HubSpot, where each subscription names one property. Default: all.
   * Once the Webhooks API creates a subscription for a type, that type follows the API's subscriptions alone
   * (subscriptions.ts).
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

/** The portal set-up a sandbox keeps across a restart beside its records. */
interface PortalSetupState {
  customProperties: CustomProperties;
  propertyGroups: HubspotContext['propertyGroups'];
  subscriptions: SubscriptionState;
}

/** The developer API key a sandbox takes when none is given; local tooling can share it. */
export const DEFAULT_DEVELOPER_API_KEY = 'local-hubspot-developer-api-key';

/** The Webhooks API authenticates the app (developer API key), not the portal [C: SDK codegen/webhooks/auth]. */
const isWebhooksApi = (req: SandboxRequest): boolean => req.path.startsWith('/webhooks/v3/');

/**
 * The sandbox's own copy of the custom properties (the properties API changes it), with the `syncline_*` properties
 * marked absent when the portal starts without them. An explicit `customProperties` entry wins over both.
 */
function initialCustomProperties(o: HubspotSandboxOptions): CustomProperties {
  const custom: CustomProperties = structuredClone(o.customProperties ?? {});
  if (o.synclineProperties !== false) return custom;
  for (const type of OBJECT_TYPES) {
    const own = (custom[type] ??= {});
    for (const name of synclinePropertyNames(type)) own[name] ??= { absent: true };
  }
  return custom;
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
      if (isWebhooksApi(req)) {
        if (req.query.get('hapikey') !== (o.developerApiKey ?? DEFAULT_DEVELOPER_API_KEY)) return invalidApiKey();
        return limits.admit(false);
      }
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
  const appId = o.appId ?? 54321;
  const subscriptions = new WebhookSubscriptions(o.propertySubscriptions);
  const webhooks = new WebhookSender({
    clientSecret: o.clientSecret,
    portalId: o.portalId ?? 62515,
    appId,
    url: o.webhookUrl,
    batchDelayMs: o.webhookBatchDelayMs ?? 200,
    retryBaseMs: o.webhookRetryBaseMs ?? 500,
    maxRetryAfterMs: o.webhookMaxRetryAfterMs ?? 60_000,
    maxAttempts: o.webhookMaxAttempts ?? 10,
    timeoutMs: o.webhookTimeoutMs ?? 5000,
    decide: (change) => subscriptions.decide(change),
  });
  const store = new HubspotStore((change) => webhooks.enqueue(change));
  store.searchLag.createMs = o.searchLagMs ?? DEFAULT_SEARCH_LAG_MS;
  store.searchLag.updateMs = o.searchUpdateLagMs ?? DEFAULT_SEARCH_UPDATE_LAG_MS;
  const associations = new AssociationStore();
  let baseUrl = '';
  const ctx: HubspotContext = { store, associations, customProperties: initialCustomProperties(o), propertyGroups: {}, mergeAssignsNewId: o.mergeAssignsNewId ?? false, baseUrl: () => baseUrl };
  // What `syncline setup --apply` made (properties, groups, subscriptions) is kept with the records it shapes.
  const setup: PersistentStore<PortalSetupState> = {
    exportState: () => ({ customProperties: ctx.customProperties, propertyGroups: ctx.propertyGroups, subscriptions: subscriptions.exportState() }),
    importState: (state) => {
      ctx.customProperties = state.customProperties;
      ctx.propertyGroups = state.propertyGroups;
      subscriptions.importState(state.subscriptions);
    },
  };
  const saved = keepState(o.stateFile, { objects: store, associations, setup }, () => seed && seedHubspot(store, associations));
  const limits = new HubspotRateLimits({ per10s: o.rateLimitPer10s ?? 190, daily: o.dailyLimit ?? 10_000_000, searchPerSecond: o.searchRateLimitPerSecond ?? SEARCH_REQUESTS_PER_SECOND });
  const api = new Router();
  for (const add of [addObjectRoutes, addBatchRoutes, addSearchRoutes, addMergeRoutes, addAssociationRoutes, addPropertyRoutes]) add(api, ctx);
  addWebhookSubscriptionRoutes(api, subscriptions, appId);
  const calls = new CallLog();
  const faults = new FaultInjector();
  const state = {
    records: (object: string) => (isObjectType(object) ? store.all(object) : undefined),
    reset: (reseed: boolean) => {
      store.clear();
      associations.clear();
      webhooks.reset();
      limits.reset();
      // A reset portal is the one the options describe: properties, groups and subscriptions made since are gone.
      ctx.customProperties = initialCustomProperties(o);
      ctx.propertyGroups = {};
      subscriptions.clear();
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
