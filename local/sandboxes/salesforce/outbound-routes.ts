import { BadRequestError, emptyResponse, jsonResponse, parseJsonBody, type Router } from '../kit/index.ts';
import { describeDefinition } from './outbound-definitions.ts';
import type { OutboundMessenger } from './outbound-messages.ts';

/**
 * Inspection routes of the Outbound Message sender:
 * - `GET /__sandbox/outbound-messages`: the org id, the definitions, and every message with its notifications,
 *   state (`pending`, `delivered`, `failed`), attempts and last body;
 * - `POST /__sandbox/outbound-messages` `{object, fields, endpointUrl, name?, on?}`: adds a definition;
 * - `DELETE /__sandbox/outbound-messages/{actionId}`: removes one.
 */
export function addOutboundMessageRoutes(router: Router, messenger: OutboundMessenger): Router {
  return router
    .add('GET', '/__sandbox/outbound-messages', 'listOutboundMessages', () => jsonResponse(200, messenger.snapshot()))
    .add('POST', '/__sandbox/outbound-messages', 'defineOutboundMessage', (req) => jsonResponse(201, describeDefinition(messenger.define(parseJsonBody(req)))))
    .add('DELETE', '/__sandbox/outbound-messages/:id', 'deleteOutboundMessage', (req) => {
      if (!messenger.undefine(req.params['id'] ?? '')) throw new BadRequestError(`No Outbound Message definition '${req.params['id'] ?? ''}'.`, 404);
      return emptyResponse(204);
    });
}
