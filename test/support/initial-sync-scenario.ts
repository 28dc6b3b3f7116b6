/**
 * The initial-sync scenario shared by the e2e and acceptance suites: two sandboxes loaded with an overlap corpus
 * (records that predate the hub), `syncline sync --initial` through the running hub, and what the CRMs hold after,
 * judged against the corpus's ground truth: pairs linked both ways, one-sided records created once, no duplicates,
 * every person and every deal with its company.
 */
import { PassThrough } from 'node:stream';
import { initialSyncCommand } from '#cli/sync';
import { hubConnection } from '#local/hub-file';
import type { Hub } from '#local/hub';
import type { ObjectReport } from '#app/initial-sync';
import { generateOverlap } from './overlap-corpus/generate.ts';
import { idPairs, loadOverlap } from './overlap-corpus/load.ts';
import { domainKey, duplicatesIn, emailKey, scoreLinks, type LinkScore } from './overlap-corpus/score.ts';
import { judgeDeals, type DealOutcome } from './overlap-corpus/deal-score.ts';
import type { OverlapCorpus, OverlapOptions } from './overlap-corpus/types.ts';
import { hubspotClient, sandboxCounts, sandboxRecords } from './hub-client.ts';

type Row = Record<string, unknown>;
const props = (r: Row) => (r['properties'] ?? {}) as Record<string, string | null | undefined>;

/** A loaded corpus: its records' ids by corpus key, and the truth as id pairs. */
export interface LoadedScenario {
  corpus: OverlapCorpus;
  /** Ids of every loaded record: a link between two of them is a match decision, one with a created record is not. */
  loaded: Set<string>;
  truth: { companies: [string, string][]; people: [string, string][]; deals: [string, string][] };
  hardNegatives: { companies: [string, string][]; people: [string, string][]; deals: [string, string][] };
}

export async function loadScenario(hub: Hub, options: OverlapOptions): Promise<LoadedScenario> {
  const corpus = generateOverlap(options);
  const ids = await loadOverlap(corpus, { salesforce: hub.salesforce.url, hubspot: hub.hubspot.url });
  return {
    corpus,
    loaded: new Set([...ids.salesforce.values(), ...ids.hubspot.values()]),
    truth: { companies: idPairs(corpus.truth.companies, ids), people: idPairs(corpus.truth.people, ids), deals: idPairs(corpus.truth.deals ?? [], ids) },
    hardNegatives: {
      companies: idPairs(corpus.hardNegatives.companies, ids),
      people: idPairs(corpus.hardNegatives.people.map((p) => p.pair), ids),
      deals: idPairs((corpus.hardNegatives.deals ?? []).map((d) => d.pair), ids),
    },
  };
}

/** Runs `sync --initial` against the hub; progress lines are kept, not printed. */
export async function runInitialSync(hub: Hub, options: { dryRun?: boolean; object?: string } = {}): Promise<{ text: string; reports: ObjectReport[]; progress: string }> {
  const out = new PassThrough();
  let progress = '';
  out.on('data', (chunk: Buffer) => (progress += chunk.toString()));
  const result = await initialSyncCommand(hubConnection(hub), { dryRun: options.dryRun ?? false, ...(options.object ? { object: options.object } : {}), out });
  return { ...result, progress };
}

/** What the two CRMs hold after a sync, judged against the truth. */
export interface SyncOutcome {
  companies: LinkScore;
  people: LinkScore;
  /** Deals: links, duplicates (one name at one account on one day), each with its company on both sides. */
  deals: DealOutcome;
  /** Records of either CRM (deals too) no record of the other names back (neither linked nor created there). */
  unlinked: { salesforce: number; hubspot: number };
  /** Hard negatives linked to each other (must be 0). */
  falseLinks: number;
  duplicates: { accounts: number; contacts: number; companies: number; hubspotContacts: number };
  counts: { accounts: number; contacts: number; companies: number; hubspotContacts: number };
  /** Salesforce Contacts without an Account whose HubSpot counterpart has a company, and the reverse. */
  withoutCompany: { salesforce: number; hubspot: number };
}

/** Links as the records hold them: each HubSpot record's Salesforce id, where the Salesforce record names it back. */
function heldLinks(sf: readonly Row[], hs: readonly Row[], sfField: string): [string, string][] {
  const sfById = new Map(sf.map((r) => [String(r['Id']), r]));
  return hs.flatMap((h) => {
    const sfId = props(h)['syncline_salesforce_id'];
    const back = sfId ? sfById.get(sfId)?.[sfField] : undefined;
    return sfId && back === String(h['id']) ? [[sfId, String(h['id'])] as [string, string]] : [];
  });
}

export async function judgeOutcome(hub: Hub, scenario: LoadedScenario): Promise<SyncOutcome> {
  const live = (rows: Row[]) => rows.filter((r) => r['IsDeleted'] !== true && r['archived'] !== true);
  const [accounts, contacts, companies, people, opportunities, hsDeals] = await Promise.all([
    sandboxRecords(hub.salesforce.url, 'Account').then(live),
    sandboxRecords(hub.salesforce.url, 'Contact').then(live),
    sandboxRecords(hub.hubspot.url, 'companies').then(live),
    sandboxRecords(hub.hubspot.url, 'contacts').then(live),
    sandboxRecords(hub.salesforce.url, 'Opportunity').then(live),
    sandboxRecords(hub.hubspot.url, 'deals').then(live),
  ]);
  const companyLinks = heldLinks(accounts, companies, 'HubSpot_Company_Id__c');
  const peopleLinks = heldLinks(contacts, people, 'HubSpot_Id__c');
  const deals = await judgeHeldDeals(hub, scenario, opportunities, hsDeals, companyLinks);
  const linked = new Set([...companyLinks, ...peopleLinks, ...deals.links].map(([a, b]) => `${a}|${b}`));
  const falseLinks = [...scenario.hardNegatives.companies, ...scenario.hardNegatives.people, ...scenario.hardNegatives.deals].filter(([a, b]) => linked.has(`${a}|${b}`)).length;

  // Each person with its company: the Contact's Account is the one linked to the HubSpot contact's company.
  const accountOfCompany = new Map(companyLinks.map(([account, company]) => [company, account]));
  const companyOfAccount = new Map(companyLinks.map(([account, company]) => [account, company]));
  const contactById = new Map(contacts.map((c) => [String(c['Id']), c]));
  const personById = new Map(people.map((p) => [String(p['id']), p]));
  const companyOf = await hubspotCompanies(hub, people.map((p) => String(p['id'])));
  let sfWithout = 0;
  let hsWithout = 0;
  for (const [sfId, hsId] of peopleLinks) {
    const contact = contactById.get(sfId);
    const company = personById.has(hsId) ? companyOf.get(hsId) : undefined;
    const account = contact?.['AccountId'] as string | undefined;
    if (company && accountOfCompany.get(String(company)) !== account) sfWithout++;
    if (account && companyOfAccount.has(account) && !company) hsWithout++;
  }
  const decided = (links: [string, string][]) => links.filter(([a, b]) => scenario.loaded.has(a) && scenario.loaded.has(b));
  return {
    companies: scoreLinks(scenario.truth.companies, decided(companyLinks)),
    people: scoreLinks(scenario.truth.people, decided(peopleLinks)),
    deals,
    falseLinks,
    duplicates: {
      accounts: duplicatesIn(accounts, (a) => domainKey(a['Website'] as string | undefined)),
      contacts: duplicatesIn(contacts, (c) => emailKey(c['Email'] as string | undefined)),
      companies: duplicatesIn(companies, (c) => domainKey(props(c)['domain'])),
      hubspotContacts: duplicatesIn(people, (p) => emailKey(props(p)['email'])),
    },
    counts: { accounts: accounts.length, contacts: contacts.length, companies: companies.length, hubspotContacts: people.length },
    unlinked: {
      salesforce: accounts.length + contacts.length - companyLinks.length - peopleLinks.length + deals.unlinked.salesforce,
      hubspot: companies.length + people.length - companyLinks.length - peopleLinks.length + deals.unlinked.hubspot,
    },
    withoutCompany: { salesforce: sfWithout, hubspot: hsWithout },
  };
}

/** The deals both CRMs hold, judged: an Opportunity's Account against its HubSpot deal's primary company. */
async function judgeHeldDeals(hub: Hub, scenario: LoadedScenario, opportunities: readonly Row[], deals: readonly Row[], companyLinks: [string, string][]): Promise<DealOutcome> {
  const companyOf = await hubspotCompanies(hub, deals.map((d) => String(d['id'])), 'deals');
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return judgeDeals(
    opportunities.map((o) => ({ id: String(o['Id']), name: text(o['Name']), accountId: text(o['AccountId']), closeDate: text(o['CloseDate']), hubspotId: text(o['HubSpot_Deal_Id__c']) })),
    deals.map((d) => ({ id: String(d['id']), name: text(props(d)['dealname']), companyId: companyOf.get(String(d['id'])), closeDate: text(props(d)['closedate']), salesforceId: text(props(d)['syncline_salesforce_id']) })),
    companyLinks,
    scenario.truth.deals,
    scenario.loaded,
  );
}

/**
 * Each HubSpot contact's or deal's company, read through the v4 associations API (100 a call): a contact's first,
 * a deal's Primary one (type 5, vendor-apis §2.5) where it has one, else its first.
 */
async function hubspotCompanies(hub: Hub, ids: readonly string[], from: 'contacts' | 'deals' = 'contacts'): Promise<Map<string, string>> {
  const client = hubspotClient(hub);
  const found = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 100) {
    const page = await client.crm.associations.v4.batchApi.getPage(from, 'companies', { inputs: ids.slice(i, i + 100).map((id) => ({ id })) });
    for (const result of page.results) {
      const chosen = (from === 'deals' ? result.to.find((t) => t.associationTypes.some((a) => a.typeId === 5)) : undefined) ?? result.to[0];
      if (chosen) found.set(String(result._from.id), String(chosen.toObjectId));
    }
  }
  return found;
}

/** Write calls a sandbox answered so far (creates, updates, upserts, associations), for "a second run writes nothing". */
export async function writeCalls(hub: Hub): Promise<number> {
  const [sf, hs] = await Promise.all([sandboxCounts(hub.salesforce.url), sandboxCounts(hub.hubspot.url)]);
  const writes = (counts: Record<string, number>, pattern: RegExp) => Object.entries(counts).filter(([name]) => pattern.test(name)).reduce((sum, [, n]) => sum + n, 0);
  // Salesforce: record and collection writes, Bulk API ingest uploads; HubSpot: object, batch and association writes.
  return writes(sf, /^(createRecord|updateRecord|upsertByExternalId|deleteRecord|createCollection|updateCollection|upsertCollection|deleteCollection|bulkUpload)$/) + writes(hs, /^(createObject|updateObject|archiveObject|batchCreate|batchUpdate|batchUpsert|batchArchive|mergeObjects|associationCreate|associationCreateDefault|associationBatchCreate|associationBatchDefault|associationArchive|associationBatchArchive)$/);
}
