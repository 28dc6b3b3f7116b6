import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IN_LOOKUP_LIMITS, inLookupStatements } from '#adapters/vendors/salesforce/in-lookup';
import { PermanentError } from '#domain/errors';
import { parseSoql } from '#local/sandboxes/salesforce/soql';

/** The string literals of a statement's `IN (...)`, as Salesforce's parser (here the sandbox's) reads them back. */
function inValues(soql: string): string[] {
  const where = parseSoql(soql).where;
  const list = where?.kind === 'and' ? where.operands[0] : where;
  if (list?.kind !== 'in') throw new Error(`no IN list in ${soql}`);
  return list.values.map((v) => (v.kind === 'string' ? v.value : `<${v.kind}>`));
}

const whereOf = (soql: string): string => soql.slice(soql.indexOf('WHERE '), soql.lastIndexOf(' ORDER BY'));

function withinLimits(soql: string): boolean {
  return (
    inValues(soql).length <= IN_LOOKUP_LIMITS.values &&
    whereOf(soql).length <= IN_LOOKUP_LIMITS.whereChars &&
    soql.length <= IN_LOOKUP_LIMITS.statementChars &&
    encodeURIComponent(soql).length <= IN_LOOKUP_LIMITS.encodedChars
  );
}

const email = fc.tuple(fc.stringMatching(/^[A-Za-z0-9._%+'-]{1,40}$/), fc.domain()).map(([local, domain]) => `${local}@${domain}`);
// Quotes, backslashes, LIKE wildcards, non-ASCII: everything a literal must carry unchanged.
const anyText = fc.string({ unit: 'grapheme', maxLength: 300 });
// Addresses in other scripts: 9 URL-encoded characters per character, so the URL limit binds before the WHERE one.
const wideEmail = fc.tuple(fc.string({ unit: fc.constantFrom('名', 'é', 'ß', 'я', '😀'), minLength: 1, maxLength: 40 }), fc.domain()).map(([local, domain]) => `${local}@${domain}`);

describe('inLookupStatements', () => {
  it('puts every value in exactly one statement, in order, escaped so Salesforce reads it back unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(email, anyText), { maxLength: 700 }), (values) => {
        const statements = inLookupStatements('Contact', 'Email', values);
        expect(statements.flatMap(inValues)).toEqual(values);
        expect(statements.length === 0).toBe(values.length === 0);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps each statement within 200 values, the WHERE clause, statement and URL-encoded lengths', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(email, wideEmail, anyText, fc.string({ unit: 'binary', maxLength: 120 })), { maxLength: 900 }), (values) => {
        for (const soql of inLookupStatements('Contact', 'Email', values)) expect(withinLimits(soql)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('fills chunks as far as the limits allow: 200 short values, fewer long or non-ASCII ones', () => {
    const short = Array.from({ length: 450 }, (_, i) => `p${i}@x.io`);
    const long = Array.from({ length: 200 }, (_, i) => `${'a'.repeat(60)}${i}@example.com`);
    const wide = Array.from({ length: 200 }, (_, i) => `${'名'.repeat(30)}${i}@例え.jp`);

    const [byCount, byWhere, byUrl] = [short, long, wide].map((values) => inLookupStatements('Contact', 'Email', values));

    expect([...(byCount ?? []), ...(byWhere ?? []), ...(byUrl ?? [])].every(withinLimits)).toBe(true);
    expect(byCount?.map((s) => inValues(s).length)).toEqual([200, 200, 50]);
    expect(byWhere?.length).toBeGreaterThan(1);
    expect(Math.max(...(byWhere ?? []).map((s) => whereOf(s).length))).toBeGreaterThan(IN_LOOKUP_LIMITS.whereChars - 80);
    expect(Math.max(...(byUrl ?? []).map((s) => encodeURIComponent(s).length))).toBeGreaterThan(IN_LOOKUP_LIMITS.encodedChars - 300);
  });

  it('selects the field beside the Id, orders by Id, and leaves converted Leads out', () => {
    expect(inLookupStatements('Contact', 'Email', ["o'hara@x.io"])).toEqual(["SELECT Id, Email FROM Contact WHERE Email IN ('o\\'hara@x.io') ORDER BY Id"]);
    expect(inLookupStatements('Lead', 'Email', ['a@x.io', 'b@x.io'])).toEqual(["SELECT Id, Email FROM Lead WHERE Email IN ('a@x.io', 'b@x.io') AND IsConverted = false ORDER BY Id"]);
  });

  it('gives a value too long for any statement one of its own', () => {
    const huge = 'x'.repeat(IN_LOOKUP_LIMITS.whereChars + 1);
    const statements = inLookupStatements('Contact', 'Email', ['a@x.io', huge, 'b@x.io']);
    expect(statements.map(inValues)).toEqual([['a@x.io'], [huge], ['b@x.io']]);
  });

  it.each([['Contact; DELETE', 'Email'], ['Contact', 'Email) OR (Id']])('rejects the name in %s / %s', (objectType, field) => {
    expect(() => inLookupStatements(objectType, field, ['a@x.io'])).toThrow(PermanentError);
  });
});
