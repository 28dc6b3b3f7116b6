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
