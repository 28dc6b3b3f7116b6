/**
 * The batch floor: the fewest vendor calls that do the import's work with the batch APIs the vendors document.
 *
 * Salesforce
 * - Look-ups of existing people by e-mail: one `SELECT Id, Email FROM <Object> WHERE Email IN (...)` per object
 *   (Contact and Lead), each list as long as a REST query allows: the URI and headers of a call at most 16,384
 *   bytes (Salesforce Help 000386264, "Maximum number of rows returned by SOQL queries over the REST API"), the
 *   statement at most 100,000 characters and each string in a WHERE clause at most 4,000 (Salesforce Developer
 *   Limits, "SOQL and SOSL Limits for Search Queries"), at most 2,000 rows a page (resources-query).
 * - Writes: sObject Collections of 200 records, one object a call (vendor-apis §1.4), or one Bulk API 2.0 ingest
 *   job (create, upload, close, one status poll, successful and failed results: 6 calls; vendor-apis §1.8),
 *   whichever is fewer, per object and operation. The token grant is not an API call (§1.6).
 * HubSpot
 * - Reads of the created and updated contacts in batch reads of 100 (vendor-apis §2.3), and of their companies: a
 *   contact's company is an association, read in v4 batch reads of 100 (§2.5).
 * - The link back: each contact learns its Salesforce record's id (`syncline_salesforce_id`), batch updates of 100.
 * Pollers
 * - Salesforce is also polled (syncline.yaml `poll: true`, every minute by default, cdk/constructs/poll-schedule.ts):
 *   one query per polled object a run, and a page per 2,000 changed rows. This allowance is added to the
 *   Salesforce goal; it is computed, not told apart in the call log, which does not keep query strings.
 */
import type { ImportDataSet } from './generate.ts';

/** Header bytes a REST call carries besides the URI (Authorization, Host, Accept, User-Agent); kept generous. */
const HEADER_BUDGET = 1_200;
const MAX_URI_AND_HEADERS = 16_384;
const MAX_SOQL_CHARS = 100_000;
const COLLECTION_SIZE = 200;
const BULK_JOB_CALLS = 6;
const HUBSPOT_BATCH = 100;
const SOQL_PAGE_ROWS = 2_000;
/** The Salesforce objects the shipped contract maps and the poller reads: Contact, Lead, Account, Opportunity. */
export const POLLED_SALESFORCE_OBJECTS = 4;

export interface BatchFloor {
  salesforce: { lookups: number; writes: number; total: number; perRecord: number; soqlInListSize: number };
  hubspot: { reads: number; associationReads: number; linkWrites: number; total: number; perRecord: number };
}

/** How many IN-list queries the look-up of `emails` on one object takes within the URI and SOQL limits. */
export function inListQueries(base: string, emails: readonly string[]): { queries: number; largest: number } {
  const prefix = `${base}/services/data/v62.0/query?q=`;
  const soqlHead = 'SELECT Id, Email FROM Contact WHERE Email IN (';
  let queries = 0;
  let largest = 0;
  let inList: string[] = [];
  const fits = (list: readonly string[]) => {
    const soql = `${soqlHead}${list.map((e) => `'${e}'`).join(',')})`;
    return soql.length <= MAX_SOQL_CHARS && Buffer.byteLength(prefix + encodeURIComponent(soql)) + HEADER_BUDGET <= MAX_URI_AND_HEADERS;
  };
  for (const email of emails) {
    if (inList.length > 0 && !fits([...inList, email])) {
      queries += 1;
      largest = Math.max(largest, inList.length);
      inList = [];
    }
    inList.push(email);
  }
  if (inList.length > 0) {
    queries += 1;
    largest = Math.max(largest, inList.length);
  }
  return { queries, largest };
}

const writeCalls = (records: number): number => (records === 0 ? 0 : Math.min(Math.ceil(records / COLLECTION_SIZE), BULK_JOB_CALLS));

/** The floor for importing `data`, with instance URL `base` (the query URI's length depends on it). */
export function batchFloor(data: ImportDataSet, base = 'https://mydomain.my.salesforce.com'): BatchFloor {
  const imported = [...new Set(data.rows.map((r) => r.person))];
  const emails = imported.map((p) => data.emails[p] ?? '');
  const perObject = inListQueries(base, emails);
  const existing = new Map(data.salesforce.map((s) => [s.person, s.object]));
  const inImport = new Set(imported);
  const updates = (object: string) => data.salesforce.filter((s) => s.object === object && inImport.has(s.person)).length;
  const creates = imported.filter((p) => !existing.has(p)).length;
  const lookups = 2 * perObject.queries;
  const writes = writeCalls(creates) + writeCalls(updates('Contact')) + writeCalls(updates('Lead'));
  const hubspotContacts = imported.length;
  const reads = Math.ceil(hubspotContacts / HUBSPOT_BATCH);
  const hubspot = { reads, associationReads: reads, linkWrites: reads };
  const hubspotTotal = hubspot.reads + hubspot.associationReads + hubspot.linkWrites;
  const n = data.rows.length;
  return {
    salesforce: { lookups, writes, total: lookups + writes, perRecord: (lookups + writes) / n, soqlInListSize: perObject.largest },
    hubspot: { ...hubspot, total: hubspotTotal, perRecord: hubspotTotal / n },
  };
}

/** The pollers' allowance over `seconds` of import with `changedRows` Salesforce rows written. */
export function pollerAllowance(seconds: number, changedRows: number): number {
  const runs = Math.ceil(seconds / 60) + 1;
  return runs * POLLED_SALESFORCE_OBJECTS + Math.ceil(changedRows / SOQL_PAGE_ROWS);
}

/**
 * The floor of `syncline import` of the same rows: the people Salesforce lacks are created in HubSpot (one batch
 * upsert by e-mail per 100) and then synced as for the HubSpot import; both CRMs are read in full first (HubSpot list
 * pages and their association reads, one Bulk API 2.0 query job per Salesforce object, about four calls each).
 */
export function importCommandFloor(data: ImportDataSet, base?: string): BatchFloor {
  const existing = new Set(data.salesforce.map((s) => s.person));
  const fresh = [...new Set(data.rows.map((r) => r.person))].filter((p) => !existing.has(p));
  const synced = batchFloor({ ...data, rows: data.rows.filter((r) => fresh.includes(r.person)), salesforce: [] }, base);
  const upserts = Math.ceil(fresh.length / HUBSPOT_BATCH);
  const bulkQueries = 2 * 4;
  const n = data.rows.length;
  const salesforceTotal = synced.salesforce.total + bulkQueries;
  const hubspotTotal = synced.hubspot.total + upserts + 1;
  return {
    salesforce: { ...synced.salesforce, lookups: synced.salesforce.lookups + bulkQueries, total: salesforceTotal, perRecord: salesforceTotal / n },
    hubspot: { ...synced.hubspot, linkWrites: synced.hubspot.linkWrites + upserts, total: hubspotTotal, perRecord: hubspotTotal / n },
  };
}
