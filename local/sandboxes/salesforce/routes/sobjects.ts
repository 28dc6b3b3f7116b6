import { ResponseError, emptyResponse, jsonResponse, type Router, type SandboxRequest, type SandboxResponse } from '../../kit/index.ts';
import { objectBody, sobjectOf, versionNumber, versionOf, type SalesforceContext } from '../context.ts';
import { allowsSave } from '../duplicate-rules.ts';
import { notFound, sfError, sfErrors } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import { dataPrefix, renderRecord } from '../render.ts';
import { canonicalField, maxLength, type ObjectDef } from '../schema.ts';
import type { SaveCheck, SfRecord } from '../store.ts';

const DATA = '/services/data/:version(v\\d+\\.\\d+)';

/** The live record at `/{object}/{id}`; deleted ones are 404 ENTITY_IS_DELETED (vendor-apis §1.2). */
function liveRecord(ctx: SalesforceContext, def: ObjectDef, rawId: string): SfRecord {
  const id = normalizeId(rawId);
  const record = id && id.startsWith(def.keyPrefix) ? ctx.store.find(def, id) : undefined;
  if (!id) throw new ResponseError(sfError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${rawId}`));
  if (!record) throw new ResponseError(notFound());
  if (record['IsDeleted']) throw new ResponseError(sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []));
  return record;
}

/** `?fields=A,B` as canonical names; unknown ones are 400 INVALID_FIELD. */
function requestedFields(def: ObjectDef, req: SandboxRequest): string[] | undefined {
  const raw = req.query.get('fields');
  if (!raw) return undefined;
  return raw.split(',').map((f) => {
    const name = canonicalField(def, f.trim());
    if (!name) throw new ResponseError(sfError(400, 'INVALID_FIELD', `No such column '${f.trim()}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`));
    return name;
  });
}

/** The external-id field named in the path; anything else is 404 NOT_FOUND, which the docs show without an array. */
function externalIdField(def: ObjectDef, raw: string): string {
  const name = canonicalField(def, raw);
  if (!name || !def.fields[name]?.externalId) {
    throw new ResponseError({ status: 404, body: { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' } });
  }
  return name;
}

/** The duplicate rules as this request meets them (its Sforce-Duplicate-Rule-Header). */
const duplicateCheck = (ctx: SalesforceContext, req: SandboxRequest): SaveCheck => ctx.duplicates.check(versionOf(req), allowsSave(req));

function createRecord(ctx: SalesforceContext, req: SandboxRequest): SandboxResponse {
  const def = sobjectOf(ctx, req);
  const outcome = ctx.store.create(def, objectBody(req), undefined, duplicateCheck(ctx, req));
  if (!outcome.ok) return sfErrors(400, outcome.errors);
  return jsonResponse(201, { id: outcome.id, success: true, errors: [] });
}

/** Upsert by external id (vendor-apis §1.3): 201 created, 200 updated (204 before v46), 300 when several match. */
function upsertByExternalId(ctx: SalesforceContext, req: SandboxRequest): SandboxResponse {
  const def = sobjectOf(ctx, req);
  const field = externalIdField(def, req.params['field'] ?? '');
  const value = req.params['value'] ?? '';
  const body = objectBody(req);
  const sent = Object.keys(body).map((k) => canonicalField(def, k));
  if (sent.includes('Id') || sent.includes(field)) {
    return sfError(400, 'INVALID_FIELD', `Do not include ${sent.includes('Id') ? 'Id' : field} in the body of an upsert by ${field}; the value is taken from the URL.`, [field]);
  }
  const matches = ctx.store.findByField(def, field, value);
  if (matches.length > 1) return { status: 300, body: matches.map((r) => `${dataPrefix(versionOf(req))}/sobjects/${def.name}/${r.Id}`) };
  const existing = matches[0];
  const check = duplicateCheck(ctx, req);
  const outcome = existing ? ctx.store.update(def, existing, body, check) : ctx.store.create(def, { ...body, [field]: value }, undefined, check);
  if (!outcome.ok) return sfErrors(400, outcome.errors);
  if (existing && versionNumber(req) < 46) return emptyResponse(204);
  const result = { id: outcome.id, success: true, errors: [], ...(versionNumber(req) >= 46 ? { created: outcome.created } : {}) };
  return jsonResponse(existing ? 200 : 201, result);
}

/** Objects the sandbox does not serve that its lookups point to, by key prefix. */
const KEY_PREFIX_OBJECTS: Readonly<Record<string, string>> = { '005': 'User' };

/**
 * `GET …/sobjects/{Object}/describe`: a subset of each field's DescribeFieldResult, for the fields this org has now
 * (custom fields created through the Tooling API included). Every field carries `picklistValues` (`[]` unless a
 * picklist) and `restrictedPicklist`, as the real describe does; each entry is `{active, defaultValue, label,
 * validFor, value}` with `validFor` null, since no picklist here is dependent. `precision`/`scale` are a number
 * field's digits (0 for other types), `referenceTo` the object names a lookup points to (`[]` otherwise) and
 * `relationshipName` the lookup's relationship or null (REST API Developer Guide, sObject Describe; Field describe
 * "picklistValues", "restrictedPicklist", "precision", "scale", "referenceTo", "relationshipName") [C]. Standard
 * lookups report no relationshipName here, though a real org names them (Account for AccountId) [C].
 */
function describe(ctx: SalesforceContext, req: SandboxRequest): SandboxResponse {
  const def = sobjectOf(ctx, req);
  const objectName = (prefix: string): string => ctx.schema.forId(prefix)?.name ?? KEY_PREFIX_OBJECTS[prefix] ?? prefix;
  const fields = Object.entries(def.fields).map(([name, f]) => ({
    name,
    label: f.label ?? name,
    type: f.type,
    // Characters a text field holds; 0 for other types, as the real describe reports them.
    length: maxLength(f) ?? 0,
    picklistValues: (f.picklist?.values ?? []).map((v) => ({ active: v.active, defaultValue: v.defaultValue, label: v.label, validFor: null, value: v.value })),
    restrictedPicklist: f.picklist?.restricted ?? false,
    // Number types: total digits and digits after the point; 0 elsewhere and where the sandbox declares none.
    precision: f.precision ?? 0,
    scale: f.scale ?? 0,
    referenceTo: (f.referenceTo ?? []).map(objectName),
    relationshipName: f.relationshipName ?? null,
    externalId: !!f.externalId,
    unique: !!f.unique,
    nillable: !f.required,
    createable: !f.readOnly,
    updateable: !f.readOnly,
    defaultedOnCreate: f.defaultValue !== undefined,
  }));
  return jsonResponse(200, { name: def.name, keyPrefix: def.keyPrefix, createable: true, updateable: true, deletable: true, queryable: true, fields });
}

/**
 * Single-record routes (vendor-apis §1.2, §1.3). Endpoint names: `describe`, `createRecord`, `getRecord`,
 * `updateRecord`, `deleteRecord`, `getByExternalId`, `upsertByExternalId`.
 */
export function addSobjectRoutes(router: Router, ctx: SalesforceContext): Router {
  return router
    .add('GET', `${DATA}/sobjects/:object/describe`, 'describe', (req) => describe(ctx, req))
    .add('POST', `${DATA}/sobjects/:object`, 'createRecord', (req) => createRecord(ctx, req))
    .add('GET', `${DATA}/sobjects/:object/:id`, 'getRecord', (req) => {
      const def = sobjectOf(ctx, req);
      return jsonResponse(200, renderRecord(def, liveRecord(ctx, def, req.params['id'] ?? ''), versionOf(req), requestedFields(def, req)));
    })
    .add('PATCH', `${DATA}/sobjects/:object/:id`, 'updateRecord', (req) => {
      const def = sobjectOf(ctx, req);
      const outcome = ctx.store.update(def, liveRecord(ctx, def, req.params['id'] ?? ''), objectBody(req), duplicateCheck(ctx, req));
      return outcome.ok ? emptyResponse(204) : sfErrors(400, outcome.errors);
    })
    .add('DELETE', `${DATA}/sobjects/:object/:id`, 'deleteRecord', (req) => {
      const def = sobjectOf(ctx, req);
      ctx.store.remove(def, liveRecord(ctx, def, req.params['id'] ?? ''));
      return emptyResponse(204);
    })
    .add('GET', `${DATA}/sobjects/:object/:field/:value`, 'getByExternalId', (req) => {
      const def = sobjectOf(ctx, req);
      const matches = ctx.store.findByField(def, externalIdField(def, req.params['field'] ?? ''), req.params['value'] ?? '');
      if (matches.length > 1) return { status: 300, body: matches.map((r) => `${dataPrefix(versionOf(req))}/sobjects/${def.name}/${r.Id}`) };
      if (!matches[0]) return notFound();
      return jsonResponse(200, renderRecord(def, matches[0], versionOf(req), requestedFields(def, req)));
    })
    .add('PATCH', `${DATA}/sobjects/:object/:field/:value`, 'upsertByExternalId', (req) => upsertByExternalId(ctx, req));
}
