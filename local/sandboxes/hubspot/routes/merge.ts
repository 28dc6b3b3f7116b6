import { BadRequestError, ResponseError, isPlainObject, jsonResponse, parseJsonBody, type Router, type SandboxRequest, type SandboxResponse } from '../../kit/index.ts';
import type { HubspotContext } from '../context.ts';
import { objectNotFound, validationError } from '../errors.ts';
import { uniquePropertyNames } from '../model.ts';
import { objectTypeOf, toPublicObject } from '../view.ts';

function idField(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if ((typeof value !== 'string' || value === '') && typeof value !== 'number') throw new BadRequestError(`Invalid input JSON: '${key}' must be an object id.`);
  return String(value);
}

/**
 * `POST /crm/v3/objects/{type}/merge` (vendor-apis §2.2): 200 with the surviving record.
 *
 * What a GET of the merged-away id answers is not settled by our sources (HubSpot has redirected old ids to the
 * survivor in some APIs). The sandbox takes the defensive reading: the old id answers 404, like a deleted record,
 * so a client must learn of the merge from the `*.merge` webhook (or `hs_merged_object_ids` on the survivor) and
 * can never mistake the survivor's values for the old record's. A missing or already-merged id is a 404 [?].
 */
function merge(ctx: HubspotContext, req: SandboxRequest): SandboxResponse {
  const type = objectTypeOf(req);
  const body = parseJsonBody(req);
  if (!isPlainObject(body)) throw new BadRequestError('Invalid input JSON: the body must be {primaryObjectId, objectIdToMerge}.');
  const primaryId = idField(body, 'primaryObjectId');
  const mergedId = idField(body, 'objectIdToMerge');
  if (primaryId === mergedId) throw new ResponseError(validationError('primaryObjectId and objectIdToMerge must name two different records.'));
  const primary = ctx.store.get(type, primaryId);
  const merged = ctx.store.get(type, mergedId);
  if (!primary || !merged) throw new ResponseError(objectNotFound());
  const { survivor, retired } = ctx.store.merge(type, primary, merged, ctx.mergeAssignsNewId, uniquePropertyNames(type, ctx.customProperties).concat(type === 'contacts' ? ['email'] : []));
  for (const id of retired) ctx.associations.moveAll(type, id, survivor.id);
  return jsonResponse(200, toPublicObject(type, survivor));
}

/** The merge route. Endpoint name: `mergeObjects`. */
export function addMergeRoutes(router: Router, ctx: HubspotContext): Router {
  return router.add('POST', '/crm/v3/objects/:type/merge', 'mergeObjects', (req) => merge(ctx, req));
}
