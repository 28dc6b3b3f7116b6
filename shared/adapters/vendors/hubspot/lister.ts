import type { Client } from '@hubspot/api-client';
import type { FieldValues } from '#domain/change-event';
import type { ListedRecord, RecordLister } from '#ports/crm';
import { addAssociations, associationTarget } from './associations.ts';
import { classifyHubspotError } from './classify-error.ts';

/** The most records one list page returns (`limit` up to 100, vendor-apis §2.2). */
const PAGE = 100;

/**
 * Every live record of a HubSpot object through the CRM v3 list endpoint (`GET /crm/v3/objects/{type}`), 100 a
 * page, following `paging.next.after`; a record's company (an association pseudo-property) is read for the whole
 * page in one v4 batch read. Not search: search stops at 10,000 results and lags behind writes (vendor-apis §2.4).
 */
export function hubspotLister(client: Client): RecordLister {
  return {
    async *list(objectType, fields, listOptions = {}) {
      // The list endpoint filters nothing: records older than `modifiedSince` are read and left out here (search
      // could filter, but stops at 10,000 results).
      const since = listOptions.modifiedSince;
      const properties = fields.filter((f) => associationTarget(f) === undefined);
      let after: string | undefined;
      do {
        let page;
        try {
          page = await client.crm.objects.basicApi.getPage(objectType, PAGE, after, properties, undefined, undefined, false);
        } catch (error) {
          const classified = classifyHubspotError(error);
          throw classified === 'not-found' ? new Error(`HubSpot has no object type ${objectType}`, { cause: error }) : classified;
        }
        const records = new Map<string, { values: FieldValues; modifiedAt?: number }>();
        for (const found of page.results) {
          const values: FieldValues = {};
          for (const property of properties) values[property] = found.properties[property] ?? null;
          const modifiedAt = found.updatedAt instanceof Date ? found.updatedAt.getTime() : Date.parse(String(found.updatedAt ?? ''));
          records.set(found.id, { values, ...(Number.isFinite(modifiedAt) ? { modifiedAt } : {}) });
        }
        await addAssociations(client, objectType, records, fields);
        yield [...records].filter(([, record]) => since === undefined || (record.modifiedAt ?? 0) >= since).map(([id, record]): ListedRecord => ({ id, record }));
        after = page.paging?.next?.after;
      } while (after);
    },
  };
}
