import type { CrmConnector } from '../connector.ts';
import { OutreachClient } from './client.ts';
import { outreachLister } from './lister.ts';
import { outreachReader } from './reader.ts';
import { OutreachSecret } from './secret.ts';
import { outreachWriter } from './writer.ts';

function clientFor(secret: Record<string, unknown>): OutreachClient {
  const s = OutreachSecret.parse(secret);
  return new OutreachClient({ baseUrl: s.baseUrl.replace(/\/+$/, ''), clientId: s.clientId, clientSecret: s.clientSecret, refreshToken: s.refreshToken, ...(s.accessToken ? { accessToken: s.accessToken } : {}) });
}

/**
 * Outreach's API side: reads prospects (with their sequence status), mailings and calls, and writes prospects keyed by
 * the Salesforce id they carry; lists mailings and calls in full. Reader, writer and lister share the process-wide OAuth token cache.
 */
export const outreachCrm: CrmConnector = {
  name: 'outreach',
  reads: ['prospect', 'mailing', 'call'],
  writes: ['prospect'],
  reader: (secret) => outreachReader(clientFor(secret)),
  writer: (secret) => outreachWriter(clientFor(secret)),
  lister: (secret) => outreachLister(clientFor(secret)),
};
