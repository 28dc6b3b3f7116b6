import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DYNAMODB_KEY_LIMIT_BYTES, dynamoKey, partitionKey, sortKey } from '#adapters/aws/dynamodb-key';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
/** Any text, from empty to far beyond both key limits, in any script (multi-byte code points included). */
const anyText = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', minLength: 300, maxLength: 1_500 }), fc.string({ minLength: 1_000, maxLength: 5_000 }));

describe('dynamoKey', () => {
  it('keeps a key within the limit unchanged', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (raw) => {
        fc.pre(!raw.includes('~sha256:') && bytes(raw) <= DYNAMODB_KEY_LIMIT_BYTES.sort);
        expect(sortKey(raw)).toBe(raw);
        expect(partitionKey(raw)).toBe(raw);
      }),
    );
  });

  it('is deterministic and always within the limit', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        expect(partitionKey(raw)).toBe(partitionKey(raw));
        expect(bytes(partitionKey(raw))).toBeLessThanOrEqual(DYNAMODB_KEY_LIMIT_BYTES.partition);
        expect(bytes(sortKey(raw))).toBeLessThanOrEqual(DYNAMODB_KEY_LIMIT_BYTES.sort);
      }),
    );
  });

  it('keeps distinct values distinct, also values that share a long prefix', () => {
    fc.assert(
      fc.property(anyText, anyText, fc.string({ minLength: 2_100, maxLength: 2_200 }), (a, b, prefix) => {
        fc.pre(a !== b);
        expect(partitionKey(a)).not.toBe(partitionKey(b));
        expect(sortKey(prefix + a)).not.toBe(sortKey(prefix + b));
      }),
    );
  });

  it('digests a long key behind its readable head, and a short one posing as a digest too', () => {
    const email = `match#email|email=${'a'.repeat(3_000)}@example.com`;
    const digested = partitionKey(email);
    const impostor = `match#x~sha256:${'0'.repeat(64)}`;

    expect(digested).toMatch(/^match#email\|email=a+~sha256:[0-9a-f]{64}$/);
    expect(dynamoKey(impostor, 2048)).not.toBe(impostor);
    expect(dynamoKey(digested, 2048)).not.toBe(digested);
  });

  it('keeps a key of exactly the limit and digests one byte more', () => {
    expect(sortKey('k'.repeat(1_024))).toBe('k'.repeat(1_024));
    expect(sortKey('k'.repeat(1_025))).toContain('~sha256:');
    // 'é' is two bytes: 513 of them are 1,026 bytes though only 513 characters.
    expect(sortKey('é'.repeat(513))).toContain('~sha256:');
  });
});
