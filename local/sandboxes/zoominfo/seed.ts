import type { ExternalUrl, TechAttribute, ZoominfoCompany, ZoominfoContact } from './model.ts';
import { DEMO_COMPANIES, DEMO_LEADS, hubspotPeople, salesforcePeople, type CompanyRow, type DemoPerson } from './seed-data.ts';
import type { ZoominfoStore } from './store.ts';
import { DEMO_TECH_STACKS, TECHNOLOGIES } from './technologies.ts';

/** Ids look like ZoomInfo's (large integers) and never collide between companies and contacts. */
const FIRST_COMPANY_ID = 344_000_001;
const FIRST_CONTACT_ID = 1_260_000_001;
const LAST_UPDATED = '2024-05-14';
/** The PRNG seed: the generated dataset is the same on every run and machine. */
const DATASET_SEED = 0x5eed_2024;

const PREFIXES = ['Blue', 'Cedar', 'Granite', 'Harbor', 'Iron', 'Juniper', 'Kestrel', 'Lumen', 'Maple', 'Nimbus', 'Orbit', 'Pioneer', 'Quartz', 'Redwood', 'Summit', 'Tidal', 'Vector', 'Willow', 'Zenith', 'Aurora'];
const NOUNS = ['Systems', 'Labs', 'Logistics', 'Foods', 'Dynamics', 'Health', 'Energy', 'Capital', 'Media', 'Networks', 'Materials', 'Studios', 'Partners', 'Robotics', 'Works'];
const INDUSTRIES = ['Software', 'Manufacturing', 'Retail', 'Finance', 'Hospitality', 'Transportation & Logistics', 'Biotechnology', 'Media & Internet', 'Construction', 'Education', 'Telecommunications', 'Business Services'];
const PLACES: ReadonlyArray<readonly [city: string, state: string, country: string, dial: string]> = [
  ['Chicago', 'Illinois', 'United States', '+1 312'],
  ['Denver', 'Colorado', 'United States', '+1 303'],
  ['Boston', 'Massachusetts', 'United States', '+1 617'],
  ['Atlanta', 'Georgia', 'United States', '+1 404'],
  ['Vancouver', 'British Columbia', 'Canada', '+1 604'],
  ['Manchester', 'England', 'United Kingdom', '+44 161'],
  ['Lyon', 'Auvergne-Rhône-Alpes', 'France', '+33 4'],
  ['Hamburg', 'Hamburg', 'Germany', '+49 40'],
  ['Madrid', 'Madrid', 'Spain', '+34 91'],
  ['Sydney', 'New South Wales', 'Australia', '+61 2'],
];
const FIRST = ['Alex', 'Bianca', 'Carlos', 'Dana', 'Emeka', 'Fatima', 'Georg', 'Hana', 'Ivan', 'Julia', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Oscar', 'Paula', 'Quinn', 'Rosa', 'Samir', 'Tara'];
const LAST = ['Abbott', 'Brennan', 'Costa', 'Dietrich', 'Eriksen', 'Fischer', 'Gupta', 'Hughes', 'Ivanova', 'Jensen', 'Klein', 'Larsen', 'Murphy', 'Nakamura', 'Owens', 'Petrov', 'Quist', 'Reyes', 'Sato', 'Turner'];
const TITLES: ReadonlyArray<readonly [title: string, jobFunction: string, level: string]> = [
  ['Chief Executive Officer', 'C-Suite', 'C-Level Exec'],
  ['VP of Sales', 'Sales', 'VP-Level Exec'],
  ['Director of Marketing', 'Marketing', 'Director'],
  ['IT Manager', 'Information Technology', 'Manager'],
  ['Procurement Specialist', 'Operations', 'Non-Manager'],
  ['Head of Finance', 'Finance', 'Director'],
  ['Software Engineer', 'Engineering & Technical', 'Non-Manager'],
];

/** mulberry32: a tiny seeded PRNG, enough for stable demo data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function employeeRange(n: number): string {
  const bands: ReadonlyArray<readonly [number, string]> = [[20, '1 to 19'], [100, '20 to 99'], [250, '100 to 249'], [500, '250 to 499'], [1_000, '500 to 999'], [5_000, '1,000 to 4,999']];
  return bands.find(([max]) => n < max)?.[1] ?? '5,000 to 9,999';
}

function revenueRange(usd: number): string {
  const m = usd / 1_000_000;
  if (m < 10) return '$5 mil. - $10 mil.';
  if (m < 50) return '$10 mil. - $50 mil.';
  if (m < 100) return '$50 mil. - $100 mil.';
  if (m < 500) return '$100 mil. - $250 mil.';
  if (m < 1_000) return '$500 mil. - $1 bil.';
  return '$1 bil. - $5 bil.';
}

/**
 * A record's own PRNG: seeded from the dataset seed and the record id, so adding per-record data leaves the shared
 * stream (and with it every name, size and title generated before) unchanged.
 */
const recordRandom = (id: number): (() => number) => prng((DATASET_SEED ^ id) >>> 0);

/** The demo companies' hand-picked stacks; three to six technologies, drawn per company, for the others. */
function techStackFor(id: number, name: string): TechAttribute[] {
  const demo = DEMO_TECH_STACKS[name];
  const all = [...TECHNOLOGIES.keys()];
  let products: string[];
  if (demo) products = [...demo];
  else {
    const random = recordRandom(id);
    const count = 3 + Math.floor(random() * 4);
    products = [];
    while (products.length < count) {
      const pick = all[Math.floor(random() * all.length)] ?? 'Microsoft 365';
      if (!products.includes(pick)) products.push(pick);
    }
  }
  return products.flatMap((p) => {
    const tech = TECHNOLOGIES.get(p);
    return tech ? [{ ...tech }] : [];
  });
}

/** `https://www.linkedin.com/in/maya-o-brien-3fa9c2d1`-style vanity URL: ASCII name plus a per-contact suffix. */
function linkedInFor(id: number, firstName: string, lastName: string): ExternalUrl {
  const slug = `${firstName} ${lastName}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const suffix = Math.floor(recordRandom(id)() * 0xffff_ffff).toString(16).padStart(8, '0');
  return { type: 'linkedin.com', url: `https://www.linkedin.com/in/${slug}-${suffix}` };
}

const phoneFor = (dial: string, n: number): string => `${dial} 555 ${String(n % 10_000).padStart(4, '0')}`;

function companyFromRow(id: number, row: CompanyRow): ZoominfoCompany {
  const [name, domain, industry, city, state, country, employeeCount, revenue, foundedYear, ticker] = row;
  const dial = PLACES.find((p) => p[2] === country)?.[3] ?? '+1 206';
  return {
    id,
    name,
    website: `www.${domain}`,
    domainList: [domain],
    phone: phoneFor(dial, id),
    street: `${(id % 900) + 100} Market Street`,
    city,
    state,
    zipCode: String(10_000 + (id % 89_999)),
    country,
    industry,
    employeeCount,
    employeeRange: employeeRange(employeeCount),
    revenue,
    revenueRange: revenueRange(revenue),
    ticker,
    foundedYear,
    lastUpdatedDate: LAST_UPDATED,
    techAttributes: techStackFor(id, name),
  };
}

function contactAt(id: number, company: ZoominfoCompany, person: Omit<DemoPerson, 'companyName'>, title: readonly [string, string, string], score: number): ZoominfoContact {
  return {
    id,
    firstName: person.firstName,
    lastName: person.lastName,
    email: person.email,
    phone: phoneFor(company.phone.split(' 555 ')[0] ?? '+1 206', id),
    mobilePhone: '',
    jobTitle: person.jobTitle,
    jobFunction: title[1],
    managementLevel: title[2],
    companyId: company.id,
    companyName: company.name,
    companyWebsite: company.website,
    city: company.city,
    state: company.state,
    country: company.country,
    contactAccuracyScore: score,
    lastUpdatedDate: LAST_UPDATED,
    externalUrls: [linkedInFor(id, person.firstName, person.lastName)],
  };
}

/** Generated companies: `PREFIX NOUN` names, unique, with `.example` domains. */
function generatedCompanies(count: number, random: () => number, firstId: number): ZoominfoCompany[] {
  const companies: ZoominfoCompany[] = [];
  for (let i = 0; i < count; i++) {
    const base = `${PREFIXES[i % PREFIXES.length]} ${NOUNS[Math.floor(i / PREFIXES.length) % NOUNS.length]}`;
    const name = i < PREFIXES.length * NOUNS.length ? base : `${base} ${Math.floor(i / (PREFIXES.length * NOUNS.length)) + 1}`;
    const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example`;
    const [city, state, country] = PLACES[Math.floor(random() * PLACES.length)] ?? PLACES[0]!;
    const employees = Math.floor(10 + random() ** 2 * 8_000);
    const revenue = Math.round(employees * (120_000 + random() * 200_000) / 1000) * 1000;
    const industry = INDUSTRIES[Math.floor(random() * INDUSTRIES.length)] ?? 'Software';
    companies.push(companyFromRow(firstId + i, [name, domain, industry, city, state, country, employees, revenue, 1950 + Math.floor(random() * 72), '']));
  }
  return companies;
}

/** Fills the store: the CRM demo companies and people first, then `generated` companies with two contacts each. */
export function seedZoominfo(store: ZoominfoStore, generated = 300): void {
  const random = prng(DATASET_SEED);
  let companyId = FIRST_COMPANY_ID;
  let contactId = FIRST_CONTACT_ID;
  const demo = DEMO_COMPANIES.map((row) => companyFromRow(companyId++, row));
  demo.forEach((c) => store.addCompany(c));
  const byName = new Map(demo.map((c) => [c.name, c]));
  const people = [...hubspotPeople(), ...salesforcePeople(), ...DEMO_LEADS.map(([firstName, lastName, email, jobTitle, companyName]) => ({ firstName, lastName, email, jobTitle, companyName }))];
  for (const person of people) {
    const company = byName.get(person.companyName);
    if (company) store.addContact(contactAt(contactId++, company, person, TITLES[contactId % TITLES.length]!, 85 + (contactId % 15)));
  }
  for (const company of generatedCompanies(generated, random, companyId)) {
    store.addCompany(company);
    const domain = company.domainList[0] ?? 'example.com';
    for (let k = 0; k < 2; k++) {
      const firstName = FIRST[Math.floor(random() * FIRST.length)] ?? 'Alex';
      const lastName = LAST[Math.floor(random() * LAST.length)] ?? 'Abbott';
      const title = TITLES[Math.floor(random() * TITLES.length)] ?? TITLES[0]!;
      const email = `${firstName}.${lastName}${k === 0 ? '' : '2'}@${domain}`.toLowerCase();
      store.addContact(contactAt(contactId++, company, { firstName, lastName, email, jobTitle: title[0] }, title, 70 + Math.floor(random() * 30)));
    }
  }
}
