import { BadRequestError, ResponseError, isPlainObject, parseJsonBody, type SandboxRequest } from '../kit/index.ts';
import { sfError } from './errors.ts';
import type { ObjectDef, OrgSchema } from './schema.ts';
import type { SalesforceStore } from './store.ts';
import type { TokenIssuer } from './auth.ts';
import type { DuplicateRules } from './duplicate-rules.ts';

/** What Salesforce route handlers share. */
export interface SalesforceContext {
  store: SalesforceStore;
  /** This org's sObjects and fields (custom fields come and go with the Tooling API, routes/tooling.ts). */
  schema: OrgSchema;
  tokens: TokenIssuer;
  options: { clientId: string; clientSecret: string; refreshToken: string; apiLimit: number; concurrentLimit: number };
  /**
   * `count`: API calls made so far (the `api-usage` numerator); `bulkBatches`: Bulk API batches used today;
   * `bulkQueryJobs`: Bulk API 2.0 query jobs created today (`DailyBulkV2QueryJobs`);
   * `inFlight`: requests being handled right now (the concurrent long-request limit, api-limits.ts).
   */
  usage: { count: number; bulkBatches: number; bulkQueryJobs: number; inFlight: number };
  /** The org's active duplicate rules (DUPLICATES_DETECTED). */
  duplicates: DuplicateRules;
  baseUrl(): string;
}

/** The `{object}` path parameter as an sObject type; unknown types are 404 NOT_FOUND like the real API. */
export function sobjectOf(ctx: Pick<SalesforceContext, 'schema'>, req: SandboxRequest, param = 'object'): ObjectDef {
  const def = ctx.schema.object(req.params[param] ?? '');
  if (!def) throw new ResponseError(sfError(404, 'NOT_FOUND', 'The requested resource does not exist'));
  return def;
}

/** The `vNN.N` of the request path. */
export function versionOf(req: SandboxRequest): string {
  return req.params['version'] ?? 'v62.0';
}

/** The API version as a number (62.0). */
export function versionNumber(req: SandboxRequest): number {
  return Number(versionOf(req).slice(1));
}

/** Parses a JSON object body; anything else is Salesforce's JSON_PARSER_ERROR. */
export function objectBody(req: SandboxRequest): Record<string, unknown> {
  let body: unknown;
  try {
    body = parseJsonBody(req);
  } catch (error) {
    throw new ResponseError(sfError(400, 'JSON_PARSER_ERROR', error instanceof BadRequestError ? error.message : 'The request body is not valid JSON.'));
  }
  if (!isPlainObject(body)) throw new ResponseError(sfError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of object from START_ARRAY value; the body must be a JSON object.'));
  return body;
}
