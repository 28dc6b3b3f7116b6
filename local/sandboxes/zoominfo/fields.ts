/**
 * What the legacy Enterprise API lets a caller send and ask for (vendor-apis §3). The input lists are [C] (Postman
 * spec); the output catalogue is a plausible subset [?]: it holds at least every field syncline.yaml maps for
 * ZoomInfo (`industry`, `employeeCount`, `revenue`, `jobTitle`).
 */

/** Company Enrich inputs, `matchCompanyInput[]` keys. */
export const COMPANY_INPUT_FIELDS = [
  'companyId',
  'companyName',
  'companyWebsite',
  'companyTicker',
  'companyPhone',
  'companyFax',
  'companyStreet',
  'companyCity',
  'companyState',
  'companyZipCode',
  'companyCountry',
  'ipAddress',
] as const;

/** Contact Enrich inputs, `matchPersonInput[]` keys. */
export const CONTACT_INPUT_FIELDS = [
  'personId',
  'emailAddress',
  'hashedEmail',
  'phone',
  'firstName',
  'lastName',
  'fullName',
  'companyId',
  'companyName',
  'jobTitle',
  'externalURL',
  'lastUpdatedDateAfter',
  'validDateAfter',
  'contactAccuracyScoreMin',
] as const;

/** Company Enrich output fields. */
export const COMPANY_OUTPUT_FIELDS = [
  'id',
  'name',
  'website',
  'domainList',
  'phone',
  'street',
  'city',
  'state',
  'zipCode',
  'country',
  'industry',
  'employeeCount',
  'employeeRange',
  'revenue',
  'revenueRange',
  'ticker',
  'foundedYear',
  'lastUpdatedDate',
] as const;

/** Contact Enrich output fields. */
export const CONTACT_OUTPUT_FIELDS = [
  'id',
  'firstName',
  'lastName',
  'email',
  'phone',
  'mobilePhone',
  'jobTitle',
  'jobFunction',
  'managementLevel',
  'companyId',
  'companyName',
  'companyWebsite',
  'city',
  'state',
  'country',
  'contactAccuracyScore',
  'lastUpdatedDate',
] as const;

/** The two enrichable entities, as they appear in `/enrich/{entity}` and `/lookup/…/{entity}/enrich`. */
export type ZoominfoEntity = 'company' | 'contact';

/** Input and output field lists by entity. */
export const FIELDS: Record<ZoominfoEntity, { input: readonly string[]; output: readonly string[] }> = {
  company: { input: COMPANY_INPUT_FIELDS, output: COMPANY_OUTPUT_FIELDS },
  contact: { input: CONTACT_INPUT_FIELDS, output: CONTACT_OUTPUT_FIELDS },
};
