import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { namingValues, recordLabel } from '#domain/record-label';

describe('recordLabel', () => {
  it('names a person by name and e-mail, a company or deal by its name', () => {
    expect(recordLabel('person', { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', title: 'CTO' })).toBe('Ada Lovelace <ada@example.com>');
    expect(recordLabel('person', { lastName: 'Lovelace' })).toBe('Lovelace');
    expect(recordLabel('person', { email: 'ada@example.com', firstName: null })).toBe('<ada@example.com>');
    expect(recordLabel('company', { name: 'Acme', website: 'acme.com' })).toBe('Acme');
    expect(recordLabel('deal', { name: 'Acme renewal', amount: 12000 })).toBe('Acme renewal');
  });

  it('names nothing it has no naming values for', () => {
    expect(recordLabel('person', {})).toBe('');
    expect(recordLabel('invoice', { name: 'x' })).toBe('');
  });

  it('keeps only the naming values that are set, and labels a record as its naming values do', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('firstName', 'lastName', 'email', 'phone', 'name'), fc.option(fc.string(), { nil: null })), fc.constantFrom('person', 'company', 'deal'), (values, object) => {
        const named = namingValues(object, values);
        expect(Object.values(named).every((v) => v !== null && String(v).trim() !== '')).toBe(true);
        expect(recordLabel(object, named)).toBe(recordLabel(object, values));
      }),
    );
  });
});
