import { BadRequestError, isPlainObject, jsonResponse, parseJsonBody, ResponseError, type Router, type SandboxRequest } from '../../kit/index.ts';
import { searchContacts, searchPreview, sortContacts, SORT_FIELDS, type ContactSearchFilters, type SortField } from '../contact-search.ts';
import { authenticated, type ZoominfoContext } from '../context.ts';
import { invalidInputFields, MESSAGES, rateLimited, zoominfoError } from '../errors.ts';
import { CONTACT_SEARCH_EMULATED, CONTACT_SEARCH_INPUT_FIELDS } from '../fields.ts';

/** [C] `rpp` default (spec); [T] its maximum, and the 1,000-record reach of paging, from the legacy error messages. */
const DEFAULT_RPP = 25;
const MAX_RPP = 100;
const MAX_PAGED_RECORDS = 1_000;

const PAGING_KEYS = new Set(['rpp', 'page', 'sortBy', 'sortOrder']);
const SORT_ORDERS: Record<string, boolean> = { asc: false, ascending: false, desc: true, descending: true };

interface ContactSearchRequest {
  filters: ContactSearchFilters;
  rpp: number;
  page: number;
  sortBy: SortField;
  descending: boolean;
}

const refuse = (message: string, extra: Record<string, unknown> = {}): ResponseError => new ResponseError(zoominfoError(400, message, extra));

/** [?] Wording of the vendor's error reference (`Input parameter '[parameter]' is invalid - [reason]`). */
const invalidParameter = (key: string, reason: string): ResponseError => refuse(`Input parameter '${key}' is invalid - ${reason}`);

/** A string input (numbers allowed, as ids and scores come as either), trimmed; undefined when absent or blank. */
function text(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') throw invalidParameter(key, 'expected a string');
  return value.trim() === '' ? undefined : value.trim();
}

/** [C] Comma-separated lists (ids, levels, functions, excluded titles). */
const commaList = (value: string | undefined): string[] | undefined => value?.split(',').map((s) => s.trim()).filter((s) => s !== '');

/** [C] `OR` between values, as the spec describes for jobTitle and companyName. */
const orList = (value: string | undefined): string[] | undefined => value?.split(/\s+OR\s+/).map((s) => s.trim()).filter((s) => s !== '');

function idSet(body: Record<string, unknown>, key: string): Set<number> | undefined {
  const list = commaList(text(body, key));
  if (!list) return undefined;
  if (!list.every((id) => /^\d+$/.test(id))) throw invalidParameter(key, 'expected ZoomInfo ids');
  return new Set(list.map(Number));
}

/** A whole number input (`rpp`, `page`, scores): numbers or numeric strings. */
function whole(body: Record<string, unknown>, key: string, notNumber: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n)) throw refuse(notNumber);
  return n;
}

function parseFilters(body: Record<string, unknown>): ContactSearchFilters {
  const companyName = text(body, 'companyName');
  const [included, ...excluded] = companyName?.split(/\s+NOT\s+/) ?? [];
  const score = (key: string) => whole(body, key, `Input parameter '${key}' is invalid - expected a number`);
  return {
    companyIds: idSet(body, 'companyId'),
    companyNames: companyName === undefined ? undefined : { include: orList(included) ?? [], exclude: excluded.flatMap((e) => orList(e) ?? []) },
    companyWebsite: text(body, 'companyWebsite'),
    jobTitles: orList(text(body, 'jobTitle')),
    excludeJobTitles: commaList(text(body, 'excludeJobTitle')),
    managementLevels: commaList(text(body, 'managementLevel')),
    excludeManagementLevels: commaList(text(body, 'excludeManagementLevel')),
    jobFunctions: commaList(text(body, 'jobFunction')),
    personIds: idSet(body, 'personId'),
    emailAddress: text(body, 'emailAddress'),
    firstName: text(body, 'firstName'),
    lastName: text(body, 'lastName'),
    fullName: text(body, 'fullName'),
    scoreMin: score('contactAccuracyScoreMin'),
    scoreMax: score('contactAccuracyScoreMax'),
  };
}

/**
 * Validates the body. Keys the spec does not list are invalid fields; keys it lists that the sandbox does not
 * emulate are refused too, with their own message, rather than silently widening the results.
 */
function parseSearchRequest(req: SandboxRequest): ContactSearchRequest {
  const body = parseJsonBody(req);
  if (!isPlainObject(body)) throw new BadRequestError('The request body must be a JSON object.');
  const keys = Object.keys(body);
  const unknown = keys.filter((k) => !(CONTACT_SEARCH_INPUT_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new ResponseError(invalidInputFields(unknown));
  const unemulated = keys.filter((k) => !(CONTACT_SEARCH_EMULATED as readonly string[]).includes(k));
  if (unemulated.length > 0) throw refuse('The sandbox does not emulate these Contact Search inputs.', { unsupportedInputFields: unemulated });

  const rpp = whole(body, 'rpp', MESSAGES.rppNotNumber) ?? DEFAULT_RPP;
  if (rpp > MAX_RPP) throw refuse(MESSAGES.rppOverMax);
  if (rpp < 1) throw invalidParameter('rpp', 'must be at least 1');
  const page = whole(body, 'page', MESSAGES.pageNotNumber) ?? 1;
  if (page < 1) throw invalidParameter('page', 'must be at least 1');
  // [?] Read as "the last record of the page asked for lies beyond the 1,000th".
  if (page * rpp > MAX_PAGED_RECORDS) throw refuse(MESSAGES.paginationOverMax);
  const sortBy = text(body, 'sortBy') ?? 'relevance';
  if (!(SORT_FIELDS as readonly string[]).includes(sortBy)) throw refuse(MESSAGES.badSortBy);
  const sortOrder = text(body, 'sortOrder')?.toLowerCase() ?? 'desc';
  const descending = SORT_ORDERS[sortOrder];
  if (descending === undefined) throw invalidParameter('sortOrder', 'expected asc, ascending, desc or descending');

  // [?] A search with paging keys only is refused, in the message the vendor uses for requests without criteria.
  if (keys.every((k) => PAGING_KEYS.has(k) || body[k] === undefined || body[k] === null || body[k] === '')) throw refuse(MESSAGES.insufficientInfo);
  return { filters: parseFilters(body), rpp, page, sortBy: sortBy as SortField, descending };
}

/**
 * `POST /search/contact` (operation `searchContact`): one page of contact previews, `{maxResults, totalResults,
 * currentPage, data}` as in the spec's example (`maxResults: 30579, totalResults: 10`: [?] read as "records that
 * match" and "records on this page", which the News Enrich example with `limit: 5` answering `maxResults: 48,
 * totalResults: 5` supports).
 *
 * Limits and credits: counts against the same 25/s and 1,500/min windows and the request limit as enrich, and
 * spends no record credits. [C] for the GTM API ("this endpoint does not consume any credits nor do contacts returned
 * count towards record limits, but each request will increment against your request limits", docs.zoominfo.com
 * Search Contacts); [?] for this legacy endpoint, whose page is silent on credits, though the legacy docs call
 * search results "previews" and the Bulk preview job is stated free.
 */
export function addSearchRoutes(router: Router, ctx: ZoominfoContext): Router {
  return router.add(
    'POST',
    '/search/contact',
    'searchContact',
    authenticated(ctx, (req) => {
      const limit = ctx.enrichLimit.tryTake();
      if (!limit.ok) return rateLimited(limit.retryAfterSeconds, ctx.enrichLimit.minute.limit);
      ctx.quota.countRequest();
      const { filters, rpp, page, sortBy, descending } = parseSearchRequest(req);
      const found = sortContacts(searchContacts(ctx.store, filters), sortBy, descending);
      if (page > 1 && (page - 1) * rpp >= found.length) throw refuse(MESSAGES.pageBeyondResults);
      const slice = found.slice((page - 1) * rpp, page * rpp);
      return jsonResponse(200, { maxResults: found.length, totalResults: slice.length, currentPage: page, data: slice.map((c) => searchPreview(c, ctx.store.company(c.companyId))) });
    }),
  );
}
