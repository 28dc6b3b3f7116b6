import { describe, expect, it } from 'vitest';
import { expiringConnectors, oauthRefreshConnectors } from '#config/connector-catalog';
import { loadContract } from '#config/load-contract';

describe('the connectors whose credentials are watched', () => {
  it('checks the expiry of the enabled connectors whose credentials can expire: the OAuth refresh tokens of Salesforce and Outreach', () => {
    const contract = loadContract('syncline.yaml');

    expect(expiringConnectors(contract)).toEqual(['outreach', 'salesforce']);
    contract.connectors.outreach = { enabled: false, webhooks: true };
    expect(expiringConnectors(contract)).toEqual(['salesforce']);
  });

  it('counts failed token refreshes of the enabled connectors whose clients refresh OAuth tokens', () => {
    const contract = loadContract('syncline.yaml');

    expect(oauthRefreshConnectors(contract)).toEqual(['outreach', 'salesforce']);
    contract.connectors.salesforce = { enabled: false, webhooks: false };
    expect(oauthRefreshConnectors(contract)).toEqual(['outreach']);
  });
});
