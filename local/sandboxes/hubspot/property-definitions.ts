import { isPlainObject } from '../kit/index.ts';
import type { CustomPropertyDef, PropertyKind } from './model.ts';

/**
 * The rules a property definition written through the properties API (`POST`/`PATCH /crm/v3/properties/{objectType}`)
 * must follow. Sources: the properties guide [C: developers.hubspot.com/docs/api/crm/properties, "Property type and
 * fieldType values"] for the type/fieldType table; the unique-properties changelog [C: developers.hubspot.com/changelog/
 * unique-properties-for-contacts] for "only net new properties can be set to contain a unique value" and the limit of
 * ten unique properties per object type. Refusal texts are the sandbox's own [?]: HubSpot's are not in our sources.
 */

/** Valid `fieldType`s per `type`. bool, enumeration, date and datetime rows [C]; string and number rows [?: from memory of the same table]. */
const FIELD_TYPES: Record<PropertyKind, readonly string[]> = {
  bool: ['booleancheckbox', 'calculation_equation'],
  enumeration: ['booleancheckbox', 'checkbox', 'radio', 'select', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  string: ['file', 'text', 'textarea', 'calculation_equation', 'html', 'phonenumber'],
  number: ['number', 'calculation_equation'],
};

const KINDS = Object.keys(FIELD_TYPES) as PropertyKind[];

/** HubSpot allows at most ten unique-value properties per object type [C: changelog, above]. */
export const MAX_UNIQUE_PROPERTIES = 10;

/**
 * A property's internal name: lower-case letters, digits and underscores, starting with a letter. HubSpot generates
 * names of this form from labels and its UI refuses others; that the API refuses them too is not confirmed [?].
 */
const NAME = /^[a-z][a-z0-9_]*$/;

/** A definition as the properties API stores it, or the sentence that makes HubSpot refuse it (a 400). */
export type ParsedDefinition = { ok: true; name: string; def: CustomPropertyDef } | { ok: false; message: string };

const isKind = (v: unknown): v is PropertyKind => typeof v === 'string' && (KINDS as string[]).includes(v);

/** The option values of `options` (SDK `OptionInput[]`: `{label, value, hidden, displayOrder?}`), or a refusal. */
function optionValues(raw: unknown): string[] | string {
  if (!Array.isArray(raw)) return "'options' must be an array of {label, value} objects.";
  const values: string[] = [];
  for (const o of raw) {
    if (!isPlainObject(o) || typeof o['value'] !== 'string' || typeof o['label'] !== 'string') return "Each option needs a string 'label' and 'value'.";
    if (values.includes(o['value'])) return `Option value '${o['value']}' appears more than once.`;
    values.push(o['value']);
  }
  return values;
}

/** Checks that `type`, `fieldType` and `options` fit together; undefined when they do. */
function shapeProblem(kind: PropertyKind, fieldType: string, options: readonly string[] | undefined): string | undefined {
  if (!FIELD_TYPES[kind].includes(fieldType)) return `fieldType '${fieldType}' is not valid for a property of type '${kind}'; use one of ${FIELD_TYPES[kind].join(', ')}.`;
  if (kind === 'enumeration' && (!options || options.length === 0)) return 'A property of type enumeration needs at least one option.';
  return undefined;
}

/**
 * Parses a `PropertyCreate` body: `{name, label, type, fieldType, groupName, options?, hasUniqueValue?, description?}`.
 * Existence of the name and of the group are checked by the caller, which knows the portal.
 */
export function parsePropertyCreate(body: unknown): ParsedDefinition {
  if (!isPlainObject(body)) return { ok: false, message: 'Invalid input JSON: the body must be a property definition object.' };
  for (const field of ['name', 'label', 'type', 'fieldType', 'groupName'] as const) {
    if (typeof body[field] !== 'string' || body[field] === '') return { ok: false, message: `'${field}' is required.` };
  }
  const name = String(body['name']);
  if (!NAME.test(name)) return { ok: false, message: `Property name '${name}' is invalid: use lower-case letters, digits and underscores, starting with a letter.` };
  const kind = body['type'];
  if (!isKind(kind)) return { ok: false, message: `'${String(kind)}' is not a valid property type; use one of ${KINDS.join(', ')}.` };
  const fieldType = String(body['fieldType']);
  const options = body['options'] === undefined ? undefined : optionValues(body['options']);
  if (typeof options === 'string') return { ok: false, message: options };
  const problem = shapeProblem(kind, fieldType, options);
  if (problem) return { ok: false, message: problem };
  const unique = body['hasUniqueValue'] === true;
  // Only text properties can require unique values in HubSpot's property editor; the API's rule is not documented [?].
  if (unique && kind !== 'string') return { ok: false, message: `hasUniqueValue is only allowed on properties of type string, not '${kind}'.` };
  const def: CustomPropertyDef = {
    type: kind,
    unique,
    label: String(body['label']),
    groupName: String(body['groupName']),
    fieldType,
    description: typeof body['description'] === 'string' ? body['description'] : '',
    ...(kind === 'bool' ? { options: ['true', 'false'] } : {}),
    ...(options && kind === 'enumeration' ? { options } : {}),
    ...(kind === 'enumeration' && fieldType === 'checkbox' ? { multiple: true } : {}),
  };
  return { ok: true, name, def };
}

/**
 * Applies a `PropertyUpdate` body (`label`, `description`, `groupName`, `options`, `type`, `fieldType`; display fields
 * ignored) to an existing definition. `hasUniqueValue` is not in the update model: uniqueness is fixed at creation [C].
 */
export function applyPropertyUpdate(current: CustomPropertyDef, body: unknown): { ok: true; def: CustomPropertyDef } | { ok: false; message: string } {
  if (!isPlainObject(body)) return { ok: false, message: 'Invalid input JSON: the body must be an object of property fields.' };
  const def: CustomPropertyDef = { ...current };
  for (const field of ['label', 'description', 'groupName', 'fieldType'] as const) {
    const v = body[field];
    if (v === undefined) continue;
    if (typeof v !== 'string') return { ok: false, message: `'${field}' must be a string.` };
    def[field] = v;
  }
  if (body['type'] !== undefined) {
    if (!isKind(body['type'])) return { ok: false, message: `'${String(body['type'])}' is not a valid property type; use one of ${KINDS.join(', ')}.` };
    def.type = body['type'];
  }
  if (body['options'] !== undefined) {
    const options = optionValues(body['options']);
    if (typeof options === 'string') return { ok: false, message: options };
    def.options = options;
  }
  const kind = def.type ?? 'string';
  if (def.unique && kind !== 'string') return { ok: false, message: `A unique-value property must stay of type string, not '${kind}'.` };
  const problem = shapeProblem(kind, def.fieldType ?? defaultFieldType(kind), def.options);
  if (problem) return { ok: false, message: problem };
  def.multiple = kind === 'enumeration' && def.fieldType === 'checkbox';
  return { ok: true, def };
}

/** The form field HubSpot gives each property type by default (properties guide, table above). */
export function defaultFieldType(kind: PropertyKind): string {
  const defaults: Record<PropertyKind, string> = { string: 'text', number: 'number', date: 'date', datetime: 'date', bool: 'booleancheckbox', enumeration: 'select' };
  return defaults[kind];
}
