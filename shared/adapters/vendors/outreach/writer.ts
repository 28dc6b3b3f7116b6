import type { FieldValues } from '#domain/change-event';
import { PermanentError, RetryableError } from '#domain/errors';
import type { CrmWriter, UpdateRecord, UpsertRecord, UpsertResult } from '#ports/crm';
import type { OutreachClient } from './client.ts';
import { attributeOf, dataOf, listPath, pageOf } from './resources.ts';

/**
 * Syncline fields as Outreach prospect attributes: `email` is the first (and only written) entry of `emails`, and
 * `externalId` is the custom field holding the Salesforce id.
 */
export function toProspectAttributes(fields: FieldValues): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (field === 'email') attributes['emails'] = value === null || value === '' ? [] : [String(value)];
    else attributes[attributeOf(field)] = value;
  }
  return attributes;
}

/** A per-record failure from a permanent refusal (422 and friends); anything retryable for the whole call is rethrown. */
function asResult(error: unknown): UpsertResult {
  if (error instanceof PermanentError) return { ok: false, code: error.code, message: error.message, retryable: false };
  throw error;
}

function assertProspect(objectType: string): void {
  if (objectType !== 'prospect') throw new PermanentError('UNSUPPORTED_OBJECT', `The Outreach writer writes prospects, not ${objectType}`);
}

/**
 * Writes Outreach prospects one request at a time (API v2 has no batch upsert). `upsert` finds the prospect whose
 * external-id attribute holds the source id and PATCHes it, or POSTs a new one carrying that id; `update` PATCHes by
 * Outreach id. Refusals of one record (422: a taken e-mail, a read-only attribute) are values; 429/5xx/network and
 * auth failures throw for the whole call.
 */
export function outreachWriter(client: OutreachClient): CrmWriter {
  async function patch(id: string, attributes: Record<string, unknown>): Promise<UpsertResult> {
    try {
      const answer = await client.request('PATCH', `/api/v2/prospects/${id}`, { data: { type: 'prospect', id: Number(id), attributes } });
      return answer ? { ok: true, id, created: false } : { ok: false, code: 'NOT_FOUND', message: `Outreach has no prospect ${id}`, retryable: false };
    } catch (error) {
      return asResult(error);
    }
  }

  async function upsertOne(attribute: string, record: UpsertRecord): Promise<UpsertResult> {
    const found = await client.request('GET', listPath('prospects', { [attribute]: record.externalId }, { 'page[size]': '2', count: 'false' }));
    const matches = found ? pageOf(found.body).data : [];
    if (matches.length > 1) {
      return { ok: false, code: 'MULTIPLE_MATCHES', message: `${matches.length} Outreach prospects carry ${attribute}=${record.externalId}`, retryable: false };
    }
    const attributes = { ...toProspectAttributes(record.fields), [attribute]: record.externalId };
    const [match] = matches;
    if (match) {
      const result = await patch(match.id, attributes);
      // Destroyed between the lookup and the write: the next delivery finds nothing and creates it.
      return !result.ok && result.code === 'NOT_FOUND' ? { ...result, retryable: true } : result;
    }
    try {
      const created = await client.request('POST', '/api/v2/prospects', { data: { type: 'prospect', attributes } });
      if (!created) throw new RetryableError('Outreach answered 404 to a prospect create');
      return { ok: true, id: dataOf(created.body).id, created: true };
    } catch (error) {
      return asResult(error);
    }
  }

  return {
    async upsert(objectType, externalIdField, records) {
      assertProspect(objectType);
      const attribute = attributeOf(externalIdField);
      const results: UpsertResult[] = [];
      for (const record of records) results.push(await upsertOne(attribute, record));
      return results;
    },
    async update(objectType, records: readonly UpdateRecord[]) {
      assertProspect(objectType);
      const results: UpsertResult[] = [];
      for (const record of records) {
        results.push(/^\d+$/.test(record.id) ? await patch(record.id, toProspectAttributes(record.fields)) : { ok: false, code: 'INVALID_ID', message: `${record.id} is not an Outreach prospect id`, retryable: false });
      }
      return results;
    },
  };
}
