import { z } from 'zod';

/** Systems Syncline can read from or write to. */
export const SystemName = z.enum(['hubspot', 'salesforce', 'outreach', 'gong', 'stripe', 'zoominfo']);
export type SystemName = z.infer<typeof SystemName>;

/** Relative to the system: `out` = read out of it, `in` = written into it, `both`, or `none`. */
export const Direction = z.enum(['in', 'out', 'both', 'none']);
export type Direction = z.infer<typeof Direction>;

export const Transform = z.enum(['trim', 'lowercase', 'uppercase', 'collapse-whitespace']);
export type Transform = z.infer<typeof Transform>;

const identifier = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected a field or object name (letters, digits, _)');

export const FieldMapping = z.strictObject({
  field: identifier,
  direction: Direction.default('both'),
  transform: z.array(Transform).default([]),
});

export const FieldSpec = z.strictObject({
  type: z.enum(['string', 'email', 'phone', 'number', 'date', 'datetime', 'boolean', 'picklist']),
  /** The system of record for this field. */
  owner: SystemName,
  policy: z.enum(['owner', 'newest', 'review']).default('owner'),
  map: z.partialRecord(SystemName, FieldMapping),
});

export const SystemObject = z.strictObject({
  /** The vendor's object name: `Contact`, `contacts`, ... */
  object: identifier,
  /** For a target: the external-id field holding each source system's record id, keyed by source. */
  externalIds: z.partialRecord(SystemName, identifier).default({}),
  /** Canonical fields the target refuses to create a record without. */
  required: z.array(identifier).default([]),
});

export const ObjectSpec = z.strictObject({
  systems: z.partialRecord(SystemName, SystemObject),
  fields: z.record(identifier, FieldSpec),
});

export const Connector = z.strictObject({
  enabled: z.boolean().default(true),
  /** Whether the vendor pushes changes to `POST /webhooks/{name}`. */
  webhooks: z.boolean().default(false),
});

export const SyncSpec = z.strictObject({
  object: identifier,
  from: SystemName,
  to: SystemName,
});

export const ContractSchema = z.strictObject({
  version: z.literal(1),
  connectors: z.partialRecord(SystemName, Connector),
  objects: z.record(identifier, ObjectSpec),
  syncs: z.array(SyncSpec).min(1),
});

export type Contract = z.infer<typeof ContractSchema>;
export type ObjectSpec = z.infer<typeof ObjectSpec>;
export type FieldSpec = z.infer<typeof FieldSpec>;
export type FieldMapping = z.infer<typeof FieldMapping>;
export type SystemObject = z.infer<typeof SystemObject>;
export type SyncSpec = z.infer<typeof SyncSpec>;
