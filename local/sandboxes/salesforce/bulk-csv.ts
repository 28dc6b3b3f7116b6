import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { SaveError } from './errors.ts';
import type { FieldType } from './schema.ts';
import type { FieldValue } from './values.ts';

/** Bulk API 2.0 `columnDelimiter` values and their characters (vendor-apis §1.8). */
export const COLUMN_DELIMITERS = { BACKQUOTE: '`', CARET: '^', COMMA: ',', PIPE: '|', SEMICOLON: ';', TAB: '\t' } as const;

/** A `columnDelimiter` name. */
export type ColumnDelimiter = keyof typeof COLUMN_DELIMITERS;

/** Uploaded CSV: the header row and the data rows, as the raw strings sent. */
export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Thrown for CSV the job cannot read; the job fails with the message. */
export class CsvError extends Error {}

/** Parses uploaded CSV; every row must have the header's column count. */
export function parseCsv(text: string, delimiter: ColumnDelimiter): CsvTable {
  let records: string[][];
  try {
    records = parse(text, { delimiter: COLUMN_DELIMITERS[delimiter], bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (error) {
    throw new CsvError(`InvalidBatch : ${error instanceof Error ? error.message : 'the CSV could not be parsed'}`);
  }
  const [header, ...rows] = records;
  if (!header || header.every((h) => h.trim() === '')) throw new CsvError('InvalidBatch : The CSV has no header row.');
  return { header: header.map((h) => h.trim()), rows };
}

/** How a job writes its CSV: the job's `columnDelimiter` and `lineEnding` (both default to COMMA and LF). */
export interface CsvFormat {
  columnDelimiter?: ColumnDelimiter;
  lineEnding?: 'LF' | 'CRLF';
}

/** Result CSVs quote every value, header included, as Salesforce's do. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[], format: CsvFormat = {}): string {
  return stringify([header, ...rows], {
    quoted: true,
    quoted_empty: true,
    delimiter: COLUMN_DELIMITERS[format.columnDelimiter ?? 'COMMA'],
    record_delimiter: format.lineEnding === 'CRLF' ? '\r\n' : '\n',
  });
}

/**
 * `sf__Error` text: `CODE:message:fields --`, e.g. `REQUIRED_FIELD_MISSING:Required fields are missing: [LastName]:LastName --`
 * and `INVALID_CROSS_REFERENCE_KEY:invalid cross reference id:--` with no fields. The format is from captured results [T]
 * (vendor-apis §1.8); several fields are joined with commas [?].
 */
export function bulkErrorText(error: SaveError): string {
  return `${error.code}:${error.message}:${error.fields.length > 0 ? `${error.fields.join(',')} ` : ''}--`;
}

/**
 * One field value as a Bulk API CSV writes it: empty for null, `true`/`false`, numbers as digits, dates as
 * `YYYY-MM-DD` and datetimes in UTC with a `Z` (`2024-02-01T08:00:00.000Z`), not the `+0000` of REST JSON. The
 * datetime form is what Bulk query results carry in captured files [T]; the number form (no forced `.0`) [?].
 */
export function csvValue(type: FieldType | undefined, value: FieldValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (type === 'datetime' && typeof value === 'string') return value.replace(/\+0000$/, 'Z');
  return String(value);
}
