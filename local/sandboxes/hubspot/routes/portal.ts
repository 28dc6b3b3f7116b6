import { BadRequestError, isPlainObject, jsonResponse, parseJsonBody, type Router, type SandboxRequest } from '../../kit/index.ts';
import type { HubspotContext } from '../context.ts';
import { objectNotFound } from '../errors.ts';
import { objectTypeNamed } from '../model.ts';
import { checkedProperties, toPublicObject } from '../view.ts';

function lagField(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new BadRequestError(`'${key}' must be a whole number of milliseconds, 0 or more.`);
  return value;
}

function optionalObject(req: SandboxRequest): Record<string, unknown> {
  if (req.rawBody.trim() === '') return {};
  const body = parseJsonBody(req);
  if (!isPlainObject(body)) throw new BadRequestError('The body must be a JSON object.');
  return body;
}

/**
 * What a portal does on its own, as inspection routes:
 *
 * - `GET /__sandbox/search-lag` answers `{"searchLagMs","searchUpdateLagMs"}`; `POST` the same fields (either may be
 *   left out) to change how far search trails the records from now on (store.ts `SearchLag`). Writes already made
 *   keep the lag they were made with; `/__sandbox/reset` keeps the setting.
 * - `POST /__sandbox/objects/{type}/{id}/touch` `{"properties"?:{…}}` is a portal process changing a record with no
 *   integration involved (a workflow, a recalculation): the last-modified date moves and the given properties are
 *   set (checked and normalized as an API write is). No webhook is sent [?] and no rate limit is spent. Answers the
 *   record as a write does; 404 as the API does for a missing or archived record.
 */
export function addPortalRoutes(router: Router, ctx: HubspotContext): Router {
  const lag = () => jsonResponse(200, { searchLagMs: ctx.store.searchLag.createMs, searchUpdateLagMs: ctx.store.searchLag.updateMs });
  return router
    .add('GET', '/__sandbox/search-lag', 'searchLag', lag)
    .add('POST', '/__sandbox/search-lag', 'setSearchLag', (req) => {
      const body = optionalObject(req);
      const createMs = lagField(body, 'searchLagMs');
      const updateMs = lagField(body, 'searchUpdateLagMs');
      if (createMs !== undefined) ctx.store.searchLag.createMs = createMs;
      if (updateMs !== undefined) ctx.store.searchLag.updateMs = updateMs;
      return lag();
    })
    .add('POST', '/__sandbox/objects/:type/:id/touch', 'touchObject', (req) => {
      const segment = req.params['type'] ?? '';
      const type = objectTypeNamed(segment);
      if (!type) throw new BadRequestError(`Unknown object '${segment}'.`, 404);
      const record = ctx.store.get(type, req.params['id'] ?? '');
      if (!record) return objectNotFound();
      const check = checkedProperties(type, optionalObject(req)['properties'] ?? {}, ctx.customProperties);
      if (!check.ok) return check.refusal;
      return jsonResponse(200, toPublicObject(type, ctx.store.touch(type, record, check.properties)));
    });
}
