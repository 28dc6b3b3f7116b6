import { BadRequestError, ResponseError, emptyResponse, isPlainObject, jsonResponse, parseJsonBody, type Router, type SandboxRequest, type SandboxResponse } from '../../kit/index.ts';
import { uniqueConflict, type HubspotContext } from '../context.ts';
import { hubspotError, validationError } from '../errors.ts';
import { isUniqueProperty, type HubspotObjectType } from '../model.ts';
import { checkedProperties, objectTypeOf, stringList, toPublicObject, type PublicObject } from '../view.ts';

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

/** The per-input entry of a 207's `errors` (StandardError, vendor-apis §2.3) built from a single-object error answer. */
function entryOf(conflict: SandboxResponse, context: Record<string, string[]>): Record<string, unknown> {
  const body = conflict.body as Record<string, unknown>;
  return { status: 'error', category: body['category'], message: body['message'], context, errors: (body['errors'] as unknown[] | undefined) ?? [] };
}

/** An input's properties, or the VALIDATION_ERROR that fails that input alone (an invalid email, a value too long). */
type Checked = { properties: Record<string, string>; refusal?: undefined } | { properties: Record<string, string>; refusal: SandboxResponse };

function checkInput(ctx: HubspotContext, type: HubspotObjectType, input: Record<string, unknown>): Checked {
  const check = checkedProperties(type, input['properties'], ctx.customProperties);
  return check.ok ? { properties: check.properties } : { properties: {}, refusal: check.refusal };
}

/**
 * Batch create. HubSpot reports per-input failures of a create only when every input carries a distinct
 * `objectWriteTraceId` (vendor-apis §2.3); then a conflicting or invalid input fails alone (207, its error's
 * `context.objectWriteTraceId` names it) and the others are written. Without trace ids a conflict fails the whole
 * batch and nothing is written (the single-create 409, or 400 for an invalid value). Where HubSpot puts the trace id in the error is not in our
 * sources [?]; `context.objectWriteTraceId` is the sandbox's choice.
 */
function batchCreate(ctx: HubspotContext, req: SandboxRequest): SandboxResponse {
  const type = objectTypeOf(req);
  const inputs = batchBody(req).inputs;
  const prepared = inputs.map((input) => ({ ...checkInput(ctx, type, input), traceId: input['objectWriteTraceId'] }));
  const emails = prepared.map((p) => p.properties['email']).filter((e): e is string => !!e);
  if (new Set(emails).size !== emails.length) throw new ResponseError(validationError('Duplicate email values found in the batch inputs.'));
  const traceIds = prepared.map((p) => p.traceId).filter((t): t is string => typeof t === 'string' && t !== '');
  const partial = traceIds.length === prepared.length && new Set(traceIds).size === traceIds.length;
  const conflicts = prepared.map((p) => p.refusal ?? uniqueConflict(ctx, type, p.properties));
  const firstConflict = conflicts.find((c) => c !== undefined);
  // Validate everything before writing: without trace ids a failed batch create writes nothing.
  if (!partial && firstConflict) throw new ResponseError(firstConflict);
  const results: PublicObject[] = [];
  const errors: Record<string, unknown>[] = [];
  prepared.forEach((p, i) => {
    const conflict = conflicts[i];
    if (conflict) errors.push(entryOf(conflict, { objectWriteTraceId: [String(p.traceId)] }));
    else results.push({ ...toPublicObject(type, ctx.store.create(type, p.properties)), ...(partial ? { objectWriteTraceId: String(p.traceId) } : {}) });
  });
  // The SDK accepts 201 (all written) and 207 here (local-stack §7).
  return withErrors(batchResult(results, [], 201, label(type)), errors);
}

/** Adds per-input errors to a batch answer, turning it into a 207. */
function withErrors(response: SandboxResponse, failed: Record<string, unknown>[]): SandboxResponse {
  if (failed.length === 0) return response;
  const body = response.body as Record<string, unknown>;
  const errors = [...((body['errors'] as unknown[] | undefined) ?? []), ...failed];
  return jsonResponse(207, { ...body, numErrors: errors.length, errors });
}

/** Batch update: missing ids, invalid property values and inputs that would take another record's unique value fail alone (207). */
function batchUpdate(ctx: HubspotContext, req: SandboxRequest): SandboxResponse {
  const type = objectTypeOf(req);
  const inputs = batchBody(req).inputs;
  const prepared = inputs.map((input) => ({ id: inputId(input), idProperty: input['idProperty'], ...checkInput(ctx, type, input) }));
  // Like upsert, a batch naming one record twice is refused whole (the stricter reading for update [?]).
  if (new Set(prepared.map((p) => `${String(p.idProperty ?? '')}:${p.id}`)).size !== prepared.length) throw new ResponseError(validationError('Duplicate IDs found in batch input.'));
  const found = prepared.map((p) => ({ ...p, record: typeof p.idProperty === 'string' ? ctx.store.findBy(type, p.idProperty, p.id) : ctx.store.get(type, p.id) }));
  const results: PublicObject[] = [];
  const failed: Record<string, unknown>[] = [];
  for (const p of found) {
    if (!p.record) continue;
    const conflict = p.refusal ?? uniqueConflict(ctx, type, p.properties, p.record);
    if (conflict) failed.push(entryOf(conflict, { ids: [p.id] }));
    else results.push(toPublicObject(type, ctx.store.update(type, p.record, p.properties)));
  }
  return withErrors(batchResult(results, found.filter((p) => !p.record).map((p) => p.id), 200, label(type)), failed);
}

function upsertIdProperty(ctx: HubspotContext, type: HubspotObjectType, input: Record<string, unknown>): string {
  const idProperty = input['idProperty'] ?? 'hs_object_id';
  if (idProperty === 'hs_object_id' || (type === 'contacts' && idProperty === 'email')) return idProperty;
  if (typeof idProperty === 'string' && isUniqueProperty(type, idProperty, ctx.customProperties)) return idProperty;
  throw new ResponseError(validationError(`idProperty '${String(idProperty)}' is not a unique-value property of ${type}; use hs_object_id${type === 'contacts' ? ', email' : ''} or a unique custom property.`));
}

interface UpsertInput {
  id: string;
  idProperty: string;
  properties: Record<string, string>;
  /** The input's properties were refused (VALIDATION_ERROR): it fails alone. */
  refusal?: SandboxResponse | undefined;
}

type UpsertOutcome = { ok: true; result: PublicObject & { new: boolean } } | { ok: false; error: Record<string, unknown> };

/** Upserts one input; an input that would take another record's email or unique value fails alone, as a 409 CONFLICT entry. */
function upsertOne(ctx: HubspotContext, type: HubspotObjectType, p: UpsertInput): UpsertOutcome {
  if (p.refusal) return { ok: false, error: entryOf(p.refusal, { ids: [p.id] }) };
  const existing = ctx.store.findBy(type, p.idProperty, p.id);
  const key = p.idProperty === 'email' ? p.id.trim().toLowerCase() : p.id;
  const properties = p.idProperty === 'hs_object_id' || existing ? p.properties : { ...p.properties, [p.idProperty]: key };
  const conflict = uniqueConflict(ctx, type, properties, existing);
  if (conflict) return { ok: false, error: entryOf(conflict, { ids: [p.id] }) };
  if (existing) return { ok: true, result: { ...toPublicObject(type, ctx.store.update(type, existing, properties)), new: false } };
  return { ok: true, result: { ...toPublicObject(type, ctx.store.create(type, properties)), new: true } };
}

/**
 * Batch upsert by `idProperty` (vendor-apis §2.3): each result says `new: true|false`. Inputs that fail alone (an
 * invalid property value such as an email HubSpot refuses, a taken unique value, an `hs_object_id` that does not
 * exist) come back in `errors` with a 207.
 */
function batchUpsert(ctx: HubspotContext, req: SandboxRequest): SandboxResponse {
  const type = objectTypeOf(req);
  const prepared: UpsertInput[] = batchBody(req).inputs.map((input) => ({ id: inputId(input), idProperty: upsertIdProperty(ctx, type, input), ...checkInput(ctx, type, input) }));
  const keys = prepared.map((p) => `${p.idProperty}:${p.idProperty === 'email' ? p.id.toLowerCase() : p.id}`);
  if (new Set(keys).size !== keys.length) throw new ResponseError(validationError('Duplicate IDs found in batch input.'));
  const missing = prepared.filter((p) => p.idProperty === 'hs_object_id' && !ctx.store.get(type, p.id)).map((p) => p.id);
  const outcomes = prepared.filter((p) => !missing.includes(p.id)).map((p) => upsertOne(ctx, type, p));
  const results = outcomes.flatMap((o) => (o.ok ? [o.result] : []));
  const failed = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
  return withErrors(batchResult(results, missing, 200, label(type)), failed);
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
