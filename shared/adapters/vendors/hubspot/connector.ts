import type { CrmConnector } from '../connector.ts';
import { hubspotChangeFeed } from './change-feed.ts';
import { hubspotLister } from './lister.ts';
import { createHubspotClient, hubspotReader } from './reader.ts';
import { HubspotSecret } from './secret.ts';
import { hubspotWriter } from './writer.ts';

const client = (secret: Record<string, unknown>) => createHubspotClient(HubspotSecret.parse(secret));

/**
 * HubSpot's API side: reads a changed record's current properties, upserts records by a source-id property, and
 * (for a portal whose app cannot take webhooks, `poll: true`) polls changes through CRM search.
 */
export const hubspotCrm: CrmConnector = {
  name: 'hubspot',
  reads: ['contacts'],
  writes: ['contacts', 'companies', 'deals'],
  // `email` is unique per contact and can be a batch upsert's `idProperty` (vendor-apis §2.3).
  createKeys: [{ objectType: 'contacts', field: 'email' }],
  reader: (secret) => hubspotReader(client(secret)),
  writer: (secret) => hubspotWriter(client(secret)),
  changeFeed: (secret, options) => hubspotChangeFeed(client(secret), options),
  lister: (secret) => hubspotLister(client(secret)),
};
