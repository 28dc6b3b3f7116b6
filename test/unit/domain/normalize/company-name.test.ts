import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeCompanyName } from '#domain/normalize/company-name';

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
/** Names with at least one word besides "the": a name made only of "the" is the one the rules keep as is. */
const name = fc.array(word, { minLength: 1, maxLength: 4 }).filter((words) => words.some((w) => w !== 'the'));
const legalForm = fc.constantFrom('Inc', 'Inc.', ', Inc.', 'Incorporated', 'LLC', 'L.L.C.', 'Ltd', 'Ltd.', 'Limited', 'GmbH', 'Corp.', 'Corporation', 'Co.', '& Co.', 'Company', 'PLC', 'AG', 'S.A.', 'SAS', 'B.V.', 'N.V.', 'Pty Ltd', 'Pty. Ltd.', 'S.r.l.', 'Oy', 'AB', 'AS', 'K.K.', 'LLP', 'LP', 'GmbH & Co. KG', 'S.A. de C.V.', 'Sp. z o.o.');

describe('normalizeCompanyName', () => {
  it.each([
    ['Acme, Inc.', 'acme'],
    ['ACME INCORPORATED', 'acme'],
    ['Acme L.L.C.', 'acme'],
    ['Acme Holdings Pty. Ltd.', 'acme holdings'],
    ['Société Générale S.A.', 'societe generale'],
    ['Müller GmbH & Co. KG', 'muller'],
    ['Smith & Co.', 'smith'],
    ['Procter & Gamble Co', 'procter and gamble'],
    ['Procter and Gamble Company', 'procter and gamble'],
    ['The Home Depot, Inc.', 'home depot'],
    ['Grupo Bimbo, S.A.B. de C.V.', 'grupo bimbo'],
    ['Amazon.com, Inc.', 'amazon'],
    ["McDonald's Corporation", 'mcdonalds'],
    ['AT&T Inc.', 'at and t'],
    ['Nokia Oyj', 'nokia'],
    ['Volvo AB (publ)', 'volvo'],
    ['Generation Y Inc', 'generation y'],
    ['  Acme   Widgets  ', 'acme widgets'],
  ])('keys %s as %s', (raw, expected) => {
    expect(normalizeCompanyName(raw)).toBe(expected);
  });

  it('never reduces a name to nothing', () => {
    expect(normalizeCompanyName('The Company Inc')).toBe('company');
    expect(normalizeCompanyName('Inc.')).toBe('inc');
    expect(normalizeCompanyName('The Inc')).toBe('inc');
    expect(normalizeCompanyName('The')).toBe('the');
    expect(normalizeCompanyName('Company Limited')).toBe('company');
  });

  it.each([['an empty string', ''], ['blanks', '   '], ['punctuation only', '--- / ...'], ['null', null], ['undefined', undefined]])('rejects %s', (_, raw) => {
    expect(normalizeCompanyName(raw)).toBeUndefined();
  });

  it('is idempotent', () => {
    const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.tuple(name, legalForm).map(([w, f]) => `The ${w.join(' ')} ${f}`));
    fc.assert(
      fc.property(text, (raw) => {
        const once = normalizeCompanyName(raw);
        expect(normalizeCompanyName(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('is invariant under case, punctuation between words, a leading "The" and appended legal forms', () => {
    const separator = fc.constantFrom(' ', ', ', ' - ', ' / ', '; ', ' (', ') ', '. ', '! ');
    fc.assert(
      fc.property(name, fc.array(separator, { minLength: 4, maxLength: 4 }), fc.boolean(), fc.boolean(), fc.array(legalForm, { maxLength: 3 }), (words, seps, upper, article, forms) => {
        const plain = words.join(' ');
        let fancy = words.reduce((text, w, i) => (i === 0 ? w : `${text}${seps[i] ?? ' '}${w}`), '');
        fancy = `${article ? 'The ' : ''}${upper ? fancy.toUpperCase() : fancy}${forms.map((f) => (f.startsWith(',') ? f : ` ${f}`)).join('')}`;
        expect(normalizeCompanyName(fancy)).toBe(normalizeCompanyName(plain));
      }),
      { numRuns: 1000 },
    );
  });

  it('is never empty for text with a letter or digit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }).filter((s) => /[a-z0-9]/i.test(s)), (raw) => {
        expect(normalizeCompanyName(raw)?.length ?? 0).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('tells different names apart', () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        fc.pre(a.join(' ') !== b.join(' '));
        const strip = (ws: string[]) => normalizeCompanyName(ws.join(' '));
        // Different word lists may only collide when the rules removed something from one of them.
        if (strip(a) === strip(b)) expect(strip(a) !== a.join(' ') || strip(b) !== b.join(' ')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
