import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crmConnectors } from '#adapters/vendors/crm-registry';
import { enricherConnectors } from '#adapters/vendors/enricher-registry';
import { webhookConnectors } from '#adapters/vendors/webhook-registry';
import { CONNECTOR_CATALOG, connectorTable, enricherConnectorNames, fullReadConnectors, pollableConnectors, processorConnectors, type ConnectorProfile } from '#config/connector-catalog';
import { loadContract } from '#config/load-contract';

const catalog = CONNECTOR_CATALOG as Record<string, ConnectorProfile>;
const names = (predicate: (p: ConnectorProfile) => boolean) => Object.keys(catalog).filter((n) => predicate(catalog[n]!)).sort();

/** The catalog is what the README and the stack say; the registries are what runs. They must agree. */
describe('the connector catalog against the connector registries', () => {
  it('lists as pushing exactly the connectors with a webhook dialect', () => {
    expect(names((p) => p.push !== undefined)).toEqual(Object.keys(webhookConnectors).sort());
  });

  it('lists as fully readable exactly the connectors that have a lister', () => {
    const withLister = Object.values(crmConnectors).filter((c) => c.lister).map((c) => c.name);
    expect(fullReadConnectors().sort()).toEqual(withLister.sort());
  });

  it('lists as pollable exactly the connectors that have a change feed', () => {
    const withFeed = Object.values(crmConnectors).filter((c) => c.changeFeed).map((c) => c.name);
    expect(pollableConnectors().sort()).toEqual(withFeed.sort());
  });

  it('says which APIs the processor reads and writes as the CRM registry does', () => {
    const withApi = Object.entries(crmConnectors).filter(([, c]) => c.reader || c.writer);
    expect(names((p) => p.api !== undefined)).toEqual(withApi.map(([name]) => name).sort());
    for (const [name, connector] of withApi) {
      expect(connector.name).toBe(name);
      expect({ name, reads: Boolean(connector.reader), writes: Boolean(connector.writer) }).toEqual({ name, ...catalog[name]?.api });
    }
  });

  it('lists as enrichers exactly the connectors the enricher registry builds', () => {
    expect(enricherConnectorNames().sort()).toEqual(Object.keys(enricherConnectors).sort());
  });

  it('has one folder under shared/adapters/vendors per connector, and a row in the README table for each', () => {
    const root = 'shared/adapters/vendors';
    const folders = readdirSync(root).filter((f) => statSync(join(root, f)).isDirectory()).sort();
    expect(folders).toEqual(Object.keys(catalog).sort());
    const table = connectorTable();
    for (const profile of Object.values(catalog)) expect(table).toContain(`| ${profile.title} |`);
  });
});

describe('processorConnectors', () => {
  it("gives the processor the secrets of the APIs it calls and of the enabled enrichers, never a push-only vendor's", () => {
    const contract = loadContract('syncline.yaml');
    expect(processorConnectors(contract)).toEqual(['hubspot', 'outreach', 'salesforce']);
    contract.connectors.zoominfo = { enabled: true, webhooks: false };
    expect(processorConnectors(contract)).toEqual(['hubspot', 'outreach', 'salesforce', 'zoominfo']);
  });
});
