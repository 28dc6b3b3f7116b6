import type { Connector } from './connector.ts';
import { hubspotConnector } from './hubspot/connector.ts';
import { salesforceConnector } from './salesforce/connector.ts';

/** Every connector Syncline ships. Adding a vendor means one folder beside this file and one line here. */
export const connectors: Readonly<Record<string, Connector>> = {
  hubspot: hubspotConnector,
  salesforce: salesforceConnector,
};

export function connectorFor(name: string): Connector {
  const connector = connectors[name];
  if (!connector) throw new Error(`no connector named "${name}"; known: ${Object.keys(connectors).join(', ')}`);
  return connector;
}
