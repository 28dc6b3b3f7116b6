import { setTimeout as sleep } from 'node:timers/promises';
import { localCredentials } from '#local/sandbox-credentials';
import { trimSlash } from './seed.ts';
import type { ConferenceList, ConferenceTruth, CrmUrls } from './types.ts';

/** What one CRM holds after an import, judged against the list's truth. */
export interface CrmScore {
  /** Records read (Salesforce: Contacts and Leads; HubSpot: contacts), whatever their e-mail. */
  records: number;
  /** New people of the list with no record. */
  missingNew: number;
  /** People the CRM held before with no record any more. */
  missingExisting: number;
  /** E-mails of the list's people (new or existing) that more than one record holds. */
  duplicates: number;
  /** Records holding the e-mail-like value of a row that had to be refused. */
  badCreated: number;
}

/** Salesforce's REST API version the scorer reads with (any the sandbox lists would do). */
const SALESFORCE_API = 'v62.0';
/** HubSpot's largest list page (CRM v3 objects, `limit` at most 100). */
const HUBSPOT_PAGE = 100;

/**
 * Reads every Contact and Lead of the Salesforce sandbox (SOQL, following `nextRecordsUrl`) and every contact of
 * the HubSpot sandbox (CRM v3 list, following `paging.next.after`), over plain HTTP with the sandboxes' demo
 * credentials, and scores each against the list's truth. Reading spends API calls, so score after the import is
 * done.
 */
export async function scoreImport(list: ConferenceList, urls: CrmUrls): Promise<{ salesforce: CrmScore; hubspot: CrmScore }> {
  const [salesforce, hubspot] = await Promise.all([salesforceEmails(trimSlash(urls.salesforce)), hubspotEmails(trimSlash(urls.hubspot))]);
  return { salesforce: scoreRecords(list.truth, salesforce), hubspot: scoreRecords(list.truth, hubspot) };
}

/** Scores one CRM's records, given as their e-mail fields (`undefined` or `null` where a record has none). */
export function scoreRecords(truth: ConferenceTruth, emails: readonly (string | null | undefined)[]): CrmScore {
  const held = new Map<string, number>();
  for (const email of emails) {
    const key = email?.trim().toLowerCase();
    if (key) held.set(key, (held.get(key) ?? 0) + 1);
  }
  const count = (key: string) => held.get(key) ?? 0;
  const badEmails = new Set(truth.bad.flatMap((b) => (b.email ? [b.email] : [])));
  return {
    records: emails.length,
    missingNew: truth.newPeople.filter((e) => count(e) === 0).length,
    missingExisting: truth.existingPeople.filter((e) => count(e) === 0).length,
    duplicates: [...truth.newPeople, ...truth.existingPeople].filter((e) => count(e) > 1).length,
    badCreated: [...badEmails].reduce((sum, e) => sum + count(e), 0),
  };
}

async function salesforceEmails(base: string): Promise<(string | null)[]> {
  const token = await salesforceToken(base);
  const emails: (string | null)[] = [];
  for (const object of ['Contact', 'Lead']) {
    // Salesforce REST "Query" resource: a page of up to 2,000 rows, then `nextRecordsUrl` until `done`.
    let next: string | undefined = `/services/data/${SALESFORCE_API}/query?q=${encodeURIComponent(`SELECT Id, Email FROM ${object}`)}`;
    while (next) {
      const page: { records: { Email?: string | null }[]; done: boolean; nextRecordsUrl?: string } = await getJson(base + next, token);
      emails.push(...page.records.map((r) => r.Email ?? null));
      next = page.done ? undefined : page.nextRecordsUrl;
    }
  }
  return emails;
}

/** An access token through the OAuth 2.0 refresh-token flow, as a connected app gets one. */
async function salesforceToken(base: string): Promise<string> {
  const { clientId, clientSecret, refreshToken } = localCredentials.salesforce;
  const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken });
  const response = await fetch(`${base}/services/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  if (!response.ok) throw new Error(`POST ${base}/services/oauth2/token answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function hubspotEmails(base: string): Promise<(string | null)[]> {
  const emails: (string | null)[] = [];
  let after: string | undefined;
  do {
    const query = new URLSearchParams({ limit: String(HUBSPOT_PAGE), properties: 'email', ...(after ? { after } : {}) });
    const page: { results: { properties: { email?: string | null } }[]; paging?: { next?: { after: string } } } = await getJson(
      `${base}/crm/v3/objects/contacts?${query}`,
      localCredentials.hubspot.accessToken,
    );
    emails.push(...page.results.map((r) => r.properties.email ?? null));
    after = page.paging?.next?.after;
  } while (after);
  return emails;
}

/** GET with a bearer token; a 429 waits its Retry-After (HubSpot's ten-second burst limit) and asks again. */
async function getJson<T>(url: string, token: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    if (response.status === 429 && attempt < 10) {
      await response.body?.cancel();
      await sleep(1000 * Math.max(1, Number(response.headers.get('retry-after')) || 1));
      continue;
    }
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }
}
