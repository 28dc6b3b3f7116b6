import { BadRequestError, jsonResponse, type Router } from '../../kit/index.ts';
import type { WebhookSender } from '../webhooks.ts';

/**
 * HubSpot-only inspection routes: `GET /__sandbox/webhooks` (delivery log),
 * `POST /__sandbox/webhooks/flush` (send queued events now) and
 * `POST /__sandbox/webhooks/{id}/redeliver` (re-send identical bytes and headers).
 */
export function addWebhookInspectionRoutes(router: Router, webhooks: WebhookSender): Router {
  return router
    .add('GET', '/__sandbox/webhooks', 'webhooks', () => jsonResponse(200, { deliveries: webhooks.deliveries() }))
    .add('POST', '/__sandbox/webhooks/flush', 'flushWebhooks', async () => jsonResponse(200, { deliveries: await webhooks.flush() }))
    .add('POST', '/__sandbox/webhooks/:id/redeliver', 'redeliverWebhook', async (req) => {
      const id = req.params['id'] ?? '';
      const status = await webhooks.redeliver(id);
      if (status === undefined) throw new BadRequestError(`No delivery with id '${id}'.`, 404);
      return jsonResponse(200, { status });
    });
}
