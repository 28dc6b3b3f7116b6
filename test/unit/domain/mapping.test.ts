import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTransforms, fromCanonical, missingRequired, sourceFieldNames, toCanonical, type ObjectMapping } from '#domain/mapping';

const person: ObjectMapping = {
  systems: { hubspot: { object: 'contacts', externalIds: {}, required: [] }, salesforce: { object: 'Contact', externalIds: { hubspot: 'HubSpot_Id__c' }, required: ['lastName'] } },
  fields: {
    email: { type: 'email', owner: 'hubspot', policy: 'owner', map: { hubspot: { field: 'email', direction: 'both', transform: ['trim', 'lowercase'] }, salesforce: { field: 'Email', direction: 'both', transform: ['trim', 'lowercase'] } } },
    lastName: { type: 'string', owner: 'hubspot', policy: 'owner', map: { hubspot: { field: 'lastname', direction: 'both', transform: ['trim'] }, salesforce: { field: 'LastName', direction: 'both', transform: [] } } },
    score: { type: 'number', owner: 'hubspot', policy: 'owner', map: { hubspot: { field: 'hubspotscore', direction: 'out', transform: [] }, salesforce: { field: 'Score__c', direction: 'in', transform: [] } } },
    internal: { type: 'string', owner: 'salesforce', policy: 'owner', map: { salesforce: { field: 'Internal__c', direction: 'out', transform: [] } } },
  },
};

describe('mapping', () => {
  it('maps HubSpot properties to Salesforce fields through canonical names, with transforms', () => {
    const canonical = toCanonical(person, 'hubspot', { email: '  Ada@Example.COM ', lastname: 'Lovelace', hubspotscore: '42' });

    expect(canonical).toEqual({ email: 'ada@example.com', lastName: 'Lovelace', score: '42' });
    expect(fromCanonical(person, 'salesforce', canonical)).toEqual({ Email: 'ada@example.com', LastName: 'Lovelace', Score__c: 42 });
  });

  it('reads only fields the source may feed and writes only fields the target accepts', () => {
    expect(sourceFieldNames(person, 'hubspot').sort()).toEqual(['email', 'hubspotscore', 'lastname']);
    expect(sourceFieldNames(person, 'salesforce').sort()).toEqual(['Email', 'Internal__c', 'LastName']);
    expect(fromCanonical(person, 'salesforce', { internal: 'x' })).toEqual({});
  });

  it('leaves absent source fields absent rather than clearing them', () => {
    expect(toCanonical(person, 'hubspot', { email: 'a@b.co' })).toEqual({ email: 'a@b.co' });
  });

  it('treats blank strings as no value and reports missing required fields', () => {
    const canonical = toCanonical(person, 'hubspot', { email: 'a@b.co', lastname: '   ' });
    expect(canonical['lastName']).toBeNull();
    expect(missingRequired(person, 'salesforce', canonical)).toEqual(['lastName']);
    expect(missingRequired(person, 'salesforce', { lastName: 'X' })).toEqual([]);
  });

  it('transforms are idempotent: applying them twice changes nothing', () => {
    fc.assert(
      fc.property(fc.string(), fc.subarray(['trim', 'lowercase', 'collapse-whitespace'] as const), (value, steps) => {
        const once = applyTransforms(value, steps);
        expect(applyTransforms(once, steps)).toEqual(once);
      }),
      { numRuns: 1000 },
    );
  });
});
