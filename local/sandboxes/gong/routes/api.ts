import { randomBytes } from 'node:crypto';
import { jsonResponse, ResponseError, type Router } from '../../kit/index.ts';
import { gongError } from '../errors.ts';
import type { GongStore } from '../store.ts';

const requestId = (): string => randomBytes(10).toString('hex').slice(0, 19);

/**
 * A little of Gong's `/v2/calls` API (basic auth with access key and secret), enough to read back what the triggers
 * made and to aim faults at: `listCalls` (`GET /v2/calls?fromDateTime&toDateTime`) and `getCall` (`GET /v2/calls/{id}`).
 * Both answer the call's `metaData` fields, as Gong's plain call endpoints do [T].
 */
export function addApiRoutes(router: Router, store: GongStore): Router {
  return router
    .add('GET', '/v2/calls', 'listCalls', (req) => {
      const calls = store.list(req.query.get('fromDateTime') ?? undefined, req.query.get('toDateTime') ?? undefined).map((c) => c.metaData);
      return jsonResponse(200, { requestId: requestId(), records: { totalRecords: calls.length, currentPageSize: calls.length, currentPageNumber: 0 }, calls });
    })
    .add('GET', '/v2/calls/:id', 'getCall', (req) => {
      const stored = store.get(req.params['id'] ?? '');
      if (!stored) throw new ResponseError(gongError(404, `Call ${req.params['id'] ?? ''} not found`));
      return jsonResponse(200, { requestId: requestId(), call: stored.call.metaData });
    });
}
