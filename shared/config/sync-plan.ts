import type { SyncPlan } from '#domain/mapping';
import type { Contract } from './contract-schema.ts';
import { activeSyncs } from './load-contract.ts';

/** The processor's view of a validated contract. */
export function toSyncPlan(contract: Contract): SyncPlan {
  return { objects: contract.objects, syncs: activeSyncs(contract), deleteGraceDays: contract.defaults.deleteGraceDays };
}
