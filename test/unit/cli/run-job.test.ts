import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executionName } from '#cli/run-job';

describe('executionName', () => {
  it('is a valid Step Functions execution name (at most 80 of [0-9A-Za-z_-]), the same for one run and different for two', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (a, b) => {
        const name = executionName(a);
        expect(name).toMatch(/^[0-9A-Za-z_-]{1,80}$/);
        expect(executionName(a)).toBe(name);
        if (a !== b) expect(executionName(b)).not.toBe(name);
      }),
    );
  });
});
