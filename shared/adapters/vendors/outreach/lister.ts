import type { ListedRecord, RecordLister } from '#ports/crm';
import type { OutreachClient } from './client.ts';
import { activityValues, modifiedAtOf } from './reader.ts';
import { listPages, listPath } from './resources.ts';

/** Outreach's largest `page[size]` (API v2 reference: 1000): 40,000 mailings are 40 pages. */
const PAGE = 1000;

/** The activity collections read in full, by Syncline's object type. */
const COLLECTIONS: Record<string, string> = { mailing: 'mailings', call: 'calls' };

/**
 * Every mailing and call in Outreach (API v2 list pages of 1,000, sorted by id so a page walk is stable while new
 * activity arrives, following `links.next`), for an initial sync or a reconciliation of activities. Prospects are not
 * listed: people are read in full from the CRMs, and a prospect is created in Outreach from its Salesforce record.
 */
export function outreachLister(client: OutreachClient): RecordLister {
  return {
    objectTypes: Object.keys(COLLECTIONS),
    async *list(objectType, _fields, options = {}) {
      const collection = COLLECTIONS[objectType];
      if (!collection) throw new Error(`Outreach lists ${Object.keys(COLLECTIONS).join(' and ')} in full, not ${objectType}`);
      // Outreach filters by range (`filter[updatedAt]=<from>..inf`); an e-mail counts once it went out (the webhook
      // path logs `mailing.delivered`), never as a draft, scheduled or failed.
      const since: Record<string, string> = options.modifiedSince === undefined ? {} : { updatedAt: `${new Date(options.modifiedSince).toISOString()}..inf` };
      for await (const page of listPages(client, listPath(collection, since, { sort: 'id', 'page[size]': String(PAGE), count: 'false' }))) {
        yield page
          .filter((resource) => objectType !== 'mailing' || Boolean(resource.attributes['deliveredAt']))
          .map((resource): ListedRecord => ({ id: resource.id, record: { values: activityValues(objectType, resource), ...modifiedAtOf(resource) } }));
      }
    },
  };
}
