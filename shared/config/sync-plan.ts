import type { SyncPlan } from '#domain/mapping';
import type { Contract } from './contract-schema.ts';

/** The processor's view of a validated contract. */
export function toSyncPlan(contract: Contract): SyncPlan {
  return { objects: contract.objects, syncs: contract.syncs };
}
