import type { CrmConnector } from '../connector.ts';
import { createHubspotClient, hubspotReader } from './reader.ts';
import { HubspotSecret } from './secret.ts';

/** HubSpot's API side: reads a changed record's current properties. */
export const hubspotCrm: CrmConnector = {
  name: 'hubspot',
  reads: ['contacts'],
  writes: [],
  reader: (secret) => hubspotReader(createHubspotClient(HubspotSecret.parse(secret))),
};

