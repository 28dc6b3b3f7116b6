import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { jsonResponse, parseJsonBody, ResponseError, type Router } from '../../kit/index.ts';
import { ExtensiveRequest, selectContent } from '../content-selector.ts';
import { gongError } from '../errors.ts';
import { pageOf } from '../paging.ts';
import type { CallFilter, GongStore } from '../store.ts';

const requestId = (): string => randomBytes(10).toString('hex').slice(0, 19);

/** `GET /v2/calls` query parameters. The reference marks both dates required; the sandbox keeps them optional [?]. */
const ListQuery = z.object({
  fromDateTime: z.iso.datetime({ offset: true }).optional(),
  toDateTime: z.iso.datetime({ offset: true }).optional(),
  workspaceId: z.string().optional(),
  cursor: z.string().min(1).optional(),
});

/** A 400 in Gong's error format naming the first problem; Gong's own wording for invalid input is [?]. */
function invalid(error: z.ZodError, what: string): ResponseError {
  const issue = error.issues[0];
  return new ResponseError(gongError(400, `Invalid ${what}${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}.`));
}

/**
 * Gong's call API (basic auth with access key and secret), as help.gong.io's reference describes it:
 * - `listCalls`: `GET /v2/calls?fromDateTime&toDateTime&workspaceId&cursor`, the calls' `metaData` fields flat.
 * - `listCallsExtensive`: `POST /v2/calls/extensive` with `{cursor?, filter, contentSelector?}`, each call as
 *   `{metaData, context?, parties?, content?, interaction?}` as the content selector asks (see content-selector.ts).
 * - `getCall`: `GET /v2/calls/{id}`, `{requestId, call}` with the `metaData` fields.
 * Both lists page by 100, oldest first, with `records.cursor` while more follow (paging.ts); the next request
 * repeats the same filter with that cursor. A filter that matches nothing is a 404 ("No calls found…").
 * Gong dates web-conference calls by their scheduled time on `GET /v2/calls`; the sandbox uses `started` [?].
 */
export function addApiRoutes(router: Router, store: GongStore): Router {
  return router
    .add('GET', '/v2/calls', 'listCalls', (req) => {
      const query = ListQuery.safeParse(Object.fromEntries(req.query));
      if (!query.success) throw invalid(query.error, 'query');
      const { cursor, ...filter } = query.data;
      const page = pageOf('listCalls', filter, store.find(filter), cursor);
      return jsonResponse(200, { requestId: requestId(), records: page.records, calls: page.calls.map((c) => c.metaData) });
    })
    .add('POST', '/v2/calls/extensive', 'listCallsExtensive', (req) => {
      const body = ExtensiveRequest.safeParse(parseJsonBody(req));
      if (!body.success) throw invalid(body.error, 'request body');
      const filter: CallFilter = body.data.filter;
      const page = pageOf('listCallsExtensive', filter, store.find(filter), body.data.cursor);
      return jsonResponse(200, { requestId: requestId(), records: page.records, calls: page.calls.map((c) => selectContent(c, body.data.contentSelector)) });
    })
    .add('GET', '/v2/calls/:id', 'getCall', (req) => {
      const stored = store.get(req.params['id'] ?? '');
      if (!stored) throw new ResponseError(gongError(404, `Call ${req.params['id'] ?? ''} not found`));
      return jsonResponse(200, { requestId: requestId(), call: stored.call.metaData });
    });
}
