import { describe, expect, it } from 'vitest';
import { classifySalesforceError, duplicateCandidates, LIMIT_RETRY_AFTER_MS } from '#adapters/vendors/salesforce/classify-error';
import { type RetryableError, VendorPaused } from '#domain/errors';

const detail = {
  allowSave: false,
  duplicateRule: 'Standard_Contact_Duplicate_Rule',
  duplicateRuleEntityType: 'Contact',
  errorMessage: 'Use one of these records?',
  matchResults: [
    {
      entityType: 'Contact',
      matchEngine: 'ExactMatchEngine',
      matchRecords: [
        { matchConfidence: 100, record: { attributes: { type: 'Contact', url: '/x' }, Id: '003A' } },
        { matchConfidence: 100, record: { Id: '003B' } },
      ],
      size: 2,
      success: true,
    },
    { entityType: 'Lead', matchRecords: [{ record: { attributes: { type: 'Lead' }, Id: '00QC' } }, { record: { attributes: { type: 'Contact' }, Id: '003A' } }] },
  ],
};

describe('duplicateCandidates', () => {
  it('reads the live `duplicateResut` spelling from a collections SaveError', () => {
    expect(duplicateCandidates({ statusCode: 'DUPLICATES_DETECTED', message: 'Use one of these records?', duplicateResut: detail })).toEqual(['Contact:003A', 'Contact:003B', 'Lead:00QC']);
  });

  it('reads the `duplicateResult` spelling and a jsforce error carrying the body in data', () => {
    const jsforceError = Object.assign(new Error('Use one of these records?'), { errorCode: 'DUPLICATES_DETECTED', data: { errorCode: 'DUPLICATES_DETECTED', duplicateResult: detail } });
    expect(duplicateCandidates(jsforceError)).toEqual(['Contact:003A', 'Contact:003B', 'Lead:00QC']);
  });

  it.each([undefined, null, 'x', {}, { duplicateResut: { matchResults: 'nope' } }, { duplicateResut: { matchResults: [{ matchRecords: [{ record: { Id: 5 } }] }] } }])('gives no candidates for %j', (input) => {
    expect(duplicateCandidates(input)).toEqual([]);
  });
});

describe('classifySalesforceError on REQUEST_LIMIT_EXCEEDED', () => {
  const limit = (message: string) => Object.assign(new Error(message), { errorCode: 'REQUEST_LIMIT_EXCEEDED' });

  it('pauses Salesforce for a long wait on the daily allocation, never a retry at once', () => {
    const now = Date.parse('2026-12-06T12:00:00.000Z');
    const error = classifySalesforceError(limit('TotalRequests Limit exceeded.'), now);
    expect(error).toBeInstanceOf(VendorPaused);
    expect(error).toMatchObject({ vendor: 'salesforce', resumeAt: now + LIMIT_RETRY_AFTER_MS.daily });
  });

  it('retries the concurrent-request limit soon', () => {
    const error = classifySalesforceError(limit('ConcurrentPerOrgLongTxn Limit exceeded.'));
    expect((error as RetryableError).retryAfterMs).toBe(LIMIT_RETRY_AFTER_MS.concurrent);
    expect(LIMIT_RETRY_AFTER_MS.concurrent).toBeLessThan(LIMIT_RETRY_AFTER_MS.daily);
  });
});
