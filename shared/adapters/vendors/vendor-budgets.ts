import type { VendorBudget } from '#ports/vendor-budget';

/**
 * The budget each vendor's calls are taken from, by vendor name. Set once per process by the function's wiring
 * (processor-deps.ts, poller-deps.ts); read per request by the vendors' HTTP hooks (Salesforce's transport,
 * HubSpot's middleware), which the SDKs build without a way to pass it in. Unset: calls go unbudgeted (tests, the
 * CLI). One budget per vendor and process is what Lambda runs (one invocation at a time per environment).
 */
const budgets = new Map<string, VendorBudget>();

/** Takes `vendor`'s calls from `budget` from now on; `undefined` stops budgeting them. */
export function useVendorBudget(vendor: string, budget: VendorBudget | undefined): void {
  if (budget) budgets.set(vendor, budget);
  else budgets.delete(vendor);
}

/** The budget `vendor`'s calls are taken from, if any. */
export function vendorBudgetOf(vendor: string): VendorBudget | undefined {
  return budgets.get(vendor);
}
