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
  // [C] In the spec's Company Enrich output list; a list of TechAttribute objects (model.ts).
  'techAttributes',
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
  // [C] In the spec's Contact Enrich output list; a list of {type, url}, LinkedIn as type `linkedin.com` (model.ts).
  'externalUrls',
] as const;

/**
 * Contact Search (`POST /search/contact`) inputs: [C] every key the spec's Contact Search Inputs lookup
 * (`GET /lookup/inputfields/contact/search`) lists, paging and sorting included. A key outside this list is an
 * invalid field; most of these are accepted by the vendor but not emulated (see CONTACT_SEARCH_EMULATED).
 */
export const CONTACT_SEARCH_INPUT_FIELDS = [
  'personId', 'emailAddress', 'hashedEmail', 'fullName', 'firstName', 'middleInitial', 'lastName', 'jobTitle', 'excludeJobTitle',
  'managementLevel', 'excludeManagementLevel', 'boardMember', 'excludePartialProfiles', 'executivesOnly', 'requiredFields',
  'contactAccuracyScoreMin', 'contactAccuracyScoreMax', 'jobFunction', 'lastUpdatedInMonths', 'hasBeenNotified', 'companyPastOrPresent',
  'school', 'degree', 'locationCompanyId', 'lastUpdatedDateAfter', 'validDateAfter', 'phone', 'positionStartDateMin', 'positionStartDateMax',
  'supplementalEmail', 'webReferences', 'buyingGroup', 'techSkills', 'yearsOfExperience', 'department', 'exactJobTitle', 'companyTicker',
  'companyDescription', 'companyType', 'address', 'street', 'zipCode', 'state', 'country', 'continent', 'companyId', 'companyName',
  'companyWebsite', 'parentId', 'ultimateParentId', 'zipCodeRadiusMiles', 'hashTagString', 'techAttributeTagList', 'subUnitTypes',
  'primaryIndustriesOnly', 'industryCodes', 'industryKeywords', 'sicCodes', 'naicsCodes', 'revenue', 'revenueMin', 'revenueMax',
  'employeeRangeMin', 'employeeRangeMax', 'employeeCount', 'companyRanking', 'metroRegion', 'locationSearchType', 'fundingAmountMin',
  'fundingAmountMax', 'fundingStartDate', 'fundingEndDate', 'zoominfoContactsMin', 'zoominfoContactsMax', 'excludedRegions',
  'companyStructureIncludedSubUnitTypes', 'oneYearEmployeeGrowthRateMin', 'oneYearEmployeeGrowthRateMax', 'twoYearEmployeeGrowthRateMin',
  'twoYearEmployeeGrowthRateMax', 'engagementStartDate', 'engagementEndDate', 'engagementType', 'rpp', 'page', 'sortBy', 'sortOrder',
] as const;

/**
 * The Contact Search inputs the sandbox filters, pages or sorts on. The others are real inputs it cannot honour
 * over its small dataset; it refuses them rather than ignore them, so a caller never mistakes an unfiltered list
 * for a filtered one.
 */
export const CONTACT_SEARCH_EMULATED = [
  'companyId',
  'companyName',
  'companyWebsite',
  'jobTitle',
  'excludeJobTitle',
  'managementLevel',
  'excludeManagementLevel',
  'jobFunction',
  'personId',
  'emailAddress',
  'firstName',
  'lastName',
  'fullName',
  'contactAccuracyScoreMin',
  'contactAccuracyScoreMax',
  // Every seeded contact has a company, so there are no partial profiles to exclude.
  'excludePartialProfiles',
  'rpp',
  'page',
  'sortBy',
  'sortOrder',
] as const;

/** The two enrichable entities, as they appear in `/enrich/{entity}` and `/lookup/…/{entity}/enrich`. */
export type ZoominfoEntity = 'company' | 'contact';

/** Input and output field lists by entity. */
export const FIELDS: Record<ZoominfoEntity, { input: readonly string[]; output: readonly string[] }> = {
  company: { input: COMPANY_INPUT_FIELDS, output: COMPANY_OUTPUT_FIELDS },
  contact: { input: CONTACT_INPUT_FIELDS, output: CONTACT_OUTPUT_FIELDS },
};
