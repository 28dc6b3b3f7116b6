import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Gate } from '#adapters/aws/in-flight-limit';

describe('Gate (the in-flight limit of a client)', () => {
  it('never lets more than its limit in, lets everyone in eventually, in the order they came', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 60 }), async (limit, holds) => {
        const gate = new Gate(limit);
        let inside = 0;
        let most = 0;
        const admitted: number[] = [];
        await Promise.all(
          holds.map(async (turns, n) => {
            await gate.enter();
            admitted.push(n);
            most = Math.max(most, ++inside);
            for (let t = 0; t < turns; t++) await Promise.resolve();
            inside--;
            gate.leave();
          }),
        );
        expect(most).toBeLessThanOrEqual(limit);
        expect(admitted).toEqual(holds.map((_, n) => n));
        expect([gate.inFlight, gate.waiting]).toEqual([0, 0]);
      }),
    );
  });

  it('refuses a limit that is not a positive integer', () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) expect(() => new Gate(limit)).toThrow(/positive integer/);
  });
});
