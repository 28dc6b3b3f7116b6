import { Client } from '@hubspot/api-client';
import type { SubscriptionCreateRequestEventTypeEnum } from '@hubspot/api-client/lib/codegen/webhooks/models/SubscriptionCreateRequest';
import type { z } from 'zod';
import { PermanentError } from '#domain/errors';
import { classifyHubspotError } from './classify-error.ts';
import { eventTypeOf } from './parse-webhook.ts';
import type { HubspotSecret } from './secret.ts';

/** A webhook subscription of the HubSpot app: an action on an object type, and for propertyChange the property. */
export interface Subscription {
  object: string;
  action: string;
  propertyName?: string;
}

/** What {@link ensureSubscriptions} did with each wanted subscription, by its name (`contact.propertyChange of email`). */
export interface SubscriptionsApplied {
  created: string[];
  activated: string[];
  present: string[];
  /** Name → HubSpot's reason. */
  failed: Record<string, string>;
}

/** A subscription as HubSpot's settings list it: `contact.creation`, `contact.propertyChange of email`. */
export function subscriptionName(s: Subscription): string {
  const type = eventTypeOf(s.object, s.action);
  return s.propertyName ? `${type} of ${s.propertyName}` : type;
}

const reasonOf = (error: unknown) => (error as { body?: { message?: string } }).body?.message ?? (error instanceof Error ? error.message : String(error));

/**
 * Makes the app's webhook subscriptions include `wanted`, through the Webhooks API v3 (`/webhooks/v3/{appId}/
 * subscriptions`), which takes the app's developer API key, not the portal's token. HubSpot offers it for public
 * apps; a private app's subscriptions are set in its settings only. Lists first, so running it again creates nothing;
 * an inactive subscription is switched on; one HubSpot refuses is reported and the rest still made; subscriptions
 * Syncline does not need are left alone.
 * @throws PermanentError when the secret holds no developer key or app id, or the list cannot be read.
 */
export async function ensureSubscriptions(secret: z.infer<typeof HubspotSecret>, wanted: readonly Subscription[]): Promise<SubscriptionsApplied> {
  const { developerApiKey, appId } = secret;
  if (!developerApiKey || appId === undefined) throw new PermanentError('DEVELOPER_KEY_MISSING', "the hubspot secret holds no developerApiKey and appId (the Webhooks API takes a public app's developer key)");
  const api = new Client({ developerApiKey, ...(secret.basePath ? { basePath: secret.basePath } : {}) }).webhooks.subscriptionsApi;
  let existing: Awaited<ReturnType<typeof api.getAll>>['results'];
  try {
    existing = (await api.getAll(appId)).results;
  } catch (error) {
    const classified = classifyHubspotError(error);
    throw classified === 'not-found' ? new PermanentError('APP_NOT_FOUND', `HubSpot has no app ${appId} for this developer key: ${reasonOf(error)}`, { cause: error }) : new PermanentError('SUBSCRIPTIONS_UNREADABLE', `HubSpot refused to list the app's subscriptions: ${reasonOf(error)}`, { cause: error });
  }
  const applied: SubscriptionsApplied = { created: [], activated: [], present: [], failed: {} };
  for (const w of wanted) {
    const eventType = eventTypeOf(w.object, w.action);
    const name = subscriptionName(w);
    const found = existing.find((s) => s.eventType === eventType && (s.propertyName ?? undefined) === w.propertyName);
    try {
      if (found?.active) applied.present.push(name);
      else if (found) {
        await api.update(Number(found.id), appId, { active: true });
        applied.activated.push(name);
      } else {
        await api.create(appId, { eventType: eventType as SubscriptionCreateRequestEventTypeEnum, ...(w.propertyName ? { propertyName: w.propertyName } : {}), active: true });
        applied.created.push(name);
      }
    } catch (error) {
      applied.failed[name] = reasonOf(error);
    }
  }
  return applied;
}
