import { Client } from '@hubspot/api-client';
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/Filter';
import type { FieldValues } from '#domain/change-event';
import { PermanentError, RetryableError } from '#domain/errors';
import type { ChangeReader, SourceRecord } from '#ports/crm';
import { addAssociations, associationTarget } from './associations.ts';
import { classifyHubspotError } from './classify-error.ts';
import { hubspotDeadlineMiddleware } from './deadline-agent.ts';

export interface HubspotCredentials {
  accessToken: string;
  /** Overrides https://api.hubapi.com, e.g. the local sandbox. */
  basePath?: string;
}

/**
 * Creates the HubSpot SDK client. Retries are the queue's job (with backoff and a DLQ), not the SDK's. Every
 * request has a timeout within the invocation's deadline ({@link hubspotDeadlineMiddleware}).
 */
export function createHubspotClient(credentials: HubspotCredentials): Client {
  return new Client({ accessToken: credentials.accessToken, ...(credentials.basePath ? { basePath: credentials.basePath } : {}), numberOfApiCallRetries: 0, middleware: [hubspotDeadlineMiddleware] });
}

/** HubSpot's batch endpoints take at most 100 inputs per call (vendor-apis §2). */
const BATCH_READ_LIMIT = 100;

interface HubspotObject {
  id: string;
  properties: Record<string, string | null>;
  updatedAt?: Date | string;
}

function toSourceRecord(record: HubspotObject, fields: readonly string[]): SourceRecord {
  const values: FieldValues = {};
  for (const field of fields) if (associationTarget(field) === undefined) values[field] = record.properties[field] ?? null;
  const modifiedAt = record.updatedAt instanceof Date ? record.updatedAt.getTime() : Date.parse(String(record.updatedAt ?? ''));
  return { values, ...(Number.isFinite(modifiedAt) ? { modifiedAt } : {}) };
}

/** Ids of the records whose `field` equals `value`, by CRM search (at most 10). */
async function searchIds(client: Client, objectType: string, field: string, value: string): Promise<string[]> {
  try {
    // CRM search: one filter, EQ; HubSpot compares e-mail addresses case-insensitively.
    const response = await client.crm.objects.searchApi.doSearch(objectType, { filterGroups: [{ filters: [{ propertyName: field, operator: 'EQ' as FilterOperatorEnum, value }] }], properties: ['hs_object_id'], limit: 10, after: '0', sorts: [] });
    return response.results.map((r) => r.id);
  } catch (error) {
    const classified = classifyHubspotError(error);
    if (classified === 'not-found') return [];
    throw classified;
  }
}

/** Values per `IN` filter of one search; records per search page. */
const SEARCH_IN_VALUES = 100;
const SEARCH_PAGE = 100;

/**
 * Ids of the records whose `field` holds each of `values`, by CRM search with one `IN` filter per 100 values (string
 * values compared in lower case, as HubSpot asks of `IN` on text properties), following pages. Keys are the values
 * as given; a value no record holds is absent.
 */
async function searchIdsIn(client: Client, objectType: string, field: string, values: readonly string[]): Promise<Map<string, string[]>> {
  const byKey = new Map<string, string[]>();
  const distinct = [...new Set(values.map((v) => v.toLowerCase()))];
  for (let start = 0; start < distinct.length; start += SEARCH_IN_VALUES) {
    const chunk = distinct.slice(start, start + SEARCH_IN_VALUES);
    let after: string | undefined = '0';
    while (after !== undefined) {
      let page;
      try {
        page = await client.crm.objects.searchApi.doSearch(objectType, { filterGroups: [{ filters: [{ propertyName: field, operator: 'IN' as FilterOperatorEnum, values: chunk }] }], properties: [field], limit: SEARCH_PAGE, after, sorts: [] });
      } catch (error) {
        const classified = classifyHubspotError(error);
        if (classified === 'not-found') break;
        throw classified;
      }
      for (const record of page.results) {
        const key = record.properties[field]?.toLowerCase();
        if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), record.id]);
      }
      after = page.paging?.next?.after;
    }
  }
  const found = new Map<string, string[]>();
  for (const value of values) {
    const ids = byKey.get(value.toLowerCase());
    if (ids !== undefined) found.set(value, ids.slice(0, 10));
  }
  return found;
}

/** Contacts by `email`: the one lookup a batch read can do, e-mail being a contact's unique property (vendor-apis §2.3). */
function isContactEmail(objectType: string, field: string): boolean {
  return ['contacts', '0-1'].includes(objectType.toLowerCase()) && field.toLowerCase() === 'email';
}

/**
 * Contacts by e-mail through batch reads by `idProperty: email`, 100 addresses per call. Not search: search sees a
 * write only after a delay and has a tighter rate limit of its own (vendor-apis §2.4, §2.7). HubSpot keeps e-mail
 * addresses lower-case and matches them case-insensitively, so answers are mapped back the same way; an address no
 * contact holds comes back among the 207's errors and is simply absent.
 */
async function readContactsByEmail(client: Client, values: readonly string[]): Promise<Map<string, string[]>> {
  const key = (email: string) => email.toLowerCase();
  // One input per address, whatever its case: a repeated id reads nothing more, and batch updates refuse one.
  const distinct = [...new Map(values.map((v) => [key(v), v])).values()];
  const byKey = new Map<string, string>();
  for (let start = 0; start < distinct.length; start += BATCH_READ_LIMIT) {
    const inputs = distinct.slice(start, start + BATCH_READ_LIMIT).map((id) => ({ id }));
    try {
      const response = await client.crm.objects.batchApi.read('contacts', { inputs, idProperty: 'email', properties: ['email'], propertiesWithHistory: [] });
      for (const record of response.results) {
        const email = record.properties['email'];
        if (email) byKey.set(key(email), record.id);
      }
    } catch (error) {
      const classified = classifyHubspotError(error);
      if (classified !== 'not-found') throw classified;
    }
  }
  const found = new Map<string, string[]>();
  for (const value of values) {
    const id = byKey.get(key(value));
    if (id !== undefined) found.set(value, [id]);
  }
  return found;
}

/** Reads HubSpot records' current properties (CRM v3 objects API), one by one or 100 per batch read. */
export function hubspotReader(client: Client): ChangeReader {
  return {
    async read(objectType, id, fields) {
      try {
        const record = toSourceRecord(await client.crm.objects.basicApi.getById(objectType, id, propertiesOf(fields)), fields);
        await addAssociations(client, objectType, new Map([[id, record]]), fields);
        return record;
      } catch (error) {
        // The association read classifies its own errors: a 429 keeps its Retry-After.
        if (error instanceof RetryableError || error instanceof PermanentError) throw error;
        const classified = classifyHubspotError(error);
        if (classified === 'not-found') return null;
        throw classified;
      }
    },
    findIds: (objectType, field, value) => searchIds(client, objectType, field, value),
    async findIdsMany(objectType, field, values) {
      if (isContactEmail(objectType, field)) return readContactsByEmail(client, values);
      // Other properties are not unique, so only search finds them: 100 values a search (`IN`), never one a value,
      // since search has a rate limit of its own (vendor-apis §2.4).
      return searchIdsIn(client, objectType, field, values);
    },
    async readMany(objectType, ids, fields) {
      const found = new Map<string, SourceRecord>();
      for (let start = 0; start < ids.length; start += BATCH_READ_LIMIT) {
        const inputs = ids.slice(start, start + BATCH_READ_LIMIT).map((id) => ({ id }));
        try {
          // Ids that no longer exist come back as a 207 with errors beside the results; they are simply absent.
          const response = await client.crm.objects.batchApi.read(objectType, { inputs, properties: propertiesOf(fields), propertiesWithHistory: [] });
          for (const record of response.results) found.set(record.id, toSourceRecord(record, fields));
        } catch (error) {
          const classified = classifyHubspotError(error);
          if (classified !== 'not-found') throw classified;
        }
      }
      await addAssociations(client, objectType, found, fields);
      return found;
    },
  };
}

/** The real properties among `fields`: association pseudo-properties are read through the associations API. */
function propertiesOf(fields: readonly string[]): string[] {
  return fields.filter((field) => associationTarget(field) === undefined);
}
