import { BadRequestError, ResponseError, emptyResponse, isPlainObject, jsonResponse, parseJsonBody, type Router, type SandboxRequest, type SandboxResponse } from '../../kit/index.ts';
import { assertEmailFree, type HubspotContext } from '../context.ts';
import { hubspotError, validationError } from '../errors.ts';
import { isUniqueProperty, type HubspotObjectType } from '../model.ts';
import { objectTypeOf, stringList, toPublicObject, writableProperties, type PublicObject } from '../view.ts';

/** Max inputs per batch call: every third-party source says 100; unconfirmed by vendor text (vendor-apis §6.1). */
export const MAX_BATCH_INPUTS = 100;

interface BatchBody {
  body: Record<string, unknown>;
  inputs: Record<string, unknown>[];
}

function batchBody(req: SandboxRequest): BatchBody {
  const body = parseJsonBody(req);
  if (!isPlainObject(body) || !Array.isArray(body['inputs'])) throw new BadRequestError("Invalid input JSON: the body must have an 'inputs' array.");
  const inputs = body['inputs'] as unknown[];
  if (inputs.length > MAX_BATCH_INPUTS) {
    throw new ResponseError(validationError(`Too many inputs: got ${inputs.length}, but a batch request accepts at most ${MAX_BATCH_INPUTS}.`));
  }
  if (!inputs.every(isPlainObject)) throw new BadRequestError("Invalid input JSON: every element of 'inputs' must be an object.");
  return { body, inputs };
}

function inputId(input: Record<string, unknown>): string {
  const id = input['id'];
  if (typeof id !== 'string' && typeof id !== 'number') throw new BadRequestError("Invalid input JSON: every input needs an 'id'.");
  return String(id);
}

function batchResult(results: PublicObject[] | Record<string, unknown>[], missing: string[], okStatus: number, label: string): SandboxResponse {
  const now = new Date().toISOString();
  const body: Record<string, unknown> = { status: 'COMPLETE', results, startedAt: now, completedAt: now };
  if (missing.length === 0) return jsonResponse(okStatus, body);
  const error = hubspotError(404, 'OBJECT_NOT_FOUND', `Could not get some ${label} objects, they may be deleted or not exist. Check that ids are valid.`).body as Record<string, unknown>;
  body['numErrors'] = 1;
  body['errors'] = [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: error['message'], context: { ids: missing }, errors: [] }];
  return jsonResponse(207, body);
}

const label = (type: HubspotObjectType): string => type.replace(/ies$/, 'y').replace(/s$/, '').toUpperCase();

function batchRead(ctx: HubspotContext, req: SandboxRequest): SandboxResponse {
  const type = objectTypeOf(req);
  const { body, inputs } = batchBody(req);
  const properties = stringList(body, 'properties');
  const idProperty = typeof body['idProperty'] === 'string' ? body['idProperty'] : undefined;
  const archived = req.query.get('archived') === 'true';
  const results: PublicObject[] = [];
  const missing: string[] = [];
  for (const id of inputs.map(inputId)) {
    const record = idProperty ? ctx.store.findBy(type, idProperty, id) : ctx.store.get(type, id, archived);
    if (record) results.push(toPublicObject(type, record, properties));
    else missing.push(id);
  }
  return batchResult(results, missing, 200, label(type));
}

function batchCreate(ctx: HubspotContext, req: SandboxRequest): SandboxResponse {
  const type = objectTypeOf(req);
  const prepared = batchBody(req).inputs.map((input) => writableProperties(type, input['properties']));
  const emails = prepared.map((p) => p['email']).filter((e): e is string => !!e);
  if (new Set(emails).size !== emails.length) throw new ResponseError(validationError('Duplicate email values found in the batch inputs.'));
  // Validate everything before writing: a failed batch create writes nothing.
  prepared.forEach((p) => assertEmailFree(ctx, type, p));
  const results = prepared.map((p) => toPublicObject(type, ctx.store.create(type, p)));
  // The SDK only accepts 201 here (local-stack §7).
  return batchResult(results, [], 201, label(type));
}

function batchUpdate(ctx: HubspotContext, req: SandboxRequest): SandboxResponse {
  const type = objectTypeOf(req);
  const inputs = batchBody(req).inputs;
  const prepared = inputs.map((input) => ({ id: inputId(input), idProperty: input['idProperty'], properties: writableProperties(type, input['properties']) }));
  const found = prepared.map((p) => ({ ...p, record: typeof p.idProperty === 'string' ? ctx.store.findBy(type, p.idProperty, p.id) : ctx.store.get(type, p.id) }));
  found.forEach((p) => p.record && assertEmailFree(ctx, type, p.properties, p.record));
  const results = found.filter((p) => p.record).map((p) => toPublicObject(type, ctx.store.update(type, p.record!, p.properties)));
  return batchResult(results, found.filter((p) => !p.record).map((p) => p.id), 200, label(type));
}

function upsertIdProperty(type: HubspotObjectType, input: Record<string, unknown>): string {
  const idProperty = input['idProperty'] ?? 'hs_object_id';
  if (idProperty === 'hs_object_id' || (type === 'contacts' && idProperty === 'email')) return idProperty;
  if (typeof idProperty === 'string' && isUniqueProperty(type, idProperty)) return idProperty;
  throw new ResponseError(validationError(`idProperty '${String(idProperty)}' is not a unique-value property of ${type}; use hs_object_id${type === 'contacts' ? ', email' : ''} or a unique custom property.`));
}

interface UpsertInput {
  id: string;
  idProperty: string;
  properties: Record<string, string>;
}

/** A per-input error of a 207 batch response: `context.ids` names the inputs it belongs to. */
function inputError(category: string, message: string, ids: string[]): Record<string, unknown> {
  return { status: 'error', category, message, context: { ids }, errors: [] };
}

type UpsertOutcome = { ok: true; result: PublicObject & { new: boolean } } | { ok: false; error: Record<string, unknown> };

/** Upserts one input; an input that would create a contact with a taken email fails alone, as a 409 CONFLICT entry. */
function upsertOne(ctx: HubspotContext, type: HubspotObjectType, p: UpsertInput): UpsertOutcome {
  const existing = ctx.store.findBy(type, p.idProperty, p.id);
  if (existing) return { ok: true, result: { ...toPublicObject(type, ctx.store.update(type, existing, p.properties)), new: false } };
  const key = p.idProperty === 'email' ? p.id.trim().toLowerCase() : p.id;
  const properties = p.idProperty === 'hs_object_id' ? p.properties : { ...p.properties, [p.idProperty]: key };
  const taken = type === 'contacts' && properties['email'] ? ctx.store.findBy(type, 'email', properties['email']) : undefined;
  if (taken) return { ok: false, error: inputError('CONFLICT', `Contact already exists. Existing ID: ${taken.id}`, [p.id]) };
  return { ok: true, result: { ...toPublicObject(type, ctx.store.create(type, properties)), new: true } };
}

function batchUpsert(ctx: HubspotContext, req: SandboxRequest): SandboxResponse {
  const type = objectTypeOf(req);
  const prepared: UpsertInput[] = batchBody(req).inputs.map((input) => ({ id: inputId(input), idProperty: upsertIdProperty(type, input), properties: writableProperties(type, input['properties']) }));
  const keys = prepared.map((p) => `${p.idProperty}:${p.idProperty === 'email' ? p.id.toLowerCase() : p.id}`);
  if (new Set(keys).size !== keys.length) throw new ResponseError(validationError('Duplicate IDs found in batch input.'));
  const missing = prepared.filter((p) => p.idProperty === 'hs_object_id' && !ctx.store.get(type, p.id)).map((p) => p.id);
  const outcomes = prepared.filter((p) => !missing.includes(p.id)).map((p) => upsertOne(ctx, type, p));
  const results = outcomes.flatMap((o) => (o.ok ? [o.result] : []));
  const failed = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
  const response = batchResult(results, missing, 200, label(type));
  if (failed.length === 0) return response;
  const body = response.body as Record<string, unknown>;
  const errors = [...((body['errors'] as unknown[] | undefined) ?? []), ...failed];
  return jsonResponse(207, { ...body, numErrors: errors.length, errors });
}

/**
 * Batch routes (vendor-apis §2.3). Endpoint names: `batchRead`, `batchCreate`, `batchUpdate`, `batchUpsert`,
 * `batchArchive`.
 */
export function addBatchRoutes(router: Router, ctx: HubspotContext): Router {
  return router
    .add('POST', '/crm/v3/objects/:type/batch/read', 'batchRead', (req) => batchRead(ctx, req))
    .add('POST', '/crm/v3/objects/:type/batch/create', 'batchCreate', (req) => batchCreate(ctx, req))
    .add('POST', '/crm/v3/objects/:type/batch/update', 'batchUpdate', (req) => batchUpdate(ctx, req))
    .add('POST', '/crm/v3/objects/:type/batch/upsert', 'batchUpsert', (req) => batchUpsert(ctx, req))
    .add('POST', '/crm/v3/objects/:type/batch/archive', 'batchArchive', (req) => {
      const type = objectTypeOf(req);
      for (const id of batchBody(req).inputs.map(inputId)) {
        const record = ctx.store.get(type, id);
        if (record) ctx.store.archive(type, record);
      }
      return emptyResponse(204);
    });
}
