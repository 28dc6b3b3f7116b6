import type { FieldValues } from '#domain/change-event';
import { PermanentError, RetryableError } from '#domain/errors';
import type { CrmWriter, UpdateRecord, UpsertRecord, UpsertResult } from '#ports/crm';
import { refusedWith } from './classify-error.ts';
import type { OutreachClient } from './client.ts';
import { attributeOf, dataOf, listPages, listPath, pageOf, type ResourceObject } from './resources.ts';

/** The prospect field that holds its sequence status; written through sequenceState actions, never as an attribute. */
const SEQUENCE_STATE = 'sequenceState';

/**
 * The sequence statuses another system may set: the sequenceState action that reaches each, and the states it is
 * applied to. Pausing and finishing stop every sequence still running (a rep who pauses a person means all the
 * e-mails); resuming restarts the paused ones unless a sequence is already active. `bounced`, `opted_out` and the
 * rest are Outreach's to set.
 */
const SETTABLE_STATES: Readonly<Record<string, { action: 'pause' | 'resume' | 'finish'; from: readonly string[] }>> = {
  paused: { action: 'pause', from: ['active', 'pending'] },
  active: { action: 'resume', from: ['paused'] },
  finished: { action: 'finish', from: ['active', 'pending', 'paused'] },
};

/**
 * Syncline fields as Outreach prospect attributes: `email` is the first (and only written) entry of `emails`, and
 * `externalId` is the custom field holding the Salesforce id.
 */
export function toProspectAttributes(fields: FieldValues): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (field === SEQUENCE_STATE) continue;
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
 *
 * A `sequenceState` value (the status Salesforce users set on a Lead or Contact) is not an attribute: it moves the
 * prospect's sequenceStates with Outreach's pause, resume and finish actions, then reads the status back as the
 * reader reports it (the most recently updated state's). Where Outreach cannot reach the status written (resuming a
 * finished sequence, a prospect in no sequence, `bounced`, a cleared status), the rest of the record is still
 * written and the result says what Outreach keeps (`kept`), so Syncline records Outreach's own status and sends it
 * back to the other systems instead of the two silently disagreeing.
 */
export function outreachWriter(client: OutreachClient): CrmWriter {
  /** Every sequenceState of the prospect, most recently updated first. */
  async function statesOf(prospectId: string): Promise<ResourceObject[]> {
    const states: ResourceObject[] = [];
    for await (const page of listPages(client, listPath('sequenceStates', { 'prospect.id': prospectId }, { sort: '-updatedAt', 'page[size]': '100', count: 'false' }))) states.push(...page);
    return states;
  }

  /** Moves the prospect's sequences toward `wanted`; the status Outreach holds afterwards where it is not `wanted`. */
  async function moveSequence(prospectId: string, wanted: unknown): Promise<FieldValues | undefined> {
    let states = await statesOf(prospectId);
    const status = () => (states[0] ? String(states[0].attributes['state']) : null);
    const target = typeof wanted === 'string' ? SETTABLE_STATES[wanted] : undefined;
    const movable = !target || (target.action === 'resume' && status() === 'active') ? [] : states.filter((state) => target.from.includes(String(state.attributes['state'])));
    for (const state of movable) {
      try {
        await client.request('POST', `/api/v2/sequenceStates/${state.id}/actions/${target?.action ?? ''}`);
      } catch (error) {
        // 422: the state moved on its own since the list (a reply finished it); the read-back below tells where it is.
        // Any other refusal (403: the app may not act on sequences) is the record's failure, not a kept status.
        if (!refusedWith(error, 422)) throw error;
      }
    }
    if (movable.length > 0) states = await statesOf(prospectId);
    return status() === wanted ? undefined : { [SEQUENCE_STATE]: status() };
  }

  /** The sequence status, after the attributes are written; what Outreach keeps instead of it goes in `kept`. */
  async function thenSequence(written: UpsertResult, fields: FieldValues): Promise<UpsertResult> {
    if (!written.ok || !(SEQUENCE_STATE in fields)) return written;
    const kept = await moveSequence(written.id, fields[SEQUENCE_STATE]);
    return kept ? { ...written, kept } : written;
  }

  async function patch(id: string, fields: FieldValues, extra: Record<string, unknown> = {}): Promise<UpsertResult> {
    try {
      const attributes = { ...toProspectAttributes(fields), ...extra };
      const answer = await client.request('PATCH', `/api/v2/prospects/${id}`, { data: { type: 'prospect', id: Number(id), attributes } });
      return answer ? await thenSequence({ ok: true, id, created: false }, fields) : { ok: false, code: 'NOT_FOUND', message: `Outreach has no prospect ${id}`, retryable: false };
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
    const [match] = matches;
    if (match) {
      const result = await patch(match.id, record.fields, { [attribute]: record.externalId });
      // Destroyed between the lookup and the write: the next delivery finds nothing and creates it.
      return !result.ok && result.code === 'NOT_FOUND' ? { ...result, retryable: true } : result;
    }
    try {
      const attributes = { ...toProspectAttributes(record.fields), [attribute]: record.externalId };
      const created = await client.request('POST', '/api/v2/prospects', { data: { type: 'prospect', attributes } });
      if (!created) throw new RetryableError('Outreach answered 404 to a prospect create');
      return await thenSequence({ ok: true, id: dataOf(created.body).id, created: true }, record.fields);
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
        results.push(/^\d+$/.test(record.id) ? await patch(record.id, record.fields) : { ok: false, code: 'INVALID_ID', message: `${record.id} is not an Outreach prospect id`, retryable: false });
      }
      return results;
    },
  };
}
