/**
 * The Outreach resources this sandbox serves, in JSON:API form (vendor-apis §4; developers.outreach.io API reference).
 * Only the attributes Syncline reads or writes are modelled; the real resources carry many more.
 */
export const RESOURCE_TYPES = ['prospect', 'sequenceState', 'mailing', 'call'] as const;

/** A JSON:API resource type served here (singular, as in `data.type`). */
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** The URL collection name of each type (`/api/v2/prospects`). */
export const COLLECTION: Record<ResourceType, string> = { prospect: 'prospects', sequenceState: 'sequenceStates', mailing: 'mailings', call: 'calls' };

/** A resource identifier (JSON:API `{type, id}`); Outreach ids are integers. */
export interface ResourceRef {
  type: string;
  id: number;
}

/** Attribute values as stored: JSON values. */
export type AttributeValue = string | number | boolean | null | string[];

/** A stored resource. */
export interface OutreachResource {
  type: ResourceType;
  id: number;
  attributes: Record<string, AttributeValue>;
  relationships: Record<string, ResourceRef | null>;
}

type AttrKind = 'string' | 'datetime' | 'emails' | 'tags' | 'enum';

interface AttrDef {
  kind: AttrKind;
  /** Set by Outreach itself; writing it is a validation error. */
  readOnly?: boolean;
  options?: readonly string[];
}

const str: AttrDef = { kind: 'string' };
const readOnlyDate: AttrDef = { kind: 'datetime', readOnly: true };

/**
 * Prospect custom fields `custom1`…`custom150` exist in every org. Syncline keeps the Salesforce id in `custom1`:
 * whether prospects have a writable `externalId`-like attribute is not confirmed from Outreach's own reference [?],
 * and a custom field is always there and always writable (see the connector's `OUTREACH_EXTERNAL_ID_ATTRIBUTE`).
 */
const CUSTOM_FIELDS = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`custom${i + 1}`, str]));

/** The sequenceState `state` values (developers.outreach.io sequenceState reference) [T]. */
export const SEQUENCE_STATES = ['pending', 'active', 'paused', 'finished', 'bounced', 'failed', 'opted_out', 'disabled'] as const;

const ATTRIBUTES: Record<ResourceType, Record<string, AttrDef>> = {
  prospect: {
    firstName: str,
    lastName: str,
    title: str,
    company: str,
    occupation: str,
    emails: { kind: 'emails' },
    tags: { kind: 'tags' },
    ...CUSTOM_FIELDS,
    // engagedAt / touchedAt are computed by Outreach from activity; the sandbox sets them when mailings and calls arrive.
    engagedAt: readOnlyDate,
    touchedAt: readOnlyDate,
    createdAt: readOnlyDate,
    updatedAt: readOnlyDate,
  },
  sequenceState: {
    state: { kind: 'enum', readOnly: true, options: SEQUENCE_STATES },
    stateChangedAt: readOnlyDate,
    pauseReason: { kind: 'string', readOnly: true },
    createdAt: readOnlyDate,
    updatedAt: readOnlyDate,
  },
  mailing: {
    subject: str,
    mailingType: { kind: 'enum', options: ['sequence', 'single', 'campaign'] },
    state: { kind: 'enum', options: ['drafted', 'scheduled', 'queued', 'delivering', 'delivered', 'bounced', 'failed', 'opened', 'replied'] },
    deliveredAt: { kind: 'datetime' },
    openedAt: { kind: 'datetime' },
    repliedAt: { kind: 'datetime' },
    createdAt: readOnlyDate,
    updatedAt: readOnlyDate,
  },
  call: {
    note: str,
    outcome: { kind: 'enum', options: ['Answered', 'Not Answered', 'Left Voicemail', 'Bad Number'] },
    direction: { kind: 'enum', options: ['inbound', 'outbound'] },
    dialedAt: { kind: 'datetime' },
    answeredAt: { kind: 'datetime' },
    completedAt: { kind: 'datetime' },
    createdAt: readOnlyDate,
    updatedAt: readOnlyDate,
  },
};

/** True when `value` names a served resource type. */
export function isResourceType(value: string): value is ResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(value);
}

/** The type whose collection is `name`, if any. */
export function typeOfCollection(name: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => COLLECTION[t] === name);
}

/** True when `name` is a modelled attribute of `type`. */
export function isKnownAttribute(type: ResourceType, name: string): boolean {
  return Object.hasOwn(ATTRIBUTES[type], name);
}

/** One invalid attribute of a write. */
export interface AttributeProblem {
  attribute: string;
  detail: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkValue(def: AttrDef, name: string, value: unknown): AttributeProblem | undefined {
  if (def.readOnly) return { attribute: name, detail: `${name} is read-only and cannot be set.` };
  if (value === null) return undefined;
  switch (def.kind) {
    case 'emails':
    case 'tags': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return { attribute: name, detail: `${name} must be an array of strings.` };
      const bad = def.kind === 'emails' ? value.find((v) => !EMAIL.test(v)) : undefined;
      return bad === undefined ? undefined : { attribute: name, detail: `${name} contains an invalid email address.` };
    }
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : { attribute: name, detail: `${name} must be an ISO 8601 date-time.` };
    case 'enum':
      return typeof value === 'string' && def.options?.includes(value) ? undefined : { attribute: name, detail: `${name} must be one of ${def.options?.join(', ')}.` };
    case 'string':
      return typeof value === 'string' ? undefined : { attribute: name, detail: `${name} must be a string.` };
  }
}

/** Validated attributes of a write, or what is wrong with them. Emails are stored trimmed and lower-cased. */
export type AttributeCheck = { ok: true; attributes: Record<string, AttributeValue> } | { ok: false; problems: AttributeProblem[] };

/** Validates written attributes against the catalogue. Unknown attributes are refused rather than dropped [?]. */
export function checkAttributes(type: ResourceType, input: Record<string, unknown>): AttributeCheck {
  const attributes: Record<string, AttributeValue> = {};
  const problems: AttributeProblem[] = [];
  for (const [name, value] of Object.entries(input)) {
    const def = ATTRIBUTES[type][name];
    const problem = def ? checkValue(def, name, value) : { attribute: name, detail: `${name} is not a known ${type} attribute.` };
    if (problem) problems.push(problem);
    else if (def?.kind === 'emails') attributes[name] = value === null ? [] : (value as string[]).map((e) => e.trim().toLowerCase());
    else attributes[name] = value as AttributeValue;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, attributes };
}
