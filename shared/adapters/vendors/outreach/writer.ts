import type { FieldValues } from '#domain/change-event';
import { PermanentError, RetryableError } from '#domain/errors';
import type { CrmWriter, UpdateRecord, UpsertRecord, UpsertResult } from '#ports/crm';
import type { OutreachClient } from './client.ts';
import { attributeOf, dataOf, listPath, pageOf } from './resources.ts';

/** The prospect field that holds its sequence status; written through sequenceState actions, never as an attribute. */
const SEQUENCE_STATE = 'sequenceState';

/**
 * The sequence statuses another system may set, as the sequenceState action that reaches each and the states that
 * action leaves from (Outreach's own transitions: a bounced or opted-out prospect can only be finished, never resumed).
 * `bounced`, `opted_out` and the rest are Outreach's to set.
 */
const SETTABLE_STATES: Readonly<Record<string, { action: 'pause' | 'resume' | 'finish'; from: readonly string[] }>> = {
  paused: { action: 'pause', from: ['active', 'pending'] },
  active: { action: 'resume', from: ['paused'] },
  finished: { action: 'finish', from: ['active', 'pending', 'paused', 'bounced', 'failed'] },
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
 * prospect's sequenceStates with Outreach's pause, resume and finish actions, every state that action can leave from,
 * so the status the reader reports (the most recently updated state's) becomes the one written. A status already
 * held needs nothing; one Outreach cannot reach (resuming a finished sequence, a prospect in no sequence, `bounced`)
 * is refused as `SEQUENCE_STATE_UNREACHABLE`, so the record waits in quarantine with the reason instead of the two
 * systems silently disagreeing.
 */
export function outreachWriter(client: OutreachClient): CrmWriter {
  async function moveSequence(prospectId: string, wanted: unknown): Promise<UpsertResult> {
    const done: UpsertResult = { ok: true, id: prospectId, created: false };
    const refuse = (why: string): UpsertResult => ({ ok: false, code: 'SEQUENCE_STATE_UNREACHABLE', message: `Outreach cannot set prospect ${prospectId}'s sequence status to ${String(wanted)}: ${why}`, retryable: false });
    const answer = await client.request('GET', listPath('sequenceStates', { 'prospect.id': prospectId }, { sort: '-updatedAt', 'page[size]': '100', count: 'false' }));
    const states = answer ? pageOf(answer.body).data : [];
    const current = (state: (typeof states)[number]) => String(state.attributes['state']);
    if ((states[0] ? current(states[0]) : null) === wanted) return done;
    const target = typeof wanted === 'string' ? SETTABLE_STATES[wanted] : undefined;
    if (!target) return refuse(wanted === null ? 'a status cannot be removed' : 'only Outreach sets it');
    const movable = states.filter((state) => target.from.includes(current(state)));
    if (movable.length === 0) return refuse(states.length === 0 ? 'it is in no sequence' : `no sequence is ${target.from.join(' or ')}`);
    for (const state of movable) {
      try {
        await client.request('POST', `/api/v2/sequenceStates/${state.id}/actions/${target.action}`);
      } catch (error) {
        // 422: the state moved on its own since the list (a reply finished it); the next delivery sees where it is.
        if (!(error instanceof PermanentError)) throw error;
        return refuse(error.message);
      }
    }
    return done;
  }

  /** The sequence status, after the attributes are written; a prospect created here has none yet. */
  async function thenSequence(written: UpsertResult, fields: FieldValues): Promise<UpsertResult> {
    if (!written.ok || !(SEQUENCE_STATE in fields)) return written;
    const moved = await moveSequence(written.id, fields[SEQUENCE_STATE]);
    return moved.ok ? written : moved;
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
