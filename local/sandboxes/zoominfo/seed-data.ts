/**
 * Hand-picked firmographics for the companies and people the Salesforce and HubSpot sandboxes seed
 * (../salesforce/seed.ts, ../hubspot/seed.ts), so a local demo enriches them. Values differ a little from the CRMs'
 * (head counts drift, industries use ZoomInfo's names) so enrichment visibly changes something.
 */

/** name, domain, industry, city, state, country, employees, revenue (USD), founded, ticker. */
export type CompanyRow = readonly [name: string, domain: string, industry: string, city: string, state: string, country: string, employees: number, revenue: number, founded: number, ticker: string];

export const DEMO_COMPANIES: readonly CompanyRow[] = [
  ['Northwind Traders', 'northwind.example', 'Retail', 'Seattle', 'Washington', 'United States', 252, 61_000_000, 1996, ''],
  ['Contoso Pharmaceuticals', 'contoso.example', 'Pharmaceuticals', 'Basel', 'Basel-Stadt', 'Switzerland', 1_840, 920_000_000, 1971, 'CTSO'],
  ['Fabrikam Robotics', 'fabrikam.example', 'Industrial Machinery & Equipment', 'Munich', 'Bavaria', 'Germany', 634, 188_000_000, 2004, ''],
  ['Tailspin Toys', 'tailspin.example', 'Consumer Goods', 'Austin', 'Texas', 'United States', 91, 14_500_000, 2011, ''],
  ['Wide World Importers', 'wideworld.example', 'Transportation & Logistics', 'Rotterdam', 'South Holland', 'Netherlands', 415, 133_000_000, 1988, ''],
  ['Litware Analytics', 'litware.example', 'Software', 'Toronto', 'Ontario', 'Canada', 142, 27_000_000, 2014, ''],
  ['Adventure Works Cycles', 'adventure-works.example', 'Sporting Goods', 'Bothell', 'Washington', 'United States', 305, 72_000_000, 1999, ''],
  ['Proseware Health', 'proseware.example', 'Hospitals & Physicians Clinics', 'Dublin', 'Leinster', 'Ireland', 968, 240_000_000, 1985, ''],
  ['Woodgrove Bank', 'woodgrove.example', 'Finance', 'London', 'England', 'United Kingdom', 5_230, 2_100_000_000, 1902, 'WGB'],
  ['Alpine Ski House', 'alpineskihouse.example', 'Hospitality', 'Innsbruck', 'Tyrol', 'Austria', 58, 9_800_000, 1978, ''],
  // The companies of the Salesforce sandbox's seeded leads.
  ['Globex', 'globex.example', 'Energy, Utilities & Waste', 'Springfield', 'Oregon', 'United States', 2_300, 780_000_000, 1989, 'GBX'],
  ['Initech', 'initech.example', 'Software', 'Austin', 'Texas', 'United States', 380, 54_000_000, 1995, ''],
  ['Umbrella Labs', 'umbrella.example', 'Biotechnology', 'Raccoon City', 'Michigan', 'United States', 1_150, 410_000_000, 1968, 'UMBL'],
  ['Vandelay Industries', 'vandelay.example', 'Wholesale', 'New York', 'New York', 'United States', 45, 8_200_000, 1991, ''],
];

/** firstName, lastName, email, job title, company name (one of DEMO_COMPANIES). The Salesforce leads. */
export const DEMO_LEADS: ReadonlyArray<readonly [string, string, string, string, string]> = [
  ['Hannah', 'Keller', 'hannah.keller@globex.example', 'Director of Procurement', 'Globex'],
  ['Ravi', 'Shankar', 'ravi.shankar@initech.example', 'Software Engineering Manager', 'Initech'],
  ['Chloe', 'Dubois', 'chloe.dubois@umbrella.example', 'Head of Research Operations', 'Umbrella Labs'],
  ['Tomasz', 'Nowak', 'tomasz.nowak@vandelay.example', 'Import/Export Manager', 'Vandelay Industries'],
];

/** One seeded CRM person, as the two CRM sandboxes derive them. */
export interface DemoPerson {
  firstName: string;
  lastName: string;
  email: string;
  jobTitle: string;
  companyName: string;
}

// Mirrors of the CRM sandboxes' name pools and e-mail formulas: keep in step with ../hubspot/seed.ts and
// ../salesforce/seed.ts (a drift only means fewer demo contacts enrich, nothing breaks).
const HS_COMPANIES = ['Northwind Traders', 'Contoso Pharmaceuticals', 'Fabrikam Robotics', 'Tailspin Toys', 'Wide World Importers', 'Litware Analytics', 'Adventure Works Cycles', 'Proseware Health'];
const HS_FIRST = ['Ada', 'Bruno', 'Chiara', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiroshi', 'Ines', 'Jonas', 'Kavya', 'Liam', 'Maya'];
const HS_LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'García', 'Novak', "O'Brien", 'Schmidt', 'Rossi', 'Haddad', 'Kowalski', 'Nguyen'];
const HS_TITLES = ['VP Sales', 'Head of Operations', 'Procurement Manager', 'CTO', 'Marketing Director', 'Account Executive', 'CFO'];
const SF_FIRST = ['Priya', 'Marcus', 'Sofia', 'Kenji', 'Amara', 'Lukas', 'Isabel', 'Omar', 'Freya', 'Diego'];
const SF_LAST = ['Raman', 'Whitfield', 'Esposito', 'Watanabe', 'Mensah', 'Becker', 'Duarte', 'Farouk', 'Andersen', 'Castillo'];
const SF_TITLES = ['Director of IT', 'Buyer', 'COO', 'Sales Manager', 'Head of Finance'];

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
const domainOfCompany = (name: string): string => DEMO_COMPANIES.find((c) => c[0] === name)?.[1] ?? 'example.com';

/** The 25 HubSpot sandbox contacts. */
export function hubspotPeople(): DemoPerson[] {
  return Array.from({ length: 25 }, (_, i) => {
    const firstName = pick(HS_FIRST, i);
    const lastName = pick(HS_LAST, i * 5);
    const companyName = pick(HS_COMPANIES, i);
    const local = `${firstName}.${lastName}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    return { firstName, lastName, email: `${local}${i}@${domainOfCompany(companyName)}`, jobTitle: pick(HS_TITLES, i), companyName };
  });
}

/** The 20 Salesforce sandbox contacts (the 10 accounts are the first ten DEMO_COMPANIES, in order). */
export function salesforcePeople(): DemoPerson[] {
  return Array.from({ length: 20 }, (_, i) => {
    const firstName = pick(SF_FIRST, i);
    const lastName = pick(SF_LAST, i * 3);
    const company = pick(DEMO_COMPANIES.slice(0, 10), i);
    return { firstName, lastName, email: `${firstName}.${lastName}${i}@${company[1]}`.toLowerCase(), jobTitle: pick(SF_TITLES, i), companyName: company[0] };
  });
}
