import type { SyncPlan } from '#domain/mapping';
import type { Contract } from './contract-schema.ts';
import { activeSyncs } from './load-contract.ts';
import { matchRulesFor } from './match-rules.ts';

/** The processor's view of a validated contract. */
export function toSyncPlan(contract: Contract): SyncPlan {
  const identity = Object.fromEntries(Object.keys(contract.objects).flatMap((name) => {
    const rules = matchRulesFor(contract, name);
    return rules ? [[name, rules]] : [];
  }));
  return { objects: contract.objects, syncs: activeSyncs(contract), deleteGraceDays: contract.defaults.deleteGraceDays, identity, phoneCountry: contract.defaults.phoneCountry };
}
