import { jsonResponse, type Router } from '../../kit/index.ts';
import { resourceOf, type OutreachContext } from '../context.ts';
import { listDocument, toResourceObject } from '../jsonapi.ts';

const JSON_API_HEADERS = { 'Content-Type': 'application/vnd.api+json' };

/**
 * Read-only mailing and call routes (activity is created through `/__sandbox/mailings` and `/__sandbox/logged-calls`).
 * Endpoint names: `listMailings`, `getMailing`, `listCalls`, `getCall`.
 */
export function addActivityRoutes(router: Router, ctx: OutreachContext): Router {
  return router
    .add('GET', '/api/v2/mailings', 'listMailings', (req) => jsonResponse(200, listDocument(ctx.store.all('mailing'), req, ctx.baseUrl()), JSON_API_HEADERS))
    .add('GET', '/api/v2/mailings/:id', 'getMailing', (req) => jsonResponse(200, { data: toResourceObject(resourceOf(ctx, req, 'mailing'), ctx.baseUrl()) }, JSON_API_HEADERS))
    .add('GET', '/api/v2/calls', 'listCalls', (req) => jsonResponse(200, listDocument(ctx.store.all('call'), req, ctx.baseUrl()), JSON_API_HEADERS))
    .add('GET', '/api/v2/calls/:id', 'getCall', (req) => jsonResponse(200, { data: toResourceObject(resourceOf(ctx, req, 'call'), ctx.baseUrl()) }, JSON_API_HEADERS));
}
