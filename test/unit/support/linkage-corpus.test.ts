import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeCorpusCsv } from '#test/support/dedupe-corpus/cli';
import { exactEmailBaseline, scorePairwise } from '#test/support/dedupe-corpus/score';
import { canTellApart, hasLinkingEvidence, phoneKey } from '#test/support/linkage-corpus/evidence';
import { generateLinkageCorpus, salesforceCaseSafe, type LinkageRecord, type LinkageStyle } from '#test/support/linkage-corpus/generate';
import { MALE_GIVEN_NAMES } from '#test/support/linkage-corpus/nicknames';
import { VARIATIONS, VARIATION_NAMES } from '#test/support/linkage-corpus/variations';

const corpus = (records: number, seed = 42, style: LinkageStyle = 'salesforce') => [...generateLinkageCorpus({ records, seed, style })];

const SAMPLE = corpus(20_000, 2026);
const DUPLICATES = SAMPLE.filter((r) => r.originalId !== undefined);

describe('generateLinkageCorpus', () => {
  it('gives the same records for the same seed and different ones for another seed', () => {
    // Prepare / Act
    const [a, b, c] = [corpus(3_000, 9), corpus(3_000, 9), corpus(3_000, 10)];

    // Assess
    expect(b).toEqual(a);
    expect(c.map((r) => r.email)).not.toEqual(a.map((r) => r.email));
  });

  it.each([0, 1, 7, 999, 12_345])('produces exactly %i records with unique ids', (n) => {
    const records = corpus(n, n);
    expect(records).toHaveLength(n);
    expect(new Set(records.map((r) => r.id)).size).toBe(n);
  });

  it('streams: the first records of a billion-record corpus arrive without building it', () => {
    // An eager implementation would never return from this call.
    const it = generateLinkageCorpus({ records: 1_000_000_000, seed: 1 });
    const first = Array.from({ length: 500 }, () => it.next().value as LinkageRecord);
    expect(first.every((r) => typeof r.id === 'string')).toBe(true);
  });

  it('keeps heap growth modest while 200,000 records pass through', () => {
    // Prepare: holding 200,000 records would take well over 100 MB of heap.
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let count = 0;

    // Act
    for (const record of generateLinkageCorpus({ records: 200_000, seed: 3 })) {
      if (record.id && ++count % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }

    // Assess
    expect(count).toBe(200_000);
    expect((peak - before) / 1e6).toBeLessThan(60);
  });

  it.each(VARIATION_NAMES)('applies %s at roughly its documented rate', (name) => {
    // The rate is the draw probability; undrawable cases (no phone to reformat) lower it, the top-up of duplicates
    // that kept nothing raises it a little.
    const observed = DUPLICATES.filter((d) => d.variations.includes(name)).length / DUPLICATES.length;
    expect(observed).toBeGreaterThan(VARIATIONS[name].rate * 0.6);
    expect(observed).toBeLessThan(VARIATIONS[name].rate * 1.5);
  });

  it('gives most people one record and some two to four', () => {
    const sizes = new Map<string, number>();
    for (const r of SAMPLE) sizes.set(r.entityId, (sizes.get(r.entityId) ?? 0) + 1);
    const duplicated = [...sizes.values()].filter((n) => n > 1).length / sizes.size;
    expect(duplicated).toBeGreaterThan(0.12);
    expect(duplicated).toBeLessThan(0.3);
    expect(Math.max(...sizes.values())).toBeLessThanOrEqual(4);
    expect(DUPLICATES.every((d) => d.variations.length > 0 && d.perturbations.length === 0)).toBe(true);
  });

  it('labels every hard-negative group with at least two people who never share an entity and can be told apart', () => {
    // Prepare
    const groups = new Map<string, LinkageRecord[]>();
    for (const r of SAMPLE) if (r.hardNegative && r.originalId === undefined) groups.set(r.hardNegative.group, [...(groups.get(r.hardNegative.group) ?? []), r]);
    const kinds = new Set([...groups.values()].map((members) => members[0]?.negativeKind));

    // Assess
    expect(kinds).toEqual(new Set(['colleague-same-surname', 'colleague-same-given-name', 'sibling', 'father-son', 'switchboard', 'namesake']));
    for (const members of groups.values()) {
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(new Set(members.map((m) => m.entityId)).size).toBe(members.length);
      for (const a of members) for (const b of members) if (a !== b) expect(canTellApart(a, b), `${a.id} vs ${b.id}`).toBe(true);
    }
  });

  it('plants father and son with one name and one line, told apart by suffix and mailbox', () => {
    const groups = new Map<string, LinkageRecord[]>();
    for (const r of SAMPLE) if (r.negativeKind === 'father-son' && !r.originalId) groups.set(r.hardNegative?.group ?? '', [...(groups.get(r.hardNegative?.group ?? '') ?? []), r]);
    const pairs = [...groups.values()];
    expect(pairs.length).toBeGreaterThan(3);
    for (const [a, b] of pairs as [LinkageRecord, LinkageRecord][]) {
      expect(a.firstName).toBe(b.firstName);
      expect(MALE_GIVEN_NAMES.has(a.firstName.toLowerCase())).toBe(true);
      expect([a.lastName, b.lastName].some((l) => l.endsWith(' Jr.'))).toBe(true);
      expect(phoneKey(a.phone)).toBe(phoneKey(b.phone));
      expect(a.email).not.toBe(b.email);
    }
  });

  it('shapes ids per style: case-safe Salesforce Contact ids, numeric HubSpot ids', () => {
    const sf = corpus(500, 5, 'salesforce');
    const hs = corpus(500, 5, 'hubspot');
    for (const { id } of sf) {
      expect(id).toMatch(/^003[0-9A-Za-z]{12}[A-Z0-5]{3}$/);
      expect(salesforceCaseSafe(id.slice(0, 15))).toBe(id);
    }
    for (const { id } of hs) expect(id).toMatch(/^[1-9]\d{9,10}$/);
    expect(hs.filter((r) => r.website).length).toBeLessThan(sf.filter((r) => r.website).length);
    expect(hs.every((r) => r.email === r.email.toLowerCase())).toBe(true);
  });

  it('computes the Salesforce case-safe suffix as CASESAFEID does', () => {
    expect(salesforceCaseSafe('001000000000000')).toBe('001000000000000AAA');
    expect(salesforceCaseSafe('00100000000000A')).toBe('00100000000000AAAQ');
  });

  it('keeps linking evidence on every duplicate, for any seed and style', () => {
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom<LinkageStyle>('salesforce', 'hubspot'), fc.integer({ min: 50, max: 1_500 }), (seed, style, n) => {
        const byId = new Map<string, LinkageRecord>();
        const records = [...generateLinkageCorpus({ records: n, seed, style, window: 64 })];
        for (const r of records) byId.set(r.id, r);
        for (const dup of records.filter((r) => r.originalId !== undefined)) {
          const original = byId.get(dup.originalId ?? '');
          expect(original?.entityId).toBe(dup.entityId);
          expect(original?.originalId).toBeUndefined();
          expect(hasLinkingEvidence(original as LinkageRecord, dup), `${dup.id} ${dup.variations.join(',')}`).toBe(true);
          if (dup.hardNegative) expect(dup.email.toLowerCase()).toBe(original?.email.toLowerCase());
        }
      }),
      { numRuns: 25 },
    );
  });

  it('never gives two people one e-mail address, so exact e-mail matching is precise but misses duplicates', () => {
    const score = scorePairwise(
      SAMPLE.map((r) => [r.id, r.entityId] as const),
      exactEmailBaseline(SAMPLE),
    );
    expect(score.precision).toBe(1);
    expect(score.recall).toBeLessThan(0.95);
  });

  it('writes through the existing CSV exporter with its truth file', async () => {
    // Prepare
    const [out, truth] = [new PassThrough(), new PassThrough()];
    const chunks: string[] = [];
    const truthChunks: string[] = [];
    out.on('data', (c: Buffer) => chunks.push(c.toString()));
    truth.on('data', (c: Buffer) => truthChunks.push(c.toString()));

    // Act
    const result = await writeCorpusCsv(generateLinkageCorpus({ records: 2_500, seed: 8, style: 'hubspot' }), out, { format: 'hubspot', truth, debug: true });

    // Assess
    expect(result.records).toBe(2_500);
    expect(chunks.join('').split('\n')[0]).toContain('Record ID');
    expect(truthChunks.join('').trim().split('\n')).toHaveLength(2_501);
  });
});
