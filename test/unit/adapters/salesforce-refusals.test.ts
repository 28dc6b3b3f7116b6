import type { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { CallTimeoutError } from '#adapters/vendors/call-timeout';
import { classifySalesforceError, describeSalesforceError } from '#adapters/vendors/salesforce/classify-error';
import { salesforceWriter } from '#adapters/vendors/salesforce/writer';
import { PermanentError, RetryableError } from '#domain/errors';

const LONG = 'F'.repeat(10_000);
const tooLong = { message: `First Name: data value too large: ${LONG} (max length=40)`, fields: ['FirstName'] };

/** A connection whose collection upsert answers `results` (the shape jsforce resolves a composite answer to). */
const answering = (results: unknown[]) => ({ upsert: async () => results }) as unknown as Connection;

describe('describeSalesforceError', () => {
  it('rewords STRING_TOO_LONG to name the field and its limit, without the value', () => {
    expect(describeSalesforceError('STRING_TOO_LONG', tooLong.message, tooLong.fields)).toBe('FirstName is longer than Salesforce accepts (STRING_TOO_LONG, max length 40)');
  });

  it('names the fields of a refusal whose message quotes the value', () => {
    const text = describeSalesforceError('INVALID_EMAIL_ADDRESS', `Email: invalid email address: ${'x'.repeat(3_000)}`, ['Email']);
    expect(text).toBe('Email holds a value Salesforce refuses (INVALID_EMAIL_ADDRESS)');
  });

  it('keeps other messages, cut short, and adds the fields they do not name', () => {
    expect(describeSalesforceError('REQUIRED_FIELD_MISSING', 'Required fields are missing: [LastName]', ['LastName'])).toBe('Required fields are missing: [LastName]');
    expect(describeSalesforceError('FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Title must be set', ['Title__c'])).toBe('Title must be set (fields: Title__c)');
    expect(describeSalesforceError('UNKNOWN_EXCEPTION', 'm'.repeat(1_000))).toHaveLength(301);
  });
});

describe('salesforceWriter refusals in a collection answer', () => {
  it('returns a per-record STRING_TOO_LONG as a permanent failure whose message names the field', async () => {
    const writer = salesforceWriter(answering([{ success: false, errors: [{ statusCode: 'STRING_TOO_LONG', ...tooLong }] }, { id: '003A', success: true, created: true }]));

    const results = await writer.upsert('Contact', 'HubSpot_Id__c', [
      { externalId: '1', fields: { FirstName: LONG } },
      { externalId: '2', fields: { FirstName: 'Ada' } },
    ]);

    expect(results).toEqual([
      { ok: false, code: 'STRING_TOO_LONG', message: 'FirstName is longer than Salesforce accepts (STRING_TOO_LONG, max length 40)', retryable: false },
      { ok: true, id: '003A', created: true },
    ]);
  });
});

describe('classifySalesforceError refusals and timeouts', () => {
  it('rejects a whole-call STRING_TOO_LONG as PermanentError naming the field, never the value', () => {
    // jsforce's HttpApiError: message and errorCode of the single error, the error itself in `data`.
    const error = Object.assign(new Error(tooLong.message), { name: 'STRING_TOO_LONG', errorCode: 'STRING_TOO_LONG', data: { errorCode: 'STRING_TOO_LONG', ...tooLong } });

    const classified = classifySalesforceError(error);

    expect(classified).toBeInstanceOf(PermanentError);
    expect((classified as PermanentError).code).toBe('STRING_TOO_LONG');
    expect(classified.message).toBe('Salesforce refused the request (STRING_TOO_LONG): FirstName is longer than Salesforce accepts (STRING_TOO_LONG, max length 40)');
  });

  it('fails a timed-out call retryably, saying so and for how long it waited', () => {
    const classified = classifySalesforceError(new CallTimeoutError('Salesforce', 4_000));
    expect(classified).toBeInstanceOf(RetryableError);
    expect(classified.message).toBe('Salesforce call timed out after 4000 ms');
  });
});
