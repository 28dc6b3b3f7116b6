import { BadRequestError, ResponseError, emptyResponse, isPlainObject, jsonResponse, parseJsonBody, type Router, type SandboxRequest } from '../../kit/index.ts';
import { parseCreateAssociations } from '../associations.ts';
import { assertUniqueFree, type HubspotContext } from '../context.ts';
import { objectNotFound, validationError } from '../errors.ts';
import type { HubspotObjectType, HubspotRecord } from '../model.ts';
import { objectTypeOf, requestedProperties, toPublicObject, writableProperties } from '../view.ts';

const MAX_LIST_LIMIT = 100;

/** Finds the record named by `{id}` (or by `?idProperty=`), or throws HubSpot's 404. */
function recordOf(ctx: HubspotContext, req: SandboxRequest, type: HubspotObjectType): HubspotRecord {
  const id = req.params['id'] ?? '';
  const idProperty = req.query.get('idProperty');
  const archived = req.query.get('archived') === 'true';
  const record = idProperty ? ctx.store.findBy(type, idProperty, id) : ctx.store.get(type, id, archived);
  if (!record) throw new ResponseError(objectNotFound());
  return record;
}

function propertiesOfBody(req: SandboxRequest): Record<string, unknown> {
  const body = parseJsonBody(req);
  if (!isPlainObject(body)) throw new BadRequestError('Invalid input JSON: the body must be an object with a properties field.');
  return body;
}

function listObjects(ctx: HubspotContext, req: SandboxRequest) {
  const type = objectTypeOf(req);
  const limit = Number(req.query.get('limit') ?? 10);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new ResponseError(validationError(`limit must be an integer from 1 to ${MAX_LIST_LIMIT}; got ${req.query.get('limit')}.`));
  }
  const after = Number(req.query.get('after') ?? 0);
  const archived = req.query.get('archived') === 'true';
  const pool = ctx.store.all(type).filter((r) => r.archived === archived && !r.mergedInto && Number(r.id) >= after);
  const page = pool.slice(0, limit);
  const next = pool[limit];
  const properties = requestedProperties(req);
  const body: Record<string, unknown> = { results: page.map((r) => toPublicObject(type, r, properties)) };
  if (next) body['paging'] = { next: { after: next.id, link: `${ctx.baseUrl()}/crm/v3/objects/${type}?after=${next.id}` } };
  return jsonResponse(200, body);
}

/**
 * Single-object routes (vendor-apis §2.2). Endpoint names: `listObjects`, `createObject`, `getObject`,
 * `updateObject`, `archiveObject`. A create's `associations` are stored (batch create ignores them).
 */
export function addObjectRoutes(router: Router, ctx: HubspotContext): Router {
  return router
    .add('GET', '/crm/v3/objects/:type', 'listObjects', (req) => listObjects(ctx, req))
    .add('POST', '/crm/v3/objects/:type', 'createObject', (req) => {
      const type = objectTypeOf(req);
      const body = propertiesOfBody(req);
      const properties = writableProperties(type, body['properties'], ctx.customProperties);
      const links = parseCreateAssociations(type, body['associations']);
      if (typeof links === 'string') throw new ResponseError(validationError(links));
      // A target that does not exist fails the create before anything is written [?: HubSpot's status unconfirmed].
      if (links.some((l) => !ctx.store.get(l.type.to, l.toId))) throw new ResponseError(objectNotFound());
      assertUniqueFree(ctx, type, properties);
      const record = ctx.store.create(type, properties);
      for (const l of links) ctx.associations.add(l.type, record.id, l.toId);
      return jsonResponse(201, toPublicObject(type, record));
    })
    .add('GET', '/crm/v3/objects/:type/:id', 'getObject', (req) => {
      const type = objectTypeOf(req);
      return jsonResponse(200, toPublicObject(type, recordOf(ctx, req, type), requestedProperties(req)));
    })
    .add('PATCH', '/crm/v3/objects/:type/:id', 'updateObject', (req) => {
      const type = objectTypeOf(req);
      const record = recordOf(ctx, req, type);
      const properties = writableProperties(type, propertiesOfBody(req)['properties'], ctx.customProperties);
      assertUniqueFree(ctx, type, properties, record);
      return jsonResponse(200, toPublicObject(type, ctx.store.update(type, record, properties)));
    })
    .add('DELETE', '/crm/v3/objects/:type/:id', 'archiveObject', (req) => {
      const type = objectTypeOf(req);
      const record = ctx.store.get(type, req.params['id'] ?? '');
      // Archiving a missing or already-archived object is still a 204 in HubSpot.
      if (record) ctx.store.archive(type, record);
      return emptyResponse(204);
    });
}
