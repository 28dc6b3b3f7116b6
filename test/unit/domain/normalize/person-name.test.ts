import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GIVEN_NAME_FORMS } from '#domain/normalize/nicknames';
import { foldAccents, foldName, givenNameForms, sameGivenName, splitFullName } from '#domain/normalize/person-name';

const tableNames = [...GIVEN_NAME_FORMS.keys()];
const someName = fc.oneof(fc.constantFrom(...tableNames), fc.stringMatching(/^[A-Za-z][a-z]{0,8}$/));

describe('foldAccents', () => {
  it('lowercases and folds accents, ligatures and letters NFKD cannot split', () => {
    expect(foldAccents('Zoë Ødegård')).toBe('zoe odegard');
    expect(foldAccents('Strauß Łódź Þór Æsa')).toBe('strauss lodz thor aesa');
    expect(foldAccents('ﬁnance Ⅻ')).toBe('finance xii');
  });
});

describe('foldName', () => {
  it.each([
    ["O'Brien", 'obrien'],
    ['O’Brien', 'obrien'],
    ['OBrien', 'obrien'],
    ['José', 'jose'],
    ['JOSÉ', 'jose'],
    ['Jean-Luc', 'jean luc'],
    ['Jean Luc', 'jean luc'],
    ['  Anne   MARIE ', 'anne marie'],
    ['St. John', 'st john'],
    ['Björk Guðmundsdóttir', 'bjork gudmundsdottir'],
    ['张伟', '张伟'],
  ])('folds %s to %s', (raw, expected) => {
    expect(foldName(raw)).toBe(expected);
  });

  it.each([['an empty string', ''], ['punctuation', "-- ' ."], ['null', null], ['undefined', undefined]])('rejects %s', (_, raw) => {
    expect(foldName(raw)).toBeUndefined();
  });

  it('is idempotent and leaves only lowercase letters, digits and single spaces', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (raw) => {
        const once = foldName(raw);
        expect(foldName(once)).toBe(once);
        if (once !== undefined) expect(once).toMatch(/^[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*$/u);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('givenNameForms', () => {
  it.each([
    ['robert', ['Bob', 'Rob', 'Robbie', 'Bobby', 'Robert']],
    ['elizabeth', ['Liz', 'Beth', 'Betty', 'Eliza', 'Lizzie', 'Elizabeth']],
    ['william', ['Bill', 'Will', 'Billy', 'Liam']],
    ['james', ['Jim', 'Jimmy', 'Jamie']],
    ['michael', ['Mike', 'Mikey', 'Mick']],
    ['katherine', ['Kate', 'Katie', 'Cathy', 'Kathy']],
    ['catherine', ['Kate', 'Katie', 'Cathy', 'Katherine', 'Kathryn']],
    ['christopher', ['Chris', 'Kit']],
    ['christine', ['Chris', 'Chrissy', 'Tina']],
    ['christina', ['Chris']],
    ['alexander', ['Alex', 'Sasha', 'Sandy']],
    ['alexandra', ['Alex', 'Lexi']],
    ['samuel', ['Sam', 'Sammy']],
    ['samantha', ['Sam']],
    ['daniel', ['Dan', 'Danny']],
    ['thomas', ['Tom', 'Tommy']],
    ['david', ['Dave', 'Davey']],
    ['joseph', ['Joe', 'Joey']],
    ['jennifer', ['Jen', 'Jenny']],
    ['steven', ['Steve', 'Stephen']],
    ['stephen', ['Steve', 'Steven']],
    ['anthony', ['Tony']],
    ['nicholas', ['Nick', 'Nicky']],
    ['matthew', ['Matt']],
    ['andrew', ['Andy', 'Drew']],
    ['patrick', ['Pat', 'Paddy']],
    ['patricia', ['Pat', 'Trish', 'Patty']],
    ['margaret', ['Peggy', 'Maggie', 'Meg']],
    ['richard', ['Dick', 'Rick', 'Rich', 'Ricky']],
    ['edward', ['Ted', 'Ed', 'Eddie', 'Ned']],
    ['john', ['Jack', 'Johnny']],
  ])('maps the forms of %s', (formal, names) => {
    for (const n of names) expect(givenNameForms(n).has(formal), n).toBe(true);
  });

  it('lists every meaning of an ambiguous nickname', () => {
    expect([...givenNameForms('Chris')].sort()).toEqual(['christina', 'christine', 'christopher', 'kristina', 'kristine', 'kristopher']);
  });

  it('maps a name the table does not know to itself, folded', () => {
    expect([...givenNameForms('Xavière')]).toEqual(['xaviere']);
  });

  it('rejects a blank name: it stands for no name', () => {
    expect(givenNameForms('  ').size).toBe(0);
    expect(givenNameForms(null).size).toBe(0);
  });

  it('holds at least 150 nicknames', () => {
    const nicknames = [...GIVEN_NAME_FORMS].filter(([name, forms]) => !forms.has(name));
    expect(nicknames.length).toBeGreaterThanOrEqual(150);
  });
});

describe('sameGivenName', () => {
  it.each([
    ['Bob', 'Robert'],
    ['Bobby', 'Rob'],
    ['Liz', 'Beth'],
    ['Steve', 'Stephen'],
    ['Stephen', 'Steven'],
    ['Kate', 'Catherine'],
    ['JOSÉ', 'jose'],
    ['Xavier', 'xavier'],
  ])('matches %s and %s', (a, b) => {
    expect(sameGivenName(a, b)).toBe(true);
  });

  it.each([
    ['Robert', 'Richard'],
    ['Chris', 'Alexander'],
    ['John', 'Jane'],
    ['Christopher', 'Christine'],
    ['', ''],
    [null, 'Bob'],
  ])('fails to match %s and %s', (a, b) => {
    expect(sameGivenName(a, b)).toBe(false);
  });

  it('agrees with intersecting givenNameForms, symmetrically', () => {
    fc.assert(
      fc.property(someName, someName, (a, b) => {
        const forms = givenNameForms(b);
        const intersect = [...givenNameForms(a)].some((f) => forms.has(f));
        expect(sameGivenName(a, b)).toBe(intersect);
        expect(sameGivenName(b, a)).toBe(intersect);
      }),
      { numRuns: 2000 },
    );
  });

  it('is reflexive for every name that folds to something', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (raw) => {
        expect(sameGivenName(raw, raw)).toBe(foldName(raw) !== undefined);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('splitFullName', () => {
  it.each([
    ['John Smith', 'John', 'Smith'],
    ['Smith, John', 'John', 'Smith'],
    ['  smith ,  john  ', 'john', 'smith'],
    ['Dr. John Smith Jr.', 'John', 'Smith'],
    ['Smith, John, PhD', 'John', 'Smith'],
    ['John Smith, Jr.', 'John', 'Smith'],
    ['Smith, Dr. John', 'John', 'Smith'],
    ['Ludwig van Beethoven', 'Ludwig', 'van Beethoven'],
    ['van Beethoven, Ludwig', 'Ludwig', 'van Beethoven'],
    ['Juan de la Cruz', 'Juan', 'de la Cruz'],
    ['Mary Ann Smith', 'Mary', 'Smith'],
    ["Siobhán O'Brien", 'Siobhán', "O'Brien"],
  ])('splits %s', (raw, first, last) => {
    expect(splitFullName(raw)).toEqual({ first, last });
  });

  it('takes a single word as the given name', () => {
    expect(splitFullName('Cher')).toEqual({ first: 'Cher', last: undefined });
  });

  it.each([['an empty string', ''], ['a comma', ' , '], ['null', null]])('rejects %s', (_, raw) => {
    expect(splitFullName(raw)).toBeUndefined();
  });

  it('gives the same parts for "First Last" and "Last, First"', () => {
    const reserved = new Set(['mrs', 'miss', 'prof', 'dame', 'herr', 'frau', 'mlle', 'srta', 'phd', 'esq', 'dds', 'della', 'iii']);
    const part = fc.stringMatching(/^[A-Z][a-z]{3,9}$/).filter((w) => !reserved.has(w.toLowerCase()));
    fc.assert(
      fc.property(part, part, (first, last) => {
        expect(splitFullName(`${first} ${last}`)).toEqual({ first, last });
        expect(splitFullName(`${last}, ${first}`)).toEqual({ first, last });
      }),
      { numRuns: 1000 },
    );
  });
});
