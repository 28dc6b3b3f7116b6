import { Client } from '@hubspot/api-client';
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/objects/models/Filter';
import type { FieldValues } from '#domain/change-event';
import type { ChangeReader, SourceRecord } from '#ports/crm';
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
  for (const field of fields) values[field] = record.properties[field] ?? null;
  const modifiedAt = record.updatedAt instanceof Date ? record.updatedAt.getTime() : Date.parse(String(record.updatedAt ?? ''));
  return { values, ...(Number.isFinite(modifiedAt) ? { modifiedAt } : {}) };
}

/** Reads HubSpot records' current properties (CRM v3 objects API), one by one or 100 per batch read. */
export function hubspotReader(client: Client): ChangeReader {
  return {
    async read(objectType, id, fields) {
      try {
        return toSourceRecord(await client.crm.objects.basicApi.getById(objectType, id, [...fields]), fields);
      } catch (error) {
        const classified = classifyHubspotError(error);
        if (classified === 'not-found') return null;
        throw classified;
      }
    },
    async findIds(objectType, field, value) {
      try {
        // CRM search: one filter, EQ; HubSpot compares e-mail addresses case-insensitively.
        const response = await client.crm.objects.searchApi.doSearch(objectType, { filterGroups: [{ filters: [{ propertyName: field, operator: 'EQ' as FilterOperatorEnum, value }] }], properties: ['hs_object_id'], limit: 10, after: '0', sorts: [] });
        return response.results.map((r) => r.id);
      } catch (error) {
        const classified = classifyHubspotError(error);
        if (classified === 'not-found') return [];
        throw classified;
      }
    },
    async readMany(objectType, ids, fields) {
      const found = new Map<string, SourceRecord>();
      for (let start = 0; start < ids.length; start += BATCH_READ_LIMIT) {
        const inputs = ids.slice(start, start + BATCH_READ_LIMIT).map((id) => ({ id }));
        try {
          // Ids that no longer exist come back as a 207 with errors beside the results; they are simply absent.
          const response = await client.crm.objects.batchApi.read(objectType, { inputs, properties: [...fields], propertiesWithHistory: [] });
          for (const record of response.results) found.set(record.id, toSourceRecord(record, fields));
        } catch (error) {
          const classified = classifyHubspotError(error);
          if (classified !== 'not-found') throw classified;
        }
      }
      return found;
    },
  };
}
