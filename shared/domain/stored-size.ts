/**
 * How many bytes a value takes when stored as one item of a key-value store, by DynamoDB's documented rules
 * (Developer Guide, "DynamoDB item sizes and formats"): strings are their UTF-8 bytes; numbers about one byte per two
 * significant digits plus one; booleans and nulls one byte; a map or list 3 bytes plus, per element, one byte, its
 * value and (for a map) its name. An item is a map without the 3 bytes of its own. Undefined values are left out,
 * as the document client leaves them out. An estimate: it is exact for strings, maps and lists, close for numbers.
 */

/** The largest item a store may hold (DynamoDB: 400 KB, counted as 1024-byte KB). */
export const STORED_ITEM_LIMIT_BYTES = 400 * 1024;

/** UTF-8 length of `text` without encoding it (a 300 KB string must not be copied to be measured). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4; // a surrogate pair is one code point of four bytes
      i++;
    } else bytes += 3;
  }
  return bytes;
}

function numberSize(value: number): number {
  const digits = String(Math.abs(value)).replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** The stored size of one value (an attribute's value, without its name). */
export function storedSizeBytes(value: unknown): number {
  if (typeof value === 'string') return utf8Length(value);
  if (typeof value === 'number') return numberSize(value);
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + storedSizeBytes(element), 0);
  if (typeof value === 'object') return 3 + attributesSize(value as Record<string, unknown>, 1);
  return 0;
}

function attributesSize(values: Record<string, unknown>, perElement: number): number {
  let size = 0;
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) size += perElement + utf8Length(name) + storedSizeBytes(value);
  }
  return size;
}

/** The stored size of a whole item: its attributes' names and values. */
export function itemSizeBytes(item: Record<string, unknown>): number {
  return attributesSize(item, 0);
}
