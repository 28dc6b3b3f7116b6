/**
 * Vendor calls as the sandboxes log them (`GET /__sandbox/calls`, local/sandboxes/kit/calls.ts), taken between two
 * points of a run and grouped by the kind of work they do.
 */
import { send } from './vendor-http.ts';

export interface LoggedCall {
  endpoint: string;
  status: number;
  at: string;
}

/** Calls of one vendor in a window: by endpoint, by kind, and how many were refused for rate or quota. */
export interface CallFigures {
  total: number;
  byEndpoint: Record<string, number>;
  byKind: Record<string, number>;
  /** Answers by HTTP status (0: none sent). */
  byStatus: Record<string, number>;
  /** HTTP 429 answers (HubSpot's rate limits). */
  rateLimited: number;
  /** HTTP 403 answers: in the Salesforce sandbox only REQUEST_LIMIT_EXCEEDED (daily or concurrent). */
  requestLimitExceeded: number;
}

/** The sandbox's call log so far. */
export async function callLog(sandboxUrl: string): Promise<LoggedCall[]> {
  const answer = await send(`${sandboxUrl}/__sandbox/calls`);
  return (answer.body as { calls: LoggedCall[] }).calls;
}

const SALESFORCE_KINDS: readonly [RegExp, string][] = [
  [/^oauthToken$/, 'auth (not an API call)'],
  [/^(query|queryAll|queryMore)$/, 'SOQL (look-ups and polls)'],
  [/^(getRecord|getByExternalId|retrieveCollection)$/, 'read'],
  [/^(createRecord|updateRecord|upsertByExternalId|deleteRecord)$/, 'single-record write'],
  [/Collection$/, 'collection write (200)'],
  [/^bulk/, 'Bulk API 2.0'],
  [/^convertLead$/, 'lead conversion'],
];

const HUBSPOT_KINDS: readonly [RegExp, string][] = [
  [/^(getObject|listObjects)$/, 'single read'],
  [/^batchRead$/, 'batch read (100)'],
  [/^search$/, 'search'],
  [/^(createObject|updateObject|archiveObject)$/, 'single write'],
  [/^batch(Create|Update|Upsert|Archive)$/, 'batch write (100)'],
  [/^association/, 'associations'],
];

/** The kind of work a Salesforce or HubSpot endpoint name stands for (local/sandboxes/<vendor>/server.ts). */
export function kindOf(vendor: 'salesforce' | 'hubspot', endpoint: string): string {
  const table = vendor === 'salesforce' ? SALESFORCE_KINDS : HUBSPOT_KINDS;
  return table.find(([pattern]) => pattern.test(endpoint))?.[1] ?? 'other';
}

/**
 * Figures of `calls` (a slice of the log), less the calls someone else made: `minus` gives, by endpoint, how many
 * calls and how many 429s to take out (the importing user's, counted by the importer).
 */
export function figuresOf(vendor: 'salesforce' | 'hubspot', calls: readonly LoggedCall[], minus: Record<'calls' | 'rateLimited' | 'byStatus', Record<string, number>> = { calls: {}, rateLimited: {}, byStatus: {} }): CallFigures {
  const byEndpoint: Record<string, number> = {};
  let rateLimited = 0;
  let requestLimitExceeded = 0;
  const byStatus: Record<string, number> = {};
  for (const c of calls) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    byEndpoint[c.endpoint] = (byEndpoint[c.endpoint] ?? 0) + 1;
    if (c.status === 429) rateLimited += 1;
    if (c.status === 403) requestLimitExceeded += 1;
  }
  for (const [endpoint, n] of Object.entries(minus.calls)) byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) - n;
  for (const [status, n] of Object.entries(minus.byStatus)) {
    byStatus[status] = (byStatus[status] ?? 0) - n;
    if ((byStatus[status] ?? 0) <= 0) delete byStatus[status];
  }
  rateLimited -= Object.values(minus.rateLimited).reduce((a, b) => a + b, 0);
  const byKind: Record<string, number> = {};
  for (const [endpoint, n] of Object.entries(byEndpoint)) {
    if (n <= 0) delete byEndpoint[endpoint];
    else byKind[kindOf(vendor, endpoint)] = (byKind[kindOf(vendor, endpoint)] ?? 0) + n;
  }
  const total = Object.values(byEndpoint).reduce((a, b) => a + b, 0);
  return { total, byEndpoint, byKind, byStatus, rateLimited, requestLimitExceeded };
}

/** API calls that count against Salesforce's daily allocation: every REST call, the token grant aside. */
export const salesforceApiCalls = (f: CallFigures): number => f.total - (f.byEndpoint['oauthToken'] ?? 0);
