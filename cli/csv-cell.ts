/**
 * Spreadsheet-safe CSV cells. Excel, LibreOffice Calc and Google Sheets read a cell that begins with `=`, `+`, `-`,
 * `@`, a tab or a carriage return as a formula, so an export holding a record id such as `=HYPERLINK(...)` runs it
 * when an operator opens the file. OWASP's advice (https://owasp.org/www-community/attacks/CSV_Injection): no cell
 * may begin with one of them; prefix such a cell with a single quote, and quote the field (RFC 4180 quoting, which
 * also escapes embedded double quotes).
 */

/** The first characters that make a spreadsheet evaluate a cell (OWASP CSV Injection). */
export const FORMULA_TRIGGERS: readonly string[] = ['=', '+', '-', '@', '\t', '\r'];

/** The mark that makes a spreadsheet read the rest of the cell as text. */
const TEXT_MARK = "'";

/**
 * The cell to write for `value`: a single quote is put before a value that begins with a formula trigger, and before
 * one that already begins with a single quote, so that {@link restoreCsvCell} gives back exactly what was written.
 */
export function escapeCsvCell(value: string): string {
  const first = value.charAt(0);
  return FORMULA_TRIGGERS.includes(first) || first === TEXT_MARK ? `${TEXT_MARK}${value}` : value;
}

/** The value a cell written by {@link escapeCsvCell} stands for: one leading single quote removed. */
export function restoreCsvCell(cell: string): string {
  return cell.startsWith(TEXT_MARK) ? cell.slice(TEXT_MARK.length) : cell;
}

/**
 * `csv-stringify` options that quote every escaped cell (one that begins with the text mark), as OWASP asks; other
 * cells are quoted only where RFC 4180 needs it.
 */
export const ESCAPED_CELL_QUOTING = { quoted_match: /^'/ } as const;
