import { hubspotEmailProblem } from './email.ts';
import { normalizeBoolean, normalizeDate, normalizeDateTime, normalizeNumber } from './values.ts';

export { parseHubspotDate } from './values.ts';

/** The HubSpot CRM object types this sandbox serves. */
export const OBJECT_TYPES = ['contacts', 'companies', 'deals'] as const;

/** A HubSpot CRM object type (URL form). */
export type HubspotObjectType = (typeof OBJECT_TYPES)[number];

/**
 * A stored CRM object. All property values are strings, stored as HubSpot normalizes them (values.ts); '' means
 * "no value".
 */
export interface HubspotRecord {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  /** Set when this record was merged away: the id of the record it now lives on. Merged records answer 404. */
  mergedInto?: string;
}

/** Property types as HubSpot's property API names them (`date` holds a day, `datetime` an instant, `bool` a checkbox). */
export type PropertyKind = 'string' | 'number' | 'date' | 'datetime' | 'bool' | 'enumeration';

/** A property definition. */
export interface PropertyDef {
  kind: PropertyKind;
  readOnly?: boolean;
  /** A unique-value property: batch upsert accepts it as `idProperty`. */
  unique?: boolean;
  options?: readonly string[];
  /** An enumeration whose field is `checkbox` (multiple checkboxes): a value names several options, `;`-separated. */
  multiple?: boolean;
  /** What the properties API shows of a property created through it (routes/properties.ts); absent: made up there. */
  label?: string;
  groupName?: string;
  description?: string;
  fieldType?: string;
  /** The property was made through the properties API (or a `customProperties` option), not seeded as a default. */
  custom?: boolean;
}

const LIFECYCLE_STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
const DEAL_STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost'];

const SYSTEM: Record<string, PropertyDef> = {
  hs_object_id: { kind: 'number', readOnly: true },
  createdate: { kind: 'datetime', readOnly: true },
};

const str: PropertyDef = { kind: 'string' };
/** Syncline's source-id property is created as a unique-value property, so upserts can key on it. */
const uniqueStr: PropertyDef = { kind: 'string', unique: true };

/**
 * Property catalogue per object type. `hubspotscore` is calculated (read-only) in a real portal; the sandbox lets
 * the API write it so tests can simulate score changes.
 */
const PROPERTIES: Record<HubspotObjectType, Record<string, PropertyDef>> = {
  contacts: {
    ...SYSTEM,
    lastmodifieddate: { kind: 'datetime', readOnly: true },
    email: str,
    firstname: str,
    lastname: str,
    phone: str,
    mobilephone: str,
    jobtitle: str,
    company: str,
    website: str,
    city: str,
    country: str,
    hubspotscore: { kind: 'number' },
    lifecyclestage: { kind: 'enumeration', options: LIFECYCLE_STAGES },
    hs_lead_status: { kind: 'enumeration', options: ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING'] },
    associatedcompanyid: { kind: 'number' },
    notes_last_updated: { kind: 'datetime' },
    // Custom properties the shipped syncline.yaml maps.
    syncline_salesforce_id: uniqueStr,
    syncline_deleted: str,
    zoominfo_contact_id: uniqueStr,
  },
  companies: {
    ...SYSTEM,
    hs_lastmodifieddate: { kind: 'datetime', readOnly: true },
    name: str,
    domain: str,
    industry: str,
    phone: str,
    city: str,
    country: str,
    numberofemployees: { kind: 'number' },
    annualrevenue: { kind: 'number' },
    // A default company property of type bool ("Is Public") [T].
    is_public: { kind: 'bool' },
    lifecyclestage: { kind: 'enumeration', options: LIFECYCLE_STAGES },
    syncline_salesforce_id: uniqueStr,
    syncline_salesforce_owner_id: str,
    syncline_deleted: str,
  },
  deals: {
    ...SYSTEM,
    hs_lastmodifieddate: { kind: 'datetime', readOnly: true },
    dealname: str,
    amount: { kind: 'number' },
    dealstage: { kind: 'enumeration', options: DEAL_STAGES },
    pipeline: str,
    closedate: { kind: 'datetime' },
    syncline_salesforce_id: uniqueStr,
    syncline_primary_contact_id: str,
    syncline_deleted: str,
  },
};

/** The types a custom property given as a start option may have (an enumeration also needs `options`). */
export type CustomPropertyKind = Exclude<PropertyKind, 'enumeration'>;

/** One custom property, as a start option or the properties API defines it (see {@link CustomProperties}). */
export interface CustomPropertyDef {
  unique?: boolean;
  type?: PropertyKind;
  /** An enumeration's option values. */
  options?: readonly string[];
  /** The portal does not have this property (archived, or a seeded `syncline_*` one the portal never got). */
  absent?: boolean;
  multiple?: boolean;
  label?: string;
  groupName?: string;
  description?: string;
  fieldType?: string;
}

/**
 * Custom properties a sandbox adds to (or redefines in) the catalogue, per object type: string properties unless
 * `type` says otherwise, unique when `unique` is set. `{ contacts: { erp_id: { unique: true } } }` lets batch upsert
 * key contacts on `erp_id`; `{ contacts: { syncline_salesforce_id: { unique: false } } }` takes the seeded uniqueness
 * away; `{ deals: { renewal_date: { type: 'date' } } }` adds a date property. `absent: true` takes a property away.
 * A running sandbox keeps its own copy, which the properties API changes (routes/properties.ts).
 */
export type CustomProperties = Partial<Record<HubspotObjectType, Record<string, CustomPropertyDef>>>;

/** The seeded custom properties of `type` that Syncline's setup creates in a real portal (`syncline_*`). */
export function synclinePropertyNames(type: HubspotObjectType): string[] {
  return Object.keys(PROPERTIES[type]).filter((name) => name.startsWith('syncline_'));
}

/** True when `name` is one of HubSpot's own default properties of `type` (not archivable, vendor docs [?]). */
export function isHubspotDefined(type: HubspotObjectType, name: string): boolean {
  return Object.hasOwn(PROPERTIES[type], name) && !name.startsWith('syncline_');
}

/** Every property of `type`, built-in and custom (a custom definition replaces a built-in one of the same name). */
export function propertyDefs(type: HubspotObjectType, custom: CustomProperties = {}): Record<string, PropertyDef> {
  const names = new Set([...Object.keys(PROPERTIES[type]), ...Object.keys(custom[type] ?? {})]);
  return Object.fromEntries([...names].flatMap((name) => {
    const def = propertyDef(type, name, custom);
    return def ? [[name, def] as const] : [];
  }));
}

/** The definition of `name` on `type`: a custom one first, then the built-in catalogue. */
export function propertyDef(type: HubspotObjectType, name: string, custom: CustomProperties = {}): PropertyDef | undefined {
  const extra = custom[type]?.[name];
  if (extra?.absent) return undefined;
  if (extra) {
    const { type: kind = 'string', unique, absent: _absent, ...shown } = extra;
    return { ...shown, kind, unique: unique === true, custom: true };
  }
  return Object.hasOwn(PROPERTIES[type], name) ? PROPERTIES[type][name] : undefined;
}

/**
 * Object type ids, as the associations v4 API names them (`fromObjectTypeId`) and as every object path takes them in
 * place of the name: `/crm/v3/objects/0-1` is `/crm/v3/objects/contacts` [C: developers.hubspot.com/docs/guides/crm/using-object-apis].
 * Tickets are 0-5 and tasks 0-27 in a portal; the sandbox serves neither.
 */
export const OBJECT_TYPE_IDS: Record<HubspotObjectType, string> = { contacts: '0-1', companies: '0-2', deals: '0-3' };

/** Properties returned when a request names none (vendor-apis §2.4). */
export const DEFAULT_PROPERTIES: Record<HubspotObjectType, readonly string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  deals: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
};

/** Contacts use `lastmodifieddate`, companies and deals `hs_lastmodifieddate` (vendor-apis §2.4). */
export const MODIFIED_PROPERTY: Record<HubspotObjectType, string> = {
  contacts: 'lastmodifieddate',
  companies: 'hs_lastmodifieddate',
  deals: 'hs_lastmodifieddate',
};

/** Singular names used in webhook subscription types (`contact.creation`). */
export const WEBHOOK_OBJECT_NAME: Record<HubspotObjectType, string> = { contacts: 'contact', companies: 'company', deals: 'deal' };

/** Properties free-text `query` search looks at. */
export const SEARCHABLE_PROPERTIES: Record<HubspotObjectType, readonly string[]> = {
  contacts: ['email', 'firstname', 'lastname', 'phone', 'company'],
  companies: ['name', 'domain', 'phone'],
  deals: ['dealname'],
};

/** True when `value` names an object type the sandbox serves. */
export function isObjectType(value: string): value is HubspotObjectType {
  return (OBJECT_TYPES as readonly string[]).includes(value);
}

/** The object type a path segment names, by name (`deals`) or by object type id (`0-3`); undefined when none. */
export function objectTypeNamed(segment: string): HubspotObjectType | undefined {
  if (isObjectType(segment)) return segment;
  return OBJECT_TYPES.find((t) => OBJECT_TYPE_IDS[t] === segment);
}

/** True when `name` is a property of `type`. */
export function isKnownProperty(type: HubspotObjectType, name: string, custom?: CustomProperties): boolean {
  return propertyDef(type, name, custom) !== undefined;
}

/** True when `name` is a unique-value property of `type` (besides `hs_object_id`, and `email` on contacts). */
export function isUniqueProperty(type: HubspotObjectType, name: string, custom?: CustomProperties): boolean {
  return propertyDef(type, name, custom)?.unique === true;
}

/** Names of the unique-value properties of `type` (built-in and custom), `hs_object_id` and email left out. */
export function uniquePropertyNames(type: HubspotObjectType, custom: CustomProperties = {}): string[] {
  const names = new Set([...Object.keys(PROPERTIES[type]), ...Object.keys(custom[type] ?? {})]);
  return [...names].filter((n) => isUniqueProperty(type, n, custom));
}

/** True when `name` holds a date or a date-time (compared as epoch milliseconds in search). */
export function isDateProperty(type: HubspotObjectType, name: string, custom?: CustomProperties): boolean {
  const kind = propertyDef(type, name, custom)?.kind;
  return kind === 'datetime' || kind === 'date';
}

/** True when `name` holds a number (compared numerically in search). */
export function isNumberProperty(type: HubspotObjectType, name: string, custom?: CustomProperties): boolean {
  return propertyDef(type, name, custom)?.kind === 'number';
}

/** One invalid property value, in the shape HubSpot lists under `errors` of a VALIDATION_ERROR. */
export interface PropertyProblem {
  isValid: false;
  message: string;
  error: string;
  name: string;
}

/** The longest value a string property holds: HubSpot caps text property values at 65,536 characters. */
export const MAX_STRING_LENGTH = 65_536;

/** A written value as HubSpot stores it, or the problem that makes HubSpot refuse it. */
type Checked = { value: string } | { problem: PropertyProblem };

function checkValue(type: HubspotObjectType, name: string, value: string, custom: CustomProperties): Checked {
  const refuse = (error: string, message: string): Checked => ({ problem: { isValid: false, message, error, name } });
  const def = propertyDef(type, name, custom);
  if (!def) return refuse('PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`);
  if (def.readOnly) return refuse('READ_ONLY_VALUE', `"${name}" is a read only property; its value cannot be set.`);
  if (value === '') return { value };
  // The error code for an over-long value is not in our sources [?]; the limit is.
  if (def.kind === 'string' && value.length > MAX_STRING_LENGTH) {
    return refuse('INVALID_STRING_LENGTH', `Property value is ${value.length} characters long; the maximum is ${MAX_STRING_LENGTH}.`);
  }
  // The contact's email must be an address HubSpot accepts (INVALID_EMAIL, as a HubSpot Community capture shows);
  // HubSpot stores it lower-case.
  if (type === 'contacts' && name === 'email') {
    return hubspotEmailProblem(value) === undefined ? { value: value.trim().toLowerCase() } : refuse('INVALID_EMAIL', `Email address ${value} is invalid`);
  }
  switch (def.kind) {
    case 'number': {
      const n = normalizeNumber(value);
      return n === undefined ? refuse('INVALID_INTEGER', `${value} was not a valid number.`) : { value: n };
    }
    case 'datetime': {
      const d = normalizeDateTime(value);
      return d === undefined ? refuse('INVALID_DATE', `${value} was not a valid long.`) : { value: d };
    }
    case 'date': {
      const d = normalizeDate(value);
      return 'problem' in d ? refuse('INVALID_DATE', d.problem) : d;
    }
    case 'bool': {
      // The error code for a non-boolean value is not in our sources [?].
      const b = normalizeBoolean(value);
      return b === undefined ? refuse('INVALID_BOOLEAN', `${value} was not a valid boolean; use true or false.`) : { value: b };
    }
    case 'enumeration': {
      // A multiple-checkboxes value names its options `;`-separated [C: developers.hubspot.com/docs/api/crm/properties,
      // "enumeration: a string representing a set of options, with options separated by a semicolon"].
      const chosen = def.multiple ? value.split(';') : [value];
      const wrong = def.options ? chosen.find((v) => !def.options?.includes(v)) : undefined;
      return wrong !== undefined && def.options ? refuse('INVALID_OPTION', `${wrong} was not one of the allowed options: [${def.options.join(', ')}]`) : { value };
    }
    case 'string':
      return { value };
  }
}

/** Normalized input properties, or the problems that make them invalid. */
export type PropertyCheck = { ok: true; properties: Record<string, string> } | { ok: false; problems: PropertyProblem[] };

/**
 * Validates written properties and turns them into the strings HubSpot stores: values may be strings, numbers,
 * booleans or null (null clears). Values are stored normalized (values.ts: `"7.50"` as `"7.5"`, epoch ms of a
 * datetime as ISO-8601, a date as `YYYY-MM-DD`, `TRUE` as `true`; a contact's email lower-case), so every read, search
 * result and webhook `propertyValue` shows the stored form, as in a portal.
 */
export function normalizeProperties(type: HubspotObjectType, input: Record<string, unknown>, custom: CustomProperties = {}): PropertyCheck {
  const properties: Record<string, string> = {};
  const problems: PropertyProblem[] = [];
  for (const [name, raw] of Object.entries(input)) {
    const value = raw === null || raw === undefined ? '' : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
    const checked = checkValue(type, name, value, custom);
    if ('problem' in checked) problems.push(checked.problem);
    else properties[name] = checked.value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, properties };
}
