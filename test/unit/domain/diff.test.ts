import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffFields } from '#domain/diff';

describe('diffFields', () => {
  it('lists only changed fields, absent counting as null', () => {
    expect(diffFields({ A: 1, B: 'x' }, { A: 1, B: 'y', C: null, D: 'new' })).toEqual([
      { field: 'B', before: 'x', after: 'y' },
      { field: 'D', before: null, after: 'new' },
    ]);
  });

  it('is empty exactly when applying the next values leaves the previous ones unchanged', () => {
    const values = fc.dictionary(fc.constantFrom('A', 'B', 'C', 'D'), fc.oneof(fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 3 }), fc.constant(null)));
    fc.assert(
      fc.property(values, values, (previous, next) => {
        const changes = diffFields(previous, next);
        const applied = { ...previous, ...Object.fromEntries(changes.map((c) => [c.field, c.after])) };
        for (const [field, value] of Object.entries(next)) expect(applied[field] ?? null).toEqual(value ?? null);
        expect(diffFields(applied, next)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
