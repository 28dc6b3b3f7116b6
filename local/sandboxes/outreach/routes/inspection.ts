import { BadRequestError, isPlainObject, jsonResponse, parseJsonBody, type Router, type SandboxRequest } from '../../kit/index.ts';
import type { TokenStore } from '../auth.ts';
import type { OutreachContext } from '../context.ts';
import { toResourceObject } from '../jsonapi.ts';
import { checkAttributes, type AttributeValue, type OutreachResource } from '../model.ts';

function bodyOf(req: SandboxRequest): Record<string, unknown> {
  const body = parseJsonBody(req);
  if (!isPlainObject(body)) throw new BadRequestError('The body must be a JSON object.');
  return body;
}

function prospectOf(ctx: OutreachContext, body: Record<string, unknown>): OutreachResource {
  const id = Number(body['prospectId']);
  const prospect = Number.isInteger(id) ? ctx.store.get('prospect', id) : undefined;
  if (!prospect) throw new BadRequestError(`'prospectId' must name an existing prospect; got ${JSON.stringify(body['prospectId'])}.`);
  return prospect;
}

function isoOr(value: unknown, fallback: string, name: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new BadRequestError(`'${name}' must be an ISO 8601 date-time.`);
  return new Date(value).toISOString();
}

/** Activity touches the prospect (touchedAt) and, when the person answered or replied, engages it (engagedAt). */
function touch(ctx: OutreachContext, prospect: OutreachResource, at: string, engaged: boolean, options: { silent?: boolean } = {}): void {
  ctx.store.update(prospect, { touchedAt: at, ...(engaged ? { engagedAt: at } : {}) }, undefined, options);
}

/**
 * `POST /__sandbox/mailings` `{prospectId, subject, deliveredAt?, mailingType?, replied?, silent?}`: an e-mail goes out.
 * Webhooks in order: `mailing.created` (state delivering), `mailing.delivered` (state, deliveredAt), `prospect.updated`
 * (touchedAt); with `silent: true` none (history from before the webhook was subscribed, as seeded data is).
 */
function createMailing(ctx: OutreachContext, req: SandboxRequest): OutreachResource {
  const body = bodyOf(req);
  const silent = body['silent'] === true ? { silent: true } : {};
  const prospect = prospectOf(ctx, body);
  const subject = body['subject'];
  if (typeof subject !== 'string' || subject === '') throw new BadRequestError("'subject' must be a non-empty string.");
  const deliveredAt = isoOr(body['deliveredAt'], new Date().toISOString(), 'deliveredAt');
  const mailingType = body['mailingType'] ?? 'sequence';
  const check = checkAttributes('mailing', { subject, mailingType, state: 'delivering' });
  if (!check.ok) throw new BadRequestError(check.problems.map((p) => p.detail).join(' '));
  const mailing = ctx.store.create('mailing', { ...check.attributes, deliveredAt: null, openedAt: null, repliedAt: null }, { prospect: { type: 'prospect', id: prospect.id } }, silent);
  ctx.store.update(mailing, { state: 'delivered', deliveredAt }, 'delivered', silent);
  touch(ctx, prospect, deliveredAt, body['replied'] === true, silent);
  return mailing;
}

/**
 * `POST /__sandbox/logged-calls` `{prospectId, outcome?, direction?, note?, dialedAt?, answeredAt?, completedAt?, silent?}`:
 * a call is logged (`call.created`, then `prospect.updated`; none with `silent: true`). Not `/__sandbox/calls`: that is
 * the kit's call log.
 */
function createCall(ctx: OutreachContext, req: SandboxRequest): OutreachResource {
  const body = bodyOf(req);
  const silent = body['silent'] === true ? { silent: true } : {};
  const prospect = prospectOf(ctx, body);
  const now = new Date().toISOString();
  const outcome = body['outcome'] ?? 'Answered';
  const dialedAt = isoOr(body['dialedAt'], now, 'dialedAt');
  const input: Record<string, unknown> = { outcome, direction: body['direction'] ?? 'outbound', note: body['note'] ?? null, dialedAt, answeredAt: outcome === 'Answered' ? isoOr(body['answeredAt'], dialedAt, 'answeredAt') : null };
  input['completedAt'] = isoOr(body['completedAt'], now, 'completedAt');
  const check = checkAttributes('call', input);
  if (!check.ok) throw new BadRequestError(check.problems.map((p) => p.detail).join(' '));
  const call = ctx.store.create('call', check.attributes as Record<string, AttributeValue>, { prospect: { type: 'prospect', id: prospect.id } }, silent);
  touch(ctx, prospect, String(check.attributes['completedAt']), outcome === 'Answered', silent);
  return call;
}

/**
 * Outreach-only inspection routes: activity triggers, the webhook delivery log (`GET /__sandbox/webhooks`),
 * `POST /__sandbox/webhooks/idle` (wait for deliveries in flight), `POST /__sandbox/webhooks/{id}/redeliver`
 * (identical bytes and headers) and `POST /__sandbox/tokens/expire` (every access token expires now).
 */
export function addOutreachInspectionRoutes(router: Router, ctx: OutreachContext, tokens: TokenStore): Router {
  return router
    .add('POST', '/__sandbox/mailings', 'createMailing', (req) => jsonResponse(201, { data: toResourceObject(createMailing(ctx, req), ctx.baseUrl()) }))
    .add('POST', '/__sandbox/logged-calls', 'createCall', (req) => jsonResponse(201, { data: toResourceObject(createCall(ctx, req), ctx.baseUrl()) }))
    .add('GET', '/__sandbox/webhooks', 'webhooks', () => jsonResponse(200, { deliveries: ctx.webhooks.deliveries() }))
    .add('POST', '/__sandbox/webhooks/idle', 'idleWebhooks', async () => {
      await ctx.webhooks.idle();
      return jsonResponse(200, { idle: true });
    })
    .add('POST', '/__sandbox/webhooks/:id/redeliver', 'redeliverWebhook', async (req) => {
      const id = req.params['id'] ?? '';
      const status = await ctx.webhooks.redeliver(id);
      if (status === undefined) throw new BadRequestError(`No delivery with id '${id}'.`, 404);
      return jsonResponse(200, { status });
    })
    .add('POST', '/__sandbox/tokens/expire', 'expireTokens', () => {
      tokens.expireAll();
      return jsonResponse(200, { expired: true });
    });
}
