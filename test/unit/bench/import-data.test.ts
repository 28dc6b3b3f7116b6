import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchFloor, inListQueries } from '#test/bench/import/floor';
import { generateImport } from '#test/bench/import/generate';

const normalized = (email: string) => email.trim().toLowerCase();

describe('generateImport', () => {
  it('gives the same rows and Salesforce records for the same seed', () => {
    // Prepare / Act
    const [a, b] = [generateImport(500, 7), generateImport(500, 7)];
    // Assess
    expect(b).toEqual(a);
    expect(generateImport(500, 8).rows).not.toEqual(a.rows);
  });

  it('keeps its ground truth: one address per person, re-entries after their original, Salesforce people counted once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 3_000 }), fc.integer({ min: 1, max: 1_000_000 }), (n, seed) => {
        // Act
        const data = generateImport(n, seed);
        // Assess
        expect(data.rows).toHaveLength(n);
        const firstRow = new Map<number, number>();
        data.rows.forEach((row, i) => {
          expect(normalized(row.properties.email)).toBe(data.emails[row.person]);
          if (!firstRow.has(row.person)) firstRow.set(row.person, i);
        });
        expect(new Set(data.rows.map((r) => normalized(r.properties.email))).size).toBe(data.counts.distinctImported);
        expect(n - data.counts.distinctImported).toBe(data.counts.inImportDuplicates);
        const seeded = new Set(data.salesforce.map((s) => s.person));
        expect(seeded.size).toBe(data.salesforce.length);
        for (const s of data.salesforce) expect(normalized(s.fields['Email'] ?? '')).toBe(data.emails[s.person]);
        const outside = [...seeded].filter((p) => !firstRow.has(p)).length;
        expect(data.expectedPeople).toBe(data.counts.distinctImported + outside);
        expect(data.counts.salesforceDuplicates).toBe(seeded.size - outside);
      }),
      { numRuns: 25 },
    );
  });
});

describe('batchFloor', () => {
  it('packs e-mail look-ups into queries whose URI stays within 16,384 bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z][a-z0-9._]{0,40}@[a-z]{1,20}\.example$/), { minLength: 1, maxLength: 2_000 }), (emails) => {
        // Act
        const { queries, largest } = inListQueries('https://x.my.salesforce.com', emails);
        // Assess: the longest list fits, and the lists together hold every address.
        const longest = [...emails].sort((a, b) => b.length - a.length).slice(0, largest);
        const soql = `SELECT Id, Email FROM Contact WHERE Email IN (${longest.map((e) => `'${e}'`).join(',')})`;
        expect(`https://x.my.salesforce.com/services/data/v62.0/query?q=${encodeURIComponent(soql)}`.length).toBeLessThanOrEqual(16_384);
        expect(queries * largest).toBeGreaterThanOrEqual(emails.length);
      }),
      { numRuns: 30 },
    );
  });

  it('fails to fit 2,000 look-ups into one query, and reads HubSpot in batches of 100', () => {
    // Prepare
    const data = generateImport(2_000, 42);
    // Act
    const floor = batchFloor(data);
    // Assess
    expect(floor.salesforce.lookups).toBeGreaterThan(2);
    expect(floor.hubspot.reads).toBe(Math.ceil(data.counts.distinctImported / 100));
    // With each batch read of contacts, one of their companies, and one batch update writing their Salesforce ids back.
    expect(floor.hubspot.total).toBe(3 * floor.hubspot.reads);
  });
});
