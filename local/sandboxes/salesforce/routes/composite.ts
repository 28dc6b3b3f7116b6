import { ResponseError, isPlainObject, jsonResponse, type Router, type SandboxRequest, type SandboxResponse } from '../../kit/index.ts';
import { objectBody, sobjectOf, versionOf, type SalesforceContext } from '../context.ts';
import { allowsSave } from '../duplicate-rules.ts';
import { renderSaveError, sfError, type SaveError } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import { renderRecord } from '../render.ts';
import { canonicalField, type ObjectDef } from '../schema.ts';
import type { SaveCheck, SaveOutcome } from '../store.ts';

const DATA = '/services/data/:version(v\\d+\\.\\d+)';

/**
 * At most 200 records per collections call (vendor-apis §1.4). The code for going over is EXCEEDED_ID_LIMIT with
 * the message below, as seen in captured responses; the exact text is not in the stored vendor pages [?].
 */
export const MAX_COLLECTION_RECORDS = 200;

const ROLLED_BACK: SaveError = {
  code: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

const fail = (code: string, message: string, fields: string[] = []): SaveOutcome => ({ ok: false, errors: [{ code, message, fields }] });

function collectionBody(req: SandboxRequest): { allOrNone: boolean; records: Record<string, unknown>[] } {
  const body = objectBody(req);
  const records = body['records'];
  if (!Array.isArray(records) || !records.every(isPlainObject)) {
    throw new ResponseError(sfError(400, 'JSON_PARSER_ERROR', "The body needs a 'records' array of objects."));
  }
  if (records.length > MAX_COLLECTION_RECORDS) {
    throw new ResponseError(sfError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`));
  }
  return { allOrNone: body['allOrNone'] === true, records };
}

/** Runs each write; with allOrNone, one failure rolls everything back and the others report ROLLED_BACK. */
function runAll(ctx: SalesforceContext, allOrNone: boolean, ops: Array<() => SaveOutcome>, withCreated: boolean): SandboxResponse {
  const restore = allOrNone ? ctx.store.snapshot() : undefined;
  let outcomes = ops.map((op) => op());
  if (restore && outcomes.some((o) => !o.ok)) {
    restore();
    outcomes = outcomes.map((o) => (o.ok ? { ok: false, errors: [ROLLED_BACK] } : o));
  }
  // Per-record errors use statusCode, not errorCode (vendor-apis §1.4).
  const results = outcomes.map((o) =>
    o.ok
      ? { id: o.id, success: true, errors: [], ...(withCreated ? { created: o.created } : {}) }
      : { success: false, errors: o.errors.map((e) => renderSaveError(e, 'statusCode')) },
  );
  return jsonResponse(200, results);
}

function recordType(ctx: SalesforceContext, record: Record<string, unknown>): ObjectDef {
  const attributes = record['attributes'];
  const type = isPlainObject(attributes) ? attributes['type'] : undefined;
  const def = typeof type === 'string' ? ctx.schema.object(type) : undefined;
  if (!def) throw new ResponseError(sfError(400, 'INVALID_TYPE', `No SObject Type defined in the record, or it is unknown: ${String(type)}`));
  return def;
}

function withoutKeys(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const lower = keys.map((k) => k.toLowerCase());
  return Object.fromEntries(Object.entries(record).filter(([k]) => !lower.includes(k.toLowerCase())));
}

/** The duplicate rules as this request meets them (its Sforce-Duplicate-Rule-Header). */
const duplicateCheck = (ctx: SalesforceContext, req: SandboxRequest): SaveCheck => ctx.duplicates.check(versionOf(req), allowsSave(req));

function createCollection(ctx: SalesforceContext, req: SandboxRequest): SandboxResponse {
  const { allOrNone, records } = collectionBody(req);
  const check = duplicateCheck(ctx, req);
  const ops = records.map((r) => {
    const def = recordType(ctx, r);
    return () => (Object.keys(r).some((k) => k.toLowerCase() === 'id') ? fail('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']) : ctx.store.create(def, r, undefined, check));
  });
  return runAll(ctx, allOrNone, ops, false);
}

function updateCollection(ctx: SalesforceContext, req: SandboxRequest): SandboxResponse {
  const { allOrNone, records } = collectionBody(req);
  const check = duplicateCheck(ctx, req);
  const ops = records.map((r) => {
    const def = recordType(ctx, r);
    const rawId = Object.entries(r).find(([k]) => k.toLowerCase() === 'id')?.[1];
    return (): SaveOutcome => {
      if (typeof rawId !== 'string') return fail('MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
      const id = normalizeId(rawId);
      const record = id ? ctx.store.find(def, id) : undefined;
      if (!record) return fail('MALFORMED_ID', `${def.name} ID: id value of incorrect type: ${rawId}`, ['Id']);
      if (record['IsDeleted']) return fail('ENTITY_IS_DELETED', 'entity is deleted');
      return ctx.store.update(def, record, withoutKeys(r, ['Id']), check);
    };
  });
  return runAll(ctx, allOrNone, ops, false);
}

/**
 * Upserts one record by external id: `duplicates` are the values that occur more than once in the call (each such
 * record fails). Shared with Bulk API 2.0 upserts.
 */
export function upsertOne(ctx: SalesforceContext, def: ObjectDef, field: string, r: Record<string, unknown>, duplicates: ReadonlySet<string>, check?: SaveCheck): SaveOutcome {
  const raw = Object.entries(r).find(([k]) => k.toLowerCase() === field.toLowerCase())?.[1];
  if (raw === undefined || raw === null || raw === '') return fail('MISSING_ARGUMENT', `${field} not specified`, [field]);
  const value = String(raw);
  if (duplicates.has(value.toLowerCase())) return fail('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${value}`, [field]);
  const matches = ctx.store.findByField(def, field, value);
  if (matches.length > 1) return fail('DUPLICATE_EXTERNAL_ID', `${field}: more than one record found for external id field: [${matches.map((m) => m.Id).join(', ')}]`);
  const existing = matches[0];
  return existing ? ctx.store.update(def, existing, withoutKeys(r, [field]), check) : ctx.store.create(def, r, undefined, check);
}

function upsertCollection(ctx: SalesforceContext, req: SandboxRequest): SandboxResponse {
  const def = sobjectOf(ctx, req);
  const field = canonicalField(def, req.params['field'] ?? '');
  if (!field || !def.fields[field]?.externalId) {
    return sfError(400, 'INVALID_FIELD', `Provided external ID field does not exist or is not accessible: ${req.params['field'] ?? ''}`);
  }
  const { allOrNone, records } = collectionBody(req);
  const values = records.map((r) => String(Object.entries(r).find(([k]) => k.toLowerCase() === field.toLowerCase())?.[1] ?? '').toLowerCase());
  const duplicates = new Set(values.filter((v, i) => v !== '' && values.indexOf(v) !== i));
  const check = duplicateCheck(ctx, req);
  return runAll(ctx, allOrNone, records.map((r) => () => upsertOne(ctx, def, field, r, duplicates, check)), true);
}

function deleteCollection(ctx: SalesforceContext, req: SandboxRequest): SandboxResponse {
  const ids = (req.query.get('ids') ?? '').split(',').filter((s) => s !== '');
  if (ids.length > MAX_COLLECTION_RECORDS) return sfError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`);
  const ops = ids.map((raw) => (): SaveOutcome => {
    const id = normalizeId(raw);
    const def = id ? ctx.schema.forId(id) : undefined;
    const record = def && id ? ctx.store.find(def, id) : undefined;
    if (!def || !record) return fail('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
    if (record['IsDeleted']) return fail('ENTITY_IS_DELETED', 'entity is deleted');
    ctx.store.remove(def, record);
    return { ok: true, id: record.Id, created: false };
  });
  return runAll(ctx, req.query.get('allOrNone') === 'true', ops, false);
}

function retrieveCollection(ctx: SalesforceContext, req: SandboxRequest): SandboxResponse {
  const def = sobjectOf(ctx, req);
  const body = req.method === 'POST' ? objectBody(req) : { ids: (req.query.get('ids') ?? '').split(','), fields: (req.query.get('fields') ?? '').split(',') };
  const ids = Array.isArray(body['ids']) ? body['ids'].map(String) : [];
  const fields = (Array.isArray(body['fields']) ? body['fields'].map(String) : []).filter((f) => f !== '');
  const names = fields.map((f) => canonicalField(def, f));
  const unknown = fields.find((_, i) => !names[i]);
  if (unknown) return sfError(400, 'INVALID_FIELD', `No such column '${unknown}' on entity '${def.name}'.`);
  const rows = ids.map((raw) => {
    const id = normalizeId(raw);
    const record = id ? ctx.store.find(def, id) : undefined;
    return record && !record['IsDeleted'] ? renderRecord(def, record, versionOf(req), names as string[]) : null;
  });
  return jsonResponse(200, rows);
}

/**
 * sObject Collections (vendor-apis §1.4). Endpoint names: `createCollection`, `updateCollection`,
 * `deleteCollection`, `upsertCollection`, `retrieveCollection`.
 */
export function addCompositeRoutes(router: Router, ctx: SalesforceContext): Router {
  return router
    .add('POST', `${DATA}/composite/sobjects`, 'createCollection', (req) => createCollection(ctx, req))
    .add('PATCH', `${DATA}/composite/sobjects`, 'updateCollection', (req) => updateCollection(ctx, req))
    .add('DELETE', `${DATA}/composite/sobjects`, 'deleteCollection', (req) => deleteCollection(ctx, req))
    .add('PATCH', `${DATA}/composite/sobjects/:object/:field`, 'upsertCollection', (req) => upsertCollection(ctx, req))
    .add('POST', `${DATA}/composite/sobjects/:object`, 'retrieveCollection', (req) => retrieveCollection(ctx, req))
    .add('GET', `${DATA}/composite/sobjects/:object`, 'retrieveCollection', (req) => retrieveCollection(ctx, req));
}
