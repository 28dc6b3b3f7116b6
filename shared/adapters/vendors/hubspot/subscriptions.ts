import { Client } from '@hubspot/api-client';
import type { SubscriptionCreateRequestEventTypeEnum } from '@hubspot/api-client/lib/codegen/webhooks/models/SubscriptionCreateRequest';
import { PermanentError } from '#domain/errors';
import { classifyHubspotError } from './classify-error.ts';
import type { HubspotSecret } from './secret.ts';
import type { z } from 'zod';

/** A webhook subscription of the HubSpot app. */
export interface Subscription {
  eventType: string;
  propertyName?: string;
}

/** What {@link ensureSubscriptions} did: created, switched back on, or found active. */
export interface SubscriptionsApplied {
  created: Subscription[];
  activated: Subscription[];
  present: Subscription[];
}

/**
 * Makes the app's webhook subscriptions include `wanted`, through the Webhooks API v3 (`/webhooks/v3/{appId}/
 * subscriptions`), which takes the app's developer API key, not the portal's token. Lists first, so running it again
 * creates nothing; an inactive subscription is switched on; subscriptions Syncline does not need are left alone.
 * @throws PermanentError when the secret holds no developer key or app id, or HubSpot refuses one.
 */
export async function ensureSubscriptions(secret: z.infer<typeof HubspotSecret>, wanted: readonly Subscription[]): Promise<SubscriptionsApplied> {
  const { developerApiKey, appId } = secret;
  if (!developerApiKey || appId === undefined) throw new PermanentError('DEVELOPER_KEY_MISSING', 'the hubspot secret holds no developerApiKey and appId (the Webhooks API takes the app\'s developer key)');
  const api = new Client({ developerApiKey, ...(secret.basePath ? { basePath: secret.basePath } : {}) }).webhooks.subscriptionsApi;
  const applied: SubscriptionsApplied = { created: [], activated: [], present: [] };
  try {
    const { results } = await api.getAll(appId);
    for (const w of wanted) {
      const existing = results.find((s) => s.eventType === w.eventType && (s.propertyName ?? undefined) === w.propertyName);
      if (existing?.active) applied.present.push(w);
      else if (existing) {
        await api.update(Number(existing.id), appId, { active: true });
        applied.activated.push(w);
      } else {
        await api.create(appId, { eventType: w.eventType as SubscriptionCreateRequestEventTypeEnum, ...(w.propertyName ? { propertyName: w.propertyName } : {}), active: true });
        applied.created.push(w);
      }
    }
  } catch (error) {
    const classified = classifyHubspotError(error);
    const body = (error as { body?: { message?: string } }).body;
    throw classified === 'not-found' ? new PermanentError('APP_NOT_FOUND', `HubSpot has no app ${appId} for this developer key${body?.message ? `: ${body.message}` : ''}`, { cause: error }) : classified;
  }
  return applied;
}
