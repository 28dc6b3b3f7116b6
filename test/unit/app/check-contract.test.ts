import { describe, expect, it } from 'vitest';
import { checkContract, type FieldsOf } from '#app/check-contract';
import { neededFields, neededSubscriptions } from '#app/contract-setup';
import type { SyncPlan } from '#domain/mapping';
import type { TargetField } from '#ports/crm';

/** A person kept in Salesforce Contacts and HubSpot contacts, synced both ways, as a contract maps it. */
const plan: SyncPlan = {
  objects: {
    person: {
      systems: {
        salesforce: { objects: ['Contact'], externalIds: { hubspot: 'HubSpot_Id__c' }, required: [], softDeleteField: 'Syncline_Deleted__c' },
        hubspot: { objects: ['contacts'], externalIds: { salesforce: 'syncline_salesforce_id' }, required: [] },
      },
      fields: {
        email: { type: 'email', owner: 'hubspot', map: { salesforce: { field: 'Email', direction: 'both', transform: [] }, hubspot: { field: 'email', direction: 'both', transform: [] } } },
        score: { type: 'number', owner: 'hubspot', map: { salesforce: { field: 'Score__c', direction: 'in', transform: [] }, hubspot: { field: 'hubspotscore', direction: 'out', transform: [] } } },
        stage: {
          type: 'picklist',
          owner: 'hubspot',
          values: { Lead: [], Customer: [] },
          map: { salesforce: { field: 'Stage__c', direction: 'in', transform: [], values: { Customer: 'Client' } }, hubspot: { field: 'lifecyclestage', direction: 'out', transform: [], values: { Lead: 'lead', Customer: 'customer' } } },
        },
      },
    },
  },
  syncs: [
    { object: 'person', from: 'hubspot', to: 'salesforce' },
    { object: 'person', from: 'salesforce', to: 'hubspot' },
  ],
};

const field = (type: string, extra: Partial<TargetField> = {}): TargetField => ({ type, writable: true, ...extra });
const CONTACT: Record<string, TargetField> = {
  Email: field('email', { length: 80 }),
  Score__c: field('double'),
  Stage__c: field('picklist', { allowed: ['Lead', 'Client'] }),
  HubSpot_Id__c: field('string', { unique: true }),
  Syncline_Deleted__c: field('boolean'),
};
const CONTACTS: Record<string, TargetField> = { email: field('string'), hubspotscore: field('number', { writable: false }), lifecyclestage: field('enumeration', { allowed: ['lead', 'customer'] }), syncline_salesforce_id: field('string', { unique: true }) };
const metadata = (contact: Record<string, TargetField>, contacts = CONTACTS): Record<string, FieldsOf> => ({ salesforce: async () => contact, hubspot: async () => contacts });

describe('checkContract', () => {
  it("passes a contract whose fields exist, fit, are writable where written and take the mapped picklist values (a field only read may be read-only)", async () => {
    expect(await checkContract(plan, metadata(CONTACT))).toEqual({ checked: ['salesforce Contact', 'hubspot contacts'], notChecked: [], problems: [] });
  });

  it('names every problem: a misspelled field with its likely name, a type that does not fit, a read-only target, a missing picklist value, an external id that is not unique, a missing soft-delete flag', async () => {
    const { Score__c: score, Syncline_Deleted__c: _flag, ...rest } = CONTACT;
    const contact = { ...rest, Scor__c: score as TargetField, Email: field('date'), Stage__c: field('picklist', { allowed: ['Lead', 'Customer'], writable: false }), HubSpot_Id__c: field('string') };

    const { problems } = await checkContract(plan, metadata(contact));

    expect(problems).toEqual([
      'salesforce Contact.Email is a date field, which cannot hold person.email (typed email in syncline.yaml)',
      'salesforce Contact has no field Score__c (person.score): did you mean Scor__c?; correct syncline.yaml, or create the field in salesforce',
      'salesforce Contact.Stage__c (person.stage) cannot be written by the integration user: grant it edit access, or set direction: out',
      'salesforce Contact.Stage__c (person.stage) is a restricted picklist without "Client": map them under map.salesforce.values, or add them to the picklist',
      "salesforce Contact.HubSpot_Id__c keeps hubspot's ids but is not unique (an External ID / unique-value field): upserts by it would create duplicates",
      'salesforce Contact has no field Syncline_Deleted__c (the soft-delete flag); correct syncline.yaml, or create the field in salesforce',
    ]);
  });

  it('says which systems it could not check, and a metadata read that fails, without stopping', async () => {
    const result = await checkContract(plan, {
      salesforce: async () => {
        throw new Error('INVALID_SESSION_ID');
      },
    });

    expect(result).toEqual({ checked: [], notChecked: ['hubspot'], problems: ['salesforce Contact: its metadata could not be read (INVALID_SESSION_ID)'] });
  });
});

describe('neededFields', () => {
  it("lists each field a system lacks once, defined in its own terms (picklist values in its spelling, external ids unique), and nothing once they exist", async () => {
    const { Score__c: _score, Stage__c: _stage, HubSpot_Id__c: _id, Syncline_Deleted__c: _flag, ...bare } = CONTACT;

    const { needed, unreadable } = await neededFields(plan, metadata(bare, { email: field('string') }));

    expect(needed.map((n) => `${n.system} ${n.object}.${n.field}: ${n.definition} (${n.for})`)).toEqual([
      'salesforce Contact.Score__c: Number(18, 2) (person.score)',
      'salesforce Contact.Stage__c: Picklist (restricted): Lead, Client (person.stage)',
      "salesforce Contact.HubSpot_Id__c: Text(255), External ID, Unique (case-insensitive) (hubspot's ids)",
      'salesforce Contact.Syncline_Deleted__c: Checkbox (default unchecked) (the soft-delete flag)',
      'hubspot contacts.hubspotscore: type number, fieldType number (person.score)',
      'hubspot contacts.lifecyclestage: type enumeration, fieldType select, options: lead, customer (person.stage)',
      "hubspot contacts.syncline_salesforce_id: type string, fieldType text, hasUniqueValue true (salesforce's ids)",
    ]);
    expect(unreadable).toEqual([]);
    expect(await neededFields(plan, metadata(CONTACT))).toEqual({ needed: [], unreadable: [] });
    // An object whose metadata cannot be read is named, not a crash.
    const denied = await neededFields(plan, { ...metadata(CONTACT), hubspot: () => Promise.reject(new Error('HubSpot answered 401')) });
    expect(denied).toEqual({ needed: [], unreadable: ['hubspot contacts: its metadata could not be read (HubSpot answered 401)'] });
  });
});

describe('neededSubscriptions', () => {
  const read = (fields: readonly string[]) => () => fields;
  const isProperty = (f: string) => !f.startsWith('associations.');

  it('asks creation, deletion, merge and a propertyChange per property read from HubSpot, once each, and no association', () => {
    const needed = neededSubscriptions(plan, 'hubspot', read(['email', 'hubspotscore', 'associations.companies', 'email']), isProperty);

    expect(needed.map((n) => [n.action, n.propertyName ?? null])).toEqual([
      ['creation', null],
      ['deletion', null],
      ['merge', null],
      ['propertyChange', 'email'],
      ['propertyChange', 'hubspotscore'],
    ]);
    expect(new Set(needed.map((n) => `${n.object} ${n.for}`))).toEqual(new Set(['contacts person']));
  });

  it('asks nothing for an object nothing syncs from HubSpot', () => {
    const oneWay: SyncPlan = { ...plan, syncs: [{ object: 'person', from: 'salesforce', to: 'hubspot' }] };

    expect(neededSubscriptions(oneWay, 'hubspot', read(['email']), isProperty)).toEqual([]);
  });
});
