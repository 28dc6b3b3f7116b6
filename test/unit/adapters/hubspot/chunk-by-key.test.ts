import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HUBSPOT_BATCH_SIZE, chunkByKey } from '#adapters/vendors/hubspot/writer';

describe('chunkByKey', () => {
  it('splits into calls of at most 100 with no repeated key, keeping input order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 150 }), { maxLength: 450 }), (keys) => {
        const chunks = chunkByKey(keys, String);
        expect(chunks.flat()).toEqual(keys);
        for (const chunk of chunks) {
          expect(chunk.length).toBeGreaterThan(0);
          expect(chunk.length).toBeLessThanOrEqual(HUBSPOT_BATCH_SIZE);
          expect(new Set(chunk).size).toBe(chunk.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('uses the fewest calls when keys are distinct: 250 records make 100, 100, 50', () => {
    expect(chunkByKey(Array.from({ length: 250 }, (_, i) => i), String).map((c) => c.length)).toEqual([100, 100, 50]);
  });

  it('starts a new call at a repeated key', () => {
    expect(chunkByKey(['a', 'b', 'a', 'c'], (k) => k)).toEqual([['a', 'b'], ['a', 'c']]);
  });
});
