/**
 * What a run left in Salesforce, judged against the ground truth: the people present, the duplicates (a Contact
 * and a Lead, or two of either, holding one address, compared case-insensitively as Salesforce's standard
 * duplicate rules do), and when the import's records were created.
 */
import type { ImportDataSet } from './generate.ts';
import { sandboxRecords } from './vendor-http.ts';

export interface SalesforceOutcome {
  /** Distinct people of the data set found in Salesforce. */
  people: number;
  /** People of the ground truth not found. */
  missing: number;
  /** Records beyond one per person (converted Leads left out: their Contact is the person). */
  duplicates: number;
  /** Epoch ms of the first and last record created after `since`. */
  firstCreatedAt?: number;
  lastCreatedAt?: number;
  created: number;
}

const datetime = (value: unknown): number => Date.parse(String(value).replace(/\+0000$/, 'Z'));

/** Reads Salesforce's Contacts and Leads through the sandbox's inspection route (no API call). */
export async function salesforceOutcome(salesforceUrl: string, data: ImportDataSet, since: number): Promise<SalesforceOutcome> {
  const universe = new Set(data.emails);
  const records = [...(await sandboxRecords(salesforceUrl, 'Contact')), ...(await sandboxRecords(salesforceUrl, 'Lead'))].filter((r) => r['IsDeleted'] !== true && r['IsConverted'] !== true);
  const perEmail = new Map<string, number>();
  const outcome: SalesforceOutcome = { people: 0, missing: 0, duplicates: 0, created: 0 };
  for (const r of records) {
    const email = String(r['Email'] ?? '').trim().toLowerCase();
    if (!universe.has(email)) continue;
    perEmail.set(email, (perEmail.get(email) ?? 0) + 1);
    const created = datetime(r['CreatedDate']);
    if (created < since) continue;
    outcome.created += 1;
    outcome.firstCreatedAt = Math.min(outcome.firstCreatedAt ?? created, created);
    outcome.lastCreatedAt = Math.max(outcome.lastCreatedAt ?? created, created);
  }
  outcome.people = perEmail.size;
  outcome.missing = Math.max(0, data.expectedPeople - perEmail.size);
  outcome.duplicates = [...perEmail.values()].reduce((sum, n) => sum + n - 1, 0);
  return outcome;
}
