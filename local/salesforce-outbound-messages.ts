import { sourceReadFields, type SyncPlan } from '#domain/mapping';

/**
 * The Outbound Messages an admin sets up for Syncline: one per Salesforce object the contract syncs from Salesforce,
 * with every field the contract reads from it (its mapped fields and the other systems' ids kept there) and
 * SystemModstamp, the record version the poller names too. A notification then carries everything Syncline wrote,
 * so the echo of its own write is known without a read.
 */
export function salesforceOutboundMessages(plan: SyncPlan): { object: string; fields: string[] }[] {
  const fields = new Map<string, Set<string>>();
  for (const [name, mapping] of Object.entries(plan.objects)) {
    if (!plan.syncs.some((s) => s.object === name && s.from === 'salesforce')) continue;
    for (const object of mapping.systems['salesforce']?.objects ?? []) {
      const set = fields.get(object) ?? new Set<string>();
      for (const field of sourceReadFields(mapping, 'salesforce', object)) set.add(field);
      fields.set(object, set);
    }
  }
  return [...fields].filter(([, set]) => set.size > 0).map(([object, set]) => ({ object, fields: [...[...set].sort(), 'SystemModstamp'] }));
}
