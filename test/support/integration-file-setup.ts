import { beforeAll } from 'vitest';
import { useVendorBudget } from '#adapters/vendors/vendor-budgets';
import { CONNECTOR_CATALOG } from '#config/connector-catalog';

/**
 * Integration files share their worker's modules (vitest `isolate: false`): each starts without the vendor budgets an
 * earlier file's wiring set for the process (a budget paused by one file's test would pause the next file's calls).
 */
beforeAll(() => {
  for (const vendor of Object.keys(CONNECTOR_CATALOG)) useVendorBudget(vendor, undefined);
});
