import { isPlainObject } from '../kit/index.ts';
import type { SaveError } from './errors.ts';
import { isCustomField, type FieldDef, type ObjectDef, type OrgSchema, type PicklistEntry } from './schema.ts';

/*
 * A custom field as the Tooling API creates one: `POST …/tooling/sobjects/CustomField` with
 * `{"FullName": "Contact.Foo__c", "Metadata": {…}}`, where Metadata is the Metadata API's CustomField type without
 * its fullName (Tooling API Reference, CustomField: "FullName … Metadata: CustomFieldMetadata"; Metadata API
 * Developer Guide, CustomField) [C]. The sandbox takes the types Syncline's setup creates and maps each to the
 * FieldDef describe, SOQL and every write path read:
 *
 *   Text → string (length 1–255 required)             LongTextArea → textarea (length 256–131,072, visibleLines)
 *   Number → double, Currency → currency,             Checkbox → boolean (defaultValue 'true'/'false' required)
 *     Percent → percent (precision 1–18, scale ≤ it)  Date → date, DateTime → datetime
 *   Email → email (80), Phone → phone (40), Url → url Picklist → picklist (valueSet.valueSetDefinition.value[])
 *   Lookup → reference (referenceTo an object the org has; relationshipName)
 *
 * The limits are the Metadata API's and Setup's [C]: Text at most 255 characters, Long Text Area 256 to 131,072 and
 * visibleLines required, precision at most 18 with scale at most precision, a Checkbox's defaultValue required, a
 * custom field's name a letter first, then letters, digits and single underscores, at most 40 characters before
 * `__c`. Describe calls a Number field `double` whatever its scale, and the Metadata API's `valueSet.restricted`
 * defaults to false [C].
 *
 * The refusal bodies are the REST error array `[{message, errorCode, fields}]` with status 400 [C], but the codes and
 * messages are [?]: no captured Tooling API answer to a bad CustomField was found. A duplicate name answers
 * DUPLICATE_DEVELOPER_NAME, the StatusCode the SOAP API documents for "a custom object or custom field with a
 * duplicate developer name" [C for the code; the message is [?]]; everything wrong in FullName or Metadata answers
 * FIELD_INTEGRITY_EXCEPTION, the code Setup-level validation uses [?].
 *
 * Left out: formula defaults of non-Checkbox fields (accepted and kept, not applied), `caseSensitive` (a unique field
 * is compared case-insensitively whatever it says, the stricter case), MasterDetail, TextArea, multi-select
 * picklists and global value sets. A created field starts hidden from the API user until a permission set grants it
 * (field-security.ts).
 */

/** Metadata types the sandbox creates, and the describe type of each. */
const TYPES: Readonly<Record<string, FieldDef['type']>> = {
  Text: 'string',
  LongTextArea: 'textarea',
  Number: 'double',
  Currency: 'currency',
  Percent: 'percent',
  Checkbox: 'boolean',
  Date: 'date',
  DateTime: 'datetime',
  Email: 'email',
  Phone: 'phone',
  Url: 'url',
  Picklist: 'picklist',
  Lookup: 'reference',
};

const MAX_TEXT = 255;
const LONG_TEXT = { min: 256, max: 131_072 } as const;
const MAX_PRECISION = 18;
const MAX_NAME = 40;

/** Why a create is refused: the error of its 400 body. */
export class CustomFieldRefusal extends Error {
  constructor(readonly error: SaveError) {
    super(error.message);
  }
}

const refuse = (message: string, fields: string[] = [], code = 'FIELD_INTEGRITY_EXCEPTION'): never => {
  throw new CustomFieldRefusal({ code, message, fields });
};

const integer = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined);
const flag = (value: unknown): boolean => value === true || value === 'true';

/** `Contact.Foo__c` as the org's object and the new field's API name. */
function parseFullName(schema: OrgSchema, fullName: unknown): { object: ObjectDef; field: string } {
  if (typeof fullName !== 'string' || fullName === '') return refuse('FullName: Required field is missing: FullName', ['FullName'], 'REQUIRED_FIELD_MISSING');
  const dot = fullName.indexOf('.');
  if (dot <= 0) refuse(`FullName: must be <object>.<field>__c, got ${fullName}`, ['FullName']);
  const object = schema.object(fullName.slice(0, dot));
  const field = fullName.slice(dot + 1);
  if (!object) return refuse(`Cannot find entity: ${fullName.slice(0, dot)}`, ['FullName']);
  if (!isCustomField(field)) refuse(`Custom field names must end with __c: ${field}`, ['FullName']);
  const developerName = field.slice(0, -3);
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(developerName) || developerName.includes('__') || developerName.endsWith('_') || developerName.length > MAX_NAME) {
    refuse(`The Field Name ${developerName} can only contain underscores and alphanumeric characters. It must be unique, begin with a letter, not include spaces, not end with an underscore, not contain two consecutive underscores, and be at most ${MAX_NAME} characters.`, ['FullName']);
  }
  // A created field the API user may not see yet still takes its name.
  const existing = schema.declaredField(object, field);
  if (existing) refuse(`There is already a field named ${existing.slice(0, -3)} on ${object.name}.`, [], 'DUPLICATE_DEVELOPER_NAME');
  return { object, field };
}

function picklistValues(metadata: Record<string, unknown>): { values: PicklistEntry[]; restricted: boolean } {
  const valueSet = isPlainObject(metadata['valueSet']) ? metadata['valueSet'] : {};
  const definition = isPlainObject(valueSet['valueSetDefinition']) ? valueSet['valueSetDefinition'] : {};
  const raw = definition['value'];
  if (!Array.isArray(raw) || raw.length === 0) return refuse('Picklist: You must enter at least one value (valueSet.valueSetDefinition.value).', ['valueSet']);
  // The Tooling API's JSON names a value `valueName` (Tooling CustomValue: ValueName, "The text of the picklist
  // value" [C]; responses carry `valueName` [T]), where the Metadata API's XML says `fullName`: the sandbox takes only
  // the Tooling spelling, so a client sending the Metadata one is caught here as it would be by an org [?].
  const values = raw.map((v: unknown): PicklistEntry => {
    const valueName = isPlainObject(v) ? v['valueName'] : undefined;
    if (typeof valueName !== 'string' || valueName === '') return refuse('Picklist: each value needs a valueName.', ['valueSet']);
    const label = isPlainObject(v) && typeof v['label'] === 'string' ? v['label'] : valueName;
    return { value: valueName, label, active: true, defaultValue: isPlainObject(v) && flag(v['default']) };
  });
  const duplicate = values.find((v, i) => values.findIndex((w) => w.value.toLowerCase() === v.value.toLowerCase()) !== i);
  if (duplicate) refuse(`Picklist: duplicate value ${duplicate.value}.`, ['valueSet']);
  return { values, restricted: flag(valueSet['restricted']) };
}

/** The FieldDef of a numeric field: precision 1–18 required, scale 0–precision (default 0). */
function numeric(metadata: Record<string, unknown>): { precision: number; scale: number } {
  const precision = integer(metadata['precision']);
  const scale = metadata['scale'] === undefined ? 0 : integer(metadata['scale']);
  if (precision === undefined) return refuse('Precision: You must enter a value', ['precision']);
  if (precision < 1 || precision > MAX_PRECISION) refuse(`Precision: The length of this field can't exceed ${MAX_PRECISION} digits.`, ['precision']);
  if (scale === undefined || scale > precision) return refuse('Decimal Places: The number of decimal places must be between 0 and the length of the field.', ['scale']);
  return { precision, scale };
}

/** The type-specific part of a new field's FieldDef. */
function typed(schema: OrgSchema, type: string, metadata: Record<string, unknown>): FieldDef {
  const describeType = TYPES[type];
  if (!describeType) return refuse(`Field type: bad value for restricted picklist field: ${type === '' ? '(none)' : type}`, ['type']);
  switch (type) {
    case 'Text': {
      const length = integer(metadata['length']);
      if (length === undefined) return refuse('Length: You must enter a value', ['length']);
      if (length < 1 || length > MAX_TEXT) return refuse(`Length: The length of a Text field must be between 1 and ${MAX_TEXT}.`, ['length']);
      return { type: describeType, length };
    }
    case 'LongTextArea': {
      const length = integer(metadata['length']);
      if (length === undefined || length < LONG_TEXT.min || length > LONG_TEXT.max) return refuse(`Length: The length of a Long Text Area field must be between ${LONG_TEXT.min} and ${LONG_TEXT.max}.`, ['length']);
      if (integer(metadata['visibleLines']) === undefined) return refuse('Visible Lines: You must enter a value', ['visibleLines']);
      return { type: describeType, length };
    }
    case 'Number':
    case 'Currency':
    case 'Percent':
      return { type: describeType, ...numeric(metadata) };
    case 'Checkbox': {
      const value = metadata['defaultValue'];
      if (value !== 'true' && value !== 'false' && typeof value !== 'boolean') return refuse('Default Value: A checkbox field needs a default value of true or false.', ['defaultValue']);
      return { type: describeType, defaultValue: String(value) === 'true' };
    }
    case 'Picklist':
      return { type: describeType, picklist: picklistValues(metadata) };
    case 'Lookup': {
      const referenceTo = metadata['referenceTo'];
      if (typeof referenceTo !== 'string' || referenceTo === '') return refuse('Related To: You must select an object to relate to (referenceTo).', ['referenceTo']);
      const target = schema.object(referenceTo);
      if (!target) return refuse(`Related To: Cannot find entity: ${referenceTo}`, ['referenceTo']);
      const relationshipName = typeof metadata['relationshipName'] === 'string' && metadata['relationshipName'] !== '' ? metadata['relationshipName'] : undefined;
      const constraint = metadata['deleteConstraint'] ?? 'SetNull';
      if (constraint !== 'SetNull' && constraint !== 'Restrict' && constraint !== 'Cascade') refuse(`deleteConstraint: bad value for restricted picklist field: ${String(constraint)}`, ['deleteConstraint']);
      return { type: describeType, referenceTo: [target.keyPrefix], ...(relationshipName ? { relationshipName } : {}) };
    }
    default:
      return { type: describeType };
  }
}

/** A new custom field, checked against the org: where it goes and what it is. */
export interface NewCustomField {
  object: ObjectDef;
  field: string;
  def: FieldDef;
  /** The Metadata as the Tooling API serves it back: what was sent, with `type` and `label` always present. */
  metadata: Record<string, unknown>;
}

/**
 * Checks a CustomField create body against the org and turns it into a FieldDef.
 * @throws CustomFieldRefusal with the error of the 400 answer.
 */
export function newCustomField(schema: OrgSchema, body: Record<string, unknown>): NewCustomField {
  const { object, field } = parseFullName(schema, body['FullName']);
  const metadata = body['Metadata'];
  if (!isPlainObject(metadata)) return refuse('Metadata: Required field is missing: Metadata', ['Metadata'], 'REQUIRED_FIELD_MISSING');
  const type = metadata['type'];
  if (typeof type !== 'string' || type === '') return refuse('Field type: You must select a field type (Metadata.type).', ['type']);
  const def = typed(schema, type, metadata);
  // The label defaults to the name with spaces for underscores; whether a create without one is refused is [?].
  const label = typeof metadata['label'] === 'string' && metadata['label'] !== '' ? metadata['label'] : field.slice(0, -3).replace(/_/g, ' ');
  const externalId = flag(metadata['externalId']);
  const unique = flag(metadata['unique']);
  if ((externalId || unique) && !['Text', 'Number', 'Email'].includes(type)) {
    // External ids are Text, Number, Email (or Auto Number) fields; Unique is offered on those types too [C].
    refuse(`${externalId ? 'External ID' : 'Unique'}: not available for a ${type} field.`, [externalId ? 'externalId' : 'unique']);
  }
  const full: FieldDef = { ...def, label, ...(externalId ? { externalId } : {}), ...(unique ? { unique } : {}), ...(flag(metadata['required']) ? { required: true } : {}) };
  return { object, field, def: full, metadata: { ...metadata, type, label } };
}

/** Metadata types by describe type, for fields the org started with (their Metadata is derived, not recorded). */
const METADATA_TYPES: Readonly<Partial<Record<FieldDef['type'], string>>> = Object.fromEntries(Object.entries(TYPES).map(([metadataType, describeType]) => [describeType, metadataType]));

/** The CustomFieldMetadata of a seeded field, as near as its FieldDef tells. */
export function derivedMetadata(schema: OrgSchema, field: string, def: FieldDef): Record<string, unknown> {
  const type = METADATA_TYPES[def.type] ?? 'Text';
  const metadata: Record<string, unknown> = { type, label: def.label ?? field.slice(0, -3).replace(/_/g, ' '), externalId: !!def.externalId, unique: !!def.unique, required: !!def.required };
  if (type === 'Text') metadata['length'] = def.length ?? MAX_TEXT;
  if (type === 'Checkbox') metadata['defaultValue'] = String(def.defaultValue === true);
  if (def.precision !== undefined) Object.assign(metadata, { precision: def.precision, scale: def.scale ?? 0 });
  if (def.picklist) {
    metadata['valueSet'] = { restricted: def.picklist.restricted, valueSetDefinition: { sorted: false, value: def.picklist.values.map((v) => ({ valueName: v.value, label: v.label, default: v.defaultValue })) } };
  }
  if (def.type === 'reference') {
    const target = def.referenceTo?.[0] ? schema.forId(def.referenceTo[0]) : undefined;
    Object.assign(metadata, { referenceTo: target?.name ?? null, relationshipName: def.relationshipName ?? field.slice(0, -3), deleteConstraint: 'SetNull' });
  }
  return metadata;
}
