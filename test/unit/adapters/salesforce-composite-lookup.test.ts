import fc from 'fast-check';
import type { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { CompositeSubrequestError, queryThroughComposite } from '#adapters/vendors/salesforce/composite-query';
import { classifySalesforceError } from '#adapters/vendors/salesforce/classify-error';
import { COMPOSITE_LOOKUP_LIMITS, IN_LOOKUP_LIMITS, inLookupStatements } from '#adapters/vendors/salesforce/in-lookup';
import { PermanentError } from '#domain/errors';
import { parseSoql } from '#local/sandboxes/salesforce/soql';

/** The string literals of a statement's `IN (...)`, as the sandbox's SOQL parser reads them back. */
function inValues(soql: string): string[] {
  const where = parseSoql(soql).where;
  const list = where?.kind === 'and' ? where.operands[0] : where;
  if (list?.kind !== 'in') throw new Error(`no IN list in ${soql}`);
  return list.values.map((v) => (v.kind === 'string' ? v.value : `<${v.kind}>`));
}

const email = fc.tuple(fc.stringMatching(/^[A-Za-z0-9._%+'\\-]{1,60}$/), fc.domain()).map(([local, domain]) => `${local}@${domain}`);

describe('inLookupStatements with COMPOSITE_LOOKUP_LIMITS', () => {
  it('puts every value in exactly one statement within 100,000 characters and 1,000 values', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(email, fc.string({ unit: 'grapheme', maxLength: 300 })), { maxLength: 1_500 }), (values) => {
        const statements = inLookupStatements('Contact', 'Email', values, COMPOSITE_LOOKUP_LIMITS);

        expect(statements.flatMap(inValues)).toEqual(values);
        for (const soql of statements) {
          expect(soql.length).toBeLessThanOrEqual(COMPOSITE_LOOKUP_LIMITS.statementChars);
          expect(inValues(soql).length).toBeLessThanOrEqual(COMPOSITE_LOOKUP_LIMITS.values);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('splits by value count and by statement length, filling each statement as far as it goes', () => {
    const short = Array.from({ length: 2_500 }, (_, i) => `${i}@x.io`);
    const long = Array.from({ length: 300 }, (_, i) => `${i}@${'x'.repeat(3_000)}.io`);

    const [byCount, byLength] = [short, long].map((values) => inLookupStatements('Contact', 'Email', values, COMPOSITE_LOOKUP_LIMITS));

    expect(byCount?.map((s) => inValues(s).length)).toEqual([1_000, 1_000, 500]);
    expect(byLength?.flatMap(inValues)).toEqual(long);
    expect(byLength?.every((s) => s.length <= COMPOSITE_LOOKUP_LIMITS.statementChars)).toBe(true);
    expect(Math.max(...(byLength ?? []).map((s) => s.length))).toBeGreaterThan(COMPOSITE_LOOKUP_LIMITS.statementChars - 3_100);
  });

  it('keeps a window of 200 long addresses in one statement, where a GET needs several', () => {
    const values = Array.from({ length: 200 }, (_, i) => `someone.with.a.long.name.${i}@subsidiary.example.com`);

    const composite = inLookupStatements('Lead', 'Email', values, COMPOSITE_LOOKUP_LIMITS);
    const get = inLookupStatements('Lead', 'Email', values, IN_LOOKUP_LIMITS);

    expect(composite).toHaveLength(1);
    expect(get.length).toBeGreaterThan(1);
    expect(composite[0]).toMatch(/ AND IsConverted = false ORDER BY Id$/);
  });
});

/** A connection whose `requestPost` answers with `answer` and records what it was sent. */
function fakeConnection(answer: (body: { compositeRequest: { url: string; referenceId: string }[] }) => unknown) {
  const sent: { url: string; body: { compositeRequest: { url: string; referenceId: string }[] } }[] = [];
  const connection = {
    version: '62.0',
    requestPost: (url: string, body: { compositeRequest: { url: string; referenceId: string }[] }) => {
      sent.push({ url, body });
      return Promise.resolve(answer(body));
    },
  } as unknown as Connection;
  return { connection, sent };
}

describe('queryThroughComposite', () => {
  it('sends five query subrequests per call to the connection version\'s composite resource', async () => {
    const { connection, sent } = fakeConnection((body) => ({
      compositeResponse: body.compositeRequest.map((r) => ({ body: { done: true, records: [{ Id: r.url }] }, httpHeaders: {}, httpStatusCode: 200, referenceId: r.referenceId })),
    }));
    const statements = Array.from({ length: 7 }, (_, i) => `SELECT Id FROM Contact WHERE Email IN ('${i}@x.io')`);

    const rows = await queryThroughComposite(connection, statements);

    expect(sent.map((s) => [s.url, s.body.compositeRequest.length])).toEqual([['/services/data/v62.0/composite', 5], ['/services/data/v62.0/composite', 2]]);
    expect(rows.map((r) => r[0]?.['Id'])).toEqual(statements.map((s) => `/services/data/v62.0/query/?q=${encodeURIComponent(s)}`));
  });

  it('fails with the refusal of the whole request, which classifies as a permanent LIMIT_EXCEEDED', async () => {
    const { connection } = fakeConnection(() => ({
      compositeResponse: [{ body: [{ errorCode: 'LIMIT_EXCEEDED', message: 'The request can’t contain more than 25 operations.' }], httpHeaders: {}, httpStatusCode: 400, referenceId: null }],
    }));

    const error = await queryThroughComposite(connection, ['SELECT Id FROM Contact']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CompositeSubrequestError);
    expect(classifySalesforceError(error)).toBeInstanceOf(PermanentError);
    expect((classifySalesforceError(error) as PermanentError).code).toBe('LIMIT_EXCEEDED');
  });

  it('fails with a failed subrequest\'s own error, retryable when Salesforce\'s code is', async () => {
    const { connection } = fakeConnection((body) => ({
      compositeResponse: body.compositeRequest.map((r, i) =>
        i === 1 ? { body: [{ errorCode: 'QUERY_TIMEOUT', message: 'Your query request was running for too long.' }], httpHeaders: {}, httpStatusCode: 400, referenceId: r.referenceId } : { body: { done: true, records: [] }, httpHeaders: {}, httpStatusCode: 200, referenceId: r.referenceId },
      ),
    }));

    const error = await queryThroughComposite(connection, ['SELECT Id FROM Contact', 'SELECT Id FROM Lead']).catch((e: unknown) => e);

    expect((error as CompositeSubrequestError).errorCode).toBe('QUERY_TIMEOUT');
    expect(classifySalesforceError(error)).not.toBeInstanceOf(PermanentError);
  });
});
