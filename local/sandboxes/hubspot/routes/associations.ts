import { BadRequestError, ResponseError, emptyResponse, isPlainObject, jsonResponse, parseJsonBody, type Router, type SandboxRequest, type SandboxResponse } from '../../kit/index.ts';
import { associationType, defaultAssociationType, type AssociationType } from '../associations.ts';
import type { HubspotContext } from '../context.ts';
import { hubspotError, objectNotFound, validationError } from '../errors.ts';
import { OBJECT_TYPES, OBJECT_TYPE_IDS, type HubspotObjectType } from '../model.ts';
import { MAX_BATCH_INPUTS } from './batch.ts';

/** v4 accepts plural names, singular names and type ids in paths (`contacts`, `contact`, `0-1`). */
function typeParam(req: SandboxRequest, name: string): HubspotObjectType {
  const raw = (req.params[name] ?? '').toLowerCase();
  const found = OBJECT_TYPES.find((t) => t === raw || OBJECT_TYPE_IDS[t] === raw || t === `${raw}s` || t === raw.replace(/y$/, 'ies'));
  if (!found) throw new ResponseError(validationError(`Unable to infer object type from: ${req.params[name] ?? ''}`));
  return found;
}

function requireRecord(ctx: HubspotContext, type: HubspotObjectType, id: string): void {
  if (!ctx.store.get(type, id)) throw new ResponseError(objectNotFound());
}

/** Validates `[{associationCategory, associationTypeId}]` against the defined types of the pair. */
function specsOf(raw: unknown, from: HubspotObjectType, to: HubspotObjectType): AssociationType[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new BadRequestError('The body must be a non-empty array of {associationCategory, associationTypeId}.');
  return raw.map((spec: unknown) => {
    if (!isPlainObject(spec)) throw new BadRequestError('Every association spec must be an object.');
    const category = spec['associationCategory'];
    const typeId = Number(spec['associationTypeId']);
    // Only HubSpot-defined types exist in the sandbox; custom labels (USER_DEFINED) are not emulated.
    const t = category === 'HUBSPOT_DEFINED' ? associationType(from, to, typeId) : undefined;
    if (!t) throw new ResponseError(validationError(`${String(category)} association type ${String(spec['associationTypeId'])} is not valid between ${from} and ${to}.`));
    return t;
  });
}

/** LabelsBetweenObjectPair. Ids are numbers on the v4 wire although the SDK types them as strings [?]. */
function labelsBetween(ctx: HubspotContext, from: HubspotObjectType, fromId: string, to: HubspotObjectType, toId: string): Record<string, unknown> {
  const labels = ctx.associations.between(from, fromId, to, toId).map((id) => associationType(from, to, id)?.label).filter((l): l is string => !!l);
  return { fromObjectTypeId: OBJECT_TYPE_IDS[from], fromObjectId: Number(fromId), toObjectTypeId: OBJECT_TYPE_IDS[to], toObjectId: Number(toId), labels };
}

function associatedObjects(ctx: HubspotContext, from: HubspotObjectType, fromId: string, to: HubspotObjectType): Record<string, unknown>[] {
  return ctx.associations
    .list(from, fromId, to)
    .filter((a) => ctx.store.get(to, a.toId))
    .map((a) => ({
      toObjectId: Number(a.toId),
      associationTypes: a.typeIds.map((typeId) => ({ category: 'HUBSPOT_DEFINED', typeId, label: associationType(from, to, typeId)?.label ?? null })),
    }));
}

function createDefault(ctx: HubspotContext, from: HubspotObjectType, fromId: string, to: HubspotObjectType, toId: string): Record<string, unknown> {
  const t = defaultAssociationType(from, to);
  if (!t) throw new ResponseError(validationError(`${from} cannot be associated with ${to} in the sandbox.`));
  ctx.associations.add(t, fromId, toId);
  return { from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: t.typeId } };
}

function batchStatus(status: number, results: unknown[], errors: Record<string, unknown>[]): SandboxResponse {
  const now = new Date().toISOString();
  const body: Record<string, unknown> = { status: 'COMPLETE', results, startedAt: now, completedAt: now };
  if (errors.length === 0) return jsonResponse(status, body);
  return jsonResponse(207, { ...body, numErrors: errors.length, errors });
}

const missingError = (ids: string[]): Record<string, unknown> => ({
  status: 'error',
  category: 'OBJECT_NOT_FOUND',
  message: 'Could not find some of the records to associate; they may be deleted or not exist.',
  context: { ids },
  errors: [],
});

interface PairInput {
  fromId: string;
  toId: string;
  raw: Record<string, unknown>;
}

function idOf(value: unknown, what: string): string {
  const id = isPlainObject(value) ? value['id'] : undefined;
  if (typeof id !== 'string' && typeof id !== 'number') throw new BadRequestError(`Every input needs ${what}.id.`);
  return String(id);
}

function batchInputs(req: SandboxRequest): Record<string, unknown>[] {
  const body = parseJsonBody(req);
  if (!isPlainObject(body) || !Array.isArray(body['inputs']) || !body['inputs'].every(isPlainObject)) throw new BadRequestError("Invalid input JSON: the body must have an 'inputs' array of objects.");
  // The v4 association batch cap is not in our sources [?]; the 100 of the object batch API is the stricter guess.
  if (body['inputs'].length > MAX_BATCH_INPUTS) throw new ResponseError(validationError(`Too many inputs: got ${body['inputs'].length}, but a batch request accepts at most ${MAX_BATCH_INPUTS}.`));
  return body['inputs'] as Record<string, unknown>[];
}

/** Splits pair inputs into those whose two records exist and an error naming the ids that do not. */
function existingPairs(ctx: HubspotContext, from: HubspotObjectType, to: HubspotObjectType, inputs: Record<string, unknown>[]): { pairs: PairInput[]; errors: Record<string, unknown>[] } {
  const pairs: PairInput[] = [];
  const missing: string[] = [];
  for (const raw of inputs) {
    const fromId = idOf(raw['from'], 'from');
    const toId = idOf(raw['to'], 'to');
    const absent = [...(ctx.store.get(from, fromId) ? [] : [fromId]), ...(ctx.store.get(to, toId) ? [] : [toId])];
    if (absent.length > 0) missing.push(...absent);
    else pairs.push({ fromId, toId, raw });
  }
  return { pairs, errors: missing.length > 0 ? [missingError(missing)] : [] };
}

function batchRead(ctx: HubspotContext, from: HubspotObjectType, to: HubspotObjectType, inputs: Record<string, unknown>[]): SandboxResponse {
  const results: Record<string, unknown>[] = [];
  const errors: Record<string, unknown>[] = [];
  for (const raw of inputs) {
    const id = typeof raw['id'] === 'string' || typeof raw['id'] === 'number' ? String(raw['id']) : '';
    const found = ctx.store.get(from, id) ? associatedObjects(ctx, from, id, to) : [];
    // HubSpot answers a record without associations with an error entry, not an empty result [T].
    if (found.length > 0) results.push({ from: { id }, to: found });
    else errors.push({ ...hubspotError(404, 'OBJECT_NOT_FOUND', `No ${to} is associated with ${from} ${id}.`).body as object, subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND', context: { fromObjectId: [id] }, errors: [] });
  }
  return batchStatus(200, results, errors);
}

/**
 * Associations v4 basics (vendor-apis §2.5). Endpoint names: `associationCreateDefault`, `associationCreate`,
 * `associationList`, `associationArchive`, `associationBatchCreate`, `associationBatchDefault`,
 * `associationBatchRead`, `associationBatchArchive`. A missing or archived record on either side is a 404.
 */
export function addAssociationRoutes(router: Router, ctx: HubspotContext): Router {
  const pair = (req: SandboxRequest) => {
    const from = typeParam(req, 'from');
    const to = typeParam(req, 'to');
    const fromId = req.params['fromId'] ?? '';
    const toId = req.params['toId'] ?? '';
    requireRecord(ctx, from, fromId);
    if (toId !== '') requireRecord(ctx, to, toId);
    return { from, to, fromId, toId };
  };
  return router
    .add('PUT', '/crm/v4/objects/:from/:fromId/associations/default/:to/:toId', 'associationCreateDefault', (req) => {
      const p = pair(req);
      return batchStatus(200, [createDefault(ctx, p.from, p.fromId, p.to, p.toId)], []);
    })
    .add('PUT', '/crm/v4/objects/:from/:fromId/associations/:to/:toId', 'associationCreate', (req) => {
      const p = pair(req);
      for (const t of specsOf(parseJsonBody(req), p.from, p.to)) ctx.associations.add(t, p.fromId, p.toId);
      return jsonResponse(201, labelsBetween(ctx, p.from, p.fromId, p.to, p.toId));
    })
    .add('GET', '/crm/v4/objects/:from/:fromId/associations/:to', 'associationList', (req) => {
      const p = pair(req);
      const limit = Number(req.query.get('limit') ?? 500);
      const offset = Number(req.query.get('after') ?? 0);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new ResponseError(validationError(`limit must be an integer from 1 to 500; got ${req.query.get('limit')}.`));
      const all = associatedObjects(ctx, p.from, p.fromId, p.to);
      const body: Record<string, unknown> = { results: all.slice(offset, offset + limit) };
      if (offset + limit < all.length) body['paging'] = { next: { after: String(offset + limit) } };
      return jsonResponse(200, body);
    })
    .add('DELETE', '/crm/v4/objects/:from/:fromId/associations/:to/:toId', 'associationArchive', (req) => {
      const p = pair(req);
      ctx.associations.removeAll(p.from, p.fromId, p.to, p.toId);
      return emptyResponse(204);
    })
    .add('POST', '/crm/v4/associations/:from/:to/batch/create', 'associationBatchCreate', (req) => {
      const from = typeParam(req, 'from');
      const to = typeParam(req, 'to');
      const { pairs, errors } = existingPairs(ctx, from, to, batchInputs(req));
      const specs = pairs.map((p) => specsOf(p.raw['types'], from, to));
      pairs.forEach((p, i) => specs[i]?.forEach((t) => ctx.associations.add(t, p.fromId, p.toId)));
      return batchStatus(201, pairs.map((p) => labelsBetween(ctx, from, p.fromId, to, p.toId)), errors);
    })
    .add('POST', '/crm/v4/associations/:from/:to/batch/associate/default', 'associationBatchDefault', (req) => {
      const from = typeParam(req, 'from');
      const to = typeParam(req, 'to');
      const { pairs, errors } = existingPairs(ctx, from, to, batchInputs(req));
      return batchStatus(200, pairs.map((p) => createDefault(ctx, from, p.fromId, to, p.toId)), errors);
    })
    .add('POST', '/crm/v4/associations/:from/:to/batch/read', 'associationBatchRead', (req) => batchRead(ctx, typeParam(req, 'from'), typeParam(req, 'to'), batchInputs(req)))
    .add('POST', '/crm/v4/associations/:from/:to/batch/archive', 'associationBatchArchive', (req) => {
      const from = typeParam(req, 'from');
      const to = typeParam(req, 'to');
      for (const raw of batchInputs(req)) {
        const fromId = idOf(raw['from'], 'from');
        const targets = Array.isArray(raw['to']) ? raw['to'] : [];
        for (const target of targets) ctx.associations.removeAll(from, fromId, to, idOf(target, 'to[]'));
      }
      return emptyResponse(204);
    });
}
