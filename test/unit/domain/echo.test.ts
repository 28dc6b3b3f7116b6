import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldValue } from '#domain/change-event';
import { isEcho, stripEchoedFields } from '#domain/echo';

describe('isEcho', () => {
  it('recognizes a change that only reports what Syncline last wrote', () => {
    const lastWritten = { email: 'ada@example.com', phone: '+44 20', company: 'Acme' };

    expect(isEcho(lastWritten, { email: 'ada@example.com', company: 'Acme' })).toBe(true);
  });

  it('rejects a change with any field Syncline did not write as not an echo', () => {
    expect(isEcho({ email: 'ada@example.com' }, { email: 'ada@example.com', phone: '+44 20' })).toBe(false);
    expect(isEcho({ email: 'ada@example.com' }, { email: 'grace@example.com' })).toBe(false);
  });

  it('counts a field Syncline never wrote as null, and an empty report as no echo', () => {
    expect(isEcho({ email: 'ada@example.com' }, { phone: null })).toBe(true);
    expect(isEcho({ email: 'ada@example.com' }, {})).toBe(false);
  });

  it('tells values of different types apart', () => {
    expect(isEcho({ score: 42 }, { score: '42' })).toBe(false);
  });
});

describe('stripEchoedFields', () => {
  it('keeps only the real change of a partial echo', () => {
    expect(stripEchoedFields({ email: 'ada@example.com', phone: '+44 20' }, { email: 'ada@example.com', phone: '+44 21' })).toEqual({ phone: '+44 21' });
  });
});

describe('echo properties', () => {
  const names = fc.constantFrom('a', 'b', 'c', 'd');
  const values = fc.dictionary(names, fc.constantFrom<FieldValue>('x', 'y', '1', 1, true, null));

  it('is an echo exactly when the report is non-empty and every reported field equals the last write', () => {
    fc.assert(
      fc.property(values, values, (lastWritten, incoming) => {
        const differing = Object.keys(incoming).filter((f) => (incoming[f] ?? null) !== (lastWritten[f] ?? null));

        expect(isEcho(lastWritten, incoming)).toBe(Object.keys(incoming).length > 0 && differing.length === 0);
      }),
      { numRuns: 1000 },
    );
  });

  it('treats any non-empty part of the last write, reported back, as an echo', () => {
    fc.assert(
      fc.property(values, fc.func(fc.boolean()), (lastWritten, keep) => {
        const part = Object.fromEntries(Object.entries(lastWritten).filter(([f]) => keep(f)));
        fc.pre(Object.keys(part).length > 0);

        expect(isEcho(lastWritten, part)).toBe(true);
        expect(stripEchoedFields(lastWritten, part)).toEqual({});
      }),
      { numRuns: 1000 },
    );
  });

  it('splits a report into real changes and echoed fields that together make the report', () => {
    fc.assert(
      fc.property(values, values, (lastWritten, incoming) => {
        const real = stripEchoedFields(lastWritten, incoming);
        const echoed = Object.fromEntries(Object.entries(incoming).filter(([f]) => !(f in real)));

        expect({ ...echoed, ...real }).toEqual(incoming);
        for (const [f, v] of Object.entries(real)) expect(v).toEqual(incoming[f]);
        if (Object.keys(echoed).length > 0) expect(isEcho(lastWritten, echoed)).toBe(true);
        for (const f of Object.keys(real)) expect(isEcho(lastWritten, { [f]: incoming[f] ?? null })).toBe(false);
        expect(Object.keys(real).length === 0).toBe(Object.keys(incoming).length === 0 || isEcho(lastWritten, incoming));
      }),
      { numRuns: 1000 },
    );
  });
});
