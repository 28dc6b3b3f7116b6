import { BadRequestError, ResponseError, isPlainObject, jsonResponse, parseJsonBody, type Router, type SandboxRequest, type SandboxResponse } from '../../kit/index.ts';
import type { HubspotContext } from '../context.ts';
import { validationError } from '../errors.ts';
import { SEARCHABLE_PROPERTIES } from '../model.ts';
import { matchesGroups, parseFilterGroups, parseSorts, sortRecords } from '../search.ts';
import { objectTypeOf, stringList, toPublicObject } from '../view.ts';

/** Page size cap (vendor-apis §2.4, [T]) and the 10,000-result paging wall. */
export const SEARCH_LIMITS = { maxLimit: 200, maxOffset: 10_000 } as const;

function pageArgs(body: Record<string, unknown>): { limit: number; offset: number } {
  const limit = body['limit'] === undefined ? 10 : Number(body['limit']);
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMITS.maxLimit) {
    throw new ResponseError(validationError(`limit must be an integer from 1 to ${SEARCH_LIMITS.maxLimit}; got ${String(body['limit'])}.`));
  }
  const offset = body['after'] === undefined || body['after'] === null || body['after'] === '' ? 0 : Number(body['after']);
  if (!Number.isInteger(offset) || offset < 0) throw new BadRequestError(`after must be a non-negative integer offset; got ${String(body['after'])}.`);
  if (offset + limit > SEARCH_LIMITS.maxOffset) {
    throw new ResponseError(validationError(`Paging past ${SEARCH_LIMITS.maxOffset} results is not allowed; narrow the filters instead.`));
  }
  return { limit, offset };
}

function search(ctx: HubspotContext, req: SandboxRequest): SandboxResponse {
  const type = objectTypeOf(req);
  const body = parseJsonBody(req);
  if (!isPlainObject(body)) throw new BadRequestError('Invalid input JSON: the search body must be an object.');
  const groups = parseFilterGroups(body['filterGroups']);
  const sorts = parseSorts(body['sorts']);
  const properties = stringList(body, 'properties');
  const { limit, offset } = pageArgs(body);
  const text = typeof body['query'] === 'string' ? body['query'].trim().toLowerCase() : '';
  // Search reads the index, which may lag the records (store.searchable); get and batch read never do.
  const matches = ctx.store
    .searchable(type)
    .filter((r) => matchesGroups(type, r, groups, ctx.customProperties))
    .filter((r) => text === '' || SEARCHABLE_PROPERTIES[type].some((p) => (r.properties[p] ?? '').toLowerCase().includes(text)));
  const sorted = sortRecords(type, matches, sorts, ctx.customProperties);
  const page = sorted.slice(offset, offset + limit);
  const result: Record<string, unknown> = { total: sorted.length, results: page.map((r) => toPublicObject(type, r, properties)) };
  if (offset + limit < sorted.length) result['paging'] = { next: { after: String(offset + limit) } };
  return jsonResponse(200, result);
}

/** `POST /crm/v3/objects/{type}/search` (vendor-apis §2.4). Endpoint name: `search`. */
export function addSearchRoutes(router: Router, ctx: HubspotContext): Router {
  return router.add('POST', '/crm/v3/objects/:type/search', 'search', (req) => search(ctx, req));
}
