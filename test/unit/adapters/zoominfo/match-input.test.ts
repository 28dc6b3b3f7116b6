import { describe, expect, it } from 'vitest';
import { toVendorInput } from '#adapters/vendors/zoominfo/match-input';

describe('toVendorInput', () => {
  it('maps a company to companyName, companyWebsite and companyCountry, dropping blanks', () => {
    expect(toVendorInput('company', { name: ' Contoso ', domain: 'contoso.example', country: '' })).toEqual({ companyName: 'Contoso', companyWebsite: 'contoso.example' });
    expect(toVendorInput('company', { domain: 'contoso.example', country: 'CH' })).toEqual({ companyWebsite: 'contoso.example', companyCountry: 'CH' });
  });

  it('rejects a company with neither name nor website', () => {
    expect(toVendorInput('company', { country: 'US', email: 'x@y.example' })).toBeUndefined();
    expect(toVendorInput('company', { name: '   ' })).toBeUndefined();
  });

  it('maps a person by e-mail, sending the company along', () => {
    expect(toVendorInput('person', { email: 'ada@contoso.example', company: 'Contoso' })).toEqual({ emailAddress: 'ada@contoso.example', companyName: 'Contoso' });
  });

  it('maps a person by first + last name + company', () => {
    expect(toVendorInput('person', { firstName: 'Ada', lastName: 'Okafor', company: 'Contoso' })).toEqual({ firstName: 'Ada', lastName: 'Okafor', companyName: 'Contoso' });
  });

  it('rejects a person with a name but no company, or only a company', () => {
    expect(toVendorInput('person', { firstName: 'Ada', lastName: 'Okafor' })).toBeUndefined();
    expect(toVendorInput('person', { lastName: 'Okafor', company: 'Contoso' })).toBeUndefined();
    expect(toVendorInput('person', { company: 'Contoso', name: 'Contoso' })).toBeUndefined();
  });
});
