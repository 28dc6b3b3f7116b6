import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyFor } from '#adapters/vendors/hubspot/writer';
import { customFieldMetadata } from '#adapters/vendors/salesforce/writer';
import type { NewField } from '#ports/crm';

const TYPES: readonly NewField['type'][] = ['text', 'email', 'phone', 'url', 'number', 'currency', 'date', 'datetime', 'boolean', 'picklist', 'reference'];

const newField = fc.record({
  name: fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,10}(_[A-Za-z0-9]{1,8}){0,3}__c$/),
  label: fc.string({ minLength: 1, maxLength: 60 }),
  type: fc.constantFrom(...TYPES),
  values: fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z /-]{0,20}$/), { minLength: 1, maxLength: 8 }),
  externalId: fc.boolean(),
  referenceTo: fc.option(fc.constantFrom('Contact', 'Account', 'Lead'), { nil: undefined }),
  purpose: fc.string({ maxLength: 40 }),
});

/** HubSpot's valid type and fieldType pairs (properties API, "Property types and field types"). */
const HUBSPOT_PAIRS = new Set(['string/text', 'number/number', 'date/date', 'datetime/date', 'bool/booleancheckbox', 'enumeration/select']);

describe('a field the contract needs, as each vendor creates it (property)', () => {
  it('Salesforce: a CustomField the Tooling API takes: Text within 255, numbers within 18 digits, a restricted picklist with exactly the values, a lookup with a valid relationship name unique to its object', () => {
    fc.assert(
      fc.property(newField, fc.constantFrom('Contact', 'Lead', 'Opportunity', 'Renewal_Forecast__c'), (field, objectType) => {
        const m = customFieldMetadata(objectType, field);
        expect(String(m['label']).length).toBeLessThanOrEqual(40);
        switch (m['type']) {
          case 'Text':
            expect(m['length']).toBeGreaterThan(0);
            expect(m['length']).toBeLessThanOrEqual(255);
            break;
          case 'Number':
          case 'Currency':
            expect(Number(m['scale'])).toBeLessThanOrEqual(Number(m['precision']));
            expect(m['precision']).toBeLessThanOrEqual(18);
            break;
          case 'Checkbox':
            expect(m['defaultValue']).toBe('false');
            break;
          case 'Picklist':
            expect(m['valueSet']).toMatchObject({ restricted: true });
            expect((m['valueSet'] as { valueSetDefinition: { value: { valueName: string }[] } }).valueSetDefinition.value.map((v) => v.valueName)).toEqual(field.values);
            break;
          case 'Lookup':
            expect(m['referenceTo']).toBe(field.referenceTo);
            expect(m['relationshipName']).toMatch(/^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*[A-Za-z0-9]$|^[A-Za-z]$/);
            expect(String(m['relationshipName']).length).toBeLessThanOrEqual(40);
            // Unique on the parent: the same lookup on two objects gets two names.
            expect(m['relationshipName']).not.toBe(customFieldMetadata(objectType === 'Lead' ? 'Contact' : 'Lead', field)['relationshipName']);
            break;
          default:
            expect(['Email', 'Phone', 'Url', 'Date', 'DateTime']).toContain(m['type']);
        }
        // Only a text external id is unique; another system's ids are found by it case-insensitively.
        if (field.type === 'text' && field.externalId) expect(m).toMatchObject({ externalId: true, unique: true, caseSensitive: false });
      }),
    );
  });

  it('HubSpot: a property with a valid type and fieldType, options for a picklist and a checkbox, unique values only for an external id', () => {
    fc.assert(
      fc.property(newField, fc.constantFrom('contacts', 'companies', 'deals'), (field, objectType) => {
        const p = propertyFor(objectType, { ...field, name: field.name.toLowerCase() });
        expect(HUBSPOT_PAIRS.has(`${p.type}/${p.fieldType}`)).toBe(true);
        expect(p.groupName).toMatch(/information$/);
        const options = (p as { options?: readonly { value: string }[] }).options?.map((o) => o.value);
        if (field.type === 'picklist') expect(options).toEqual(field.values);
        if (field.type === 'boolean') expect(options).toEqual(['true', 'false']);
        expect('hasUniqueValue' in p).toBe(field.externalId);
      }),
    );
  });
});
