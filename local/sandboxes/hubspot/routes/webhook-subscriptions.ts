import { emptyResponse, isPlainObject, jsonResponse, parseJsonBody, type Router, type SandboxRequest, type SandboxResponse } from '../../kit/index.ts';
import { hubspotError, validationError } from '../errors.ts';
import type { WebhookSubscriptions } from '../subscriptions.ts';

/**
 * Event types the Webhooks API v3 accepts: the `eventType` enum of HubSpot's published spec, as the SDK's
 * `SubscriptionCreateRequestEventTypeEnum` carries it [C: @hubspot/api-client codegen/webhooks]. The sandbox sends
 * events only for contact, company and deal creation, deletion, propertyChange and merge; the rest are stored and
 * listed but never fire.
 */
const OBJECTS = ['contact', 'company', 'deal', 'ticket', 'product', 'line_item'] as const;
const EVENT_TYPES = new Set<string>([
  ...OBJECTS.flatMap((o) => ['propertyChange', 'creation', 'deletion', 'merge', 'restore'].map((k) => `${o}.${k}`)),
  ...OBJECTS.filter((o) => o !== 'product').map((o) => `${o}.associationChange`),
  'contact.privacyDeletion',
  ...['creation', 'deletion', 'newMessage', 'privacyDeletion', 'propertyChange'].map((k) => `conversation.${k}`),
  ...['propertyChange', 'creation', 'deletion', 'merge', 'restore', 'associationChange'].map((k) => `object.${k}`),
]);

const isPropertyChange = (eventType: string): boolean => eventType.endsWith('.propertyChange');

function notFound(id: string): SandboxResponse {
  return hubspotError(404, 'OBJECT_NOT_FOUND', `Subscription ${id} not found for this app.`);
}

/** The `active` flag of a PATCH or batch input, or a refusal. */
function activeOf(body: unknown): boolean | SandboxResponse {
  if (!isPlainObject(body) || typeof body['active'] !== 'boolean') return validationError("'active' must be true or false.");
  return body['active'];
}

/**
 * The Webhooks API v3 subscriptions of the sandbox's app (SDK `webhooks.subscriptionsApi`), authenticated by the
 * developer API key in `hapikey` (server.ts). Endpoint names: `listSubscriptions`, `createSubscription`,
 * `getSubscription`, `updateSubscription`, `archiveSubscription`, `batchUpdateSubscriptions`.
 *
 * Refusals (texts the sandbox's own [?]): an eventType outside the spec's enum and a propertyChange without
 * propertyName are 400 VALIDATION_ERROR; a second subscription to the same eventType and property is 409 CONFLICT
 * [?: HubSpot's answer to a duplicate is not in our sources; a client setting up idempotently lists first]. A new
 * subscription is inactive unless `active` says otherwise [?: the UI creates subscriptions paused; the API default is
 * not documented].
 */
export function addWebhookSubscriptionRoutes(router: Router, subscriptions: WebhookSubscriptions, appId: number): Router {
  const base = '/webhooks/v3/:appId/subscriptions';
  // Another app's subscriptions are not this key's to see [?: HubSpot's status for a foreign appId].
  const foreignApp = (req: SandboxRequest): SandboxResponse | undefined => (req.params['appId'] === String(appId) ? undefined : hubspotError(404, 'OBJECT_NOT_FOUND', `App ${req.params['appId'] ?? ''} not found.`));
  return router
    .add('GET', base, 'listSubscriptions', (req) => foreignApp(req) ?? jsonResponse(200, { results: subscriptions.all() }))
    .add('POST', base, 'createSubscription', (req) => {
      const refused = foreignApp(req);
      if (refused) return refused;
      const body = parseJsonBody(req);
      if (!isPlainObject(body)) return validationError('Invalid input JSON: the body must be a subscription object.');
      const { eventType, propertyName, active, objectTypeId } = body;
      if (typeof eventType !== 'string' || !EVENT_TYPES.has(eventType)) return validationError(`Unknown eventType '${String(eventType)}'.`);
      if (isPropertyChange(eventType) && (typeof propertyName !== 'string' || propertyName === '')) return validationError(`A ${eventType} subscription needs a propertyName.`);
      const property = isPropertyChange(eventType) ? String(propertyName) : undefined;
      const existing = subscriptions.find(eventType, property);
      if (existing) return hubspotError(409, 'CONFLICT', `A subscription to ${eventType}${property ? ` for ${property}` : ''} already exists. Existing ID: ${existing.id}`);
      return jsonResponse(201, subscriptions.add(eventType, property, active === true, typeof objectTypeId === 'string' ? objectTypeId : undefined));
    })
    .add('GET', `${base}/:subscriptionId`, 'getSubscription', (req) => {
      const id = req.params['subscriptionId'] ?? '';
      const subscription = subscriptions.get(id);
      return foreignApp(req) ?? (subscription ? jsonResponse(200, subscription) : notFound(id));
    })
    .add('PATCH', `${base}/:subscriptionId`, 'updateSubscription', (req) => {
      const refused = foreignApp(req);
      if (refused) return refused;
      const active = activeOf(parseJsonBody(req));
      if (typeof active !== 'boolean') return active;
      const id = req.params['subscriptionId'] ?? '';
      const updated = subscriptions.setActive(id, active);
      return updated ? jsonResponse(200, updated) : notFound(id);
    })
    .add('DELETE', `${base}/:subscriptionId`, 'archiveSubscription', (req) => {
      const refused = foreignApp(req);
      if (refused) return refused;
      const id = req.params['subscriptionId'] ?? '';
      return subscriptions.remove(id) ? emptyResponse(204) : notFound(id);
    })
    .add('POST', `${base}/batch/update`, 'batchUpdateSubscriptions', (req) => {
      const refused = foreignApp(req);
      if (refused) return refused;
      const body = parseJsonBody(req);
      if (!isPlainObject(body) || !Array.isArray(body['inputs'])) return validationError('Invalid input JSON: the body must be {"inputs": [{"id": …, "active": …}]}.');
      const startedAt = new Date().toISOString();
      const results = [];
      const errors = [];
      for (const input of body['inputs'] as unknown[]) {
        const id = isPlainObject(input) ? String(input['id']) : '';
        const active = activeOf(input);
        const updated = typeof active === 'boolean' ? subscriptions.setActive(id, active) : undefined;
        if (updated) results.push(updated);
        else errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `Subscription ${id} not found or input invalid.`, context: { id: [id] } });
      }
      const out: Record<string, unknown> = { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() };
      if (errors.length > 0) Object.assign(out, { numErrors: errors.length, errors });
      return jsonResponse(errors.length > 0 ? 207 : 200, out);
    });
}
