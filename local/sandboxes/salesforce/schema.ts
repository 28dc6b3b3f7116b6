import type { PersistentStore } from '../kit/index.ts';
import { makeId } from './ids.ts';
import { PERMISSION_OBJECTS } from './permission-objects.ts';

/** Field types the sandbox distinguishes (describe's `type`). */
export type FieldType = 'id' | 'string' | 'email' | 'phone' | 'url' | 'picklist' | 'textarea' | 'double' | 'currency' | 'percent' | 'int' | 'boolean' | 'datetime' | 'date' | 'reference';

/** One field of an sObject. */
export interface FieldDef {
  type: FieldType;
  /** Needed on create; cannot be set to null. */
  required?: boolean;
  /** Not createable or updateable through the API. */
  readOnly?: boolean;
  externalId?: boolean;
  unique?: boolean;
  /** Key prefixes a reference may point to. */
  referenceTo?: readonly string[];
  defaultValue?: string | number | boolean;
  label?: string;
  /** Text types: the most characters the field holds; else {@link DEFAULT_LENGTHS} for its type. */
  length?: number;
  /** Picklists: the org's value set, as describe reports it. */
  picklist?: PicklistDef;
  /** Number, Currency and Percent fields created through the Tooling API: total digits and digits after the point. */
  precision?: number;
  scale?: number;
  /** Lookups created through the Tooling API: the relationship's API name (without `__r`). */
  relationshipName?: string;
}

/** One entry of a field's `picklistValues` in describe (`validFor` is null: the sandbox has no dependent picklists). */
export interface PicklistEntry {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

/** A picklist's value set. */
export interface PicklistDef {
  values: readonly PicklistEntry[];
  /** What describe reports as `restrictedPicklist`: a value outside the set is refused. */
  restricted: boolean;
  /**
   * The value must be one of the set although describe does not call the picklist restricted: a field whose values
   * are rows of a platform table (Opportunity.StageName and OpportunityStage).
   */
  validated?: boolean;
}

/** A value set whose labels equal its API values; `defaultValue` marks the org's default. */
function picklist(values: readonly string[], options: { restricted?: boolean; validated?: boolean; defaultValue?: string } = {}): PicklistDef {
  return {
    values: values.map((value) => ({ value, label: value, active: true, defaultValue: value === options.defaultValue })),
    restricted: options.restricted ?? false,
    ...(options.validated ? { validated: true } : {}),
  };
}

/** Whether a write of a value outside `def`'s set fails with INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST. */
export function refusesUnknownValues(def: PicklistDef): boolean {
  return def.restricted || def.validated === true;
}

/**
 * Field lengths by type where a field declares none (Salesforce Object Reference, field types): Email 80, Phone 40,
 * URL 255, picklists 255, Text 255 (the most a custom Text field takes, which the sandbox gives its custom fields),
 * Long Text Area 32,000 (Task.Description).
 */
export const DEFAULT_LENGTHS: Readonly<Partial<Record<FieldType, number>>> = { string: 255, email: 80, phone: 40, url: 255, picklist: 255, textarea: 32_000 };

/** The most characters `def` holds, or `undefined` for a type that is not text. */
export function maxLength(def: FieldDef): number | undefined {
  return def.length ?? DEFAULT_LENGTHS[def.type];
}

/** An sObject type. */
export interface ObjectDef {
  name: string;
  keyPrefix: string;
  fields: Readonly<Record<string, FieldDef>>;
  /** Computes the read-only `Name` of person objects. */
  computeName?: boolean;
}

const SYSTEM_FIELDS: Record<string, FieldDef> = {
  Id: { type: 'id', readOnly: true },
  IsDeleted: { type: 'boolean', readOnly: true },
  CreatedDate: { type: 'datetime', readOnly: true },
  CreatedById: { type: 'reference', readOnly: true },
  LastModifiedDate: { type: 'datetime', readOnly: true },
  LastModifiedById: { type: 'reference', readOnly: true },
  SystemModstamp: { type: 'datetime', readOnly: true },
  OwnerId: { type: 'reference', referenceTo: ['005'], label: 'Owner ID' },
};

const s: FieldDef = { type: 'string' };

/*
 * Value sets. Standard picklists carry the values a new org ships with (Salesforce Object Reference, each field's
 * description; StageName's ten stages also as Setup lists them). A standard picklist is unrestricted unless an admin
 * ticks "Restrict picklist to the values defined in the value set", which is off by default (Help, "Bad value for
 * restricted picklist field"; Metadata API Picklist.restrictedPicklist "By default this value is false") [C]: such a
 * field takes any value through the API. Which standard values a default org has beyond the ones below differs by
 * edition [?].
 */

/**
 * Opportunity.StageName is a row of OpportunityStage (it sets IsClosed, IsWon, ForecastCategory), so a stage the org
 * lacks is refused like a restricted picklist value. That it is refused with INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST
 * and "Stage: bad value for restricted picklist field: …" through the REST API, and that describe nevertheless reports
 * `restrictedPicklist: false`, is [?]: no captured REST response or describe for StageName was found.
 */
const OPPORTUNITY_STAGES = picklist(
  ['Prospecting', 'Qualification', 'Needs Analysis', 'Value Proposition', 'Id. Decision Makers', 'Perception Analysis', 'Proposal/Price Quote', 'Negotiation/Review', 'Closed Won', 'Closed Lost'],
  { validated: true },
);
/** Lead.Status (LeadStatus); whether a value outside it is refused like StageName's is [?], so it is left unrestricted. */
const LEAD_STATUSES = picklist(['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'], { defaultValue: 'Open - Not Contacted' });
const LEAD_SOURCES = picklist(['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']);
const ACCOUNT_TYPES = picklist(['Prospect', 'Customer - Direct', 'Customer - Channel', 'Channel Partner / Reseller', 'Installation Partner', 'Technology Partner', 'Other']);
const INDUSTRIES = picklist([
  'Agriculture', 'Apparel', 'Banking', 'Biotechnology', 'Chemicals', 'Communications', 'Construction', 'Consulting', 'Education', 'Electronics',
  'Energy', 'Engineering', 'Entertainment', 'Environmental', 'Finance', 'Food & Beverage', 'Government', 'Healthcare', 'Hospitality', 'Insurance',
  'Machinery', 'Manufacturing', 'Media', 'Not For Profit', 'Recreation', 'Retail', 'Shipping', 'Technology', 'Telecommunications', 'Transportation',
  'Utilities', 'Other',
]);
/** Task.Status (TaskStatus) and Task.Priority (TaskPriority): left unrestricted, as Lead.Status [?]. */
const TASK_STATUSES = picklist(['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'], { defaultValue: 'Not Started' });
const TASK_PRIORITIES = picklist(['High', 'Normal', 'Low'], { defaultValue: 'Normal' });
/** Task.Type's values in a new org [?] (editions differ). */
const TASK_TYPES = picklist(['Call', 'Email', 'Meeting', 'Other']);

/*
 * The custom picklists an admin creates in Setup for Syncline (README, deployment). A picklist created in Setup has
 * "Restrict picklist to the values defined in the value set" ticked unless the admin clears it [?] (the Metadata
 * API's own default is false); the sandbox restricts them, the stricter case. Their values are the canonical ones the
 * shipped syncline.yaml writes (docs/data-dictionary.md, "Picklist values").
 */
const LIFECYCLE_STAGES = picklist(['Subscriber', 'Lead', 'MQL', 'SQL', 'Opportunity', 'Customer'], { restricted: true });
const OUTREACH_STATUSES = picklist(['Pending', 'Active', 'Paused', 'Finished', 'Bounced', 'Opted Out', 'Failed', 'Disabled'], { restricted: true });
const PAYMENT_STATUSES = picklist(['Paid', 'Failed'], { restricted: true });
// Standard field lengths from the Salesforce Object Reference (Contact, Lead, Account, Opportunity).
const PERSON: Record<string, FieldDef> = {
  FirstName: { type: 'string', length: 40, label: 'First Name' },
  LastName: { type: 'string', required: true, length: 80, label: 'Last Name' },
  Name: { type: 'string', readOnly: true },
  Email: { type: 'email', length: 80 },
  Phone: { type: 'phone', length: 40 },
  Title: { type: 'string', length: 128 },
  LeadSource: { type: 'picklist', label: 'Lead Source', picklist: LEAD_SOURCES },
  HubSpot_Id__c: { type: 'string', externalId: true, unique: true },
  HubSpot_Lead_Score__c: { type: 'double' },
  // The custom fields the shipped syncline.yaml maps (the README's deployment steps create them in a real org).
  HubSpot_Lifecycle_Stage__c: { type: 'picklist', picklist: LIFECYCLE_STAGES },
  Syncline_Last_Activity__c: { type: 'datetime' },
  LinkedIn_URL__c: { type: 'url', length: 255, label: 'LinkedIn URL' },
  Syncline_Deleted__c: { type: 'boolean', defaultValue: false },
  Outreach_Prospect_Id__c: { type: 'string', externalId: true, unique: true },
  ZoomInfo_Contact_Id__c: { type: 'string', externalId: true, unique: true, label: 'ZoomInfo Contact Id' },
  Outreach_Status__c: { type: 'picklist', picklist: OUTREACH_STATUSES },
  Last_Outreach_Activity__c: { type: 'datetime' },
};

/** The sObjects the sandbox serves (vendor-apis §1); key prefixes are Salesforce's real ones. */
export const OBJECTS: Readonly<Record<string, ObjectDef>> = {
  Account: {
    name: 'Account',
    keyPrefix: '001',
    fields: {
      ...SYSTEM_FIELDS,
      Name: { type: 'string', required: true, length: 255, label: 'Account Name' },
      Type: { type: 'picklist', label: 'Account Type', picklist: ACCOUNT_TYPES },
      Industry: { type: 'picklist', picklist: INDUSTRIES },
      Website: { type: 'url', length: 255 },
      Phone: { type: 'phone', length: 40 },
      BillingCity: { type: 'string', length: 40, label: 'Billing City' },
      BillingCountry: { type: 'string', length: 80, label: 'Billing Country' },
      NumberOfEmployees: { type: 'int' },
      AnnualRevenue: { type: 'currency' },
      Tech_Stack__c: { type: 'string', length: 255 },
      HubSpot_Company_Id__c: { type: 'string', externalId: true, unique: true },
      Stripe_Customer_Id__c: { type: 'string', externalId: true, unique: true },
      Stripe_Last_Payment_Date__c: { type: 'datetime' },
      Stripe_Last_Payment_Amount__c: { type: 'currency' },
      Stripe_Currency__c: s,
      Stripe_Payment_Status__c: { type: 'picklist', picklist: PAYMENT_STATUSES },
      Stripe_Last_Invoice__c: s,
      Syncline_Deleted__c: { type: 'boolean', defaultValue: false },
    },
  },
  Contact: {
    name: 'Contact',
    keyPrefix: '003',
    computeName: true,
    fields: {
      ...SYSTEM_FIELDS,
      ...PERSON,
      MobilePhone: { type: 'phone', length: 40 },
      Department: { type: 'string', length: 80 },
      AccountId: { type: 'reference', referenceTo: ['001'], label: 'Account ID' },
      MailingCity: { type: 'string', length: 40, label: 'Mailing City' },
      MailingCountry: { type: 'string', length: 80, label: 'Mailing Country' },
      Gong_Last_Call_Date__c: { type: 'datetime' },
      Gong_Last_Call_Url__c: { type: 'url' },
      // A non-unique external id, so upserts can hit several records (300 Multiple Choices).
      Legacy_Id__c: { type: 'string', externalId: true },
    },
  },
  Lead: {
    name: 'Lead',
    keyPrefix: '00Q',
    computeName: true,
    fields: {
      ...SYSTEM_FIELDS,
      ...PERSON,
      Company: { type: 'string', required: true, length: 255 },
      Status: { type: 'picklist', defaultValue: 'Open - Not Contacted', label: 'Lead Status', picklist: LEAD_STATUSES },
      // Set by lead conversion only (SOAP convertLead, routes/soap.ts); the API cannot write them.
      IsConverted: { type: 'boolean', readOnly: true, defaultValue: false },
      ConvertedContactId: { type: 'reference', readOnly: true },
      ConvertedAccountId: { type: 'reference', readOnly: true },
      ConvertedOpportunityId: { type: 'reference', readOnly: true },
      ConvertedDate: { type: 'date', readOnly: true },
    },
  },
  Opportunity: {
    name: 'Opportunity',
    keyPrefix: '006',
    fields: {
      ...SYSTEM_FIELDS,
      Name: { type: 'string', required: true, length: 120, label: 'Opportunity Name' },
      AccountId: { type: 'reference', referenceTo: ['001'], label: 'Account ID' },
      Amount: { type: 'currency' },
      StageName: { type: 'picklist', required: true, label: 'Stage', picklist: OPPORTUNITY_STAGES },
      CloseDate: { type: 'date', required: true },
      Probability: { type: 'double' },
      HubSpot_Deal_Id__c: { type: 'string', externalId: true, unique: true },
      Primary_Contact__c: { type: 'reference', referenceTo: ['003'], label: 'Primary Contact' },
      Gong_Last_Call_Date__c: { type: 'datetime' },
      Gong_Last_Call_Url__c: { type: 'url' },
      Gong_Talk_Ratio__c: { type: 'double' },
      Gong_Competitor_Mentioned__c: s,
      Syncline_Deleted__c: { type: 'boolean', defaultValue: false },
    },
  },
  Task: {
    name: 'Task',
    keyPrefix: '00T',
    fields: {
      ...SYSTEM_FIELDS,
      Subject: s,
      Status: { type: 'picklist', defaultValue: 'Not Started', picklist: TASK_STATUSES },
      Priority: { type: 'picklist', defaultValue: 'Normal', picklist: TASK_PRIORITIES },
      WhoId: { type: 'reference', referenceTo: ['003', '00Q'], label: 'Name ID' },
      WhatId: { type: 'reference', referenceTo: ['001', '006'], label: 'Related To ID' },
      ActivityDate: { type: 'date' },
      Description: { type: 'textarea' },
      Type: { type: 'picklist', picklist: TASK_TYPES },
      CallDurationInSeconds: { type: 'int' },
      Outreach_Activity_Id__c: { type: 'string', externalId: true, unique: true },
      Gong_Call_Id__c: { type: 'string', externalId: true, unique: true },
    },
  },
  // PermissionSet, FieldPermissions and PermissionSetAssignment: how a client grants the fields it creates.
  ...PERMISSION_OBJECTS,
};

/** Whether `name` is a custom field's API name (`…__c`). */
export const isCustomField = (name: string): boolean => name.toLowerCase().endsWith('__c');

/** An sObject type whose field list the org can grow (custom fields created through the Tooling API). */
interface MutableObjectDef extends ObjectDef {
  fields: Record<string, FieldDef>;
}

/**
 * One custom field of the org as the Tooling API's CustomField object serves it: `id` (00N…), the object it belongs
 * to and its API name. `metadata` is the CustomFieldMetadata it was created with (routes/tooling.ts); seeded fields
 * have none.
 */
export interface CustomFieldRow {
  id: string;
  object: string;
  field: string;
  metadata?: Record<string, unknown>;
}

/** What the API user may do with a field: see it (`read`) or see and write it (`edit`). */
export type FieldAccess = 'read' | 'edit';

/** The key of a field in a {@link FieldAccess} map: `object.field`, lower-cased (API names are case-insensitive). */
export const fieldKey = (object: string, field: string): string => `${object}.${field}`.toLowerCase();

/** What an org keeps of its schema across a restart: the fields created through the Tooling API, in order. */
export interface OrgSchemaState {
  created: Array<CustomFieldRow & { def: FieldDef }>;
  sequence: number;
}

/**
 * One org's schema. Each sandbox has its own, so a custom field created through the Tooling API in one sandbox is
 * absent from every other sandbox of the process. The ObjectDefs it hands out stay the same objects for its whole
 * life (stores, Bulk jobs and Outbound Message definitions hold them); a created field is added to their `fields`
 * once the API user may see it.
 *
 * Field-level security: `fields` is what the API user sees, so describe, SOQL and every write path read it alone. The
 * fields the org starts with are all there, as an admin set them up. A field created through the Tooling API gets no
 * field permission, so it stays out of `fields` until {@link setFieldAccess} grants it (field-security.ts derives the
 * grants from the org's permission sets): `read` adds it read-only, `edit` as created. A required field is the
 * exception: Salesforce keeps a universally required field readable and editable for everyone and refuses field
 * permissions on it (Help, "Field-Level Security": "universally required fields" always visible and editable;
 * Metadata API deploys answer "You cannot deploy to a required field") [C for the rule, [T] for the wording].
 *
 * @param customFields `false` starts the org without any `…__c` field, as an org on which `syncline setup --apply`
 *   has not yet run; the default `true` has the fields the README's deployment steps create.
 */
export class OrgSchema implements PersistentStore<OrgSchemaState> {
  readonly #objects: Record<string, MutableObjectDef>;
  #rows: CustomFieldRow[] = [];
  #created: Array<CustomFieldRow & { def: FieldDef }> = [];
  #sequence = 1;
  #access: ReadonlyMap<string, FieldAccess> = new Map();

  constructor(private readonly customFields = true) {
    this.#objects = Object.fromEntries(Object.entries(OBJECTS).map(([name, def]) => [name, { ...def, fields: {} }]));
    this.reset();
  }

  /** Back to the fields the org started with: created ones are gone, ids start over. */
  reset(): void {
    this.#rows = [];
    this.#created = [];
    this.#sequence = 1;
    this.#access = new Map();
    for (const [name, def] of Object.entries(this.#objects)) {
      for (const key of Object.keys(def.fields)) delete def.fields[key];
      for (const [field, f] of Object.entries(OBJECTS[name]?.fields ?? {})) {
        if (!isCustomField(field)) def.fields[field] = f;
        else if (this.customFields) {
          def.fields[field] = f;
          this.#rows.push({ id: makeId('00N', this.#sequence++), object: name, field });
        }
      }
    }
  }

  /** Finds an sObject type by name, case-insensitively (Salesforce names are case-insensitive). */
  object(name: string): ObjectDef | undefined {
    const key = Object.keys(this.#objects).find((k) => k.toLowerCase() === name.toLowerCase());
    return key ? this.#objects[key] : undefined;
  }

  /** The object whose key prefix starts `id`. */
  forId(id: string): ObjectDef | undefined {
    return Object.values(this.#objects).find((d) => id.startsWith(d.keyPrefix));
  }

  /** The org's custom fields, seeded and created, in the order they came to be. */
  customFieldRows(): readonly CustomFieldRow[] {
    return this.#rows;
  }

  /** Adds a custom field to `object` (which the caller has checked exists and lacks it) and returns its row. */
  addField(object: string, field: string, def: FieldDef, metadata: Record<string, unknown>): CustomFieldRow {
    const target = this.#objects[(this.object(object) as ObjectDef).name] as MutableObjectDef;
    const row = { id: makeId('00N', this.#sequence++), object: target.name, field, metadata };
    this.#rows.push(row);
    this.#created.push({ ...row, def });
    this.#showGranted();
    return row;
  }

  /**
   * The canonical name of a field `def` has, whether or not the API user may see it (a created field not yet
   * granted): what a new field's name must not clash with and what a FieldPermissions row may name.
   */
  declaredField(def: ObjectDef, name: string): string | undefined {
    const lower = name.toLowerCase();
    return canonicalField(def, name) ?? this.#created.find((c) => c.object === def.name && c.field.toLowerCase() === lower)?.field;
  }

  /** Sets what the API user may do with each created field, by {@link fieldKey}; a field not in `access` is hidden. */
  setFieldAccess(access: ReadonlyMap<string, FieldAccess>): void {
    this.#access = access;
    this.#showGranted();
  }

  /** Puts each created field into its object's `fields` as its grant says, in creation order, or leaves it out. */
  #showGranted(): void {
    for (const c of this.#created) delete (this.#objects[c.object] as MutableObjectDef).fields[c.field];
    for (const c of this.#created) {
      const access = c.def.required ? 'edit' : this.#access.get(fieldKey(c.object, c.field));
      const fields = (this.#objects[c.object] as MutableObjectDef).fields;
      if (access === 'edit') fields[c.field] = c.def;
      else if (access === 'read') fields[c.field] = { ...c.def, readOnly: true };
    }
  }

  exportState(): OrgSchemaState {
    return { created: this.#created, sequence: this.#sequence };
  }

  /** Re-creates the saved fields on the org as started; a field the start schema already has is left as it is. */
  importState(state: OrgSchemaState): void {
    // The grants come from the org's records, which may have been restored already: keep them over the reset.
    const access = this.#access;
    this.reset();
    this.#access = access;
    for (const c of state.created) {
      const def = this.object(c.object);
      if (!def || canonicalField(def, c.field)) continue;
      this.#rows.push({ id: c.id, object: def.name, field: c.field, ...(c.metadata ? { metadata: c.metadata } : {}) });
      this.#created.push({ ...c, object: def.name });
    }
    this.#sequence = Math.max(this.#sequence, state.sequence);
    this.#showGranted();
  }
}

/**
 * The schema of an org started with its custom fields, for callers outside a running sandbox (unit tests reading a
 * field's type). A sandbox never reads it: it serves its own {@link OrgSchema}.
 */
export const DEFAULT_SCHEMA = new OrgSchema();

/** Finds an sObject type of {@link DEFAULT_SCHEMA} by name, case-insensitively. */
export function objectDef(name: string): ObjectDef | undefined {
  return DEFAULT_SCHEMA.object(name);
}

/** The canonical spelling of a field of `def`, matched case-insensitively. */
export function canonicalField(def: ObjectDef, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(def.fields).find((f) => f.toLowerCase() === lower);
}

/** The object of {@link DEFAULT_SCHEMA} whose key prefix starts `id`. */
export function objectForId(id: string): ObjectDef | undefined {
  return DEFAULT_SCHEMA.forId(id);
}
