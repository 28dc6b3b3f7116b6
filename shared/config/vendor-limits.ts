import type { Contract } from './contract-schema.ts';

/** The share of a vendor's daily API allocation Syncline spends unless its connector says `dailyShare`. */
export const DEFAULT_DAILY_SHARE = 0.5;

/** The share of `vendor`'s daily API allocation Syncline may spend (`connectors.<vendor>.dailyShare`). */
export function dailyShareOf(contract: Contract, vendor: string): number {
  return contract.connectors[vendor as keyof Contract['connectors']]?.dailyShare ?? DEFAULT_DAILY_SHARE;
}
