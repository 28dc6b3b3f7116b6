/**
 * One technology a company uses: a Company Enrich `techAttributes` entry. [C] The keys are the spec's
 * `TechAttribute` schema and the rows of its Technology Enrich (`POST /enrich/tech`) example, where every value is a
 * string, `attribute` is the `parentCategory.category.vendor` dot notation that Contact/Company Search's
 * `techAttributeTagList` filters on, and the two times read like `8/11/16 14:14`. The legacy API has no scalar
 * technology field (not in the Company Enrich output list, nor among the Company Master Data `zi_c_*` fields), so the
 * sandbox offers none either: a consumer wanting one string (say, the product names joined) derives it itself.
 */
export interface TechAttribute {
  tag: string;
  categoryParent: string;
  category: string;
  vendor: string;
  product: string;
  attribute: string;
  website: string;
  logo: string | null;
  domain: string | null;
  createdTime: string;
  modifiedTime: string;
  description: string;
}

/**
 * A social profile of a contact: a Contact Enrich `externalUrls` entry. [C] The spec's Contact Enrich example returns
 * `[{"type":"linkedin.com","url":"https://www.linkedin.com/in/hschuck"}, {"type":"twitter.com",…}]`: the type is
 * the site's domain, not a word like `linkedin`.
 */
export interface ExternalUrl {
  type: string;
  url: string;
}

/** A company as the sandbox stores it; keys are Company Enrich output field names (fields.ts). */
export interface ZoominfoCompany {
  id: number;
  name: string;
  website: string;
  domainList: string[];
  phone: string;
  street: string;
  city: string;
  state: string;
  zipCode: string;
  country: string;
  industry: string;
  employeeCount: number;
  employeeRange: string;
  /**
   * Annual revenue in whole US dollars. [?] The legacy API's unit is not confirmed (some integrators read it as
   * thousands of USD); the sandbox picks dollars so syncline.yaml's `revenue → AnnualRevenue` mapping stays literal.
   */
  revenue: number;
  revenueRange: string;
  ticker: string;
  foundedYear: number;
  lastUpdatedDate: string;
  /** Technologies in use; a list only, see {@link TechAttribute}. */
  techAttributes: TechAttribute[];
}

/** A contact as the sandbox stores it; keys are Contact Enrich output field names (fields.ts). */
export interface ZoominfoContact {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  mobilePhone: string;
  jobTitle: string;
  jobFunction: string;
  managementLevel: string;
  companyId: number;
  companyName: string;
  companyWebsite: string;
  city: string;
  state: string;
  country: string;
  contactAccuracyScore: number;
  lastUpdatedDate: string;
  /** Social profiles; every seeded contact has its LinkedIn profile here (type `linkedin.com`). */
  externalUrls: ExternalUrl[];
}

/** Picks `fields` out of a record, in the order asked for; a field the record lacks comes back as null. */
export function project(record: ZoominfoCompany | ZoominfoContact, fields: readonly string[]): Record<string, unknown> {
  const source = record as unknown as Record<string, unknown>;
  return Object.fromEntries(fields.map((f) => [f, source[f] ?? null]));
}

/** `https://www.Example.com/about` → `example.com`: how websites and domains are compared. */
export function domainOf(website: string): string {
  return website
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/[/?#:].*$/, '');
}

/** Case, punctuation and legal-suffix insensitive company name key ("Contoso, Inc." = "contoso"). */
export function companyNameKey(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9 ]/g, ' ')
    .replace(/\b(inc|llc|ltd|gmbh|ag|corp|corporation|co|plc|sa|bv)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Digits only, so `+1 (206) 555-0100` and `12065550100` compare equal. */
export function phoneKey(phone: string): string {
  return phone.replace(/\D/g, '');
}
