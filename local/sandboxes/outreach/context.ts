import { ResponseError, type SandboxRequest } from '../kit/index.ts';
import { notFound } from './errors.ts';
import type { OutreachResource, ResourceType } from './model.ts';
import type { OutreachStore } from './store.ts';
import type { OutreachWebhookSender } from './webhooks.ts';

/** What Outreach route handlers share. */
export interface OutreachContext {
  store: OutreachStore;
  webhooks: OutreachWebhookSender;
  /** The sandbox's own base URL (for `links`). */
  baseUrl(): string;
}

/** The resource named by the `:id` path parameter, or Outreach's 404. */
export function resourceOf(ctx: OutreachContext, req: SandboxRequest, type: ResourceType): OutreachResource {
  const raw = req.params['id'] ?? '';
  const resource = /^\d+$/.test(raw) ? ctx.store.get(type, Number(raw)) : undefined;
  if (!resource) throw new ResponseError(notFound(type, raw));
  return resource;
}
