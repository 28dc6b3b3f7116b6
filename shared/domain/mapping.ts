import type { FieldValue, FieldValues } from './change-event.ts';

export type Direction = 'in' | 'out' | 'both' | 'none';
export type Transform = 'trim' | 'lowercase' | 'uppercase' | 'collapse-whitespace';

/** How one canonical field appears in one system. */
export interface SystemField {
  field: string;
  direction: Direction;
  transform: readonly Transform[];
}

/** A canonical field and its per-system mappings (the shape `syncline.yaml` validates to). */
export interface CanonicalField {
  type: string;
  owner: string;
  policy: 'owner' | 'newest' | 'review';
  map: Partial<Record<string, SystemField>>;
}

export interface ObjectMapping {
  systems: Partial<Record<string, { object: string; externalIds: Partial<Record<string, string>>; required: readonly string[] }>>;
  fields: Record<string, CanonicalField>;
}

/** The parts of the contract the processor applies: object mappings and which system feeds which. */
export interface SyncPlan {
  objects: Record<string, ObjectMapping>;
  syncs: readonly { object: string; from: string; to: string }[];
}

const transforms: Record<Transform, (value: string) => string> = {
  trim: (v) => v.trim(),
  lowercase: (v) => v.toLowerCase(),
  uppercase: (v) => v.toUpperCase(),
  'collapse-whitespace': (v) => v.replace(/\s+/g, ' '),
};

/** Applies a field's transforms in order. Empty strings become null: vendors use both for "no value". */
export function applyTransforms(value: FieldValue | undefined, steps: readonly Transform[]): FieldValue {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return value;
  const out = steps.reduce((v, step) => transforms[step](v), value);
  return out === '' ? null : out;
}

const readsFrom = (d: Direction) => d === 'out' || d === 'both';
const writesTo = (d: Direction) => d === 'in' || d === 'both';

/** The vendor field names Syncline reads from `system` for this object. */
export function sourceFieldNames(mapping: ObjectMapping, system: string): string[] {
  return Object.values(mapping.fields).flatMap((f) => {
    const m = f.map[system];
    return m && readsFrom(m.direction) ? [m.field] : [];
  });
}

/** Vendor fields → canonical fields, for the fields this system may feed. Absent vendor fields stay absent. */
export function toCanonical(mapping: ObjectMapping, system: string, values: FieldValues): FieldValues {
  const out: FieldValues = {};
  for (const [name, spec] of Object.entries(mapping.fields)) {
    const m = spec.map[system];
    if (!m || !readsFrom(m.direction) || !(m.field in values)) continue;
    out[name] = applyTransforms(values[m.field], m.transform);
  }
  return out;
}

/** Canonical fields → the target's vendor fields, only where the target accepts writes. */
export function fromCanonical(mapping: ObjectMapping, target: string, canonical: FieldValues): FieldValues {
  const out: FieldValues = {};
  for (const [name, spec] of Object.entries(mapping.fields)) {
    const m = spec.map[target];
    if (!m || !writesTo(m.direction) || !(name in canonical)) continue;
    out[m.field] = applyTransforms(coerce(canonical[name] ?? null, spec.type), m.transform);
  }
  return out;
}

/** Vendors send numbers as strings (HubSpot sends every property as a string); canonical numbers are numbers. */
function coerce(value: FieldValue, type: string): FieldValue {
  if (type === 'number' && typeof value === 'string' && value.trim() !== '') {
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
