import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derivedFields, TECH_STACK_MAX, toEnrichResult } from '#adapters/vendors/zoominfo/map-result';
import { EnrichResultEntry } from '#adapters/vendors/zoominfo/response';

const entry = (raw: unknown) => EnrichResultEntry.parse(raw);

describe('toEnrichResult', () => {
  it('maps a FULL_MATCH with one record to matched, keeping scalar fields under their vendor names and the score', () => {
    const result = toEnrichResult(
      entry({ input: { emailaddress: 'a@b.example' }, data: [{ id: 7, jobTitle: 'CFO', phone: null, contactAccuracyScore: 93, domainList: ['b.example'], active: true }], matchStatus: 'FULL_MATCH' }),
    );

    expect(result).toEqual({ status: 'matched', fields: { id: 7, jobTitle: 'CFO', phone: null, contactAccuracyScore: 93, active: true }, score: 93 });
  });

  it('leaves out the score when the record has none (companies)', () => {
    expect(toEnrichResult(entry({ data: [{ industry: 'Software', employeeCount: 12 }], matchStatus: 'FULL_MATCH' }))).toEqual({ status: 'matched', fields: { industry: 'Software', employeeCount: 12 } });
  });

  it.each(['CONTACT_ONLY_MATCH', 'COMPANY_ONLY_MATCH', 'NO_MATCH', 'INVALID_INPUT', 'full_match', 'SOMETHING_NEW'])('writes nothing for status %s, even when data is present', (matchStatus) => {
    expect(toEnrichResult(entry({ data: [{ jobTitle: 'CFO' }], matchStatus }))).toEqual({ status: 'no-match', reason: matchStatus });
  });

  it('writes nothing when the status is missing', () => {
    expect(toEnrichResult(entry({ data: [{ jobTitle: 'CFO' }] }))).toEqual({ status: 'no-match', reason: 'UNKNOWN' });
  });

  it('writes nothing for a FULL_MATCH without data or with several candidates', () => {
    expect(toEnrichResult(entry({ data: [], matchStatus: 'FULL_MATCH' }))).toEqual({ status: 'no-match', reason: 'FULL_MATCH_WITHOUT_DATA' });
    expect(toEnrichResult(entry({ matchStatus: 'FULL_MATCH' }))).toEqual({ status: 'no-match', reason: 'FULL_MATCH_WITHOUT_DATA' });
    expect(toEnrichResult(entry({ data: [{ id: 1 }, { id: 2 }], matchStatus: 'FULL_MATCH' }))).toEqual({ status: 'no-match', reason: 'AMBIGUOUS' });
  });
});

describe('derivedFields', () => {
  const tech = (...products: string[]) => ({ techAttributes: products.map((product) => ({ product, vendor: 'v', category: 'c' })) });

  it('makes the tech stack of the products, once each, in ZoomInfo order, and the LinkedIn URL of the linkedin.com entry', () => {
    expect(derivedFields({ ...tech('Salesforce', 'Snowflake', 'Salesforce'), externalUrls: [{ type: 'twitter.com', url: 'https://twitter.com/x' }, { type: 'linkedin.com', url: 'https://www.linkedin.com/in/hschuck' }] })).toEqual({
      techStack: 'Salesforce; Snowflake',
      linkedinUrl: 'https://www.linkedin.com/in/hschuck',
    });
  });

  it('gives nothing for absent, empty or malformed lists, never a blank that would clear a value', () => {
    expect(derivedFields({})).toEqual({});
    expect(derivedFields({ techAttributes: [], externalUrls: [] })).toEqual({});
    expect(derivedFields({ techAttributes: 'Salesforce', externalUrls: [{ type: 'linkedin.com' }, null, { type: 'facebook.com', url: 'https://facebook.com/x' }] })).toEqual({});
  });

  it('keeps a long stack within 255 characters: whole product names in order, then how many were left out', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s.trim() !== '' && !s.includes(';')), { maxLength: 40 }), (names) => {
        const products = [...new Set(names.map((n) => n.trim()))];
        const stack = derivedFields(tech(...names)).techStack;
        if (products.length === 0) {
          expect(stack).toBeUndefined();
          return;
        }
        const text = String(stack);
        expect(typeof stack).toBe('string');
        expect(text.length).toBeLessThanOrEqual(TECH_STACK_MAX);
        // Only a first name too long to fit with the count: the count alone.
        if (/^\d+ products$/.test(text) && !products.includes(text)) return;
        const more = /; \+(\d+) more$/.exec(text);
        const kept = (more ? text.slice(0, more.index) : text).split('; ');
        expect(kept).toEqual(products.slice(0, kept.length));
        expect(kept.length + Number(more?.[1] ?? 0)).toBe(products.length);
      }),
      { numRuns: 300 },
    );
  });
});
