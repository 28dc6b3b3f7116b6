import type { Client } from '@hubspot/api-client';
import type { FieldValue, FieldValues } from '#domain/change-event';
import { PermanentError } from '#domain/errors';
import type { CrmWriter, NewField, TargetField, UpdateRecord, UpsertRecord, UpsertResult } from '#ports/crm';
import { cachedFields } from '../cached-fields.ts';
import { ASSOCIATION_PREFIX, splitAssociations, writeAssociated } from './associations.ts';
import { classifyHubspotError, hubspotErrorProperties, hubspotProblemCodes } from './classify-error.ts';

/** HubSpot's batch endpoints take at most 100 inputs per call (vendor-apis §2.3). */
export const HUBSPOT_BATCH_SIZE = 100;

/** What the SDK hands back from a batch upsert: the 200 shape, or the 207 shape with `errors`. */
interface UpsertResponse {
  results: { id: string; _new?: boolean; properties?: Record<string, string | null> }[];
  errors?: { category?: string; message?: string; status?: string; context?: Record<string, string[]> }[];
}

/** HubSpot stores every property as a string; an empty string clears a value (vendor-apis §2.2). */
function toHubspotValue(value: FieldValue): string {
  return value === null ? '' : String(value);
}

/** The real properties of `fields`: association pseudo-properties are written through the associations API. */
function toProperties(fields: FieldValues): Record<string, string> {
  return Object.fromEntries(Object.entries(splitAssociations(fields).properties).map(([name, value]) => [name, toHubspotValue(value)]));
}

/**
 * After a batch's records are written, links the written ones to the records their association pseudo-properties
 * name (one v4 batch create per target type and 100 records). A failure there fails those records, retryably: their
 * properties are written, and writing them again changes nothing.
 */
async function associate(client: Client, objectType: string, records: readonly { fields: FieldValues }[], results: UpsertResult[]): Promise<UpsertResult[]> {
  const byTarget = new Map<string, { from: string; to: string | null }[]>();
  records.forEach((record, i) => {
    const result = results[i];
    if (!result?.ok) return;
    for (const [target, to] of splitAssociations(record.fields).associations) {
      const pairs = byTarget.get(target) ?? [];
      pairs.push({ from: result.id, to });
      byTarget.set(target, pairs);
    }
  });
  let out = results;
  for (const [target, pairs] of byTarget) {
    let failures: Map<string, { code: string; message: string; retryable: boolean }>;
    try {
      failures = await writeAssociated(client, objectType, target, pairs);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retryable = !(error instanceof PermanentError);
      failures = new Map(pairs.map((p) => [p.from, { code: 'ASSOCIATION_FAILED', message, retryable }]));
    }
    // The record's properties are written; only its association failed, and writing them again changes nothing.
    out = out.map((r) => {
      const failure = r.ok ? failures.get(r.id) : undefined;
      return failure ? { ok: false, code: failure.code, message: `the record was written but not associated with its ${target}: ${failure.message}`, retryable: failure.retryable } : r;
    });
  }
  return out;
}

/** Per-input failures HubSpot may clear on a later attempt. */
const RETRYABLE_CATEGORIES = new Set(['RATE_LIMITS', 'INTERNAL_ERROR', 'SERVICE_UNAVAILABLE', 'TIMEOUT']);

/** Longest vendor message passed on: enough for a sentence, never a whole echoed value. */
const MAX_MESSAGE_CHARS = 300;

/**
 * A per-input error in words. A validation error names its properties and problem codes only: HubSpot's validation
 * messages quote the refused value (an e-mail address, a 10,000-character text), which must not travel into
 * quarantine reasons and logs. Any other error keeps HubSpot's message, cut to 300 characters.
 */
export function inputErrorMessage(error: NonNullable<UpsertResponse['errors']>[number]): string {
  const properties = hubspotErrorProperties({ context: error.context, message: error.message });
  const codes = hubspotProblemCodes({ message: error.message });
  if (error.category === 'VALIDATION_ERROR' || properties.length > 0) {
    const what = properties.length > 0 ? properties.join(', ') : 'a property';
    return `${what}${codes.length > 0 ? ` (${codes.join(', ')})` : ''}: HubSpot refused the value (${error.category})`;
  }
  const message = error.message ?? 'no message';
  return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}…` : message;
}

/**
 * Puts the batch's results back in input order. A result is matched by its external id property when HubSpot echoes
 * it; per-input errors name their inputs in `context.ids`; any result left over fills the remaining inputs in order,
 * because HubSpot does not promise result order.
 */
function inInputOrder(keys: readonly string[], keyOf: (result: UpsertResponse['results'][number]) => string | undefined, response: UpsertResponse): UpsertResult[] {
  const out = new Map<number, UpsertResult>();
  const indexOf = new Map(keys.map((key, i) => [key, i]));
  for (const error of response.errors ?? []) {
    const code = error.category ?? 'UNKNOWN_ERROR';
    for (const id of error.context?.['ids'] ?? []) {
      const i = indexOf.get(id);
      if (i !== undefined) out.set(i, { ok: false, code, message: inputErrorMessage(error), retryable: RETRYABLE_CATEGORIES.has(code) });
    }
  }
  const unmatched: UpsertResult[] = [];
  for (const result of response.results) {
    const i = indexOf.get(keyOf(result) ?? '');
    const ok: UpsertResult = { ok: true, id: result.id, created: result._new === true };
    if (i !== undefined && !out.has(i)) out.set(i, ok);
    else unmatched.push(ok);
  }
  return keys.map((_, i) => {
    const found = out.get(i) ?? unmatched.shift();
    return found ?? { ok: false, code: 'NO_RESULT', message: 'HubSpot returned no result for this input', retryable: true };
  });
}

/**
 * Splits records into calls of at most {@link HUBSPOT_BATCH_SIZE} in which no key repeats: HubSpot refuses a whole
 * batch that names one id twice ("Duplicate IDs found in batch input"), so a repeat starts the next call. Calls keep
 * input order, so the later of two writes to one record lands last.
 */
export function chunkByKey<T>(records: readonly T[], keyOf: (r: T) => string): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let keys = new Set<string>();
  for (const record of records) {
    const key = keyOf(record);
    if (current.length === HUBSPOT_BATCH_SIZE || keys.has(key)) {
      chunks.push(current);
      current = [];
      keys = new Set();
    }
    current.push(record);
    keys.add(key);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Problems of one input's value; a property that does not exist or cannot be written fails every input alike. */
const VALUE_PROBLEMS = new Set(['INVALID_EMAIL', 'INVALID_OPTION', 'INVALID_INTEGER', 'INVALID_LONG', 'INVALID_DATE', 'INVALID_DATETIME', 'INVALID_STRING_LENGTH', 'INVALID_BOOLEAN']);

/** Whether HubSpot refused a batch for its inputs' values only (a VALIDATION_ERROR whose problems are all values'). */
function refusesValues(error: unknown): boolean {
  const body = (error as { body?: unknown }).body;
  const codes = hubspotProblemCodes(body);
  return (body as { category?: unknown } | undefined)?.category === 'VALIDATION_ERROR' && codes.length > 0 && codes.every((c) => VALUE_PROBLEMS.has(c));
}

/**
 * Calls a batch of `size` may take to find its refused inputs: enough for three of them (each costs two calls per
 * halving). More refused inputs than that means the refusal is the batch's, not a few records' (a deal stage the
 * portal lacks fails them all): the inputs not yet isolated fail as values, instead of 2n - 1 calls.
 */
function splitBudget(size: number): number {
  return 1 + 3 * 2 * Math.ceil(Math.log2(Math.max(2, size)));
}

/**
 * Sends inputs in calls of at most {@link HUBSPOT_BATCH_SIZE}; a whole-call failure throws (429/5xx retryable). A
 * batch HubSpot refuses as a whole for one input's value (400 VALIDATION_ERROR: one malformed e-mail fails all 100,
 * and the error does not say which input) is halved and sent again until the refused inputs stand alone: each of
 * those fails by itself, as a value, and the others are written. One bad input in 100 costs about 14 calls, not 100
 * quarantined changes; {@link splitBudget} bounds the calls when many are refused.
 */
async function inChunks<T, I>(
  objectType: string,
  records: readonly T[],
  keyOf: (r: T) => string,
  call: (objectType: string, inputs: I[]) => Promise<unknown>,
  toInput: (r: T) => I,
  order: (chunk: readonly T[], response: UpsertResponse) => UpsertResult[],
): Promise<UpsertResult[]> {
  type Budget = { calls: number; refused?: UpsertResult };
  const send = async (chunk: readonly T[], split: boolean, budget: Budget): Promise<UpsertResult[]> => {
    // Too many refused to find them at a few calls each: the inputs not yet sent fail as values, the rest stands.
    if (budget.refused && budget.calls <= 0) return chunk.map(() => budget.refused as UpsertResult);
    let response: UpsertResponse;
    try {
      budget.calls--;
      response = (await call(objectType, chunk.map(toInput))) as UpsertResponse;
    } catch (error) {
      const classified = classifyHubspotError(error);
      // A 404 on a batch call means the object type is unknown, which no retry fixes.
      if (classified === 'not-found') throw new PermanentError('OBJECT_TYPE_NOT_FOUND', `HubSpot has no object type ${objectType}`, { cause: error });
      if (!(split && classified instanceof PermanentError && refusesValues(error))) throw classified;
      budget.refused = { ok: false, code: classified.code, message: classified.message, retryable: false };
      if (chunk.length === 1) return [budget.refused];
      const half = Math.ceil(chunk.length / 2);
      return [...(await send(chunk.slice(0, half), true, budget)), ...(await send(chunk.slice(half), true, budget))];
    }
    return order(chunk, response);
  };
  const results: UpsertResult[] = [];
  // A single record's refusal keeps throwing, as before: the caller tells a call-wide error from one record's.
  for (const chunk of chunkByKey(records, keyOf)) results.push(...(await send(chunk, records.length > 1, { calls: splitBudget(chunk.length) })));
  return results;
}

/**
 * Writes CRM objects through HubSpot's batch API. `upsert` keys on a unique property holding the source's id
 * (`idProperty` = `syncline_salesforce_id`, `POST /crm/v3/objects/{type}/batch/upsert`); `update` addresses records by
 * HubSpot's own id (`…/batch/update`). At most 100 inputs per call. Per-input failures (a 207's `errors`, matched by
 * `context.ids`) are `ok:false` values in input order; a failed call throws (429 by policy, see classify-error).
 */
export function hubspotWriter(client: Client): CrmWriter {
  const batch = client.crm.objects.batchApi;
  type UpsertInput = Parameters<typeof batch.upsert>[1]['inputs'][number];
  type UpdateInput = Parameters<typeof batch.update>[1]['inputs'][number];
  return {
    fields: cachedFields((objectType) => propertyFields(client, objectType)),
    createField: (objectType, field) => createProperty(client, objectType, field),
    upsert: async (objectType, externalIdField, records) =>
      associate(client, objectType, records, await inChunks<UpsertRecord, UpsertInput>(
        objectType,
        records,
        (r) => r.externalId,
        (type, inputs) => batch.upsert(type, { inputs }),
        (r) => ({ idProperty: externalIdField, id: r.externalId, properties: toProperties(r.fields) }),
        (chunk, response) => inInputOrder(chunk.map((r) => r.externalId), (result) => result.properties?.[externalIdField] ?? undefined, response),
      )),
    update: async (objectType, records) => {
      // A record whose only change is its company needs no update call, only the association write.
      const withProperties = records.filter((r) => Object.keys(toProperties(r.fields)).length > 0);
      const updated = await inChunks<UpdateRecord, UpdateInput>(
        objectType,
        withProperties,
        (r) => r.id,
        (type, inputs) => batch.update(type, { inputs }),
        (r) => ({ id: r.id, properties: toProperties(r.fields) }),
        (chunk, response) => inInputOrder(chunk.map((r) => r.id), (result) => result.id, response),
      );
      const resultOf = new Map(withProperties.map((r, i) => [r, updated[i]]));
      return associate(client, objectType, records, records.map((r): UpsertResult => resultOf.get(r) ?? { ok: true, id: r.id, created: false }));
    },
  };
}

/** The object types a record may be associated with through the writer's `associations.<type>` pseudo-properties. */
const ASSOCIABLE_TYPES = ['contacts', 'companies', 'deals'] as const;

/** HubSpot caps a text property's value at 65,536 characters. */
const MAX_TEXT_LENGTH = 65_536;

/**
 * The properties the integration can set, from the properties API (one call, `GET /crm/v3/properties/{objectType}`):
 * text properties hold 65,536 characters; an enumeration takes only its options' values (HubSpot refuses any other
 * with INVALID_OPTION, and with it the whole batch); a read-only or calculated property is not writable.
 */
async function propertyFields(client: Client, objectType: string): Promise<Record<string, TargetField>> {
  try {
    const { results } = await client.crm.properties.coreApi.getAll(objectType);
    const fields: Record<string, TargetField> = {};
    for (const p of results) {
      const writable = !(p.modificationMetadata?.readOnlyValue || p.calculated);
      const unique = p.hasUniqueValue === true;
      const limits = p.type === 'enumeration' && !p.externalOptions ? { allowed: p.options.map((o) => o.value) } : p.type === 'string' ? { length: MAX_TEXT_LENGTH } : {};
      fields[p.name] = { type: p.type, writable, ...limits, ...(unique && { unique }) };
    }
    // A record's associations are written beside its properties, as pseudo-properties (associations.ts).
    for (const other of ASSOCIABLE_TYPES) if (other !== objectType) fields[`${ASSOCIATION_PREFIX}${other}`] = { type: 'association', writable: true };
    return fields;
  } catch (error) {
    const classified = classifyHubspotError(error);
    throw classified === 'not-found' ? new PermanentError('OBJECT_TYPE_NOT_FOUND', `HubSpot has no object type ${objectType}`, { cause: error }) : classified;
  }
}

/** The group HubSpot files an object type's own properties under ("Contact information", ...). */
const PROPERTY_GROUP: Readonly<Record<string, string>> = { contacts: 'contactinformation', companies: 'companyinformation', deals: 'dealinformation' };

/**
 * The property for a {@link NewField} (properties API, "Property types and field types"): numbers and currency as
 * `number`, a date as `date`, a datetime as `datetime`, a checkbox as `bool`, a picklist as an `enumeration` whose
 * options are the values; everything else, references and external ids included, as text. An external id holds
 * unique values, so batch upsert can key on it.
 */
export function propertyFor(objectType: string, field: NewField) {
  const kind = (() => {
    switch (field.type) {
      case 'number':
      case 'currency':
        return { type: 'number', fieldType: 'number' } as const;
      case 'date':
        return { type: 'date', fieldType: 'date' } as const;
      case 'datetime':
        return { type: 'datetime', fieldType: 'date' } as const;
      case 'boolean':
        return { type: 'bool', fieldType: 'booleancheckbox', options: [{ label: 'Yes', value: 'true', displayOrder: 0, hidden: false }, { label: 'No', value: 'false', displayOrder: 1, hidden: false }] } as const;
      case 'picklist':
        return { type: 'enumeration', fieldType: 'select', options: (field.values ?? []).map((v, displayOrder) => ({ label: v, value: v, displayOrder, hidden: false })) } as const;
      default:
        return { type: 'string', fieldType: 'text' } as const;
    }
  })();
  return {
    name: field.name,
    label: field.label,
    description: `Syncline: ${field.purpose}`,
    groupName: PROPERTY_GROUP[objectType] ?? `${objectType.replace(/s$/, '')}information`,
    ...kind,
    ...(field.externalId && { hasUniqueValue: true }),
  };
}

/** Creates a property (`POST /crm/v3/properties/{objectType}`); a 409 means the portal has it already. */
async function createProperty(client: Client, objectType: string, field: NewField): Promise<'created' | 'exists'> {
  try {
    await client.crm.properties.coreApi.create(objectType, propertyFor(objectType, field) as Parameters<typeof client.crm.properties.coreApi.create>[1]);
    return 'created';
  } catch (error) {
    if ((error as { code?: number }).code === 409) return 'exists';
    const classified = classifyHubspotError(error);
    if (classified !== 'not-found' && !(classified instanceof PermanentError)) throw classified;
    const body = (error as { body?: { message?: string; category?: string } }).body;
    throw new PermanentError(body?.category ?? 'PROPERTY_NOT_CREATED', `HubSpot refused the property ${objectType}.${field.name}: ${body?.message ?? (error instanceof Error ? error.message : String(error))}`, { cause: error });
  }
}
