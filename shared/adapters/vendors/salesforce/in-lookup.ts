import { PermanentError } from '#domain/errors';
import { isLead } from './lead-conversion.ts';

/**
 * How far one `field IN (...)` lookup may go. Salesforce's limits, and what bounds each here:
 * - A SOQL statement holds at most 100,000 characters; longer ones fail with MALFORMED_QUERY (limits cheat sheet,
 *   "SOQL and SOSL Limits for Search Queries": "Maximum length of SOQL statements"; Help article 000386440).
 * - Strings in a WHERE clause hold at most 4,000 characters (same cheat sheet). Its current text applies this to
 *   each string; older editions and answers read it as the whole WHERE clause. The stricter reading is kept: the
 *   whole WHERE clause stays within 4,000 characters.
 * - jsforce sends the statement URL-encoded in the query string of a GET (vendor-apis §1.5), and a REST request's
 *   URI plus headers may hold at most 16,384 bytes: 431 past it, 414 when the URI alone is longer (Help article
 *   000386264). The encoded statement stays within 12,000 characters, leaving the rest to the path and headers.
 * - At most 200 values per statement, so one chunk's answer stays about a page (2,000 rows, vendor-apis §1.5).
 */
export const IN_LOOKUP_LIMITS = { statementChars: 100_000, whereChars: 4_000, encodedChars: 12_000, values: 200 } as const;

/** Bounds of one `field IN (...)` statement; a bound left out does not apply. */
export interface InLookupLimits {
  statementChars: number;
  values: number;
  whereChars?: number;
  encodedChars?: number;
}

/**
 * How far one statement sent inside a Composite request may go. The statement travels in the request's JSON body,
 * so the URI limit no longer bounds it; SOQL's own limits still do:
 * - 100,000 characters per statement, as above.
 * - 4,000 characters for each string within a WHERE clause: the limits cheat sheet's current text ("SOQL and SOSL
 *   Limits for Search Queries"). An e-mail address holds at most 80, so no value comes near it; a value that does
 *   gets refused by Salesforce as `findIds` would be.
 * - At most 1,000 values: with an e-mail's 80 characters (escaped, quoted, joined) that stays under 100,000
 *   characters, and when each value matches a few records the answer stays within a couple of 2,000-row pages,
 *   which are followed with Query More subrequests. A processor window holds up to 1,000 people, so one statement per
 *   object is the usual case.
 */
export const COMPOSITE_LOOKUP_LIMITS: InLookupLimits = { statementChars: 100_000, values: 1_000 };

/** `value` as a SOQL string literal: backslash and quote escaped, as `findIds` writes it. */
export function soqlStringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Characters `encodeURIComponent` leaves as they are; every other UTF-8 byte becomes `%XX`. */
const UNRESERVED = /[A-Za-z0-9\-_.!~*'()]/;

/** The length of `text` once URL-encoded, without encoding it (a lone surrogate counts as the U+FFFD it is sent as). */
function encodedLength(text: string): number {
  let length = 0;
  for (const char of text) length += UNRESERVED.test(char) ? 1 : 3 * Buffer.byteLength(char, 'utf8');
  return length;
}

/** A statement's size under each limit; sizes add up as literals join it, so a chunk grows in linear time. */
interface Size {
  values: number;
  where: number;
  statement: number;
  encoded: number;
}

function grown(size: Size, literal: string, separator: string): Size {
  const chars = separator.length + literal.length;
  const encoded = encodedLength(separator) + encodedLength(literal);
  return { values: size.values + 1, where: size.where + chars, statement: size.statement + chars, encoded: size.encoded + encoded };
}

const within = (s: Size, limits: InLookupLimits): boolean =>
  s.values <= limits.values && s.where <= (limits.whereChars ?? Infinity) && s.statement <= limits.statementChars && s.encoded <= (limits.encodedChars ?? Infinity);

/**
 * The statements that look `values` up by `field`, each within `limits` ({@link IN_LOOKUP_LIMITS} for a GET, by
 * default), every value in exactly one of them, in the order given. A Lead converted into a Contact is left out, as `findIds` leaves it out. A value too
 * long to fit any statement gets one of its own, which Salesforce then refuses as it would refuse `findIds`.
 */
export function inLookupStatements(objectType: string, field: string, values: readonly string[], limits: InLookupLimits = IN_LOOKUP_LIMITS): string[] {
  // Names come from the validated contract; checked again here because they go into SOQL unquoted.
  for (const name of [objectType, field]) if (!IDENTIFIER.test(name)) throw new PermanentError('BAD_FIELD', `"${name}" is not a Salesforce object or field name`);
  // The field comes back beside the Id so each row can be matched to its value (Id alone when the field is Id).
  const head = `SELECT ${field.toLowerCase() === 'id' ? 'Id' : `Id, ${field}`} FROM ${objectType} `;
  const open = `WHERE ${field} IN (`;
  const close = `)${isLead(objectType) ? ' AND IsConverted = false' : ''}`;
  // Ordered as `findIds` orders, so a value's first ten ids are the ten `findIds` answers with.
  const order = ' ORDER BY Id';
  const fixed = `${head}${open}${close}${order}`;
  const empty: Size = { values: 0, where: open.length + close.length, statement: fixed.length, encoded: encodedLength(fixed) };
  const statements: string[] = [];
  let chunk: string[] = [];
  let size = empty;
  for (const literal of values.map(soqlStringLiteral)) {
    let next = grown(size, literal, chunk.length > 0 ? ', ' : '');
    if (chunk.length > 0 && !within(next, limits)) {
      statements.push(`${head}${open}${chunk.join(', ')}${close}${order}`);
      chunk = [];
      next = grown(empty, literal, '');
    }
    chunk.push(literal);
    size = next;
  }
  if (chunk.length > 0) statements.push(`${head}${open}${chunk.join(', ')}${close}${order}`);
  return statements;
}
