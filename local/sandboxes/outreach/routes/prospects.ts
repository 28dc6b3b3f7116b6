import { ResponseError, emptyResponse, jsonResponse, type Router } from '../../kit/index.ts';
import { resourceOf, type OutreachContext } from '../context.ts';
import { validationErrors } from '../errors.ts';
import { listDocument, toResourceObject, writeData } from '../jsonapi.ts';
import { checkAttributes, type AttributeValue, type OutreachResource } from '../model.ts';

const JSON_API_HEADERS = { 'Content-Type': 'application/vnd.api+json' };

/** Validates written attributes; 422 names each bad one. */
function validAttributes(input: Record<string, unknown>): Record<string, AttributeValue> {
  const check = checkAttributes('prospect', input);
  if (!check.ok) throw new ResponseError(validationErrors(check.problems));
  return check.attributes;
}

/**
 * Refuses an email another prospect already uses. Outreach orgs can be set to allow duplicates; the sandbox takes the
 * stricter default [?] so that writers meet the 422 they would meet in such an org.
 */
function assertEmailsFree(ctx: OutreachContext, attributes: Record<string, AttributeValue>, self?: OutreachResource): void {
  const emails = attributes['emails'];
  if (!Array.isArray(emails)) return;
  const taken = emails.find((e) => ctx.store.prospectsWithEmail(e).some((p) => p !== self));
  if (taken !== undefined) throw new ResponseError(validationErrors([{ attribute: 'emails', detail: 'Emails contains an email address that is already taken by another prospect.' }]));
}

/**
 * Prospect routes. Endpoint names: `listProspects`, `createProspect`, `getProspect`, `updateProspect`, `deleteProspect`.
 */
export function addProspectRoutes(router: Router, ctx: OutreachContext): Router {
  return router
    .add('GET', '/api/v2/prospects', 'listProspects', (req) => jsonResponse(200, listDocument(ctx.store.all('prospect'), req, ctx.baseUrl()), JSON_API_HEADERS))
    .add('POST', '/api/v2/prospects', 'createProspect', (req) => {
      const attributes = validAttributes(writeData(req, 'prospect').attributes);
      assertEmailsFree(ctx, attributes);
      const created = ctx.store.create('prospect', { emails: [], ...attributes });
      return jsonResponse(201, { data: toResourceObject(created, ctx.baseUrl()) }, JSON_API_HEADERS);
    })
    .add('GET', '/api/v2/prospects/:id', 'getProspect', (req) => jsonResponse(200, { data: toResourceObject(resourceOf(ctx, req, 'prospect'), ctx.baseUrl()) }, JSON_API_HEADERS))
    .add('PATCH', '/api/v2/prospects/:id', 'updateProspect', (req) => {
      const prospect = resourceOf(ctx, req, 'prospect');
      const attributes = validAttributes(writeData(req, 'prospect', prospect.id).attributes);
      assertEmailsFree(ctx, attributes, prospect);
      return jsonResponse(200, { data: toResourceObject(ctx.store.update(prospect, attributes), ctx.baseUrl()) }, JSON_API_HEADERS);
    })
    .add('DELETE', '/api/v2/prospects/:id', 'deleteProspect', (req) => {
      ctx.store.destroy(resourceOf(ctx, req, 'prospect'));
      return emptyResponse(204);
    });
}
