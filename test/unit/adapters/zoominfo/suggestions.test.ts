import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contactSearchRequest, toSuggestions } from '#adapters/vendors/zoominfo/enricher';

const preview = fc.record({
  id: fc.integer({ min: 1, max: 50 }).map(String),
  firstName: fc.constantFrom('Ada', 'Alan', '', ' Grace '),
  lastName: fc.constantFrom('Lovelace', 'Turing', '', '  '),
  jobTitle: fc.option(fc.constantFrom('CTO', 'VP Sales'), { nil: undefined }),
  contactAccuracyScore: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  company: fc.option(fc.record({ id: fc.constantFrom('501', '502', '503') }), { nil: undefined }),
});

describe('ZoomInfo contact suggestions', () => {
  it('keeps at most perAccount named people per company, in the order ZoomInfo ranked them', () => {
    fc.assert(
      fc.property(fc.array(preview, { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (previews, perAccount) => {
        const out = toSuggestions(previews, perAccount);
        const perCompany = new Map<string, number>();
        for (const s of out) perCompany.set(s.companyVendorId, (perCompany.get(s.companyVendorId) ?? 0) + 1);
        expect([...perCompany.values()].every((n) => n <= perAccount)).toBe(true);
        expect(out.every((s) => s.lastName !== '' && s.lastName === s.lastName.trim())).toBe(true);
        // A subsequence of the named previews with a company, and every one of those while its company has room.
        const eligible = previews.filter((p) => p.company && p.lastName.trim() !== '');
        const expected: string[] = [];
        const taken = new Map<string, number>();
        for (const p of eligible) {
          const c = p.company!.id;
          if ((taken.get(c) ?? 0) < perAccount) {
            taken.set(c, (taken.get(c) ?? 0) + 1);
            expected.push(`${p.id}@${c}`);
          }
        }
        expect(out.map((s) => `${s.vendorId}@${s.companyVendorId}`)).toEqual(expected);
      }),
    );
  });

  it('asks ZoomInfo for the companies and criteria in its own syntax: comma-separated ids and levels, titles joined by OR', () => {
    expect(contactSearchRequest(['501', '502'], { perAccount: 3, managementLevels: ['C-Level', 'VP-Level'], jobTitles: ['Sales', 'Revenue'], minScore: 80 })).toEqual({
      companyId: '501,502',
      managementLevel: 'C-Level,VP-Level',
      jobTitle: 'Sales OR Revenue',
      contactAccuracyScoreMin: 80,
      rpp: 100,
      sortBy: 'contactAccuracyScore',
      sortOrder: 'desc',
    });
    expect(contactSearchRequest(['501'], { perAccount: 1 })).toEqual({ companyId: '501', rpp: 100, sortBy: 'contactAccuracyScore', sortOrder: 'desc' });
  });
});
