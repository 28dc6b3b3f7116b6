import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemSizeBytes, storedSizeBytes, utf8Length } from '#domain/stored-size';

describe('utf8Length', () => {
  it('counts the bytes Node encodes, for any text (lone surrogates included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
      }),
    );
  });
});

describe('itemSizeBytes', () => {
  it("follows DynamoDB's sizing: names and UTF-8 values, 3 bytes per map or list plus 1 per element", () => {
    // pk 2 + 4; n 1 + 3 (three digits: 2 bytes + 1); ok 2 + 1; m 1 + 3 + (1 + 1 + 2); l 1 + 3 + (1 + 1) + (1 + 1)
    const item = { pk: 'ab#c', n: 123, ok: true, m: { a: 'xy' }, l: ['z', null], skipped: undefined };
    expect(itemSizeBytes(item)).toBe(6 + 4 + 3 + 8 + 8);
  });

  it('grows with every byte of a string value', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (a, extra) => {
        expect(storedSizeBytes({ v: a + extra })).toBeGreaterThan(storedSizeBytes({ v: a }));
      }),
    );
  });
});
