/** Stateful vendor sandboxes for local runs and integration tests. */
export { startHubspotSandbox, type HubspotSandbox, type HubspotSandboxOptions } from './hubspot/server.ts';
export { startSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions } from './salesforce/server.ts';
