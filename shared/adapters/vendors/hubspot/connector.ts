import type { CrmConnector } from '../connector.ts';
import { createHubspotClient, hubspotReader } from './reader.ts';
import { HubspotSecret } from './secret.ts';
import { hubspotWriter } from './writer.ts';

/** HubSpot's API side: reads a changed record's current properties, and upserts records by a source-id property. */
export const hubspotCrm: CrmConnector = {
  name: 'hubspot',
  reads: ['contacts'],
  writes: ['contacts', 'companies', 'deals'],
  reader: (secret) => hubspotReader(createHubspotClient(HubspotSecret.parse(secret))),
  writer: (secret) => hubspotWriter(createHubspotClient(HubspotSecret.parse(secret))),
};
