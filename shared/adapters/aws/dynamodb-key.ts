import { createHash } from 'node:crypto';

/**
 * DynamoDB's key limits (Developer Guide, "Constraints in Amazon DynamoDB" → Partition keys and sort keys): a
 * partition key value is 1 to 2048 bytes, a sort key value 1 to 1024 bytes, both counted as UTF-8.
 */
export const DYNAMODB_KEY_LIMIT_BYTES = { partition: 2048, sort: 1024 } as const;

/** The readable head kept in front of a digest, so a long key still says what it is about in the console. */
const HEAD_BYTES = 128;
/** Marks a digested key. A raw value that contains it is digested too, so no raw value can pose as a digest. */
const DIGEST_MARK = '~sha256:';

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The longest prefix of `text` within `maxBytes` of UTF-8 that does not split a code point. */
function headOf(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Bytes(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * The DynamoDB key value for `raw` (a key built from record values: a match key, a claim, a link, an audit key, an
 * idempotency key, a quarantine id, a cursor name). A value within `maxBytes` is kept as it is, readable; a longer
 * one becomes its first 128 bytes, `~sha256:` and the SHA-256 of the whole value in hex (at most 200 bytes).
 * Deterministic, so the same function on the write and the read path finds the same item; distinct values keep
 * distinct keys unless SHA-256 collides. Every store reads and writes its keys through this one function.
 */
export function dynamoKey(raw: string, maxBytes: number = DYNAMODB_KEY_LIMIT_BYTES.sort): string {
  if (utf8Bytes(raw) <= maxBytes && !raw.includes(DIGEST_MARK)) return raw;
  return `${headOf(raw, HEAD_BYTES)}${DIGEST_MARK}${createHash('sha256').update(raw, 'utf8').digest('hex')}`;
}

/** {@link dynamoKey} for a partition key (2048 bytes). */
export function partitionKey(raw: string): string {
  return dynamoKey(raw, DYNAMODB_KEY_LIMIT_BYTES.partition);
}

/** {@link dynamoKey} for a sort key (1024 bytes). */
export function sortKey(raw: string): string {
  return dynamoKey(raw, DYNAMODB_KEY_LIMIT_BYTES.sort);
}
