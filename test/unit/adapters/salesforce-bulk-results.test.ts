import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { bulkUpsertCsv, mapBulkResults, parseBulkError, type BulkRow } from '#adapters/vendors/salesforce/bulk-writer';
import type { UpsertRecord } from '#ports/crm';

const FIELD = 'HubSpot_Id__c';
const rec = (externalId: string, fields: UpsertRecord['fields'] = {}): UpsertRecord => ({ externalId, fields });
const none = { successfulResults: [], failedResults: [], unprocessedRecords: [] };

describe('mapBulkResults', () => {
  it('maps success, failure and unprocessed rows back to input order by external id', () => {
    const records = [rec('a'), rec('b'), rec('c'), rec('d')];
    const results = mapBulkResults(FIELD, records, {
      successfulResults: [{ sf__Id: '003B', sf__Created: 'false', [FIELD]: 'b' }, { sf__Id: '003A', sf__Created: 'true', [FIELD]: 'a' }],
      failedResults: [{ sf__Id: '', sf__Error: 'REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --', [FIELD]: 'c' }],
      unprocessedRecords: [{ [FIELD]: 'd' }],
    });
    expect(results).toEqual([
      { ok: true, id: '003A', created: true },
      { ok: true, id: '003B', created: false },
      { ok: false, code: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', retryable: false },
      { ok: false, code: 'BULK_UNPROCESSED', message: expect.any(String), retryable: true },
    ]);
  });

  it('fails records the job never reported retryably', () => {
    expect(mapBulkResults(FIELD, [rec('lost')], none)).toEqual([{ ok: false, code: 'BULK_RESULT_MISSING', message: expect.any(String), retryable: true }]);
  });

  it('marks retryable codes from sf__Error as retryable', () => {
    const [result] = mapBulkResults(FIELD, [rec('x')], { ...none, failedResults: [{ sf__Id: '', sf__Error: 'UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record:--', [FIELD]: 'x' }] });
    expect(result).toMatchObject({ ok: false, code: 'UNABLE_TO_LOCK_ROW', retryable: true });
  });

  it('gives every input its own row, whatever order the rows come in', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 30 }), fc.integer(), (keys, seed) => {
        const rows: BulkRow[] = keys.map((k, i) => ({ sf__Id: `id-${i}`, sf__Created: 'true', [FIELD]: k }));
        const shuffled = [...rows].sort((x, y) => ((x['sf__Id'] ?? '') + seed).localeCompare((y['sf__Id'] ?? '') + String(seed * 7)));
        const results = mapBulkResults(FIELD, keys.map((k) => rec(k)), { ...none, successfulResults: shuffled.reverse() });
        expect(results).toEqual(keys.map((_, i) => ({ ok: true, id: `id-${i}`, created: true })));
      }),
    );
  });
});

describe('parseBulkError', () => {
  it.each([
    ['REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --', 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [LastName]', ['LastName']],
    ['STRING_TOO_LONG:First Name: data value too large: xxxx (max length=40):FirstName --', 'STRING_TOO_LONG', 'First Name: data value too large: xxxx (max length=40)', ['FirstName']],
    ['INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--', 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []],
    ["INVALID_FIELD:No such column 'X' on entity 'Account'.", 'INVALID_FIELD', "No such column 'X' on entity 'Account'.", []],
    ['something odd', 'UNKNOWN_ERROR', 'something odd', []],
  ])('parses %s', (text, code, message, fields) => {
    expect(parseBulkError(text)).toEqual({ code, message, fields });
  });

  it('names the field of a too-long value in the mapped result, without the value', () => {
    const failed = [{ sf__Id: '', sf__Error: `STRING_TOO_LONG:First Name: data value too large: ${'y'.repeat(500)} (max length=40):FirstName --`, [FIELD]: 'k1' }];
    const [result] = mapBulkResults(FIELD, [rec('k1')], { successfulResults: [], failedResults: failed, unprocessedRecords: [] });
    expect(result).toEqual({ ok: false, code: 'STRING_TOO_LONG', message: 'FirstName is longer than Salesforce accepts (STRING_TOO_LONG, max length 40)', retryable: false });
  });
});

describe('bulkUpsertCsv', () => {
  it('writes every column for every record, #N/A for null and blank for a missing field', () => {
    const csv = bulkUpsertCsv(FIELD, [rec('a', { LastName: 'O"Neil, Jr', Title: null }), rec('b', { Email: 'b@x.io', Score: 3, Active: true })]);
    expect(parse(csv)).toEqual([
      [FIELD, 'LastName', 'Title', 'Email', 'Score', 'Active'],
      ['a', 'O"Neil, Jr', '#N/A', '', '', ''],
      ['b', '', '', 'b@x.io', '3', 'true'],
    ]);
  });
});
