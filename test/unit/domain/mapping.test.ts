import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTransforms, createObjectOf, fromCanonical, missingRequired, normalizePicklist, normalizeType, policyOf, sourceFieldNames, toCanonical, type ObjectMapping } from '#domain/mapping';

const both = { direction: 'both', transform: [] } as const;
const person: ObjectMapping = {
  systems: {
    hubspot: { objects: ['contacts'], externalIds: {}, required: [] },
    salesforce: { objects: ['Contact', 'Lead'], externalIds: { hubspot: 'HubSpot_Id__c' }, required: ['lastName'] },
  },
  fields: {
    email: { type: 'email', owner: 'hubspot', map: { hubspot: { field: 'email', direction: 'both', transform: ['trim', 'lowercase'] }, salesforce: { field: 'Email', direction: 'both', transform: ['trim', 'lowercase'] } } },
    lastName: { type: 'string', owner: 'hubspot', map: { hubspot: { field: 'lastname', direction: 'both', transform: ['trim'] }, salesforce: { field: 'LastName', ...both } } },
    score: { type: 'number', owner: 'hubspot', map: { hubspot: { field: 'hubspotscore', direction: 'out', transform: [] }, salesforce: { field: 'Score__c', direction: 'in', transform: [] } } },
    internal: { type: 'string', owner: 'salesforce', map: { salesforce: { field: 'Internal__c', direction: 'out', transform: [] } } },
    company: { type: 'string', owner: 'salesforce', map: { hubspot: { field: 'company', ...both }, 'salesforce.Lead': { field: 'Company', ...both } } },
    segment: {
      type: 'picklist',
      owner: 'salesforce',
      values: { Enterprise: ['ent', 'large'], 'Mid-Market': ['midmarket', 'mm'] },
      map: { salesforce: { field: 'Segment__c', ...both }, hubspot: { field: 'segment', ...both, values: { Enterprise: 'enterprise', 'Mid-Market': 'mid_market' } } },
    },
  },
};

describe('mapping', () => {
  it('maps HubSpot properties to Salesforce fields through canonical names, with transforms', () => {
    const canonical = toCanonical(person, 'hubspot', 'contacts', { email: '  Ada@Example.COM ', lastname: 'Lovelace', hubspotscore: '42' });

    expect(canonical).toEqual({ email: 'ada@example.com', lastName: 'Lovelace', score: 42 });
    expect(fromCanonical(person, 'salesforce', 'Contact', canonical)).toEqual({ Email: 'ada@example.com', LastName: 'Lovelace', Score__c: 42 });
  });

  it('reads only fields the source may feed and writes only fields the target accepts', () => {
    expect(sourceFieldNames(person, 'hubspot', 'contacts').sort()).toEqual(['company', 'email', 'hubspotscore', 'lastname', 'segment']);
    expect(sourceFieldNames(person, 'salesforce', 'Contact').sort()).toEqual(['Email', 'Internal__c', 'LastName', 'Segment__c']);
    expect(fromCanonical(person, 'salesforce', 'Contact', { internal: 'x' })).toEqual({});
  });

  it('uses an object-specific mapping where one is declared (Lead.Company), and none for other objects', () => {
    expect(fromCanonical(person, 'salesforce', 'Lead', { company: 'Acme' })).toEqual({ Company: 'Acme' });
    expect(fromCanonical(person, 'salesforce', 'Contact', { company: 'Acme' })).toEqual({});
    expect(sourceFieldNames(person, 'salesforce', 'Lead')).toContain('Company');
  });

  it('normalizes picklist spellings to the canonical value and writes each system its own spelling', () => {
    expect(toCanonical(person, 'hubspot', 'contacts', { segment: 'mid_market' })).toEqual({ segment: 'Mid-Market' });
    expect(toCanonical(person, 'salesforce', 'Contact', { Segment__c: 'enterprise' })).toEqual({ segment: 'Enterprise' });
    expect(toCanonical(person, 'salesforce', 'Contact', { Segment__c: ' MM ' })).toEqual({ segment: 'Mid-Market' });
    expect(toCanonical(person, 'salesforce', 'Contact', { Segment__c: 'Unknown Tier' })).toEqual({ segment: 'Unknown Tier' });
    expect(fromCanonical(person, 'hubspot', 'contacts', { segment: 'Enterprise' })).toEqual({ segment: 'enterprise' });
    expect(fromCanonical(person, 'salesforce', 'Contact', { segment: 'Enterprise' })).toEqual({ Segment__c: 'Enterprise' });
  });

  it('picklist normalization is idempotent and lands every alias on its canonical value', () => {
    const spec = person.fields['segment'];
    if (!spec) throw new Error('fixture');
    const aliases = Object.entries(spec.values ?? {}).flatMap(([canonical, list]) => [canonical, ...list].map((a) => [a, canonical] as const));
    fc.assert(
      fc.property(fc.constantFrom(...aliases), fc.constantFrom('lower', 'upper', 'asis'), ([alias, canonical], kase) => {
        const spelled = kase === 'lower' ? alias.toLowerCase() : kase === 'upper' ? alias.toUpperCase() : alias;
        const once = normalizePicklist(spelled, spec, undefined);
        expect(once).toBe(canonical);
        expect(normalizePicklist(once, spec, undefined)).toBe(canonical);
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves absent source fields absent rather than clearing them', () => {
    expect(toCanonical(person, 'hubspot', 'contacts', { email: 'a@b.co' })).toEqual({ email: 'a@b.co' });
  });

  it('treats blank strings as no value and reports missing required fields', () => {
    const canonical = toCanonical(person, 'hubspot', 'contacts', { email: 'a@b.co', lastname: '   ' });
    expect(canonical['lastName']).toBeNull();
    expect(missingRequired(person, 'salesforce', canonical)).toEqual(['lastName']);
    expect(missingRequired(person, 'salesforce', { lastName: 'X' })).toEqual([]);
  });

  it('defaults the policy to review for critical fields and to owner otherwise; creates as the first object', () => {
    expect(policyOf({ type: 'currency', owner: 'salesforce', critical: true, map: {} })).toBe('review');
    expect(policyOf({ type: 'currency', owner: 'salesforce', critical: true, policy: 'owner', map: {} })).toBe('owner');
    expect(policyOf({ type: 'string', owner: 'salesforce', map: {} })).toBe('owner');
    expect(createObjectOf({ objects: ['Contact', 'Lead'], externalIds: {}, required: [] })).toBe('Contact');
    expect(createObjectOf({ objects: ['Contact', 'Lead'], createAs: 'Lead', externalIds: {}, required: [] })).toBe('Lead');
  });

  it('transforms are idempotent: applying them twice changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.domain()), fc.subarray(['trim', 'lowercase', 'collapse-whitespace', 'bare-domain'] as const), (value, steps) => {
        const once = applyTransforms(value, steps);
        expect(applyTransforms(once, steps)).toEqual(once);
      }),
      { numRuns: 1000 },
    );
  });

  it("writes a website as HubSpot's bare domain, and a profile on a shared host as no domain", () => {
    expect(applyTransforms('HTTPS://www.Acme.com:443/en-us?x=1', ['trim', 'lowercase', 'bare-domain'])).toBe('acme.com');
    expect(applyTransforms('https://www.facebook.com/joes-plumbing', ['bare-domain'])).toBeNull();
    expect(applyTransforms('not a website', ['bare-domain'])).toBe('not a website');
  });
});

describe('normalizeType', () => {
  it('gives dates and datetimes one canonical spelling, whatever the vendor sent', () => {
    expect(normalizeType('2026-12-31T00:00:00.000Z', 'date')).toBe('2026-12-31');
    expect(normalizeType('1798675200000', 'date')).toBe('2026-12-31');
    expect(normalizeType('2026-12-31', 'date')).toBe('2026-12-31');
    expect(normalizeType('2026-11-23T12:12:29.673+0000', 'datetime')).toBe('2026-11-23T12:12:29.673Z');
    expect(normalizeType(1798675200000, 'datetime')).toBe('2026-12-31T00:00:00.000Z');
    expect(normalizeType('not a date', 'date')).toBe('not a date');
    expect(normalizeType('42.5', 'currency')).toBe(42.5);
    expect(normalizeType(null, 'date')).toBeNull();
  });

  it('is idempotent for any instant', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), fc.constantFrom('date', 'datetime'), (d, type) => {
        const once = normalizeType(d.toISOString(), type);
        expect(normalizeType(once, type)).toBe(once);
        expect(normalizeType(String(d.getTime()), type)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});
