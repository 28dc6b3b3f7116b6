import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldValue } from '#domain/change-event';
import { MATCH_FIELDS, enrichmentDue, enrichmentInput, enrichmentObservations } from '#domain/enrichment';
import { emptyGoldenRecord, type GoldenRecord } from '#domain/golden-record';
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
    expect(blank).toEqual({ title: { value: 'VP of Sales', source: 'zoominfo', ...AT } });
    expect(held).toEqual({});
  });

  it('never proposes a lookup key, a reference, a null, or a field another system owns and holds (any vendor answer, any golden record)', () => {
    const value = fc.oneof(fc.constant(null), fc.string({ maxLength: 6 }), fc.integer());
    const fieldNames = Object.keys(company.fields);
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('name', 'website', 'industry', 'employeeCount', 'revenue', 'country', 'ownerId', 'jobTitle'), value),
        fc.dictionary(fc.constantFrom(...fieldNames), fc.record({ value, source: fc.constantFrom('salesforce', 'hubspot', 'zoominfo') })),
        (vendor, known) => {
          const record = golden(Object.fromEntries(Object.entries(known).map(([k, o]) => [k, { ...o, observedAt: 1, eventId: 'x' }])));
          const out = enrichmentObservations(company, 'zoominfo', 'company', 'company', vendor, record, AT);
          for (const [name, observation] of Object.entries(out)) {
            const spec = company.fields[name]!;
            expect(Object.values(MATCH_FIELDS.company)).not.toContain(name);
            expect(spec.type).not.toBe('reference');
            expect(observation.value).not.toBeNull();
            expect(spec.map['zoominfo']).toBeDefined();
            const current = record.fields[name];
            if (spec.owner !== 'zoominfo') expect(current === undefined || current.value === null || current.value === '').toBe(true);
          }
        },
      ),
    );
  });

  it('proposes nothing for an object the provider does not map', () => {
    expect(enrichmentObservations(company, 'zoominfo', 'company', 'company', {}, emptyGoldenRecord(), AT)).toEqual({});
  });
});
