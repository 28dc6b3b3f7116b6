/**
 * Salesforce REST sandbox (vendor-apis §1): OAuth refresh, sObject CRUD, upsert by external id, sObject Collections,
 * SOQL query/queryAll with paging, limits, SOAP lead conversion, and custom fields created through the Tooling API.
 * Any `/services/data/vNN.N/` prefix is accepted.
 *
 * Endpoint names in `/__sandbox/calls` and for faults:
 * - `oauthToken` POST /services/oauth2/token · `versions` GET /services/data · `limits` GET …/limits
 * - `describe` GET …/sobjects/{Obj}/describe
 * - `createRecord` POST …/sobjects/{Obj} · `getRecord` GET, `updateRecord` PATCH, `deleteRecord` DELETE …/sobjects/{Obj}/{id}
 * - `getByExternalId` GET, `upsertByExternalId` PATCH …/sobjects/{Obj}/{ExtField}/{value}
 * - `createCollection` POST, `updateCollection` PATCH, `deleteCollection` DELETE …/composite/sobjects
 * - `upsertCollection` PATCH …/composite/sobjects/{Obj}/{ExtField} · `retrieveCollection` GET/POST …/composite/sobjects/{Obj}
 * - `query` GET …/query?q= · `queryAll` GET …/queryAll?q= · `queryMore` GET …/query/{locator}
 * - `composite` POST …/composite: up to 25 subrequests (at most 5 queries or collections) as one API call (routes/composite-api.ts)
 * - Tooling API (routes/tooling.ts, custom-fields.ts): `toolingCreateCustomField` POST …/tooling/sobjects/CustomField,
 *   `toolingGetCustomField` GET …/tooling/sobjects/CustomField/{id}, `toolingQuery` GET …/tooling/query?q= (CustomField)
 * - `convertLead` POST /services/Soap/u/NN.N (partner SOAP; convertLead is its only operation, §1.9)
 * - Bulk API 2.0 ingest (§1.8): `bulkCreateJob`, `bulkListJobs`, `bulkJobInfo`, `bulkSetJobState`, `bulkDeleteJob`,
 *   `bulkUpload`, `bulkSuccessfulResults`, `bulkFailedResults`, `bulkUnprocessedRecords` (routes/bulk2.ts)
 * - Bulk API 2.0 query: `bulkQueryCreateJob`, `bulkQueryListJobs`, `bulkQueryJobInfo`, `bulkQueryAbortJob`,
 *   `bulkQueryDeleteJob`, `bulkQueryResults` (routes/bulk2-query.ts, query-jobs.ts)
 * - `notFound`, `methodNotAllowed` for requests no route takes.
 *
 * Org behaviour: expiring access tokens, the daily API allocation and the concurrent-request limit (api-limits.ts),
 * duplicate rules (duplicate-rules.ts, off unless configured), `/__sandbox/duplicate-rules`, `/__sandbox/bulk-faults`
 * and `/__sandbox/limits` (the day's API usage and allocation, sandbox-routes.ts). Latency faults hold a request after it is admitted, so it counts as in flight. Outbound
 * Messages (§1.10): SOAP notifications of configured objects' changes, sent until acknowledged
 * (outbound-messages.ts; `GET /__sandbox/outbound-messages`).
 *
 * Each sandbox has its own org schema (schema.ts `OrgSchema`): `customFields: false` starts it without any `…__c`
 * field, and fields created through the Tooling API exist in that sandbox only, until a reset, which goes back to the
 * schema it started with. With `stateFile`, created fields are kept in the file with the records.
 *
 * Field-level security (field-security.ts): a field created through the Tooling API is hidden from the API user
 * (describe, SOQL, Bulk query, every write) until a PermissionSet with a FieldPermissions row granting it is assigned
 * to the user through a PermissionSetAssignment, all three served as ordinary sObjects (`createRecord`, `query`,
 * collections). The permission rows are records, so a reset drops them and the state file keeps them.
 *
 * `POST /__sandbox/records/{object}` loads records that predate the test: stored as an API create stores them, but
 * backdated, with no Outbound Message, duplicate rule or API usage (routes/import.ts).
 *
 * Not emulated (each would slot in as a file under routes/): other SOAP calls, `/sobjects/{Obj}/updated|deleted`.
 */
import { BadRequestError, CallLog, Router, addInspectionRoutes, keepState, startSandboxServer, type SandboxRequest, type VendorHooks } from '../kit/index.ts';
import { API_LIMIT_DEFAULTS, HeldLatencyInjector, InFlightRouter, admitApiCall, limitInfoHeader } from './api-limits.ts';
import { TokenIssuer } from './auth.ts';
import { BulkJobs } from './bulk-jobs.ts';
import type { SalesforceContext } from './context.ts';
import { DuplicateRules, STANDARD_DUPLICATE_RULES, type DuplicateRule } from './duplicate-rules.ts';
import { errorForStatus, invalidSession } from './errors.ts';
import { addBulkRoutes } from './routes/bulk2.ts';
import { addBulkQueryRoutes } from './routes/bulk2-query.ts';
import { addCompositeRoutes } from './routes/composite.ts';
import { addCompositeApiRoutes } from './routes/composite-api.ts';
import { addImportRoutes } from './routes/import.ts';
import { addOrgRoutes } from './routes/org.ts';
import { CursorStore, addQueryRoutes } from './routes/query.ts';
import { addSobjectRoutes } from './routes/sobjects.ts';
import { addSoapRoutes, soapFaultForStatus } from './routes/soap.ts';
import { addToolingRoutes } from './routes/tooling.ts';
import { OutboundMessenger, type OutboundMessagesOptions } from './outbound-messages.ts';
import { QueryJobs } from './query-jobs.ts';
import { addOutboundMessageRoutes } from './outbound-routes.ts';
import { addSalesforceInspectionRoutes } from './sandbox-routes.ts';
import { OrgSchema } from './schema.ts';
import { seedSalesforce } from './seed.ts';
import { FieldSecurity } from './field-security.ts';
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
  /** Lifetime of issued tokens in ms; wins over `tokenTtlSeconds`. Past it a token gets 401 INVALID_SESSION_ID. */
  accessTokenTtlMs?: number;
  /** Daily API request allocation reported in Sforce-Limit-Info and /limits; past it, 403 REQUEST_LIMIT_EXCEEDED (default 15000). */
  apiLimit?: number;
  /** Requests in flight at once before 403 `ConcurrentPerOrgLongTxn Limit exceeded.` (default 25). */
  concurrentRequestLimit?: number;
  /** Active duplicate rules at start and after each reset: none by default, `'standard'` for Contact/Lead by e-mail. */
  duplicateRules?: readonly DuplicateRule[] | 'standard';
  /** Time between a Bulk API 2.0 job's state steps (default 50 ms). */
  bulkStepMs?: number;
  /** Seed accounts, contacts, leads and opportunities (default true). */
  seed?: boolean;
  /**
   * Start the org with the custom fields Syncline maps (default true). `false` starts it without any field whose
   * name ends in `__c`, as an org before `syncline setup --apply`: describe omits them, SOQL and writes naming them
   * fail as for any unknown field, seeded records lack their values, and the Tooling API can create them.
   */
  customFields?: boolean;
  /** Keep the org's records, id sequence and created custom fields in this file: restored from it on start instead of seeding. */
  stateFile?: string;
  /** The sandbox's clock (default Date.now); tests pin it to make timestamps collide. */
  clock?: () => number;
  /** SystemModstamp resolution: 1 ms (default) or 1000 for whole seconds as in a real org. */
  modstampResolutionMs?: number;
  /** Outbound Message definitions and delivery timing (outbound-messages.ts); more can be added over inspection. */
  outboundMessages?: OutboundMessagesOptions;
}

/** A running Salesforce sandbox. */
export interface SalesforceSandbox {
  url: string;
  port: number;
  close(): Promise<void>;
}

const isDataCall = (req: SandboxRequest): boolean => req.path.startsWith('/services/data/');
const isSoapCall = (req: SandboxRequest | undefined): boolean => req?.path.startsWith('/services/Soap/') ?? false;

function createHooks(ctx: SalesforceContext, faults: HeldLatencyInjector): VendorHooks {
  return {
    renderError: (status, message, { req }) => (isSoapCall(req) ? soapFaultForStatus(status, message) : errorForStatus(status, message, req?.path.startsWith('/services/oauth2/') ?? false)),
    // SOAP calls authenticate inside the envelope (routes/soap.ts), so the guard leaves them to their handler.
    guard: (req) => {
      faults.claim(req);
      if (!isDataCall(req)) return undefined;
      const header = req.headers.authorization ?? '';
      if (!ctx.tokens.isValid(header.startsWith('Bearer ') ? header.slice(7).trim() : undefined)) return invalidSession();
      return admitApiCall(ctx);
    },
    decorate: (req, res) => {
      // Every REST response except the versions root carries the usage header (vendor-apis §1.6).
      if (isDataCall(req)) res.headers = { 'Sforce-Limit-Info': limitInfoHeader(ctx), ...res.headers };
    },
    expireToken: () => ctx.tokens.expireAll(),
    malformedBody: '{"totalSize":12,"done":true,"records":[{"attributes":{"type":"Contact","url":"/services/data/v62.0/sobjects/Contact/003',
  };
}

/** Starts the Salesforce sandbox. Its URL is both the login URL and the instance URL. */
export async function startSalesforceSandbox(o: SalesforceSandboxOptions): Promise<SalesforceSandbox> {
  const schema = new OrgSchema(o.customFields ?? true);
  const store = new SalesforceStore(o.clock, o.modstampResolutionMs);
  const tokens = new TokenIssuer(o.accessTokenTtlMs ?? (o.tokenTtlSeconds ?? 7200) * 1000);
  if (o.accessToken) tokens.register(o.accessToken);
  // Before the state is loaded, so the restored permission rows decide which created fields the API user sees.
  new FieldSecurity(store, schema);
  const saved = keepState(o.stateFile, { records: store, schema }, () => (o.seed ?? true) && seedSalesforce(store, schema));
  let baseUrl = '';
  const outbound = new OutboundMessenger(store, o.outboundMessages ?? {}, () => baseUrl, schema);
  const ctx: SalesforceContext = {
    store,
    schema,
    tokens,
    options: {
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      refreshToken: o.refreshToken,
      apiLimit: o.apiLimit ?? API_LIMIT_DEFAULTS.dailyRequests,
      concurrentLimit: o.concurrentRequestLimit ?? API_LIMIT_DEFAULTS.concurrentRequests,
    },
    usage: { count: 0, bulkBatches: 0, bulkQueryJobs: 0, inFlight: 0 },
    duplicates: new DuplicateRules(store, schema, o.duplicateRules === 'standard' ? STANDARD_DUPLICATE_RULES : (o.duplicateRules ?? [])),
    baseUrl: () => baseUrl,
  };
  const cursors = new CursorStore();
  const bulk = new BulkJobs(ctx, o.bulkStepMs ?? 50);
  const queryJobs = new QueryJobs(() => bulk.newJobId());
  const faults = new HeldLatencyInjector();
  const router = new InFlightRouter(ctx.usage, faults);
  // The Composite resource last: it dispatches its subrequests to the routes registered before it.
  // The Tooling API after the Composite resource, whose subrequests are REST API calls only.
  const api = addToolingRoutes(
    addCompositeApiRoutes(addBulkQueryRoutes(addBulkRoutes(addSoapRoutes(addQueryRoutes(addCompositeRoutes(addSobjectRoutes(addOrgRoutes(router, ctx), ctx), ctx), ctx, cursors), ctx), bulk, schema), ctx, queryJobs), ctx),
    ctx,
  );
  const calls = new CallLog();
  const state = {
    records: (object: string) => {
      const def = schema.object(object);
      return def ? store.all(def).map((r) => ({ attributes: { type: def.name }, ...r })) : undefined;
    },
    reset: (reseed: boolean) => {
      // The org goes back to the schema it started with, so created custom fields go too: a reset is a fresh org.
      schema.reset();
      store.clear();
      cursors.clear();
      bulk.clear();
      queryJobs.clear();
      ctx.duplicates.reset();
      Object.assign(ctx.usage, { count: 0, bulkBatches: 0, bulkQueryJobs: 0 });
      // An allocation set over `/__sandbox/limits` lasts until the reset, like the org's records.
      ctx.options.apiLimit = o.apiLimit ?? API_LIMIT_DEFAULTS.dailyRequests;
      // A token-expiry fault may have revoked the pre-issued token; a reset brings it back.
      if (o.accessToken) tokens.register(o.accessToken);
      if (reseed) seedSalesforce(store, schema);
      // After the reseed, so seeded records send no Outbound Messages.
      outbound.reset();
    },
    validateFault: (fault: { kind: string; status?: number }) => {
      if (fault.kind === 'status' && fault.status === 429) {
        throw new BadRequestError('Salesforce never answers 429; inject status 403 for REQUEST_LIMIT_EXCEEDED instead.');
      }
    },
  };
  const inspection = addImportRoutes(
    addSalesforceInspectionRoutes(addOutboundMessageRoutes(addInspectionRoutes(new Router(), { calls, faults, endpoints: () => api.names(), state }), outbound), { duplicates: ctx.duplicates, bulk, org: ctx }),
    store,
    schema,
  );
  const server = await startSandboxServer({ port: o.port ?? 0, host: o.host ?? '127.0.0.1', api, inspection, hooks: createHooks(ctx, faults), calls, faults, onClose: () => {
    saved.close();
    bulk.clear();
    router.stop();
    return outbound.close();
  } });
  baseUrl = server.url;
  return { url: server.url, port: server.port, close: () => server.close() };
}
