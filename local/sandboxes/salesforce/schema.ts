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
const PERSON: Record<string, FieldDef> = {
  FirstName: s,
  LastName: { type: 'string', required: true },
  Name: { type: 'string', readOnly: true },
  Email: { type: 'email' },
  Phone: { type: 'phone' },
  Title: s,
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
      Name: { type: 'string', required: true },
      Type: { type: 'picklist' },
      Industry: { type: 'picklist' },
      Website: { type: 'url' },
      Phone: { type: 'phone' },
      BillingCity: s,
      BillingCountry: s,
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
      MobilePhone: { type: 'phone' },
      Department: s,
      AccountId: { type: 'reference', referenceTo: ['001'], label: 'Account ID' },
      MailingCity: s,
      MailingCountry: s,
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
      Company: { type: 'string', required: true },
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
      Name: { type: 'string', required: true },
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
