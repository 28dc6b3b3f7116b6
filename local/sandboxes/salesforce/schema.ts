/** Field types the sandbox distinguishes. */
export type FieldType = 'id' | 'string' | 'email' | 'phone' | 'url' | 'picklist' | 'textarea' | 'double' | 'currency' | 'int' | 'boolean' | 'datetime' | 'date' | 'reference';

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
// Standard field lengths from the Salesforce Object Reference (Contact, Lead, Account, Opportunity).
const PERSON: Record<string, FieldDef> = {
  FirstName: { type: 'string', length: 40, label: 'First Name' },
  LastName: { type: 'string', required: true, length: 80, label: 'Last Name' },
  Name: { type: 'string', readOnly: true },
  Email: { type: 'email', length: 80 },
  Phone: { type: 'phone', length: 40 },
  Title: { type: 'string', length: 128 },
  LeadSource: { type: 'picklist' },
  HubSpot_Id__c: { type: 'string', externalId: true, unique: true },
  HubSpot_Lead_Score__c: { type: 'double' },
  // The custom fields the shipped syncline.yaml maps (the README's deployment steps create them in a real org).
  HubSpot_Lifecycle_Stage__c: { type: 'picklist' },
  Syncline_Last_Activity__c: { type: 'datetime' },
  Syncline_Deleted__c: { type: 'boolean', defaultValue: false },
  Outreach_Prospect_Id__c: { type: 'string', externalId: true, unique: true },
  Outreach_Status__c: { type: 'picklist' },
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
      Type: { type: 'picklist' },
      Industry: { type: 'picklist' },
      Website: { type: 'url', length: 255 },
      Phone: { type: 'phone', length: 40 },
      BillingCity: { type: 'string', length: 40, label: 'Billing City' },
      BillingCountry: { type: 'string', length: 80, label: 'Billing Country' },
      NumberOfEmployees: { type: 'int' },
      AnnualRevenue: { type: 'currency' },
      HubSpot_Company_Id__c: { type: 'string', externalId: true, unique: true },
      Stripe_Customer_Id__c: { type: 'string', externalId: true, unique: true },
      Stripe_Last_Payment_Date__c: { type: 'datetime' },
      Stripe_Last_Payment_Amount__c: { type: 'currency' },
      Stripe_Currency__c: s,
      Stripe_Payment_Status__c: { type: 'picklist' },
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
      Status: { type: 'picklist', defaultValue: 'Open - Not Contacted' },
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
      StageName: { type: 'picklist', required: true },
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
      Status: { type: 'picklist', defaultValue: 'Not Started' },
      Priority: { type: 'picklist', defaultValue: 'Normal' },
      WhoId: { type: 'reference', referenceTo: ['003', '00Q'], label: 'Name ID' },
      WhatId: { type: 'reference', referenceTo: ['001', '006'], label: 'Related To ID' },
      ActivityDate: { type: 'date' },
      Description: { type: 'textarea' },
      Type: { type: 'picklist' },
      CallDurationInSeconds: { type: 'int' },
      Outreach_Activity_Id__c: { type: 'string', externalId: true, unique: true },
      Gong_Call_Id__c: { type: 'string', externalId: true, unique: true },
    },
  },
};

/** Finds an sObject type by name, case-insensitively (Salesforce names are case-insensitive). */
export function objectDef(name: string): ObjectDef | undefined {
  const key = Object.keys(OBJECTS).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? OBJECTS[key] : undefined;
}

/** The canonical spelling of a field of `def`, matched case-insensitively. */
export function canonicalField(def: ObjectDef, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(def.fields).find((f) => f.toLowerCase() === lower);
}

/** The object whose key prefix starts `id`. */
export function objectForId(id: string): ObjectDef | undefined {
  return Object.values(OBJECTS).find((d) => id.startsWith(d.keyPrefix));
}
