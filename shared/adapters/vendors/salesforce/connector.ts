import { z } from 'zod';
import type { CrmConnector } from '../connector.ts';
import { createSalesforceConnection } from './connection.ts';
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

/** Salesforce's API side: upserts by external id. */
export const salesforceCrm: CrmConnector = {
  name: 'salesforce',
  reads: [],
  writes: ['Contact'],
  writer: (secret) => salesforceWriter(createSalesforceConnection(SalesforceSecret.parse(secret))),
};
