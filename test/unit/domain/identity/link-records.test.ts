import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkRecords, type LinkRecord } from '#domain/identity/link-records';
import { toMatchRecord, type MatchValues } from '#domain/identity/match-record';
import { defaultCompanyRules, defaultPersonRules } from '#domain/identity/rules';

const rec = (key: string, values: MatchValues, named?: string): LinkRecord => ({ key, record: toMatchRecord(values, { defaultCountry: 'US' }), ...(named ? { named } : {}) });

describe('linkRecords', () => {
  it('links each record to the anchor record it is, by e-mail or by name at the same company', () => {
    // Prepare
    const anchors = [rec('sf:1', { email: 'Ada@Acme.test', firstName: 'Ada', lastName: 'Lovelace' }), rec('sf:2', { firstName: 'Robert', lastName: 'Smith', account: 'entity:acme' })];
    const others = [rec('hs:a', { email: 'ada@acme.test' }), rec('hs:b', { firstName: 'Bob', lastName: 'Smith', email: 'bob@acme.test', account: 'entity:acme' })];

    // Act
    const outcome = linkRecords(defaultPersonRules, anchors, others);

    // Assess
    expect(outcome.pairs.map((p) => [p.anchor, p.other, p.evidence.rule])).toEqual([
      ['sf:1', 'hs:a', 'email'],
      ['sf:2', 'hs:b', 'person-model'],
    ]);
    expect(outcome.held).toEqual([]);
  });

  it('takes a record that names its anchor (a carried id) as linked, before any rule', () => {
    const outcome = linkRecords(defaultPersonRules, [rec('sf:1', { email: 'a@x.test' })], [rec('hs:a', { email: 'someone.else@y.test' }, 'sf:1')]);

    expect(outcome.pairs).toMatchObject([{ anchor: 'sf:1', other: 'hs:a', evidence: { rule: 'external-id' } }]);
  });

  it('gives an anchor two records claim to the better one, and holds the other for review', () => {
    const anchors = [rec('sf:1', { email: 'pat@acme.test', firstName: 'Pat', lastName: 'Jones', account: 'entity:acme' })];
    const others = [rec('hs:a', { email: 'pat@acme.test' }), rec('hs:b', { firstName: 'Pat', lastName: 'Jones', account: 'entity:acme' })];

    const outcome = linkRecords(defaultPersonRules, anchors, others);

    expect(outcome.pairs.map((p) => [p.anchor, p.other])).toEqual([['sf:1', 'hs:a']]);
    expect(outcome.held).toMatchObject([{ other: 'hs:b', candidates: ['sf:1'], code: 'DUPLICATE_IN_SOURCE' }]);
  });

  it('holds a record that matches two anchors equally well instead of guessing', () => {
    const anchors = [rec('sf:us', { name: 'Initech', website: 'initech.test' }), rec('sf:de', { name: 'Initech GmbH', website: 'https://initech.test/de' })];

    const outcome = linkRecords(defaultCompanyRules, anchors, [rec('hs:1', { name: 'Initech', website: 'initech.test' })]);

    expect(outcome.pairs).toEqual([]);
    expect(outcome.held).toMatchObject([{ other: 'hs:1', code: 'AMBIGUOUS_MATCH', candidates: ['sf:de', 'sf:us'] }]);
  });

  it('decides alike whatever the order of either list, and never links an anchor or a record twice', () => {
    const person = fc.record({
      first: fc.constantFrom('Ada', 'Bob', 'Robert', 'Pat', 'Sam'),
      last: fc.constantFrom('Smith', 'Smyth', 'Jones', 'Lee'),
      domain: fc.constantFrom('acme.test', 'globex.test', undefined),
      account: fc.constantFrom('entity:a', 'entity:b', undefined),
    });
    const values = (p: { first: string; last: string; domain: string | undefined; account: string | undefined }) => ({
      firstName: p.first,
      lastName: p.last,
      ...(p.domain ? { email: `${p.first}.${p.last}@${p.domain}`.toLowerCase() } : {}),
      ...(p.account ? { account: p.account } : {}),
    });
    fc.assert(
      fc.property(fc.array(person, { maxLength: 12 }), fc.array(person, { maxLength: 12 }), fc.integer(), (a, b, seed) => {
        const anchors = a.map((p, i) => rec(`sf:${i}`, values(p)));
        const others = b.map((p, i) => rec(`hs:${i}`, values(p)));
        const shuffle = <T>(xs: T[]) => xs.map((x, i) => [x, (i * 7919 + seed) % 101] as const).sort((x, y) => x[1] - y[1]).map(([x]) => x);

        const one = linkRecords(defaultPersonRules, anchors, others);
        const two = linkRecords(defaultPersonRules, shuffle([...anchors]), shuffle([...others]));

        expect(two).toEqual(one);
        const anchorsLinked = one.pairs.map((p) => p.anchor);
        const othersLinked = one.pairs.map((p) => p.other);
        expect(new Set(anchorsLinked).size).toBe(anchorsLinked.length);
        expect(new Set(othersLinked).size).toBe(othersLinked.length);
        expect(one.held.filter((h) => othersLinked.includes(h.other))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
