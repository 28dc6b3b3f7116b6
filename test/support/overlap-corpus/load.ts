import type { KeyPair, OverlapCorpus } from './types.ts';

/** Records a single pre-existing-records request carries at most. */
export const LOAD_CHUNK = 2_000;

/** The record ids each sandbox gave, by corpus key. */
export interface LoadedIds {
  salesforce: Map<string, string>;
  hubspot: Map<string, string>;
}

/**
 * Puts a corpus into the running sandboxes as records that were already there before Syncline came:
 * `POST {salesforce}/__sandbox/records/Account` then `/Contact` and `/Opportunity` (each one's `AccountId` the id its
 * Account was given), and `POST {hubspot}/__sandbox/records/companies` then `/contacts` and `/deals` (associated with
 * their company's id). A corpus without deals loads none.
 * Each request carries up to {@link LOAD_CHUNK} records and answers `{"ids": [...]}` in input order; `modifiedAt`,
 * when given, is each record's last-modified time. A non-2xx answer throws with its status and body.
 */
export async function loadOverlap(corpus: OverlapCorpus, urls: { salesforce: string; hubspot: string }, modifiedAt?: string): Promise<LoadedIds> {
  const salesforce = new Map<string, string>();
  const hubspot = new Map<string, string>();
  const post = (base: string, object: string, records: readonly unknown[]) => postRecords(`${base.replace(/\/$/, '')}/__sandbox/records/${object}`, records, modifiedAt);

  const accounts = corpus.salesforce.accounts.map(({ key: _key, ...fields }) => fields);
  remember(salesforce, corpus.salesforce.accounts, await post(urls.salesforce, 'Account', accounts));
  const contacts = corpus.salesforce.contacts.map(({ key: _key, accountKey, ...fields }) => ({ ...fields, ...(accountKey === undefined ? {} : { AccountId: idOf(salesforce, accountKey) }) }));
  remember(salesforce, corpus.salesforce.contacts, await post(urls.salesforce, 'Contact', contacts));
  const opportunities = (corpus.salesforce.opportunities ?? []).map(({ key: _key, accountKey, ...fields }) => ({ ...fields, AccountId: idOf(salesforce, accountKey) }));
  if (opportunities.length > 0) remember(salesforce, corpus.salesforce.opportunities ?? [], await post(urls.salesforce, 'Opportunity', opportunities));

  const companies = corpus.hubspot.companies.map(({ properties }) => ({ properties }));
  remember(hubspot, corpus.hubspot.companies, await post(urls.hubspot, 'companies', companies));
  const people = corpus.hubspot.contacts.map(({ properties, companyKey }) => ({ properties, ...(companyKey === undefined ? {} : { associations: { companies: [idOf(hubspot, companyKey)] } }) }));
  remember(hubspot, corpus.hubspot.contacts, await post(urls.hubspot, 'contacts', people));
  // A deal's first associated company is its primary company (the sandbox gives it the Primary type, id 5).
  const deals = (corpus.hubspot.deals ?? []).map(({ properties, companyKey }) => ({ properties, associations: { companies: [idOf(hubspot, companyKey)] } }));
  if (deals.length > 0) remember(hubspot, corpus.hubspot.deals ?? [], await post(urls.hubspot, 'deals', deals));
  return { salesforce, hubspot };
}

/** Turns `[salesforce key, hubspot key]` pairs into pairs of the ids the sandboxes gave those records. */
export function idPairs(pairs: readonly KeyPair[], ids: LoadedIds): KeyPair[] {
  return pairs.map(([sf, hs]) => [idOf(ids.salesforce, sf), idOf(ids.hubspot, hs)]);
}

/** Loads records into a sandbox silently (`POST /__sandbox/records/:object`), 2,000 a request; answers their ids in order. */
export async function postRecords(url: string, records: readonly unknown[], modifiedAt?: string): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < records.length; start += LOAD_CHUNK) {
    const chunk = records.slice(start, start + LOAD_CHUNK);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(modifiedAt === undefined ? { records: chunk } : { records: chunk, modifiedAt }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${url} answered ${response.status}: ${text}`);
    const given = (JSON.parse(text) as { ids?: unknown }).ids;
    if (!Array.isArray(given) || given.length !== chunk.length) throw new Error(`POST ${url} answered ${chunk.length} records with ${text.slice(0, 200)}`);
    ids.push(...given.map(String));
  }
  return ids;
}

function remember(ids: Map<string, string>, records: readonly { key: string }[], given: readonly string[]): void {
  records.forEach((record, i) => ids.set(record.key, given[i] as string));
}

function idOf(ids: Map<string, string>, key: string): string {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`no record was loaded for ${key}`);
  return id;
}
