import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffFields } from '#domain/diff';
import { isEcho } from '#domain/echo';
import { normalizeType } from '#domain/mapping';

/**
 * What a vendor reads back is often not what was written: HubSpot answers "7.50" as "7.5", an epoch-ms datetime as
 * ISO without zero milliseconds; Salesforce a datetime with "+0000". Each pair must be one
 * canonical value, or echo suppression and read-before-write would see a change that is none.
 */
describe('typed comparisons: a value and its vendor-normalized read-back are one canonical value (property)', () => {
  const instant = fc.integer({ min: Date.parse('1971-01-01T00:00:00Z'), max: Date.parse('2099-12-31T23:59:59Z') });

  it('datetimes: epoch ms, ISO with and without milliseconds, and Salesforce +0000 agree', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const iso = new Date(ms).toISOString();
        const forms = [ms, String(ms), iso, iso.replace('.000Z', 'Z'), iso.replace('Z', '+0000'), iso.replace('Z', '+00:00')];
        expect(new Set(forms.map((f) => normalizeType(f, 'datetime')))).toEqual(new Set([iso]));
      }),
    );
  });

  it('dates: a midnight datetime, epoch ms of midnight and YYYY-MM-DD agree', () => {
    fc.assert(
      fc.property(instant, (ms) => {
        const day = new Date(ms).toISOString().slice(0, 10);
        const midnight = Date.parse(`${day}T00:00:00Z`);
        expect(new Set([day, `${day}T00:00:00Z`, String(midnight), midnight].map((f) => normalizeType(f, 'date')))).toEqual(new Set([day]));
      }),
    );
  });

  it('numbers: trailing zeros, leading zeros and a number agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const written = `${whole}.${String(cents).padStart(2, '0')}`;
        // HubSpot reads "12.50" back as "12.5": the written text and the read-back are one number.
        expect(normalizeType(`${written}0`, 'number')).toBe(normalizeType(String(Number(written)), 'currency'));
        expect(normalizeType(`00${Math.abs(whole)}`, 'number')).toBe(Math.abs(whole));
      }),
    );
  });

  it('checkboxes: a boolean and HubSpot\'s "true"/"false" read-back are no change and an echo; another text is a change', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.string(), (value, other) => {
        expect(diffFields({ flag: value }, { flag: String(value) })).toEqual([]);
        expect(isEcho({ flag: value }, { flag: String(value) })).toBe(true);
        expect(isEcho({ flag: String(value) }, { flag: value })).toBe(true);
        if (other !== 'true' && other !== 'false') expect(diffFields({ flag: value }, { flag: other })).toEqual([{ field: 'flag', before: value, after: other }]);
      }),
    );
    // Case is not folded: a text field's "TRUE" is not the checkbox's true.
    expect(diffFields({ flag: true }, { flag: 'TRUE' })).toHaveLength(1);
  });
});
