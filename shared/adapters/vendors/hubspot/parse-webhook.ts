import { z } from 'zod';
import type { ChangeEvent } from '#domain/change-event';
import type { ParseOutcome, SkippedEvent } from '#ports/webhook-source';
import { describeIssue, readJsonBody } from '../webhook-body.ts';

/** One event of a HubSpot webhook batch (app webhooks API). Unknown keys are kept out of our events. */
const HubspotEvent = z.object({
  eventId: z.number().int().nonnegative(),
  subscriptionId: z.number().int().nonnegative(),
  portalId: z.number().int().optional(),
  occurredAt: z.number().int().positive(),
  subscriptionType: z.string().regex(/^[a-z_]+\.[a-zA-Z]+$/, 'expected "<object>.<action>"'),
  objectId: z.number().int().positive(),
  propertyName: z.string().optional(),
  propertyValue: z.string().nullable().optional(),
  primaryObjectId: z.number().int().optional(),
  mergedObjectIds: z.array(z.number().int()).optional(),
  newObjectId: z.number().int().optional(),
});

/** The object type each event type's prefix names (`contact.creation` is about `contacts`). */
const OBJECT_TYPES: Record<string, string> = { contact: 'contacts', company: 'companies', deal: 'deals', ticket: 'tickets' };

/** The event type of an action on an object type, as subscriptions and events name it (`contacts`, `creation` → `contact.creation`). */
export function eventTypeOf(objectType: string, action: string): string {
  const prefix = Object.entries(OBJECT_TYPES).find(([, type]) => type === objectType)?.[0] ?? objectType.replace(/s$/, '');
  return `${prefix}.${action}`;
}

function kindOf(action: string): ChangeEvent['kind'] {
  if (action === 'deletion' || action === 'privacyDeletion') return 'delete';
  if (action === 'merge') return 'merge';
  return 'upsert';
}

/**
 * Turns a HubSpot webhook body (a JSON array of events) into change events.
 * HubSpot's `eventId` alone is not unique; the docs say to dedupe on (subscriptionId, eventId, occurredAt),
 * so all three make our event id. `attemptNumber` is left out on purpose: a retry is the same change.
 */
export function parseHubspotWebhook(rawBody: string): ParseOutcome {
  const body = readJsonBody(rawBody);
  if (!body.ok) return body;
  const json = body.json;
  if (!Array.isArray(json) || json.length === 0) {
    return { ok: false, reason: 'malformed-body', message: 'The body is not a HubSpot event batch: expected a non-empty JSON array of events.' };
  }
  // Each event stands alone: one event of a kind Syncline does not read must not cost the others in the batch,
  // because HubSpot does not redeliver a batch refused with 400.
  const events: ChangeEvent[] = [];
  const skipped: SkippedEvent[] = [];
  json.forEach((item, index) => {
    const parsed = HubspotEvent.safeParse(item);
    if (parsed.success) events.push(toChangeEvent(parsed.data));
    else skipped.push({ index, reason: describeIssue(parsed.error) });
  });
  if (events.length === 0) {
    return { ok: false, reason: 'malformed-body', message: `The body holds no readable HubSpot event: event 0 ${skipped[0]?.reason ?? 'is invalid'}.` };
  }
  return { ok: true, events, skipped };
}

/**
 * Since HubSpot's merge change, a merge may give the surviving record a new id (`newObjectId`); the event lists
 * the records merged into it. The change event names the survivor and carries the others in `mergedIds`.
 */
function mergeFields(e: z.infer<typeof HubspotEvent>): { sourceId: string; fields: Record<string, string> } {
  const survivor = e.newObjectId ?? e.primaryObjectId ?? e.objectId;
  const merged = [...new Set([...(e.mergedObjectIds ?? []), e.primaryObjectId, e.objectId])].filter((id): id is number => id !== undefined && id !== survivor);
  return { sourceId: String(survivor), fields: { mergedIds: merged.join(',') } };
}

function toChangeEvent(e: z.infer<typeof HubspotEvent>): ChangeEvent {
  const [object = '', action = ''] = e.subscriptionType.split('.');
  const merge = action === 'merge' ? mergeFields(e) : undefined;
  const fields = merge?.fields ?? (e.propertyName !== undefined ? { [e.propertyName]: e.propertyValue ?? null } : {});
  return {
    source: 'hubspot',
    objectType: OBJECT_TYPES[object] ?? `${object}s`,
    sourceId: merge?.sourceId ?? String(e.objectId),
    eventId: `${e.subscriptionId}-${e.eventId}-${e.occurredAt}`,
    occurredAt: new Date(e.occurredAt).toISOString(),
    kind: kindOf(action),
    fields,
    // A property change names the one property that changed: its own write's echo is known without a read.
    ...(action === 'propertyChange' && e.propertyName !== undefined && e.propertyValue !== undefined ? { delta: true } : {}),
  };
}
