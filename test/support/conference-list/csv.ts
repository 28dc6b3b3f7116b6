import { CSV_HEADER, type ListRow } from './types.ts';

/** UTF-8's byte order mark, which Excel's "CSV UTF-8" export writes first. */
export const BOM = '\uFEFF';

/**
 * The list as a registration tool exports it: RFC 4180 (every cell quoted, a quote doubled inside a cell, CRLF
 * after every record, the last one included), the header first. No cell holds a line break, so record n is line
 * n + 1 and the header is line 1.
 */
export function renderCsv(rows: readonly ListRow[], bom: boolean): string {
  const lines = [CSV_HEADER, ...rows.map((r) => [r.firstName, r.lastName, r.email, r.company, r.title, r.phone, r.country])];
  return (bom ? BOM : '') + lines.map((cells) => cells.map(quote).join(',') + '\r\n').join('');
}

function quote(cell: string): string {
  if (/[\r\n]/.test(cell)) throw new Error(`a cell would span lines: ${JSON.stringify(cell)}`);
  return `"${cell.replaceAll('"', '""')}"`;
}
