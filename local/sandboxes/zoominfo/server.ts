/**
 * ZoomInfo legacy Enterprise API sandbox (vendor-apis §3; not the newer GTM API): username/password authentication
 * returning a signed JWT, Company and Contact Enrich over a seeded firmographics dataset, Contact Search, lookups, rate
 * limits and record-credit quota.
 *
 * Endpoint names in `/__sandbox/calls` and for faults:
 * - `authenticate`   POST /authenticate
 * - `enrichCompany`  POST /enrich/company
 * - `enrichContact`  POST /enrich/contact
 * - `searchContact`  POST /search/contact
 * - `usage`          GET  /lookup/usage
 * - `inputFields` | `outputFields`  GET /lookup/{inputfields|outputfields}/{contact|company}/enrich
 * - `notFound`, `methodNotAllowed` for requests no route takes.
 *
 * Inspection records: `/__sandbox/records/companies` and `/__sandbox/records/contacts`.
 */
import { CallLog, FaultInjector, Router, addInspectionRoutes, keepState, startSandboxServer, type SandboxRequest, type SandboxResponse, type VendorHooks } from '../kit/index.ts';
import { JwtIssuer } from './auth.ts';
import type { ZoominfoContext } from './context.ts';
import { errorForStatus } from './errors.ts';
import { RecordQuota } from './quota.ts';
import { EnrichRateLimit, FixedWindow } from './rate-limit.ts';
import { addAuthenticateRoute } from './routes/authenticate.ts';
import { addEnrichRoutes } from './routes/enrich.ts';
import { addLookupRoutes } from './routes/lookup.ts';
import { addSearchRoutes } from './routes/search.ts';
import { seedZoominfo } from './seed.ts';
import { ZoominfoStore } from './store.ts';

/** Options of {@link startZoominfoSandbox}. */
export interface ZoominfoSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** The only credentials `/authenticate` accepts. */
  username: string;
  password: string;
  /** Lifetime of issued JWTs (default 3600 s, ZoomInfo's 60 minutes). */
  tokenLifetimeSeconds?: number;
  /** `/authenticate` calls per second (default 1). */
  authenticatePerSecond?: number;
  /** Enrich and search calls per second (default 25). */
  ratePerSecond?: number;
  /** Enrich and search calls per minute (default 1500). */
  ratePerMinute?: number;
  /** Unique records the contract may enrich before 403 (default 100,000). */
  recordLimit?: number;
  /** Requests the contract allows, reported in `/lookup/usage` and the usage headers (default 1,000,000; not enforced). */
  requestLimit?: number;
  /** Seed the firmographics (default true). */
  seed?: boolean;
  /** Keep the firmographics in this file: restored from it on start instead of seeding. */
  stateFile?: string;
  /** Generated companies beside the CRM demo ones, two contacts each (default 300). */
  generatedCompanies?: number;
  /** The sandbox's clock (default Date.now); tests move it to expire tokens. */
  clock?: () => number;
}

/** A running ZoomInfo sandbox. */
export interface ZoominfoSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Enrich and search responses carry the quota headers; [C] the spec's Contact Search example response has them too. */
const carriesUsage = (req: SandboxRequest | undefined): boolean => (req?.path.startsWith('/enrich/') || req?.path.startsWith('/search/')) ?? false;

function createHooks(ctx: ZoominfoContext): VendorHooks {
  return {
    renderError: (status, message, { fault }) => errorForStatus(status, message, ctx.enrichLimit.minute.limit, fault?.retryAfterSeconds ?? 1),
    // Contract quotas ride on every enrich and search response, errors included; not on authenticate or lookups
    // (vendor-apis §3).
    decorate: (req, res: SandboxResponse) => {
      if (!carriesUsage(req)) return;
      const { minute } = ctx.enrichLimit;
      res.headers = {
        'X-RateLimit-Limit': String(minute.limit),
        'X-RateLimit-Remaining': String(minute.remaining()),
        // [?] Seconds until the window resets; whether ZoomInfo sends seconds or an epoch time is unconfirmed.
        'X-RateLimit-Reset': String(minute.resetSeconds()),
        'X-Usage-Record-Limit-Limit': String(ctx.quota.recordLimit),
        'X-Usage-Record-Limit-Remaining': String(ctx.quota.recordsRemaining()),
        'X-Usage-Request-Limit-Limit': String(ctx.quota.requestLimit),
        'X-Usage-Request-Limit-Remaining': String(Math.max(0, ctx.quota.requestLimit - ctx.quota.requestsUsed)),
        ...res.headers,
      };
    },
    expireToken: () => ctx.tokens.expireAll(),
    malformedBody: '{"success":true,"data":{"outputFields":[["id","name"]],"result":[{"input":{"companyname":"northw',
  };
}

/** Starts the ZoomInfo sandbox. */
export async function startZoominfoSandbox(o: ZoominfoSandboxOptions): Promise<ZoominfoSandbox> {
  const clock = o.clock ?? Date.now;
  const seed = o.seed ?? true;
  const generated = o.generatedCompanies ?? 300;
  const store = new ZoominfoStore();
  const saved = keepState(o.stateFile, { firmographics: store }, () => seed && seedZoominfo(store, generated));
  const ctx: ZoominfoContext = {
    store,
    tokens: new JwtIssuer(o.tokenLifetimeSeconds ?? 3600, clock),
    username: o.username,
    password: o.password,
    authLimit: new FixedWindow(o.authenticatePerSecond ?? 1, 1_000, clock),
    enrichLimit: new EnrichRateLimit(o.ratePerSecond ?? 25, o.ratePerMinute ?? 1_500, clock),
    quota: new RecordQuota(o.recordLimit ?? 100_000, o.requestLimit ?? 1_000_000),
  };
  const api = addLookupRoutes(addSearchRoutes(addEnrichRoutes(addAuthenticateRoute(new Router(), ctx), ctx), ctx), ctx);
  const calls = new CallLog();
  const faults = new FaultInjector();
  const state = {
    records: (object: string) => (object === 'companies' ? store.companies() : object === 'contacts' ? store.contacts() : undefined),
    // A reset also restores quotas and limits, so each test starts with a fresh contract; issued tokens stay valid.
    reset: (reseed: boolean) => {
      store.clear();
      ctx.authLimit.reset();
      ctx.enrichLimit.reset();
      ctx.quota.reset();
      if (reseed) seedZoominfo(store, generated);
    },
  };
  const inspection = addInspectionRoutes(new Router(), { calls, faults, endpoints: () => api.names(), state });
  const server = await startSandboxServer({ port: o.port ?? 0, host: o.host ?? '127.0.0.1', api, inspection, hooks: createHooks(ctx), calls, faults, onClose: () => saved.close() });
  return { url: server.url, port: server.port, close: () => server.close() };
}
