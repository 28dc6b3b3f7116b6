import { z } from 'zod';
import { BLOCKING_PARTS, COMPARATORS, EXACT_FIELDS, MATCH_FIELDS, VETOES } from '#domain/identity/rules';

/** Systems Syncline can read from or write to. */
export const SystemName = z.enum(['hubspot', 'salesforce', 'outreach', 'gong', 'stripe', 'zoominfo']);
export type SystemName = z.infer<typeof SystemName>;

/** Relative to the system: `out` = read out of it, `in` = written into it, `both`, or `none`. */
export const Direction = z.enum(['in', 'out', 'both', 'none']).describe('Relative to the system: out = read from it, in = written to it, both, or none.');
export type Direction = z.infer<typeof Direction>;

export const Transform = z.enum(['trim', 'lowercase', 'uppercase', 'collapse-whitespace', 'bare-domain']).describe('bare-domain: the host of a URL without scheme, www., port or path (https://www.acme.com/about → acme.com).');
export type Transform = z.infer<typeof Transform>;

/** A field, object or vendor name: letters, digits and _, starting with a letter. */
export const Identifier = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected a name of letters, digits and _');
const identifier = Identifier;
/** `salesforce` or `salesforce.Lead`: a whole system, or one of its objects. */
const mapKey = z.string().regex(/^[a-z]+(\.[A-Za-z][A-Za-z0-9_]*)?$/, 'expected a system name, or system.Object');

export const FieldMapping = z.strictObject({
  field: z.string().regex(/^(?:[A-Za-z][A-Za-z0-9_]*|associations\.[a-z_]+)$/, 'expected a name of letters, digits and _, or associations.<object type> (a HubSpot association)').describe("The field's name in this system; in HubSpot `associations.companies` is the record's primary company."),
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
  /**
   * References: the object whose record the value identifies (`person` for a Task's WhoId). Each system holds its own
   * id of that record; Syncline translates through the records it links, so a Task gets the Contact's Salesforce id
   * however the activity's source names the person.
   */
  refers: identifier.optional().describe("References: the object whose record the value identifies (e.g. person); ids are translated between systems through Syncline's links."),
  whenUnlinked: z.enum(['wait', 'omit']).optional().describe('References: when the referred record is not linked yet, wait for it (default; quarantined after a few deliveries), or after the same waits write the record without the reference.'),
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
  /**
   * Its record ids are unique only within one of its objects (Outreach numbers mailings and calls apart): the ids
   * other systems hold of its records carry the object, `call:9001`.
   */
  typedIds: z.boolean().optional(),
});

const ruleName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lower-case name of letters, digits and -, e.g. name-and-domain');
const unit = z.number().min(0).max(1);

export const MatchComparison = z.strictObject({
  field: z.enum(MATCH_FIELDS).describe('The match value compared; domain is the website host, else the work e-mail domain.'),
  comparator: z.enum(COMPARATORS),
  threshold: unit.describe('The least score this comparison must reach (0 to 1).'),
  weight: z.number().min(0).optional().describe("Weight in the rule's combined score (default 1); 0 makes the comparison a gate only."),
  whenMissing: z.enum(['fail', 'skip']).optional().describe('When either record lacks the value: fail the rule (default), or skip the comparison.'),
});

const ExactMatchRule = z.strictObject({
  name: ruleName,
  kind: z.literal('exact'),
  field: z.enum(EXACT_FIELDS).describe("The key that identifies a record alone: a person's e-mail (case, +tags and Gmail dots ignored), a company's website domain."),
});

const ExternalIdMatchRule = z.strictObject({
  name: ruleName,
  kind: z.literal('external-id'),
});

const FuzzyMatchRule = z.strictObject({
  name: ruleName,
  kind: z.literal('fuzzy'),
  blocking: z.array(z.array(z.enum(BLOCKING_PARTS)).min(1)).min(1).describe('Keys that bring candidates together; records are compared only when they share one.'),
  fields: z.array(MatchComparison).min(1),
  threshold: unit.describe('The least weighted mean of the field scores.'),
  vetoes: z.array(z.enum(VETOES)).default([]).describe('Facts that mean two people whatever else matches.'),
});

const ProbabilisticMatchRule = z.strictObject({
  name: ruleName,
  kind: z.literal('probabilistic'),
  blocking: z.array(z.array(z.enum(BLOCKING_PARTS)).min(1)).min(1).describe('Keys that bring candidates together; records are compared only when they share one.'),
  match: unit.default(0.99).describe('The match probability at or above which two records are one person.'),
  review: unit.default(0.5).describe('The match probability at or above which (below match) a person decides, in the review queue.'),
  population: z.number().int().min(2).default(100_000).describe("About how many people the CRM holds: it sets the model's prior (two records of a larger CRM are less likely one person)."),
  model: z.string().min(1).optional().describe('A person model file (JSON) beside this contract, as `syncline identity train` writes it; the shipped model when left out.'),
});

export const MatchRuleSpec = z.discriminatedUnion('kind', [ExactMatchRule, ExternalIdMatchRule, FuzzyMatchRule, ProbabilisticMatchRule]);

/** How records of one object are matched to one entity: tiered rules, tried in order. */
export const MatchSpec = z.strictObject({
  margin: unit.default(0.05).describe('Candidates at one tier whose scores are this close are ambiguous and go to review.'),
  rules: z.array(MatchRuleSpec).min(1),
});

export const ObjectSpec = z.strictObject({
  description: z.string().optional(),
  systems: z.partialRecord(SystemName, SystemBinding),
  fields: z.record(identifier, FieldSpec),
  /** Identity resolution for this object; `person` defaults to the shipped person rules. */
  match: MatchSpec.optional().describe('Identity resolution: tiered match rules (exact, external-id, fuzzy), tried in order.'),
});

export const Connector = z.strictObject({
  enabled: z.boolean().default(true),
  /** Whether the vendor pushes changes to `POST /webhooks/{name}`. */
  webhooks: z.boolean().default(false),
  /** Whether a schedule polls it for changes (where it can be polled). Default: when it does not push webhooks. */
  poll: z.boolean().optional().describe('Poll it for changes on a schedule (Salesforce, HubSpot). Default: when it does not push webhooks; set true to run both.'),
  /** Enrichers: a record is looked up again when its last lookup is this many days old. */
  staleAfterDays: z.number().int().min(1).max(3650).optional().describe('Enrichers (ZoomInfo): look a record up again when its last lookup is this many days old. Default 90.'),
  /** Enrichers: the lookups a UTC day may spend, the processor's and the daily batch's together. */
  dailyCredits: z
    .number()
    .int()
    .min(1)
    // A run's Map is inline: 50,000 lookups are 2,000 chunks, well within an execution's 25,000 history events.
    .max(50_000)
    .optional()
    .describe("Enrichers (ZoomInfo): lookups (credits) a UTC day may spend, the processor's and the daily batch's together; an alarm fires at 80%. Default 1000."),
  /**
   * Enrichers: the people the daily batch suggests as new contacts of each account it looked up, held for review and
   * created only when approved.
   */
  suggestContacts: z
    .strictObject({
      perAccount: z.number().int().min(1).max(10).default(3).describe('At most this many suggestions per account, the most accurate first. Default 3.'),
      managementLevels: z.array(z.string().min(1)).min(1).optional().describe('Only these management levels, as the vendor names them (ZoomInfo: C-Level, VP-Level, Director, Manager).'),
      jobTitles: z.array(z.string().min(1)).min(1).optional().describe('Only titles with one of these words.'),
      minScore: z.number().int().min(0).max(100).optional().describe("The vendor's lowest accuracy score (0-100) worth suggesting."),
    })
    .optional()
    .describe('Enrichers (ZoomInfo): suggest people at each account the daily batch looks up as new contacts, held in the review queue and created only when approved. Off unless set.'),
  /**
   * Salesforce, HubSpot: the share of the vendor's daily API allocation Syncline may spend, counted by the vendor's
   * own usage reports; past it Syncline pauses, leaving the rest to people and other integrations.
   */
  dailyShare: z
    .number()
    .gt(0, 'expected a share above 0')
    .max(1, 'expected a share of at most 1 (the whole allocation)')
    .optional()
    .describe("Salesforce, HubSpot: the share of the vendor's daily API allocation Syncline may spend, above 0 and at most 1; past it, Syncline pauses. Default 0.5."),
});

const NamespacePattern = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*\*[A-Za-z0-9_]*$/, 'expected a pattern with one *, e.g. Gong_*__c');
/** One system's namespace: a pattern, or several. */
export const Namespace = z.union([NamespacePattern, z.array(NamespacePattern).min(1)]);

export const SyncSpec = z.strictObject({
  object: identifier,
  from: SystemName,
  to: SystemName,
  /**
   * false: the source only updates records the target already has (found by the field holding the source's id, e.g.
   * an Account's Stripe_Customer_Id__c); a record the target lacks is quarantined, never created half-empty.
   */
  create: z.boolean().default(true).describe("false: only update records the target already has (found by its field holding the source's id); never create one."),
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
  namespaces: z.partialRecord(SystemName, Namespace).default({}),
  objects: z.record(identifier, ObjectSpec),
  syncs: z.array(SyncSpec).min(1),
  /** Where alarms go besides the alerts SNS topic. */
  alerts: z
    .strictObject({
      /** Post every alarm state change to a Slack incoming webhook (its URL in the `syncline/slack` secret). */
      slack: z.boolean().default(false).describe('Post every alarm state change to Slack; the incoming-webhook URL goes in the syncline/slack secret.'),
    })
    .default({ slack: false }),
});

export type Contract = z.infer<typeof ContractSchema>;
export type ObjectSpec = z.infer<typeof ObjectSpec>;
export type FieldSpec = z.infer<typeof FieldSpec>;
export type FieldMapping = z.infer<typeof FieldMapping>;
export type SystemBinding = z.infer<typeof SystemBinding>;
export type SyncSpec = z.infer<typeof SyncSpec>;
export type MatchSpec = z.infer<typeof MatchSpec>;
export type MatchRuleSpec = z.infer<typeof MatchRuleSpec>;
