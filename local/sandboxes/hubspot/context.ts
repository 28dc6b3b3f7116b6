import type { HubspotObjectType, HubspotRecord } from './model.ts';
import { contactExists } from './errors.ts';
import { ResponseError } from '../kit/index.ts';
import type { HubspotStore } from './store.ts';

/** What HubSpot route handlers share. */
export interface HubspotContext {
  store: HubspotStore;
  /** The sandbox's own base URL (for `paging.next.link`). */
  baseUrl(): string;
}

/** Refuses a contact email that another live contact already uses (409 CONFLICT, vendor-apis §2.2). */
export function assertEmailFree(ctx: HubspotContext, type: HubspotObjectType, properties: Record<string, string>, self?: HubspotRecord): void {
  const email = properties['email'];
  if (type !== 'contacts' || !email) return;
  const existing = ctx.store.findBy('contacts', 'email', email);
  if (existing && existing !== self) throw new ResponseError(contactExists(existing.id));
}
