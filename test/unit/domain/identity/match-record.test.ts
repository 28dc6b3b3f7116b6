import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MatchKeyCache, toMatchRecord } from '#domain/identity/match-record';

const US = { defaultCountry: 'US' };

describe('toMatchRecord', () => {
  it('precomputes every match key from the canonical fields', () => {
    const record = toMatchRecord(
      { email: ' Bob.Smith+crm@Acme.com ', firstName: 'Bob', lastName: 'Smith', phone: '(415) 782-3301', company: 'The Acme Company, Inc.', website: 'https://www.acme.com/about', country: 'USA' },
      US,
    );

    expect(record).toEqual({
      emailKey: 'bob.smith@acme.com',
      emailIsFreeMail: false,
      phone: '+14157823301',
      domain: 'acme.com',
      companyKey: 'acme',
      firstName: 'bob',
      lastName: 'smith',
      suffix: undefined,
      givenForms: ['robert'],
      lastPhonetic: ['SM0', 'XMT'],
      link: undefined,
      name: undefined,
      country: 'US',
      account: undefined,
      closeDate: undefined,
    });
  });

  it("keys a company by its website's domain, its folded name and its country, and a deal by account and close date", () => {
    expect(toMatchRecord({ name: 'The Acme Company, Inc.', website: 'HTTPS://www.Acme.com/en-us', country: 'United States' }, US)).toMatchObject({ name: 'acme', domain: 'acme.com', country: 'US' });
    expect(toMatchRecord({ name: 'Acme renewal', account: 'entity:company-1', closeDate: '2026-03-31T00:00:00.000Z' }, US)).toMatchObject({ name: 'acme renewal', account: 'entity:company-1', closeDate: '2026-03-31' });
  });

  it('takes the domain of a work address when there is no website, never a free-mail domain', () => {
    expect(toMatchRecord({ email: 'jane@globex.io' }, US).domain).toBe('globex.io');
    expect(toMatchRecord({ email: 'Jane.Doe@GoogleMail.com' }, US)).toMatchObject({ domain: undefined, emailKey: 'janedoe@gmail.com', emailIsFreeMail: true });
    expect(toMatchRecord({ email: 'jane@gmail.com', website: 'gmail.com' }, US).domain).toBeUndefined();
  });

  it("reads a national number in the record's country, else in the default one", () => {
    expect(toMatchRecord({ phone: '020 7946 0958', country: 'United Kingdom' }, US).phone).toBe('+442079460958');
    expect(toMatchRecord({ phone: '020 7946 0958' }, { defaultCountry: 'GB' }).phone).toBe('+442079460958');
    expect(toMatchRecord({ phone: '020 7946 0958' }, US).phone).toBeUndefined();
  });

  it('splits a full name written in lastName alone', () => {
    expect(toMatchRecord({ lastName: 'Smith, John' }, US)).toMatchObject({ firstName: 'john', lastName: 'smith' });
    expect(toMatchRecord({ firstName: '', lastName: 'Mary Ann Smith' }, US)).toMatchObject({ firstName: 'mary', lastName: 'smith' });
    expect(toMatchRecord({ firstName: 'María', lastName: 'García López' }, US)).toMatchObject({ firstName: 'maria', lastName: 'garcia lopez' });
  });

  it('keeps a generational suffix apart from the family name', () => {
    expect(toMatchRecord({ firstName: 'John', lastName: 'Smith Jr.' }, US)).toMatchObject({ lastName: 'smith', suffix: 'jr' });
    expect(toMatchRecord({ firstName: 'John', lastName: 'SMITH III' }, US)).toMatchObject({ lastName: 'smith', suffix: 'iii' });
  });

  it('keeps an external id as the record link', () => {
    expect(toMatchRecord({ externalId: '0035g00000AbCdE' }, US).link).toBe('0035g00000AbCdE');
  });

  it.each([
    ['nothing', {}],
    ['blanks and junk', { email: 'not an address', phone: '0000000000', website: 'n/a', company: '---', firstName: ' ', lastName: '' }],
    ['nulls and numbers', { email: null, phone: 4157823301, firstName: null, lastName: true }],
  ])('rejects %s without throwing: the keys are undefined', (_, values) => {
    const record = toMatchRecord(values, US);
    expect([record.emailKey, record.domain, record.companyKey, record.firstName]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('gives the same record with and without a shared cache', () => {
    const cache = new MatchKeyCache();
    const text = fc.oneof(fc.constantFrom('Bob', 'Robert', 'Smith Jr.', 'García López', "O'Brien", 'Acme Inc', 'www.acme.com', ''), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.record({ firstName: text, lastName: text, company: text, website: text, email: text }), (values) => {
        expect(toMatchRecord(values, { defaultCountry: 'US', cache })).toEqual(toMatchRecord(values, US));
      }),
      { numRuns: 1000 },
    );
  });
});
