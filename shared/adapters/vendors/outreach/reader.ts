import type { FieldValue, FieldValues } from '#domain/change-event';
import { PermanentError } from '#domain/errors';
import type { ChangeReader, SourceRecord } from '#ports/crm';
import type { OutreachClient } from './client.ts';
import { OUTREACH_EXTERNAL_ID_ATTRIBUTE, attributeOf, dataOf, listPages, listPath, pageOf, relatedId, type ResourceObject } from './resources.ts';

const COLLECTIONS: Record<string, string> = { prospect: 'prospects', mailing: 'mailings', call: 'calls' };

/** Ids per `filter[id]=a,b,…` list call: short enough for any URL limit, one page each. */
const READ_MANY_CHUNK = 50;

/** The prospect values every read returns; `sequenceState` costs a second call and is read when asked for (or when no fields are named). */
const PROSPECT_FIELDS = ['firstName', 'lastName', 'title', 'email', 'engagedAt', 'touchedAt', 'externalId'] as const;

function scalar(value: unknown): FieldValue {
  if (value === undefined) return null;
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(String).join(',');
  return JSON.stringify(value);
}

/** When Outreach last changed a resource (`updatedAt`), as epoch ms. */
export function modifiedAtOf(resource: ResourceObject): { modifiedAt?: number } {
  const ms = Date.parse(String(resource.attributes['updatedAt'] ?? ''));
  return Number.isFinite(ms) ? { modifiedAt: ms } : {};
}

function prospectValue(prospect: ResourceObject, field: string): FieldValue {
  if (field === 'email') {
    const emails = prospect.attributes['emails'];
    return Array.isArray(emails) && typeof emails[0] === 'string' ? emails[0] : null;
  }
  if (field === 'externalId') return scalar(prospect.attributes[OUTREACH_EXTERNAL_ID_ATTRIBUTE]);
  return scalar(prospect.attributes[field]);
}

/** Seconds between the call's start (answered, else dialed) and its end, when both are known. */
function durationOf(call: ResourceObject): number | null {
  const start = Date.parse(String(call.attributes['answeredAt'] ?? call.attributes['dialedAt'] ?? ''));
  const end = Date.parse(String(call.attributes['completedAt'] ?? ''));
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? Math.round((end - start) / 1000) : null;
}

function firstDate(resource: ResourceObject, names: readonly string[]): FieldValue {
  for (const name of names) {
    const value = resource.attributes[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

/** A mailing or call as an activity: subject, kind, when it happened, whose it is. */
export function activityValues(objectType: string, resource: ResourceObject): FieldValues {
  const prospectId = relatedId(resource, 'prospect');
  if (objectType === 'mailing') {
    return { subject: scalar(resource.attributes['subject']), kind: 'mailing', occurredAt: firstDate(resource, ['deliveredAt', 'createdAt']), prospectId };
  }
  const outcome = resource.attributes['outcome'];
  return {
    subject: `Call: ${typeof outcome === 'string' && outcome !== '' ? outcome : 'logged'}`,
    kind: 'call',
    occurredAt: firstDate(resource, ['completedAt', 'answeredAt', 'dialedAt', 'createdAt']),
    prospectId,
    duration: durationOf(resource),
  };
}

/**
 * Reads Outreach prospects, mailings and calls (API v2). A prospect's `sequenceState` is the state of its most
 * recently updated sequenceState (`sort=-updatedAt`), or null when it was never sequenced.
 */
export function outreachReader(client: OutreachClient): ChangeReader {
  async function latestSequenceState(prospectId: string): Promise<FieldValue> {
    const answer = await client.request('GET', listPath('sequenceStates', { 'prospect.id': prospectId }, { sort: '-updatedAt', 'page[size]': '1', count: 'false' }));
    const [latest] = answer ? pageOf(answer.body).data : [];
    return latest ? scalar(latest.attributes['state']) : null;
  }

  /** The state of each prospect's most recently updated sequenceState, for many prospects in as few pages as possible. */
  async function latestSequenceStates(prospectIds: readonly string[]): Promise<Map<string, FieldValue>> {
    const latest = new Map<string, FieldValue>();
    for await (const states of listPages(client, listPath('sequenceStates', { 'prospect.id': prospectIds.join(',') }, { sort: '-updatedAt', 'page[size]': '1000', count: 'false' }))) {
      for (const state of states) {
        const prospectId = relatedId(state, 'prospect');
        if (prospectId !== null && !latest.has(prospectId)) latest.set(prospectId, scalar(state.attributes['state']));
      }
    }
    return latest;
  }

  function toRecord(objectType: string, resource: ResourceObject, fields: readonly string[], sequenceState?: FieldValue): SourceRecord {
    if (objectType !== 'prospect') return { values: activityValues(objectType, resource), ...modifiedAtOf(resource) };
    const values: FieldValues = {};
    for (const field of new Set([...PROSPECT_FIELDS, ...fields])) if (field !== 'sequenceState') values[field] = prospectValue(resource, field);
    if (sequenceState !== undefined) values['sequenceState'] = sequenceState;
    return { values, ...modifiedAtOf(resource) };
  }

  const collectionOf = (objectType: string): string => {
    const collection = COLLECTIONS[objectType];
    if (!collection) throw new PermanentError('UNSUPPORTED_OBJECT', `The Outreach reader reads prospect, mailing and call, not ${objectType}`);
    return collection;
  };
  const wantsState = (objectType: string, fields: readonly string[]): boolean => objectType === 'prospect' && (fields.length === 0 || fields.includes('sequenceState'));

  return {
    async read(objectType, id, fields) {
      const collection = collectionOf(objectType);
      if (!/^\d+$/.test(id)) return null;
      const answer = await client.request('GET', `/api/v2/${collection}/${id}`);
      if (!answer) return null;
      const resource = dataOf(answer.body);
      return toRecord(objectType, resource, fields, wantsState(objectType, fields) ? await latestSequenceState(resource.id) : undefined);
    },

    async readMany(objectType, ids, fields) {
      const collection = collectionOf(objectType);
      const found = new Map<string, SourceRecord>();
      const valid = [...new Set(ids.filter((id) => /^\d+$/.test(id)))];
      for (let start = 0; start < valid.length; start += READ_MANY_CHUNK) {
        const chunk = valid.slice(start, start + READ_MANY_CHUNK);
        const answer = await client.request('GET', listPath(collection, { id: chunk.join(',') }, { 'page[size]': String(READ_MANY_CHUNK), count: 'false' }));
        const resources = answer ? pageOf(answer.body).data : [];
        const states = wantsState(objectType, fields) && resources.length > 0 ? await latestSequenceStates(resources.map((r) => r.id)) : undefined;
        for (const resource of resources) found.set(resource.id, toRecord(objectType, resource, fields, states ? (states.get(resource.id) ?? null) : undefined));
      }
      return found;
    },

    async findIds(objectType, field, value) {
      if (objectType !== 'prospect') return [];
      // filter[emails] matches any of a prospect's addresses; Outreach compares them case-insensitively.
      const filter = field === 'email' ? 'emails' : attributeOf(field);
      const answer = await client.request('GET', listPath('prospects', { [filter]: value }, { 'page[size]': '10', count: 'false' }));
      return answer ? pageOf(answer.body).data.map((p) => p.id) : [];
    },
  };
}
