/** Stateful vendor sandboxes for local runs and integration tests. */
export { DEFAULT_DEVELOPER_API_KEY as HUBSPOT_DEFAULT_DEVELOPER_API_KEY, startHubspotSandbox, type HubspotSandbox, type HubspotSandboxOptions } from './hubspot/server.ts';
export { startSalesforceSandbox, type SalesforceSandbox, type SalesforceSandboxOptions } from './salesforce/server.ts';
export { startGongSandbox, type GongSandbox, type GongSandboxOptions } from './gong/server.ts';
export { startSlackSandbox, type SlackSandbox, type SlackSandboxOptions } from './slack/server.ts';
export { startStripeSandbox, type StripeSandbox, type StripeSandboxOptions } from './stripe/server.ts';
export { startZoominfoSandbox, type ZoominfoSandbox, type ZoominfoSandboxOptions } from './zoominfo/server.ts';
export { startOutreachSandbox, type OutreachSandbox, type OutreachSandboxOptions } from './outreach/server.ts';
