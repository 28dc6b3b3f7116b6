import { ResponseError, type SandboxResponse } from '../kit/index.ts';
import type { AssociationStore } from './associations.ts';
import { contactExists, uniqueValueTaken } from './errors.ts';
import { uniquePropertyNames, type CustomProperties, type HubspotObjectType, type HubspotRecord } from './model.ts';
import type { HubspotStore } from './store.ts';

/** A property group as `GET /crm/v3/properties/{objectType}/groups` answers it (SDK model `PropertyGroup`). */
export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/** What HubSpot route handlers share. */
export interface HubspotContext {
  store: HubspotStore;
  associations: AssociationStore;
  /**
   * Custom (and redefined, and absent) properties of this sandbox, e.g. extra unique-value properties. Its own copy:
   * the properties API adds to it, so two sandboxes in one process never see each other's properties.
   */
  customProperties: CustomProperties;
  /** Property groups per object type beyond the default one (routes/properties.ts), created through the API. */
  propertyGroups: Partial<Record<HubspotObjectType, PropertyGroup[]>>;
  /** Whether a merge gives the survivor a new id (HubSpot's newer merge behaviour, vendor-apis §2.8). */
  mergeAssignsNewId: boolean;
  /** The sandbox's own base URL (for `paging.next.link`). */
  baseUrl(): string;
}

/**
 * The error a write would cause by reusing a unique value another live record holds, or undefined.
 * A taken contact email is HubSpot's 409 CONFLICT (vendor-apis §2.2); a taken value of another unique property is
 * answered the same way: its real status is not documented in our sources [?], and a CONFLICT is what a client
 * must already handle.
 */
export function uniqueConflict(ctx: HubspotContext, type: HubspotObjectType, properties: Record<string, string>, self?: HubspotRecord): SandboxResponse | undefined {
  const email = properties['email'];
  if (type === 'contacts' && email) {
    const existing = ctx.store.findBy('contacts', 'email', email);
    if (existing && existing !== self) return contactExists(existing.id);
  }
  for (const name of uniquePropertyNames(type, ctx.customProperties)) {
    const value = properties[name];
    if (!value) continue;
    const existing = ctx.store.findBy(type, name, value);
    if (existing && existing !== self) return uniqueValueTaken(name, value, existing.id);
  }
  return undefined;
}

/** Throws the error of {@link uniqueConflict}, if any. */
export function assertUniqueFree(ctx: HubspotContext, type: HubspotObjectType, properties: Record<string, string>, self?: HubspotRecord): void {
  const conflict = uniqueConflict(ctx, type, properties, self);
  if (conflict) throw new ResponseError(conflict);
}
