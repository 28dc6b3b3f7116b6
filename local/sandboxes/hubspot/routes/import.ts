import { BadRequestError, isPlainObject, jsonResponse, parseJsonBody, type Router, type SandboxResponse } from '../../kit/index.ts';
import { parseRecordLoad } from '../../kit/record-loads.ts';
import { associationType, defaultAssociationType, type AssociationType } from '../associations.ts';
import { uniqueConflict, type HubspotContext } from '../context.ts';
import { objectNotFound, validationError } from '../errors.ts';
import { isObjectType, uniquePropertyNames, type HubspotObjectType } from '../model.ts';
import { checkedProperties } from '../view.ts';

/** One record of a load, checked and ready to store. */
interface Prepared {
  properties: Record<string, string>;
  links: Array<{ type: AssociationType; toId: string }>;
}

/**
 * The Primary type a record's first company also gets: HubSpot keeps a contact's (and a deal's) primary company as
 * the Primary association beside the unlabelled one (vendor-apis §2.5), which is what setting `associatedcompanyid`
 * makes.
 */
const PRIMARY_COMPANY: Partial<Record<HubspotObjectType, number>> = { contacts: 1, deals: 5 };

/** The associations of one record: `{"companies":["5001"],"contacts":[…],"deals":[…]}` to live records. */
function linksOf(ctx: HubspotContext, type: HubspotObjectType, raw: unknown): Prepared['links'] | SandboxResponse {
  if (raw === undefined || raw === null) return [];
  if (!isPlainObject(raw)) return validationError("'associations' must be an object like {\"companies\":[\"5001\"]}.");
  const links: Prepared['links'] = [];
  for (const [to, ids] of Object.entries(raw)) {
    const unlabelled = isObjectType(to) ? defaultAssociationType(type, to) : undefined;
    if (!isObjectType(to) || !unlabelled) return validationError(`${type} cannot be associated with '${to}'.`);
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' || typeof id === 'number')) return validationError(`associations.${to} must be an array of record ids.`);
    for (const [i, id] of ids.map(String).entries()) {
      if (!ctx.store.get(to, id)) return objectNotFound();
      links.push({ type: unlabelled, toId: id });
      const primary = to === 'companies' && i === 0 ? PRIMARY_COMPANY[type] : undefined;
      const primaryType = primary === undefined ? undefined : associationType(type, to, primary);
      if (primaryType) links.push({ type: primaryType, toId: id });
    }
  }
  return links;
}

/** Email (contacts) and the unique-value properties: no two records of one load may share a value of these. */
function uniqueNames(ctx: HubspotContext, type: HubspotObjectType): string[] {
  return [...(type === 'contacts' ? ['email'] : []), ...uniquePropertyNames(type, ctx.customProperties)];
}

/** Checks every record as the create API would, and against the records before it in the same load. */
function prepare(ctx: HubspotContext, type: HubspotObjectType, records: readonly Record<string, unknown>[]): Prepared[] | { index: number; refusal: SandboxResponse } {
  const prepared: Prepared[] = [];
  const names = uniqueNames(ctx, type);
  const seen = new Map<string, Set<string>>(names.map((n) => [n, new Set()]));
  for (const [index, record] of records.entries()) {
    if (!isPlainObject(record['properties'])) return { index, refusal: validationError("Invalid input JSON: 'properties' must be an object of property names to values.") };
    const check = checkedProperties(type, record['properties'], ctx.customProperties);
    if (!check.ok) return { index, refusal: check.refusal };
    const conflict = uniqueConflict(ctx, type, check.properties);
    if (conflict) return { index, refusal: conflict };
    for (const name of names) {
      const value = check.properties[name];
      if (!value) continue;
      if (seen.get(name)?.has(value)) return { index, refusal: validationError(`Duplicate ${name} values found in the records: ${value}.`) };
      seen.get(name)?.add(value);
    }
    const links = linksOf(ctx, type, record['associations']);
    if (!Array.isArray(links)) return { index, refusal: links };
    prepared.push({ properties: check.properties, links });
  }
  return prepared;
}

/**
 * `POST /__sandbox/records/{type}` (`contacts|companies|deals`) `{"records":[{"properties":{…},"associations"?:
 * {"companies"?:[id],"contacts"?:[id],"deals"?:[id]}}], "modifiedAt"?: "<ISO instant>"}` loads records a portal held
 * before the test began (kit/record-loads.ts). Properties are checked as the create API checks them (known, writable,
 * valid values, a contact's email and unique values free); `createdate` and the last-modified property
 * (`lastmodifieddate`, or `hs_lastmodifieddate` on companies and deals) are `modifiedAt` (default
 * 2024-02-01T08:00:00.000Z). Associations get the unlabelled type, and a contact's or deal's first company the
 * Primary type too. No webhook is sent and no rate limit is spent (an inspection route). The answer is
 * `{"ids":[…]}` in input order; a refused record stores nothing and answers 400 `{"index": i, "errors": [<the API's
 * error body>]}`. List, get, batch read and search see the records at once.
 */
export function addImportRoutes(router: Router, ctx: HubspotContext): Router {
  return router.add('POST', '/__sandbox/records/:type', 'loadRecords', (req) => {
    const type = req.params['type'] ?? '';
    if (!isObjectType(type)) throw new BadRequestError(`Unknown object '${type}'.`, 404);
    const { records, at } = parseRecordLoad(parseJsonBody(req));
    const prepared = prepare(ctx, type, records);
    if (!Array.isArray(prepared)) return jsonResponse(400, { index: prepared.index, errors: [prepared.refusal.body] });
    const ids = prepared.map((p) => {
      const record = ctx.store.create(type, p.properties, { silent: true, at });
      for (const link of p.links) ctx.associations.add(link.type, record.id, link.toId);
      return record.id;
    });
    return jsonResponse(200, { ids });
  });
}
