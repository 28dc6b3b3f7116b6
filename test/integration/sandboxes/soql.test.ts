import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSoql, SOQL_MAX_LENGTH, SoqlStatementTooLong, SoqlSyntaxError } from '#local/sandboxes/salesforce/soql';
import { resolveQuery, runQuery } from '#local/sandboxes/salesforce/soql-eval';
import type { SfRecord } from '#local/sandboxes/salesforce/store';

type Value = string | number | boolean | null;
type Field = 'LastName' | 'Email' | 'HubSpot_Lead_Score__c' | 'Syncline_Deleted__c' | 'SystemModstamp';
type Op = '=' | '!=' | '<' | '<=' | '>' | '>=';
type Cond = { kind: 'cmp'; field: Field; op: Op; value: Value } | { kind: 'and' | 'or'; parts: Cond[] } | { kind: 'not'; part: Cond };

const WORDS = ['ada', 'Ada', "o'brien", 'back\\slash', 'zed', ''];
const STAMPS = ['2024-01-01T00:00:00Z', '2024-01-01T00:00:01Z', '2024-06-30T12:00:00Z'];
const sfStamp = (iso: string): string => iso.replace('Z', '.000+0000');

const recordArb = fc.record({
  LastName: fc.constantFrom(...WORDS.filter((w) => w !== '')),
  Email: fc.option(fc.constantFrom('a@x.io', 'B@x.io', 'c@y.io'), { nil: null }),
  HubSpot_Lead_Score__c: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
  Syncline_Deleted__c: fc.boolean(),
  SystemModstamp: fc.constantFrom(...STAMPS).map(sfStamp),
});

const opArb = fc.constantFrom<Op>('=', '!=', '<', '<=', '>', '>=');
const cmpArb: fc.Arbitrary<Cond> = fc.oneof(
  fc.record({ kind: fc.constant('cmp' as const), field: fc.constantFrom<Field>('LastName', 'Email'), op: opArb, value: fc.option(fc.constantFrom(...WORDS, 'a@x.io', 'b@x.io'), { nil: null }) }),
  fc.record({ kind: fc.constant('cmp' as const), field: fc.constant<Field>('HubSpot_Lead_Score__c'), op: opArb, value: fc.option(fc.integer({ min: -6, max: 6 }), { nil: null }) }),
  fc.record({ kind: fc.constant('cmp' as const), field: fc.constant<Field>('Syncline_Deleted__c'), op: fc.constantFrom<Op>('=', '!='), value: fc.boolean() }),
  fc.record({ kind: fc.constant('cmp' as const), field: fc.constant<Field>('SystemModstamp'), op: opArb, value: fc.constantFrom(...STAMPS) }),
);
const condArb: fc.Arbitrary<Cond> = fc.letrec<{ cond: Cond }>((tie) => ({
  cond: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    cmpArb,
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), parts: fc.array(tie('cond'), { minLength: 2, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('not' as const), part: tie('cond') }),
  ),
})).cond;

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function render(c: Cond): string {
  if (c.kind === 'not') return `NOT (${render(c.part)})`;
  if (c.kind !== 'cmp') return c.parts.map((p) => `(${render(p)})`).join(c.kind === 'and' ? ' AND ' : ' or ');
  const v = c.value;
  const literal = v === null ? 'null' : typeof v === 'string' ? (c.field === 'SystemModstamp' ? v : quote(v)) : String(v);
  return `${c.field} ${c.op} ${literal}`;
}

/** The reference semantics, written independently: case-insensitive text, nulls never order, `!=` matches null. */
function reference(r: Record<string, Value>, c: Cond): boolean {
  if (c.kind === 'not') return !reference(r, c.part);
  if (c.kind !== 'cmp') return c.kind === 'and' ? c.parts.every((p) => reference(r, p)) : c.parts.some((p) => reference(r, p));
  const actual = r[c.field] ?? null;
  if (c.value === null) return c.op === '=' ? actual === null : c.op === '!=' ? actual !== null : false;
  if (actual === null) return c.op === '!=';
  const key = (v: Value): number | string =>
    c.field === 'SystemModstamp' ? Date.parse(String(v).replace('.000+0000', 'Z')) : typeof v === 'string' ? v.toLowerCase() : Number(v);
  const [a, b] = [key(actual), key(c.value)];
  return { '=': a === b, '!=': a !== b, '<': a < b, '<=': a <= b, '>': a > b, '>=': a >= b }[c.op];
}

const toRecords = (rows: Array<Record<string, Value>>): SfRecord[] => rows.map((r, i) => ({ ...r, Id: `003Dn0000000${String(i).padStart(3, '0')}AAA`, IsDeleted: false }));

describe('SOQL subset parser and evaluator (properties)', () => {
  it('evaluates generated WHERE clauses exactly like the reference filter', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 12 }), condArb, (rows, cond) => {
        const records = toRecords(rows);
        const query = resolveQuery(parseSoql(`SELECT Id FROM Contact WHERE ${render(cond)}`));
        const got = runQuery(query, records).map((r) => r.Id);
        const want = records.filter((r) => reference(r as Record<string, Value>, cond)).map((r) => r.Id);
        expect(got).toEqual(want);
      }),
      { numRuns: 400 },
    );
  });

  it('evaluates IN and NOT IN lists on text and number fields like the reference filter, whatever the case', () => {
    const textValue = fc.option(fc.constantFrom(...WORDS, 'a@x.io', 'A@X.IO', 'b@x.io', 'c@y.io'), { nil: null });
    const listArb = fc.oneof(
      fc.record({ field: fc.constantFrom<Field>('LastName', 'Email'), values: fc.array(textValue, { minLength: 1, maxLength: 6 }) }),
      fc.record({ field: fc.constant<Field>('HubSpot_Lead_Score__c'), values: fc.array(fc.option(fc.integer({ min: -6, max: 6 }), { nil: null }), { minLength: 1, maxLength: 6 }) }),
    );
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 12 }), listArb, fc.boolean(), (rows, list, negated) => {
        const records = toRecords(rows);
        const literals = list.values.map((v) => (v === null ? 'null' : typeof v === 'string' ? quote(v) : String(v))).join(', ');
        const query = resolveQuery(parseSoql(`SELECT Id FROM Contact WHERE ${list.field} ${negated ? 'NOT IN' : 'IN'} (${literals})`));
        const got = runQuery(query, records).map((r) => r.Id);
        const inList = (r: SfRecord) => list.values.some((value) => reference(r as Record<string, Value>, { kind: 'cmp', field: list.field, op: '=', value }));
        expect(got).toEqual(records.filter((r) => inList(r) !== negated).map((r) => r.Id));
      }),
      { numRuns: 400 },
    );
  });

  it('orders by a field with nulls first ascending and honours LIMIT', () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 15 }), fc.integer({ min: 0, max: 20 }), fc.boolean(), (rows, limit, desc) => {
        const records = toRecords(rows);
        const q = resolveQuery(parseSoql(`SELECT Id FROM Contact ORDER BY HubSpot_Lead_Score__c ${desc ? 'DESC' : 'ASC'} LIMIT ${limit}`));
        const scores = runQuery(q, records).map((r) => r['HubSpot_Lead_Score__c'] as number | null);
        const rank = (s: number | null): number => (s === null ? (desc ? Infinity : -Infinity) : desc ? -s : s);
        expect(scores.length).toBe(Math.min(limit, records.length));
        expect(scores.map(rank)).toEqual([...scores].map(rank).sort((a, b) => a - b));
      }),
    );
  });

  it('round-trips any string through an escaped literal', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), (s) => {
        const where = parseSoql(`SELECT Id FROM Contact WHERE LastName = ${quote(s)}`).where;
        expect(where).toEqual({ kind: 'compare', field: 'LastName', op: '=', value: { kind: 'string', value: s } });
      }),
    );
  });

  it('fails arbitrary text only with SoqlSyntaxError', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          parseSoql(s);
        } catch (error) {
          expect(error).toBeInstanceOf(SoqlSyntaxError);
        }
      }),
    );
  });

  it.each([
    ['SELECT FROM Contact', 'unexpected token: FROM'],
    ['SELECT Id FROM Contact WHERE A = 1 AND B = 2 OR C = 3', 'unexpected token: OR'],
    ["SELECT Id FROM Contact WHERE Name = 'open", 'unterminated string literal'],
    ['SELECT Id FROM Contact LIMIT -1', 'unexpected token: -1'],
  ])('rejects %s', (q, message) => {
    expect(() => parseSoql(q)).toThrow(message);
  });

  it('rejects a statement longer than 100,000 characters and takes one of exactly that length', () => {
    const prefix = "SELECT Id FROM Contact WHERE LastName = '";
    const longest = `${prefix}${'x'.repeat(SOQL_MAX_LENGTH - prefix.length - 1)}'`;
    const tooLong = `${prefix}${'x'.repeat(SOQL_MAX_LENGTH - prefix.length)}'`;
    expect(longest).toHaveLength(100_000);
    expect(parseSoql(longest).object).toBe('Contact');
    expect(() => parseSoql(tooLong)).toThrow(SoqlStatementTooLong);
  });

  it('parses datetimes with offsets, IN lists and NULLS LAST', () => {
    const q = parseSoql("select Id from Contact where SystemModstamp >= 2024-01-01T00:00:00+02:00 and Email in ('a@x.io', null) order by Email asc nulls last limit 5 offset 2");
    expect(q).toMatchObject({ object: 'Contact', limit: 5, offset: 2, orderBy: [{ field: 'Email', direction: 'ASC', nulls: 'LAST' }] });
    expect(q.where).toMatchObject({ kind: 'and', operands: [{ value: { kind: 'datetime', value: '2024-01-01T00:00:00+02:00' } }, { kind: 'in', values: [{ kind: 'string' }, { kind: 'null' }] }] });
  });
});
