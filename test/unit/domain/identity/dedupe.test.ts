import { describe, expect, it } from 'vitest';
import { dedupeRecords, type DedupeProgress } from '#domain/identity/dedupe';
import { toMatchRecord, type MatchValues } from '#domain/identity/match-record';
import { handSetPersonRules as rules } from '#test/support/hand-set-person-rules';

const records = (...values: MatchValues[]) => values.map((v) => toMatchRecord(v, { defaultCountry: 'US' }));
const ruleNames = (indices: Int8Array) => [...indices].map((i) => (i < 0 ? 'unique' : rules.rules[i]?.name));

describe('dedupeRecords', () => {
  it('clusters duplicates, labels each cluster by its first record and names the rule that joined each record', () => {
    const result = dedupeRecords(rules, records(
      { firstName: 'Robert', lastName: 'Smith', email: 'robert.smith@acme.com', website: 'acme.com' },
      { firstName: 'Maria', lastName: 'Garcia', email: 'maria@globex.io', company: 'Globex Corp' },
      { firstName: 'Bob', lastName: 'Smith', email: 'bob.smith77@gmail.com', website: 'https://www.acme.com' },
      { email: 'ROBERT.SMITH+crm@acme.com' },
      { firstName: 'Maria', lastName: 'García', company: 'GLOBEX' },
      { firstName: 'Ana', lastName: 'Lee', email: 'ana@initech.com' },
    ));

    expect([...result.clusters]).toEqual([0, 1, 0, 0, 1, 5]);
    expect(ruleNames(result.rules)).toEqual(['name-and-domain', 'name-and-company', 'name-and-domain', 'email', 'name-and-company', 'unique']);
    expect([...result.scores]).toEqual([1, 1, 1, 1, 1, 0]);
    expect(result.reviews).toEqual([]);
  });

  it('sends a record that matches two different people equally to review, and joins neither', () => {
    const result = dedupeRecords(rules, records(
      { firstName: 'John', lastName: 'Smith', email: 'john.smith@acme.com' },
      { firstName: 'John', lastName: 'Smith', email: 'jsmith@acme.com' },
      { firstName: 'John', lastName: 'Smith', website: 'acme.com' },
    ));

    expect([...result.clusters]).toEqual([0, 1, 2]);
    expect(result.reviews.map((r) => [r.a, r.b, r.evidence.rule, r.evidence.score])).toEqual([[2, 0, 'name-and-domain', 1], [2, 1, 'name-and-domain', 1]]);
  });

  it('joins the clearly better of two contradicting clusters when the gap exceeds the margin', () => {
    const result = dedupeRecords(rules, records(
      { firstName: 'John', lastName: 'Smith', email: 'john.smith@acme.com' },
      { firstName: 'John', lastName: 'Smyth', email: 'john.smyth@acme.com' },
      { firstName: 'John', lastName: 'Smith', website: 'acme.com' },
    ));

    expect([...result.clusters]).toEqual([0, 1, 0]);
    expect(result.reviews).toEqual([]);
  });

  it('never lets a cluster take in a record that contradicts one of its members (different work e-mails)', () => {
    const result = dedupeRecords(rules, records(
      { firstName: 'John', lastName: 'Smith', email: 'john.smith@acme.com' },
      { firstName: 'John', lastName: 'Smith', website: 'acme.com' },
      { firstName: 'Johnny', lastName: 'Smith', email: 'jsmith@acme.com', website: 'acme.com' },
    ));

    // The third matches the second by name and domain, but the second's cluster holds another work address.
    expect([...result.clusters]).toEqual([0, 0, 2]);
  });

  it('joins two clusters that a later record shows to be one person', () => {
    const result = dedupeRecords(rules, records(
      { firstName: 'Robert', lastName: 'Smith', website: 'acme.com' },
      { firstName: 'Robert', lastName: 'Smith', phone: '(415) 782-3301' },
      { firstName: 'Bob', lastName: 'Smith', website: 'acme.com', phone: '+1 415 782 3301' },
    ));

    expect([...result.clusters]).toEqual([0, 0, 0]);
  });

  it('splits an oversized block by a finer key and bounds it by a window, never comparing all pairs', () => {
    const shared = (i: number) => ({ email: 'info@acme.com', firstName: i % 2 === 0 ? 'Ann' : 'Bo', lastName: i % 2 === 0 ? 'Lee' : 'Chan' });
    const many = records(...Array.from({ length: 24 }, (_, i) => shared(i)));

    const capped = dedupeRecords(rules, many, { maxBlockSize: 5 });
    const uncapped = dedupeRecords(rules, many);

    expect(new Set(capped.clusters)).toEqual(new Set([0, 1]));
    expect(capped.oversizedBlocks).toBeGreaterThan(0);
    expect(capped.windowedBlocks).toBeGreaterThan(0);
    expect(capped.comparisons).toBeLessThanOrEqual(24 * 5 * 4);
    expect(new Set(uncapped.clusters)).toEqual(new Set([0]));
    expect(uncapped.oversizedBlocks).toBe(0);
  });

  it('reports progress through the callback, and is deterministic', () => {
    const many = records(...Array.from({ length: 20_000 }, (_, i) => ({ firstName: 'Ann', lastName: `Lee${i % 97}`, email: `ann${i % 5000}@acme.com` })));
    const seen: DedupeProgress[] = [];

    const first = dedupeRecords(rules, many, { onProgress: (p) => seen.push(p) });
    const second = dedupeRecords(rules, many);

    expect(seen.map((p) => p.phase)).toEqual(['blocking', 'blocking', 'comparing', 'comparing']);
    expect(seen.at(-1)).toMatchObject({ records: 16_384, total: 20_000 });
    expect(first).toEqual(second);
    expect(new Set(first.clusters).size).toBe(5000);
  });
});
