import { z } from 'zod';

/** Systems Syncline can read from or write to. */
export const SystemName = z.enum(['hubspot', 'salesforce', 'outreach', 'gong', 'stripe', 'zoominfo']);
export type SystemName = z.infer<typeof SystemName>;

/** Relative to the system: `out` = read out of it, `in` = written into it, `both`, or `none`. */
export const Direction = z.enum(['in', 'out', 'both', 'none']).describe('Relative to the system: out = read from it, in = written to it, both, or none.');
export type Direction = z.infer<typeof Direction>;

export const Transform = z.enum(['trim', 'lowercase', 'uppercase', 'collapse-whitespace']);
export type Transform = z.infer<typeof Transform>;

const identifier = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected a name of letters, digits and _');
/** `salesforce` or `salesforce.Lead`: a whole system, or one of its objects. */
const mapKey = z.string().regex(/^[a-z]+(\.[A-Za-z][A-Za-z0-9_]*)?$/, 'expected a system name, or system.Object');

export const FieldMapping = z.strictObject({
  field: identifier.describe("The field's name in this system."),
  direction: Direction.default('both'),
  transform: z.array(Transform).default([]),
  /** Picklist values this system uses, keyed by canonical value, where they differ (e.g. HubSpot's internal ids). */
  values: z.record(z.string(), z.string()).optional().describe("This system's spelling of each canonical picklist value, where it differs."),
});

export const FieldSpec = z.strictObject({
  type: z.enum(['string', 'email', 'phone', 'url', 'number', 'currency', 'date', 'datetime', 'boolean', 'picklist', 'reference']),
  description: z.string().optional(),
  /** The system of record for this field. */
  owner: SystemName.describe('The system of record for this field.'),
  /** owner: the system of record wins; newest: the latest observation wins; review: conflicting changes wait for a person. Default: review for critical fields, else owner. */
  policy: z.enum(['owner', 'newest', 'review']).optional(),
  /** A field whose conflicting changes go to review by default (deal amount, close date, stage, ...). */
  critical: z.boolean().default(false),
  /** Picklists: canonical value → the spellings that normalize to it (matched case-insensitively). */
  values: z.record(z.string(), z.array(z.string())).optional().describe('Picklists: canonical value → spellings that normalize to it (case-insensitive).'),
  map: z.record(mapKey, FieldMapping).describe('Per system (or system.Object): the field name, direction and transforms.'),
});

export const SystemBinding = z.strictObject({
  /** The vendor objects that hold this entity, e.g. Salesforce `[Contact, Lead]`. */
  objects: z.array(identifier).min(1),
  /** The object Syncline creates when the entity is new to this system. Default: the first of `objects`. */
  createAs: identifier.optional(),
  /** The field of this system holding each other system's record id, keyed by that system; upserts go by it. */
  externalIds: z.partialRecord(SystemName, identifier).default({}),
  /** Canonical fields this system refuses to create a record without; a record lacking one is quarantined. */
  required: z.array(identifier).default([]),
  /** The field Syncline sets instead of deleting, when the record is deleted in another system. */
  softDeleteField: identifier.optional(),
});

export const ObjectSpec = z.strictObject({
  description: z.string().optional(),
  systems: z.partialRecord(SystemName, SystemBinding),
  fields: z.record(identifier, FieldSpec),
});

export const Connector = z.strictObject({
  enabled: z.boolean().default(true),
  /** Whether the vendor pushes changes to `POST /webhooks/{name}`. */
  webhooks: z.boolean().default(false),
});

const NamespacePattern = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*\*[A-Za-z0-9_]*$/, 'expected a pattern with one *, e.g. Gong_*__c');

export const SyncSpec = z.strictObject({
  object: identifier,
  from: SystemName,
  to: SystemName,
});

export const ContractSchema = z.strictObject({
  version: z.literal(1),
  defaults: z
    .strictObject({
      /** ISO 3166 country for phone numbers that carry none. */
      phoneCountry: z.string().regex(/^[A-Z]{2}$/).default('US'),
      /** Days a soft-deleted record stays flagged before it may be purged by a person. */
      deleteGraceDays: z.number().int().min(1).max(365).default(30),
    })
    .default({ phoneCountry: 'US', deleteGraceDays: 30 }),
  connectors: z.partialRecord(SystemName, Connector),
  /** Custom fields written on behalf of a source must match one of its patterns, e.g. `Outreach_*__c`. */
  namespaces: z.partialRecord(SystemName, z.union([NamespacePattern, z.array(NamespacePattern).min(1)])).default({}),
  objects: z.record(identifier, ObjectSpec),
  syncs: z.array(SyncSpec).min(1),
});

export type Contract = z.infer<typeof ContractSchema>;
export type ObjectSpec = z.infer<typeof ObjectSpec>;
export type FieldSpec = z.infer<typeof FieldSpec>;
export type FieldMapping = z.infer<typeof FieldMapping>;
export type SystemBinding = z.infer<typeof SystemBinding>;
export type SyncSpec = z.infer<typeof SyncSpec>;
