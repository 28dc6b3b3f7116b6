import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldValue } from '#domain/change-event';
import { enrichableFields, enrichmentDue, enrichmentInput, enrichmentObservations } from '#domain/enrichment';
import { emptyGoldenRecord, type GoldenRecord } from '#domain/golden-record';
import type { ObjectMapping } from '#domain/mapping';
import type { Observation } from '#domain/survivorship';
import { shippedPlan } from '#test/support/processor-setup';

const plan = shippedPlan(['hubspot', 'salesforce', 'zoominfo']);
const company = plan.objects['company']!;
const person = plan.objects['person']!;
const AT = { observedAt: Date.parse('2026-12-01T00:00:00Z'), eventId: 'zoominfo:e1' };
const seen = (value: FieldValue, source = 'salesforce'): Observation => ({ value, source, observedAt: 1, eventId: 'x' });
const golden = (fields: Record<string, Observation>): GoldenRecord => ({ fields, version: 1 });

describe('enrichmentDue', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  it('is due when never looked up, or when the last lookup is staleAfterDays old', () => {
    expect(enrichmentDue(undefined, now, 90)).toBe(true);
    expect(enrichmentDue('2026-09-02T00:00:00Z', now, 90)).toBe(true);
    expect(enrichmentDue('2026-09-02T00:00:01Z', now, 90)).toBe(false);
    expect(enrichmentDue('2026-11-30T00:00:00Z', now, 1)).toBe(true);
    expect(enrichmentDue('not a date', now, 90)).toBe(true);
  });
});

describe('enrichmentInput', () => {
  it("takes a company's name, website (as the domain) and country, and a person's e-mail, names and company", () => {
    expect(enrichmentInput('company', { name: 'Contoso', website: 'https://contoso.example', country: 'US', industry: 'x' })).toEqual({ name: 'Contoso', domain: 'https://contoso.example', country: 'US' });
    expect(enrichmentInput('person', { email: 'ada@contoso.example', firstName: 'Ada', lastName: 'Lovelace', title: 'CTO' })).toEqual({ email: 'ada@contoso.example', firstName: 'Ada', lastName: 'Lovelace' });
  });

  it('leaves blank and missing values out', () => {
    expect(enrichmentInput('company', { name: '  ', website: null })).toEqual({});
  });
});

describe('enrichmentObservations', () => {
  it("maps the vendor's fields by the contract and keeps the firmographics ZoomInfo owns, over existing values", () => {
    const record = golden({ name: seen('Contoso'), industry: seen('Old industry', 'zoominfo') });
    const observations = enrichmentObservations(company, 'zoominfo', 'company', 'company', { name: 'CONTOSO LTD', industry: 'Biotechnology', employeeCount: 1200, revenue: 95_000_000, city: 'Boston' }, record, AT);

    expect(observations).toEqual({
      industry: { value: 'Biotechnology', source: 'zoominfo', ...AT },
      employees: { value: 1200, source: 'zoominfo', ...AT },
      annualRevenue: { value: 95_000_000, source: 'zoominfo', ...AT },
    });
  });

  it("fills a person's title only while it is blank", () => {
    const blank = enrichmentObservations(person, 'zoominfo', 'contact', 'person', { jobTitle: 'VP of Sales', email: 'other@x.example' }, golden({ title: seen(null, 'hubspot') }), AT);
    const held = enrichmentObservations(person, 'zoominfo', 'contact', 'person', { jobTitle: 'VP of Sales' }, golden({ title: seen('Head of Sales') }), AT);
    expect(blank).toEqual({ title: { value: 'VP of Sales', source: 'zoominfo', observedAt: 2, eventId: AT.eventId } });
    expect(held).toEqual({});
  });

  it("does not fill a blank the field's system of record left (its own decision), and dates a filled blank just after it", () => {
    const ownersBlank = enrichmentObservations(person, 'zoominfo', 'contact', 'person', { jobTitle: 'VP of Sales' }, golden({ title: seen(null, 'salesforce') }), AT);
    const othersBlank = enrichmentObservations(person, 'zoominfo', 'contact', 'person', { jobTitle: 'VP of Sales' }, golden({ title: { value: null, source: 'hubspot', observedAt: 5_000, eventId: 'h' } }), AT);
    expect(ownersBlank).toEqual({});
    expect(othersBlank['title']?.observedAt).toBe(5_001);
    expect(enrichableFields(person, 'zoominfo', 'contact', 'person', golden({ title: seen('CTO') }))).toEqual(['phone', 'linkedinUrl']);
    expect(enrichableFields(person, 'zoominfo', 'contact', 'person', golden({ title: seen('CTO'), phone: seen('+14155550100'), linkedinUrl: seen('https://www.linkedin.com/in/ada') }))).toEqual([]);
  });

  // A contract that maps lookup keys, a reference and fields of every policy out of the provider, to show the rules hold
  // whatever the contract says.
  const wide: ObjectMapping = {
    systems: { salesforce: { objects: ['Account'], externalIds: {}, required: [] }, zoominfo: { objects: ['company'], externalIds: {}, required: [] } },
    fields: {
      name: { type: 'string', owner: 'salesforce', map: { zoominfo: { field: 'name', direction: 'out', transform: [] } } },
      website: { type: 'url', owner: 'zoominfo', map: { zoominfo: { field: 'website', direction: 'out', transform: [] } } },
      ownerId: { type: 'reference', owner: 'zoominfo', map: { zoominfo: { field: 'ownerId', direction: 'out', transform: [] } } },
      industry: { type: 'string', owner: 'zoominfo', map: { zoominfo: { field: 'industry', direction: 'out', transform: [] } } },
      phone: { type: 'string', owner: 'salesforce', map: { zoominfo: { field: 'phone', direction: 'out', transform: [] } } },
      rating: { type: 'string', owner: 'salesforce', policy: 'newest', map: { zoominfo: { field: 'rating', direction: 'out', transform: [] } } },
      ticker: { type: 'string', owner: 'salesforce', map: { zoominfo: { field: 'ticker', direction: 'in', transform: [] } } },
    },
  };

  it("never fills a review field it does not own, nor a newest field's blank its system of record reported", () => {
    const rated = (source: string) => golden({ rating: { value: null, source, observedAt: 1, eventId: 'x' } });
    const reviewed: ObjectMapping = { ...wide, fields: { ...wide.fields, rating: { ...wide.fields['rating']!, policy: 'review' } } };
    expect(enrichableFields(wide, 'zoominfo', 'company', 'company', rated('salesforce'))).not.toContain('rating');
    expect(enrichableFields(wide, 'zoominfo', 'company', 'company', rated('hubspot'))).toContain('rating');
    expect(enrichableFields(reviewed, 'zoominfo', 'company', 'company', rated('hubspot'))).not.toContain('rating');
  });

  it('never proposes a lookup key, a reference, a blank, a field it does not read, or over a value or an owner decision (any answer, any golden record)', () => {
    const value = fc.oneof(fc.constant(null), fc.constant(''), fc.string({ maxLength: 4 }), fc.integer());
    const vendorFields = fc.dictionary(fc.constantFrom('name', 'website', 'ownerId', 'industry', 'phone', 'rating', 'ticker', 'unmapped'), value);
    const known = fc.dictionary(fc.constantFrom(...Object.keys(wide.fields)), fc.record({ value, source: fc.constantFrom('salesforce', 'hubspot', 'zoominfo'), observedAt: fc.nat(1_000_000) }));
    fc.assert(
      fc.property(vendorFields, known, (vendor, fields) => {
        const record = golden(Object.fromEntries(Object.entries(fields).map(([k, o]) => [k, { ...o, eventId: 'x' }])));
        const out = enrichmentObservations(wide, 'zoominfo', 'company', 'company', vendor, record, AT);
        for (const [name, observation] of Object.entries(out)) {
          const spec = wide.fields[name]!;
          const current = record.fields[name];
          expect(['name', 'website', 'country']).not.toContain(name);
          expect(spec.type).not.toBe('reference');
          expect(spec.map['zoominfo']?.direction).toBe('out');
          expect(observation.value === null || observation.value === '').toBe(false);
          if (spec.owner === 'zoominfo') expect(observation.observedAt).toBe(AT.observedAt);
          else {
            expect(current === undefined || current.value === null || current.value === '').toBe(true);
            expect(current?.source).not.toBe(spec.owner);
            expect(observation.observedAt).toBe((current?.observedAt ?? 0) + 1);
          }
        }
      }),
    );
  });

  it('fills nothing on an object the provider does not map, whatever the vendor answers', () => {
    const deal = plan.objects['deal']!;
    expect(enrichableFields(deal, 'zoominfo', 'company', 'company', emptyGoldenRecord())).toEqual([]);
    expect(enrichmentObservations(deal, 'zoominfo', 'company', 'company', { industry: 'Software', amount: 5 }, emptyGoldenRecord(), AT)).toEqual({});
  });
});
