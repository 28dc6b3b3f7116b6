import type { CrmConnector } from '../connector.ts';
import { gongCallsLister } from './calls-api.ts';
import { GongApiSecret } from './secret.ts';

/** Gong's API when the company's base URL is not in the secret (most companies' keys answer here). */
const DEFAULT_BASE_URL = 'https://api.gong.io';

/**
 * Gong's API side: reads its calls in full (an initial sync, the daily reconciliation), when the `syncline/gong-api`
 * secret holds an API access key; changes arrive by webhook, and nothing is written to Gong.
 */
export const gongCrm: CrmConnector = {
  name: 'gong',
  reads: [],
  writes: [],
  // Given the `syncline/gong-api` secret (the catalog's fullReadSecret); the placeholder the stack creates holds no key.
  lister: (secret) => {
    if (secret['accessKey'] === undefined && secret['accessKeySecret'] === undefined) return undefined;
    const s = GongApiSecret.parse(secret);
    return gongCallsLister({ baseUrl: s.baseUrl ?? DEFAULT_BASE_URL, accessKey: s.accessKey, accessKeySecret: s.accessKeySecret });
  },
};
