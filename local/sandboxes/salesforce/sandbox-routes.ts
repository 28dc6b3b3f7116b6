import { BadRequestError, isPlainObject, jsonResponse, parseJsonBody, type Router } from '../kit/index.ts';
import type { BulkFault, BulkJobs } from './bulk-jobs.ts';
import type { SalesforceContext } from './context.ts';
import { parseDuplicateRules, type DuplicateRules } from './duplicate-rules.ts';

function bulkFaultOf(body: unknown): BulkFault {
  if (!isPlainObject(body)) throw new BadRequestError('The body must be an object like {"failAfterRecords":5} or {"stall":true}.');
  const { failAfterRecords, stall } = body;
  if (failAfterRecords !== undefined && (typeof failAfterRecords !== 'number' || !Number.isInteger(failAfterRecords) || failAfterRecords < 0)) {
    throw new BadRequestError("'failAfterRecords' must be a whole number of records, 0 or more.");
  }
  if (stall !== undefined && typeof stall !== 'boolean') throw new BadRequestError("'stall' must be true or false.");
  return { ...(failAfterRecords === undefined ? {} : { failAfterRecords }), ...(stall ? { stall } : {}) };
}

/** The body of `POST /__sandbox/limits`: the day's usage and allocation to set, each optional. */
function limitsOf(body: unknown): { used?: number; limit?: number } {
  if (!isPlainObject(body)) throw new BadRequestError('The body must be an object like {"used":14990} or {"used":0,"limit":100}.');
  const out: { used?: number; limit?: number } = {};
  for (const key of ['used', 'limit'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new BadRequestError(`'${key}' must be a whole number of API requests, 0 or more.`);
    out[key] = value;
  }
  return out;
}

/** The day's API usage as the inspection routes show it. */
function usageOf(ctx: Pick<SalesforceContext, 'usage' | 'options'>): { used: number; limit: number; bulkBatches: number } {
  return { used: ctx.usage.count, limit: ctx.options.apiLimit, bulkBatches: ctx.usage.bulkBatches };
}

/**
 * Salesforce-only inspection routes:
 * - `GET /__sandbox/duplicate-rules` lists the active duplicate rules; `POST` replaces them with
 *   `{"rules":"standard"}`, `{"rules":[]}` or `{"rules":[{name, object, fields, allowSave, matchObject?}]}`.
 *   `POST /__sandbox/reset` restores the rules the sandbox started with.
 * - `POST /__sandbox/bulk-faults` arms `{failAfterRecords?, stall?}` for the next Bulk API 2.0 job that is closed.
 *   Bulk API 2.0 query jobs (`…/jobs/query`, routes/bulk2-query.ts) take no faults of their own: a job's rows are a
 *   snapshot taken at creation, it completes at its second status poll, and its results page by `maxRecords` and
 *   `Sforce-Locator`.
 * - `POST /__sandbox/records/{object}` `{records:[…], modifiedAt?}` loads records that predate the test: stored as an
 *   API create stores them, dated `modifiedAt`, with no Outbound Message, duplicate rule or API usage; `{ids}` back,
 *   or 400 `{index, errors}` and nothing stored (routes/import.ts).
 * - `GET /__sandbox/limits` shows the day's API usage `{used, limit, bulkBatches}`; `POST` sets `{used?, limit?}`
 *   (say, an allocation nearly spent); `POST /__sandbox/limits/reset` starts a new day: no request or Bulk batch
 *   used, the allocation kept. Like every inspection route, these are not API calls and count against nothing.
 */
export function addSalesforceInspectionRoutes(router: Router, deps: { duplicates: DuplicateRules; bulk: BulkJobs; org: Pick<SalesforceContext, 'usage' | 'options' | 'schema'> }): Router {
  return router
    .add('GET', '/__sandbox/limits', 'getLimits', () => jsonResponse(200, usageOf(deps.org)))
    .add('POST', '/__sandbox/limits', 'setLimits', (req) => {
      const { used, limit } = limitsOf(parseJsonBody(req));
      if (used !== undefined) deps.org.usage.count = used;
      if (limit !== undefined) deps.org.options.apiLimit = limit;
      return jsonResponse(200, usageOf(deps.org));
    })
    .add('POST', '/__sandbox/limits/reset', 'resetLimits', () => {
      Object.assign(deps.org.usage, { count: 0, bulkBatches: 0, bulkQueryJobs: 0 });
      return jsonResponse(200, usageOf(deps.org));
    })
    .add('GET', '/__sandbox/duplicate-rules', 'listDuplicateRules', () => jsonResponse(200, { rules: deps.duplicates.list() }))
    .add('POST', '/__sandbox/duplicate-rules', 'setDuplicateRules', (req) => {
      deps.duplicates.set(parseDuplicateRules(parseJsonBody(req), deps.org.schema));
      return jsonResponse(200, { rules: deps.duplicates.list() });
    })
    .add('POST', '/__sandbox/bulk-faults', 'addBulkFault', (req) => {
      const fault = bulkFaultOf(parseJsonBody(req));
      deps.bulk.arm(fault);
      return jsonResponse(200, { armed: fault });
    });
}
