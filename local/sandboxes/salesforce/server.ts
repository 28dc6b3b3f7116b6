/**
 * Salesforce REST sandbox (vendor-apis §1): OAuth refresh, sObject CRUD, upsert by external id, sObject Collections,
 * SOQL query/queryAll with paging, limits, and SOAP lead conversion. Any `/services/data/vNN.N/` prefix is accepted.
 *
 * Endpoint names in `/__sandbox/calls` and for faults:
 * - `oauthToken` POST /services/oauth2/token · `versions` GET /services/data · `limits` GET …/limits
 * - `describe` GET …/sobjects/{Obj}/describe
 * - `createRecord` POST …/sobjects/{Obj} · `getRecord` GET, `updateRecord` PATCH, `deleteRecord` DELETE …/sobjects/{Obj}/{id}
 * - `getByExternalId` GET, `upsertByExternalId` PATCH …/sobjects/{Obj}/{ExtField}/{value}
 * - `createCollection` POST, `updateCollection` PATCH, `deleteCollection` DELETE …/composite/sobjects
 * - `upsertCollection` PATCH …/composite/sobjects/{Obj}/{ExtField} · `retrieveCollection` GET/POST …/composite/sobjects/{Obj}
 * - `query` GET …/query?q= · `queryAll` GET …/queryAll?q= · `queryMore` GET …/query/{locator}
 * - `convertLead` POST /services/Soap/u/NN.N (partner SOAP; convertLead is its only operation, §1.9)
 * - `notFound`, `methodNotAllowed` for requests no route takes.
 *
 * Not yet emulated (each slots in as a file under routes/): Bulk API 2.0 (§1.8), other SOAP calls,
 * duplicate rules (DUPLICATES_DETECTED, §1.7), Outbound Messages (§1.10), `/sobjects/{Obj}/updated|deleted`.
 */
import { BadRequestError, CallLog, FaultInjector, Router, addInspectionRoutes, startSandboxServer, type SandboxRequest, type VendorHooks } from '../kit/index.ts';
import { TokenIssuer } from './auth.ts';
import type { SalesforceContext } from './context.ts';
import { errorForStatus, invalidSession, sfError } from './errors.ts';
import { addCompositeRoutes } from './routes/composite.ts';
import { addOrgRoutes } from './routes/org.ts';
import { CursorStore, addQueryRoutes } from './routes/query.ts';
import { addSobjectRoutes } from './routes/sobjects.ts';
import { addSoapRoutes, soapFaultForStatus } from './routes/soap.ts';
import { objectDef } from './schema.ts';
import { seedSalesforce } from './seed.ts';
import { SalesforceStore } from './store.ts';

/** Options of {@link startSalesforceSandbox}. */
export interface SalesforceSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** A pre-issued valid token. */
  accessToken?: string;
  /** Lifetime of issued tokens (default 7200 s). */
  tokenTtlSeconds?: number;
  /** Daily API request limit reported in Sforce-Limit-Info and /limits; past it, 403 REQUEST_LIMIT_EXCEEDED (default 15000). */
  apiLimit?: number;
  /** Seed accounts, contacts, leads and opportunities (default true). */
  seed?: boolean;
  /** The sandbox's clock (default Date.now); tests pin it to make timestamps collide. */
  clock?: () => number;
  /** SystemModstamp resolution: 1 ms (default) or 1000 for whole seconds as in a real org. */
  modstampResolutionMs?: number;
}

/** A running Salesforce sandbox. */
export interface SalesforceSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

const isDataCall = (req: SandboxRequest): boolean => req.path.startsWith('/services/data/');
const isSoapCall = (req: SandboxRequest | undefined): boolean => req?.path.startsWith('/services/Soap/') ?? false;

function createHooks(ctx: SalesforceContext): VendorHooks {
  return {
    renderError: (status, message, { req }) => (isSoapCall(req) ? soapFaultForStatus(status, message) : errorForStatus(status, message, req?.path.startsWith('/services/oauth2/') ?? false)),
    // SOAP calls authenticate inside the envelope (routes/soap.ts), so the guard leaves them to their handler.
    guard: (req) => {
      if (!isDataCall(req)) return undefined;
      const header = req.headers.authorization ?? '';
      if (!ctx.tokens.isValid(header.startsWith('Bearer ') ? header.slice(7).trim() : undefined)) return invalidSession();
      ctx.usage.count += 1;
      if (ctx.usage.count > ctx.options.apiLimit) return sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      return undefined;
    },
    decorate: (req, res) => {
      // Every REST response except the versions root carries the usage header (vendor-apis §1.6).
      if (isDataCall(req)) res.headers = { 'Sforce-Limit-Info': `api-usage=${ctx.usage.count}/${ctx.options.apiLimit}`, ...res.headers };
    },
    expireToken: () => ctx.tokens.expireAll(),
    malformedBody: '{"totalSize":12,"done":true,"records":[{"attributes":{"type":"Contact","url":"/services/data/v62.0/sobjects/Contact/003',
  };
}

/** Starts the Salesforce sandbox. Its URL is both the login URL and the instance URL. */
export async function startSalesforceSandbox(o: SalesforceSandboxOptions): Promise<SalesforceSandbox> {
  const store = new SalesforceStore(o.clock, o.modstampResolutionMs);
  const tokens = new TokenIssuer(o.tokenTtlSeconds ?? 7200);
  if (o.accessToken) tokens.register(o.accessToken);
  if (o.seed ?? true) seedSalesforce(store);
  let baseUrl = '';
  const ctx: SalesforceContext = {
    store,
    tokens,
    options: { clientId: o.clientId, clientSecret: o.clientSecret, refreshToken: o.refreshToken, apiLimit: o.apiLimit ?? 15000 },
    usage: { count: 0 },
    baseUrl: () => baseUrl,
  };
  const cursors = new CursorStore();
  const api = addSoapRoutes(addQueryRoutes(addCompositeRoutes(addSobjectRoutes(addOrgRoutes(new Router(), ctx), ctx), ctx), ctx, cursors), ctx);
  const calls = new CallLog();
  const faults = new FaultInjector();
  const state = {
    records: (object: string) => {
      const def = objectDef(object);
      return def ? store.all(def).map((r) => ({ attributes: { type: def.name }, ...r })) : undefined;
    },
    reset: (reseed: boolean) => {
      store.clear();
      cursors.clear();
      ctx.usage.count = 0;
      // A token-expiry fault may have revoked the pre-issued token; a reset brings it back.
      if (o.accessToken) tokens.register(o.accessToken);
      if (reseed) seedSalesforce(store);
    },
    validateFault: (fault: { kind: string; status?: number }) => {
      if (fault.kind === 'status' && fault.status === 429) {
        throw new BadRequestError('Salesforce never answers 429; inject status 403 for REQUEST_LIMIT_EXCEEDED instead.');
      }
    },
  };
  const inspection = addInspectionRoutes(new Router(), { calls, faults, endpoints: () => api.names(), state });
  const server = await startSandboxServer({ port: o.port ?? 0, host: o.host ?? '127.0.0.1', api, inspection, hooks: createHooks(ctx), calls, faults });
  baseUrl = server.url;
  return { url: server.url, port: server.port, close: () => server.close() };
}
