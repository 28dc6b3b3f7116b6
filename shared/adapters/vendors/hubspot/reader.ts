import { Client } from '@hubspot/api-client';
import type { FieldValues } from '#domain/change-event';
import type { ChangeReader } from '#ports/crm';
import { classifyHubspotError } from './classify-error.ts';

export interface HubspotCredentials {
  accessToken: string;
  /** Overrides https://api.hubapi.com, e.g. the local sandbox. */
  basePath?: string;
}

/** Creates the HubSpot SDK client. Retries are the queue's job (with backoff and a DLQ), not the SDK's. */
export function createHubspotClient(credentials: HubspotCredentials): Client {
  return new Client({ accessToken: credentials.accessToken, ...(credentials.basePath ? { basePath: credentials.basePath } : {}), numberOfApiCallRetries: 0 });
}

/** Reads a HubSpot record's current properties (CRM v3 objects API). */
export function hubspotReader(client: Client): ChangeReader {
  return {
    async read(objectType, id, fields) {
      try {
        const record = await client.crm.objects.basicApi.getById(objectType, id, [...fields]);
        const values: FieldValues = {};
        for (const field of fields) values[field] = record.properties[field] ?? null;
        const modifiedAt = record.updatedAt instanceof Date ? record.updatedAt.getTime() : Date.parse(String(record.updatedAt ?? ''));
        return { values, ...(Number.isFinite(modifiedAt) ? { modifiedAt } : {}) };
      } catch (error) {
        const classified = classifyHubspotError(error);
        if (classified === 'not-found') return null;
        throw classified;
      }
    },
  };
}
