import { BadRequestError, ResponseError, isPlainObject, type SandboxRequest, type SandboxResponse } from '../kit/index.ts';
import { validationError } from './errors.ts';
import { DEFAULT_PROPERTIES, normalizeProperties, objectTypeNamed, type CustomProperties, type HubspotObjectType, type HubspotRecord } from './model.ts';

/** The SimplePublicObject wire shape. */
export interface PublicObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

/**
 * Renders a record as a SimplePublicObject. With `requested` (even empty), the properties are those plus the type's
 * defaults (unset ones as null); without, every property that has a value (write responses).
 */
export function toPublicObject(type: HubspotObjectType, record: HubspotRecord, requested?: readonly string[]): PublicObject {
  const names = requested ? [...new Set([...DEFAULT_PROPERTIES[type], ...requested])] : undefined;
  const entries = names
    ? names.map((n): [string, string | null] => [n, record.properties[n] || null])
    : Object.entries(record.properties).filter(([, v]) => v !== '');
  const out: PublicObject = {
    id: record.id,
    properties: Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b))),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    archived: record.archived,
  };
  if (record.archivedAt) out.archivedAt = record.archivedAt;
  return out;
}

/** Reads the `{type}` path parameter, a name or an object type id (`deals` or `0-3`); unknown types get HubSpot's 400. */
export function objectTypeOf(req: SandboxRequest): HubspotObjectType {
  const segment = req.params['type'] ?? '';
  const type = objectTypeNamed(segment);
  if (!type) throw new ResponseError(validationError(`Unable to infer object type from: ${segment}`));
  return type;
}

/** `?properties=a,b` and `?properties=a&properties=b` (the SDK sends the latter). */
export function requestedProperties(req: SandboxRequest): string[] {
  return req.query.getAll('properties').flatMap((p) => p.split(',')).map((p) => p.trim()).filter((p) => p !== '');
}

/** Validates a `properties` object of a write; invalid values throw HubSpot's VALIDATION_ERROR. */
export function writableProperties(type: HubspotObjectType, value: unknown, custom?: CustomProperties): Record<string, string> {
  const check = checkedProperties(type, value, custom);
  if (!check.ok) throw new ResponseError(check.refusal);
  return check.properties;
}

/**
 * Like {@link writableProperties}, but an invalid value is returned as HubSpot's 400 VALIDATION_ERROR instead of
 * thrown, so a batch can fail that input alone (its 207 `errors`); a body that is not an object still throws.
 */
export function checkedProperties(type: HubspotObjectType, value: unknown, custom?: CustomProperties): { ok: true; properties: Record<string, string> } | { ok: false; refusal: SandboxResponse } {
  if (!isPlainObject(value)) throw new BadRequestError("Invalid input JSON: 'properties' must be an object of property names to values.");
  const check = normalizeProperties(type, value, custom);
  if (check.ok) return check;
  return { ok: false, refusal: validationError(`Property values were not valid: ${JSON.stringify(check.problems)}`, { errors: check.problems.map(toErrorDetail) }) };
}

function toErrorDetail(p: { message: string; error: string; name: string }): Record<string, unknown> {
  return { message: p.message, code: p.error, context: { propertyName: [p.name] } };
}

/** Reads a `string[]` field of a JSON body; absent means empty. */
export function stringList(body: Record<string, unknown>, key: string): string[] {
  const value = body[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new BadRequestError(`Invalid input JSON: '${key}' must be an array of strings.`);
  }
  return value;
}
