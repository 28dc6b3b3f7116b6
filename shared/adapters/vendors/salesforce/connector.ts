import type { Connection } from 'jsforce';
import { z } from 'zod';
import type { CrmConnector } from '../connector.ts';
import { salesforceChangeFeed } from './change-feed.ts';
import { createSalesforceConnection } from './connection.ts';
import { salesforceLister } from './lister.ts';
import { salesforceReader } from './reader.ts';
import { salesforceWriter } from './writer.ts';

/** What the `syncline/salesforce` secret holds: a connected app's refresh-token grant. */
const SalesforceSecret = z.object({
  instanceUrl: z.url(),
  loginUrl: z.url().default('https://login.salesforce.com'),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  refreshToken: z.string().min(1),
  accessToken: z.string().min(1).optional(),
});

/**
 * One connection per secret as read: a function's reader, writer and feed share its access token, so a token
 * refresh (a 401 answered, a grant made) happens once per function, not once per part.
 */
const connections = new WeakMap<Record<string, unknown>, Connection>();
function connect(secret: Record<string, unknown>): Connection {
  const known = connections.get(secret);
  if (known) return known;
  const connection = createSalesforceConnection(SalesforceSecret.parse(secret));
  connections.set(secret, connection);
  return connection;
}

/** Salesforce's API side: reads records, polls their changes (SOQL on SystemModstamp), upserts by external id. */
export const salesforceCrm: CrmConnector = {
  name: 'salesforce',
  reads: ['Contact', 'Lead', 'Account', 'Opportunity'],
  writes: ['Contact'],
  reader: (secret) => salesforceReader(connect(secret)),
  writer: (secret) => salesforceWriter(connect(secret)),
  changeFeed: (secret, options) => salesforceChangeFeed(connect(secret), options),
  lister: (secret) => salesforceLister(connect(secret)),
};
