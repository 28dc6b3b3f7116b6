import { BadRequestError, ResponseError, isPlainObject, parseJsonBody, type SandboxRequest } from '../kit/index.ts';
import { jsonApiErrors, unsupportedMediaType } from './errors.ts';
import { COLLECTION, type AttributeValue, type OutreachResource, type ResourceType } from './model.ts';

/** Outreach's JSON:API media type; write requests must declare it (https://developers.outreach.io/api/making-requests). */
export const JSON_API = 'application/vnd.api+json';

/** Default and largest `page[size]` (50 by default per the docs; 1000 at most [T]). */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** Renders a resource object with `links.self`; relationships as resource identifiers. */
export function toResourceObject(resource: OutreachResource, baseUrl: string): Record<string, unknown> {
  const relationships = Object.fromEntries(Object.entries(resource.relationships).map(([name, ref]) => [name, { data: ref }]));
  return {
    type: resource.type,
    id: resource.id,
    attributes: { ...resource.attributes },
    relationships,
    links: { self: `${baseUrl}/api/v2/${COLLECTION[resource.type]}/${resource.id}` },
  };
}

/** Refuses a write without the JSON:API media type with Outreach's 415. */
export function assertJsonApi(req: SandboxRequest): void {
  const type = String(req.headers['content-type'] ?? '');
  if (!type.toLowerCase().startsWith(JSON_API)) throw new ResponseError(unsupportedMediaType());
}

/** The `data` object of a JSON:API write body, checked against the expected type (and id, for PATCH). */
export function writeData(req: SandboxRequest, type: ResourceType | 'webhook', id?: number): { attributes: Record<string, unknown>; relationships: Record<string, unknown> } {
  assertJsonApi(req);
  const body = parseJsonBody(req);
  const data = isPlainObject(body) ? body['data'] : undefined;
  if (!isPlainObject(data)) throw new BadRequestError("The body must be a JSON:API document with a 'data' object.");
  if (data['type'] !== type) throw new ResponseError(jsonApiErrors(409, [{ id: 'typeMismatch', title: 'Type Mismatch', detail: `data.type must be '${type}'.` }]));
  if (id !== undefined && data['id'] !== undefined && Number(data['id']) !== id) {
    throw new ResponseError(jsonApiErrors(409, [{ id: 'idMismatch', title: 'ID Mismatch', detail: `data.id must match the URL id ${id}.` }]));
  }
  const attributes = data['attributes'] ?? {};
  const relationships = data['relationships'] ?? {};
  if (!isPlainObject(attributes) || !isPlainObject(relationships)) throw new BadRequestError('data.attributes and data.relationships must be objects.');
  return { attributes, relationships };
}

/** Reads the id of a to-one relationship in a write body (`{prospect:{data:{type,id}}}`). */
export function relationshipId(relationships: Record<string, unknown>, name: string): number | undefined {
  const rel = relationships[name];
  const data = isPlainObject(rel) ? rel['data'] : undefined;
  const id = isPlainObject(data) ? Number(data['id']) : NaN;
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

/** Parses `filter[a]=v` and `filter[rel][id]=v` parameters; comma-separated values are alternatives. */
function filtersOf(query: URLSearchParams): Array<{ path: string[]; values: string[] }> {
  const filters: Array<{ path: string[]; values: string[] }> = [];
  for (const [key, value] of query) {
    const match = /^filter((?:\[[A-Za-z0-9_]+\])+)$/.exec(key);
    if (!match?.[1]) continue;
    const path = [...match[1].matchAll(/\[([A-Za-z0-9_]+)\]/g)].map((m) => m[1] ?? '');
    filters.push({ path, values: value.split(',').map((v) => v.trim()) });
  }
  return filters;
}

/**
 * A range filter, `filter[updatedAt]=2026-01-01T00:00:00.000Z..inf` (bounds inclusive; `neginf` and `inf` open
 * either end): dates compare as instants, other values as numbers where both are numeric, else as text.
 */
function inRange(value: AttributeValue | undefined, lo: string, hi: string): boolean {
  if (value === null || value === undefined || typeof value === 'object') return false;
  const key = (v: string | number | boolean): number | string => {
    const text = String(v);
    const time = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
    if (Number.isFinite(time)) return time;
    return text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  };
  const at = key(value);
  return (lo === 'neginf' || lo === '' || key(lo) <= at) && (hi === 'inf' || hi === '' || at <= key(hi));
}

function matches(resource: OutreachResource, path: string[], values: string[]): boolean {
  const [head = '', sub] = path;
  if (head === 'id' && path.length === 1) return values.includes(String(resource.id));
  if (sub === 'id' && path.length === 2) {
    const ref = resource.relationships[head];
    return ref !== undefined && ref !== null && values.includes(String(ref.id));
  }
  if (path.length !== 1) return false;
  const value = resource.attributes[head];
  const range = values.length === 1 ? /^(.*)\.\.(.*)$/.exec(values[0] ?? '') : null;
  if (range) return inRange(value, range[1] ?? '', range[2] ?? '');
  if (Array.isArray(value)) {
    // Array attributes (emails, tags) match when any element does; emails compare case-insensitively.
    const lower = values.map((v) => v.toLowerCase());
    return value.some((v) => lower.includes(v.toLowerCase()));
  }
  return values.includes(value === null || value === undefined ? '' : String(value));
}

function sortBy(resources: OutreachResource[], sort: string | null): OutreachResource[] {
  if (!sort) return resources;
  const desc = sort.startsWith('-');
  const field = desc ? sort.slice(1) : sort;
  const key = (r: OutreachResource): string | number => (field === 'id' ? r.id : String(r.attributes[field] ?? ''));
  return [...resources].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const order = x < y ? -1 : x > y ? 1 : a.id - b.id;
    return desc ? -order : order;
  });
}

function pageSize(query: URLSearchParams): number {
  const raw = query.get('page[size]') ?? query.get('page[limit]');
  const size = raw === null ? DEFAULT_PAGE_SIZE : Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) throw new BadRequestError(`page[size] must be an integer from 1 to ${MAX_PAGE_SIZE}; got ${raw}.`);
  return size;
}

/** `page[after]` cursors are opaque to clients: here, the base64url offset into the sorted, filtered list. */
function offsetOf(query: URLSearchParams): number {
  const after = query.get('page[after]');
  if (after === null) return 0;
  const offset = Number(Buffer.from(after, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw new BadRequestError('page[after] is not a cursor this API issued.');
  return offset;
}

/**
 * A list answer: filtered (`filter[...]`), sorted (`sort=-updatedAt`), one page (`page[size]`, cursor `page[after]`)
 * with `links.next` when more remain, and `meta.count` unless `count=false` (https://developers.outreach.io/api/making-requests).
 */
export function listDocument(resources: OutreachResource[], req: SandboxRequest, baseUrl: string): Record<string, unknown> {
  const filtered = filtersOf(req.query).reduce((pool, f) => pool.filter((r) => matches(r, f.path, f.values)), resources);
  const sorted = sortBy(filtered, req.query.get('sort'));
  const size = pageSize(req.query);
  const offset = offsetOf(req.query);
  const page = sorted.slice(offset, offset + size);
  const self = new URL(`${baseUrl}${req.path}`);
  for (const [k, v] of req.query) self.searchParams.append(k, v);
  const links: Record<string, string> = { first: withCursor(self, undefined) };
  if (offset + size < sorted.length) links['next'] = withCursor(self, Buffer.from(String(offset + size)).toString('base64url'));
  const doc: Record<string, unknown> = { data: page.map((r) => toResourceObject(r, baseUrl)), links };
  if (req.query.get('count') !== 'false') doc['meta'] = { count: sorted.length };
  return doc;
}

function withCursor(url: URL, cursor: string | undefined): string {
  const next = new URL(url);
  next.searchParams.delete('page[after]');
  if (cursor) next.searchParams.set('page[after]', cursor);
  return next.toString();
}
