import { sourceFieldNames, type SyncPlan } from '#domain/mapping';

/**
 * The HubSpot app's propertyChange subscriptions an admin sets up for Syncline: per object type, the properties the
 * contract reads from HubSpot. A change to any other property (Syncline's own link property among them) sends nothing.
 */
export function hubspotPropertySubscriptions(plan: SyncPlan): Record<string, string[]> {
  const subscriptions: Record<string, Set<string>> = {};
  for (const mapping of Object.values(plan.objects)) {
    for (const object of mapping.systems['hubspot']?.objects ?? []) {
      const properties = (subscriptions[object] ??= new Set());
      for (const name of sourceFieldNames(mapping, 'hubspot', object)) properties.add(name);
    }
  }
  return Object.fromEntries(Object.entries(subscriptions).map(([object, names]) => [object, [...names].sort()]));
}
