import { RetryableError } from '#domain/errors';
import type { OutreachClient } from './client.ts';

/** A JSON:API resource object as Outreach returns it. */
export interface ResourceObject {
  type: string;
  id: string;
  attributes: Record<string, unknown>;
  relationships: Record<string, { data?: { type: string; id: string } | null }>;
}

/**
 * Syncline keeps the Salesforce id of a prospect in this prospect attribute, and calls it `externalId`.
 * A custom field because a writable external-id attribute on prospects is not confirmed from Outreach's own
 * reference [?]; `custom1`…`custom150` exist in every org. The org's admin should label it "Salesforce Id".
 */
export const OUTREACH_EXTERNAL_ID_ATTRIBUTE = 'custom1';

/** The Outreach attribute behind a field name Syncline uses (`externalId` → the custom field). */
export function attributeOf(field: string): string {
  return field === 'externalId' ? OUTREACH_EXTERNAL_ID_ATTRIBUTE : field;
}

function asResource(value: unknown): ResourceObject {
  const v = value as { type?: unknown; id?: unknown; attributes?: unknown; relationships?: unknown } | null;
  if (!v || typeof v !== 'object' || (typeof v.id !== 'number' && typeof v.id !== 'string')) {
    throw new RetryableError('Outreach answered with a resource that has no id');
  }
  const relationships: ResourceObject['relationships'] = {};
  for (const [name, rel] of Object.entries((v.relationships ?? {}) as Record<string, { data?: { type?: unknown; id?: unknown } | null }>)) {
    const data = rel?.data;
    relationships[name] = { data: data && typeof data === 'object' && data.id !== undefined ? { type: String(data.type), id: String(data.id) } : null };
  }
  return { type: String(v.type), id: String(v.id), attributes: (v.attributes ?? {}) as Record<string, unknown>, relationships };
}

/** The `data` resource of a single-resource document. */
export function dataOf(body: unknown): ResourceObject {
  return asResource((body as { data?: unknown } | undefined)?.data);
}

/** The `data` list and `links.next` of a collection document. */
export function pageOf(body: unknown): { data: ResourceObject[]; next: string | undefined } {
  const doc = body as { data?: unknown; links?: { next?: unknown } } | undefined;
  const data = Array.isArray(doc?.data) ? doc.data.map(asResource) : [];
  return { data, next: typeof doc?.links?.next === 'string' ? doc.links.next : undefined };
}

/**
 * The resources of a list call, page by page, following `links.next`. The link is absolute; only its path and query
 * are followed, on the configured base URL. A 404 ends the list.
 */
export async function* listPages(client: OutreachClient, path: string): AsyncGenerator<ResourceObject[]> {
  let next: string | undefined = path;
  while (next) {
    const answer = await client.request('GET', next);
    const page = answer ? pageOf(answer.body) : { data: [], next: undefined };
    yield page.data;
    next = page.next ? `${new URL(page.next).pathname}${new URL(page.next).search}` : undefined;
  }
}

/** A list call's path: `{'prospect.id': '5'}` becomes `filter[prospect][id]=5`; `extra` adds paging and sorting. */
export function listPath(collection: string, filters: Record<string, string>, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) query.set(`filter[${key.split('.').join('][')}]`, value);
  for (const [key, value] of Object.entries(extra)) query.set(key, value);
  return `/api/v2/${collection}?${query.toString()}`;
}

/** The id of a to-one relationship, or null. */
export function relatedId(resource: ResourceObject, name: string): string | null {
  return resource.relationships[name]?.data?.id ?? null;
}
