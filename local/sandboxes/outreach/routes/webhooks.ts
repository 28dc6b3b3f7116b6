import { ResponseError, emptyResponse, jsonResponse, type Router } from '../../kit/index.ts';
import type { OutreachContext } from '../context.ts';
import { notFound, validationErrors } from '../errors.ts';
import { writeData } from '../jsonapi.ts';
import type { Subscription } from '../webhooks.ts';

const JSON_API_HEADERS = { 'Content-Type': 'application/vnd.api+json' };

/** The webhook resource; the secret is write-only. */
function toWebhookObject(sub: Subscription, baseUrl: string): Record<string, unknown> {
  const { id, url, resource, action, active, createdAt, updatedAt } = sub;
  return { type: 'webhook', id, attributes: { url, resource, action, active, createdAt, updatedAt }, links: { self: `${baseUrl}/api/v2/webhooks/${id}` } };
}

function optionalString(value: unknown, fallback?: string): string | undefined {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

/**
 * Webhook subscription routes (vendor-apis §4). Endpoint names: `listWebhooks`, `createWebhook`, `getWebhook`, `deleteWebhook`.
 */
export function addWebhookRoutes(router: Router, ctx: OutreachContext): Router {
  const subscriptionOf = (raw: string): Subscription => {
    const sub = /^\d+$/.test(raw) ? ctx.webhooks.subscription(Number(raw)) : undefined;
    if (!sub) throw new ResponseError(notFound('webhook', raw));
    return sub;
  };
  return router
    .add('GET', '/api/v2/webhooks', 'listWebhooks', () => jsonResponse(200, { data: ctx.webhooks.subscriptions().map((s) => toWebhookObject(s, ctx.baseUrl())) }, JSON_API_HEADERS))
    .add('POST', '/api/v2/webhooks', 'createWebhook', (req) => {
      const { attributes } = writeData(req, 'webhook');
      const url = optionalString(attributes['url']);
      if (!url || !URL.canParse(url)) throw new ResponseError(validationErrors([{ attribute: 'url', detail: 'url must be an absolute URL.' }]));
      const secret = optionalString(attributes['secret']);
      const sub = ctx.webhooks.subscribe({ url, resource: optionalString(attributes['resource'], '*') as string, action: optionalString(attributes['action'], '*') as string, ...(secret ? { secret } : {}) });
      return jsonResponse(201, { data: toWebhookObject(sub, ctx.baseUrl()) }, JSON_API_HEADERS);
    })
    .add('GET', '/api/v2/webhooks/:id', 'getWebhook', (req) => jsonResponse(200, { data: toWebhookObject(subscriptionOf(req.params['id'] ?? ''), ctx.baseUrl()) }, JSON_API_HEADERS))
    .add('DELETE', '/api/v2/webhooks/:id', 'deleteWebhook', (req) => {
      ctx.webhooks.unsubscribe(subscriptionOf(req.params['id'] ?? '').id);
      return emptyResponse(204);
    });
}
