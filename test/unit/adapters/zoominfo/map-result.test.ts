import { describe, expect, it } from 'vitest';
import { toEnrichResult } from '#adapters/vendors/zoominfo/map-result';
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
