import type { FieldValue, FieldValues } from './change-event.ts';
import type { MatchRules } from './identity/rules.ts';
import { domainFromWebsite, isSharedHost } from './normalize/company-domain.ts';

export type Direction = 'in' | 'out' | 'both' | 'none';
export type Transform = 'trim' | 'lowercase' | 'uppercase' | 'collapse-whitespace' | 'bare-domain';
export type Policy = 'owner' | 'newest' | 'review';

/** How one canonical field appears in one system (or one object of it). */
export interface SystemField {
  field: string;
  direction: Direction;
  transform: readonly Transform[];
  /** This system's spelling of canonical picklist values, where it differs. */
  values?: Readonly<Record<string, string>>;
}

/** A canonical field and its per-system mappings (the shape `syncline.yaml` validates to). */
export interface CanonicalField {
  type: string;
  owner: string;
  policy?: Policy;
  critical?: boolean;
  /** Picklists: canonical value → spellings that normalize to it. */
  values?: Readonly<Record<string, readonly string[]>>;
  /** Keyed by system (`salesforce`) or by one of its objects (`salesforce.Lead`, which wins). */
  map: Readonly<Record<string, SystemField>>;
  /** References: the object whose record the value identifies; ids are translated between systems. */
  refers?: string;
  /**
   * References: what a change does when the referred record is not linked yet. `wait` (default): it waits a few
   * deliveries, then is quarantined. `omit`: after the same waits it is written without the reference.
   */
  whenUnlinked?: 'wait' | 'omit';
}

/** How an entity lives in one system. */
export interface SystemBinding {
  objects: readonly string[];
  createAs?: string;
  externalIds: Partial<Record<string, string>>;
  required: readonly string[];
  softDeleteField?: string;
  /** Its record ids are unique only within one of its objects: the ids other systems hold carry the object (`call:9001`). */
  typedIds?: boolean;
}

export interface ObjectMapping {
  systems: Partial<Record<string, SystemBinding>>;
  fields: Record<string, CanonicalField>;
}

/** The parts of the contract the processor applies: object mappings and which system feeds which. */
export interface SyncPlan {
  objects: Record<string, ObjectMapping>;
  /** `create: false`: the source only updates records the target already has. */
  syncs: readonly { object: string; from: string; to: string; create?: boolean }[];
  /** Days a record deleted in one system stays flagged (not deleted) in the others, restorable. */
  deleteGraceDays?: number;
  /** Per object: the match rules that recognise a record as an entity Syncline already knows. */
  identity?: Readonly<Record<string, MatchRules>>;
  /** ISO 3166 country for phone numbers that carry no calling code. */
  phoneCountry?: string;
  /**
   * Enabled data vendors, by connector name: a record is looked up again after `staleAfterDays`; lookups of one UTC
   * day, the processor's and the batch's together, spend at most `dailyCredits`.
   */
  enrichers?: Readonly<Record<string, EnricherSettings>>;
  /** Sources a schedule polls: every record version they push is also read whole by their poller. */
  polledSources?: readonly string[];
}

/** A field's conflict policy: as declared, else `review` for critical fields, else `owner`. */
export function policyOf(field: CanonicalField): Policy {
  return field.policy ?? (field.critical ? 'review' : 'owner');
}

/** Each field's survivorship rule: its system of record and its effective policy. */
export function survivorshipRules(mapping: ObjectMapping): Record<string, { owner: string; policy: Policy }> {
  return Object.fromEntries(Object.entries(mapping.fields).map(([name, f]) => [name, { owner: f.owner, policy: policyOf(f) }]));
}

/** The object Syncline creates in a system: `createAs`, else the binding's first object. */
export function createObjectOf(binding: SystemBinding): string {
  return binding.createAs ?? binding.objects[0] ?? '';
}

/** The entity (e.g. `person`) a system's object belongs to. */
export function entityOf(plan: SyncPlan, system: string, object: string): [string, ObjectMapping] | undefined {
  return Object.entries(plan.objects).find(([, m]) => m.systems[system]?.objects.includes(object));
}

/** An enabled data vendor's settings (`connectors.<vendor>`). */
export interface EnricherSettings {
  staleAfterDays: number;
  dailyCredits: number;
  /** Whom the daily batch suggests as new contacts of the accounts it looks up; none when absent. */
  suggestContacts?: { perAccount: number; managementLevels?: readonly string[]; jobTitles?: readonly string[]; minScore?: number };
}

/** The systems the contract syncs `object` to from `source`, in the contract's order. */
export function targetsOf(plan: Pick<SyncPlan, 'syncs'>, object: string, source: string): string[] {
  return [...new Set(plan.syncs.filter((s) => s.object === object && s.from === source).map((s) => s.to))];
}

/** The mapping of a field in one object of a system: `system.Object` if declared, else `system`. */
export function fieldMapping(spec: CanonicalField, system: string, object: string): SystemField | undefined {
  return spec.map[`${system}.${object}`] ?? spec.map[system];
}

const transforms: Record<Transform, (value: string) => string> = {
  trim: (v) => v.trim(),
  lowercase: (v) => v.toLowerCase(),
  uppercase: (v) => v.toUpperCase(),
  'collapse-whitespace': (v) => v.replace(/\s+/g, ' '),
  // HubSpot's company `domain` holds a bare domain (`acme.com`), its unique key for companies, not a URL. A value
  // with no plausible host in it stays as written; a host many companies share (a Facebook page) is no company's
  // domain, and is left blank rather than written as `facebook.com`.
  'bare-domain': (v) => {
    const host = domainFromWebsite(v);
    return host === undefined ? v : isSharedHost(host) ? '' : host;
  },
};

/** Applies a field's transforms in order. Empty strings become null: vendors use both for "no value". */
export function applyTransforms(value: FieldValue | undefined, steps: readonly Transform[]): FieldValue {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return value;
  const out = steps.reduce((v, step) => transforms[step](v), value);
  return out === '' ? null : out;
}

/**
 * A picklist value in its canonical spelling: the system's own spelling is translated back first, then any
 * declared alias matches case-insensitively ("enterprise" → "Enterprise"). Unknown values pass through unchanged.
 */
export function normalizePicklist(value: FieldValue, spec: CanonicalField, mapping: SystemField | undefined): FieldValue {
  if (typeof value !== 'string' || !spec.values) return value;
  const fromSystem = Object.entries(mapping?.values ?? {}).find(([, spelled]) => spelled === value)?.[0];
  if (fromSystem !== undefined) return fromSystem;
  const folded = value.trim().toLowerCase();
  const match = Object.entries(spec.values).find(([canonical, aliases]) => canonical.toLowerCase() === folded || aliases.some((a) => a.toLowerCase() === folded));
  return match ? match[0] : value;
}

const readsFrom = (d: Direction) => d === 'out' || d === 'both';
const writesTo = (d: Direction) => d === 'in' || d === 'both';

/** The vendor field names Syncline reads from one object of a system. */
export function sourceFieldNames(mapping: ObjectMapping, system: string, object: string): string[] {
  return Object.values(mapping.fields).flatMap((f) => {
    const m = fieldMapping(f, system, object);
    return m && readsFrom(m.direction) ? [m.field] : [];
  });
}

/**
 * The fields of a system's records that hold other systems' record ids (its `externalIds`), by that system. `Id`
 * (a system's own id used as another's key) is left out: it names the record itself.
 */
export function linkFieldsOf(mapping: ObjectMapping, system: string): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping.systems[system]?.externalIds ?? {}).filter(([, field]) => field !== undefined && field !== 'Id')) as Record<string, string>;
}

/**
 * The id other systems hold of a record of `system` (the value of their external-id field): the record's id, or
 * `<object>:<id>` where the system numbers each of its objects apart (an Outreach mailing and call may both be 9001).
 */
export function heldIdOf(mapping: ObjectMapping, system: string, objectType: string, id: string): string {
  return mapping.systems[system]?.typedIds ? `${objectType}:${id}` : id;
}

/** The records of `system` an id held by another system may name: the one object a typed id says, else each object. */
export function recordsNamedBy(mapping: ObjectMapping, system: string, held: string): { objectType: string; id: string }[] {
  const objects = mapping.systems[system]?.objects ?? [];
  if (!mapping.systems[system]?.typedIds) return objects.map((objectType) => ({ objectType, id: held }));
  const at = held.indexOf(':');
  const objectType = held.slice(0, at);
  return at > 0 && objects.includes(objectType) ? [{ objectType, id: held.slice(at + 1) }] : [];
}

/** What Syncline reads of a source record: its mapped fields and the fields linking it to other systems' records. */
export function sourceReadFields(mapping: ObjectMapping, system: string, object: string): string[] {
  return [...new Set([...sourceFieldNames(mapping, system, object), ...Object.values(linkFieldsOf(mapping, system))])];
}

/** Vendor fields → canonical fields, for the fields this system may feed. Absent vendor fields stay absent. */
export function toCanonical(mapping: ObjectMapping, system: string, object: string, values: FieldValues): FieldValues {
  const out: FieldValues = {};
  for (const [name, spec] of Object.entries(mapping.fields)) {
    const m = fieldMapping(spec, system, object);
    if (!m || !readsFrom(m.direction) || !(m.field in values)) continue;
    out[name] = normalizeType(normalizePicklist(applyTransforms(values[m.field], m.transform), spec, m), spec.type);
  }
  return out;
}

/** Canonical fields → one object's vendor fields, only where that system accepts writes. */
export function fromCanonical(mapping: ObjectMapping, target: string, object: string, canonical: FieldValues): FieldValues {
  const out: FieldValues = {};
  for (const [name, spec] of Object.entries(mapping.fields)) {
    const m = fieldMapping(spec, target, object);
    if (!m || !writesTo(m.direction) || !(name in canonical)) continue;
    const value = applyTransforms(coerce(canonical[name] ?? null, spec.type), m.transform);
    out[m.field] = typeof value === 'string' && m.values?.[value] !== undefined ? m.values[value] : value;
  }
  return out;
}

/**
 * Canonical values have one spelling per type, whatever the vendor sent: numbers are numbers (HubSpot sends every
 * property as a string), dates are `YYYY-MM-DD`, datetimes ISO 8601 in UTC (vendors send epoch milliseconds,
 * `+0000` offsets, or dates with a time of midnight). So a value the vendor normalized on its way back is not a
 * change.
 */
export function normalizeType(value: FieldValue, type: string): FieldValue {
  if (type === 'number' || type === 'currency') return coerce(value, type);
  if ((type !== 'date' && type !== 'datetime') || (typeof value !== 'string' && typeof value !== 'number')) return value;
  const ms = typeof value === 'number' || /^\d{10,}$/.test(value) ? Number(value) : Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  if (!Number.isFinite(ms)) return value;
  const iso = new Date(ms).toISOString();
  return type === 'date' ? iso.slice(0, 10) : iso;
}

/** Vendors send numbers as strings (HubSpot sends every property as a string); canonical numbers are numbers. */
function coerce(value: FieldValue, type: string): FieldValue {
  if ((type === 'number' || type === 'currency') && typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }
  return value;
}

/** Canonical fields a target requires that are blank. */
export function missingRequired(mapping: ObjectMapping, target: string, canonical: FieldValues): string[] {
  const required = mapping.systems[target]?.required ?? [];
  return required.filter((name) => canonical[name] === undefined || canonical[name] === null);
}
