import { ASSOCIATION_TYPES, type AssociationStore } from './associations.ts';
import type { HubspotStore } from './store.ts';
import { formatHubspotDateTime } from './values.ts';

/** Seed records are backdated from this instant, one hour apart, so seeded data is identical on every run. */
const SEED_EPOCH = Date.parse('2024-03-01T09:00:00.000Z');
const HOUR = 3_600_000;

const COMPANIES: ReadonlyArray<[name: string, domain: string, industry: string, city: string, country: string, employees: number]> = [
  ['Northwind Traders', 'northwind.example', 'WHOLESALE', 'Seattle', 'United States', 240],
  ['Contoso Pharmaceuticals', 'contoso.example', 'PHARMACEUTICALS', 'Basel', 'Switzerland', 1800],
  ['Fabrikam Robotics', 'fabrikam.example', 'MACHINERY', 'Munich', 'Germany', 620],
  ['Tailspin Toys', 'tailspin.example', 'CONSUMER_GOODS', 'Austin', 'United States', 85],
  ['Wide World Importers', 'wideworld.example', 'LOGISTICS_AND_SUPPLY_CHAIN', 'Rotterdam', 'Netherlands', 410],
  ['Litware Analytics', 'litware.example', 'COMPUTER_SOFTWARE', 'Toronto', 'Canada', 130],
  ['Adventure Works Cycles', 'adventure-works.example', 'SPORTING_GOODS', 'Bothell', 'United States', 300],
  ['Proseware Health', 'proseware.example', 'HOSPITAL_HEALTH_CARE', 'Dublin', 'Ireland', 950],
];

const FIRST_NAMES = ['Ada', 'Bruno', 'Chiara', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiroshi', 'Ines', 'Jonas', 'Kavya', 'Liam', 'Maya'];
const LAST_NAMES = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'García', 'Novak', "O'Brien", 'Schmidt', 'Rossi', 'Haddad', 'Kowalski', 'Nguyen'];
const TITLES = ['VP Sales', 'Head of Operations', 'Procurement Manager', 'CTO', 'Marketing Director', 'Account Executive', 'CFO'];
const STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer'];

function contactProperties(i: number): Record<string, string> {
  const first = FIRST_NAMES[i % FIRST_NAMES.length] ?? 'Ada';
  const last = LAST_NAMES[(i * 5) % LAST_NAMES.length] ?? 'Okafor';
  const company = COMPANIES[i % COMPANIES.length] ?? COMPANIES[0];
  const local = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
  return {
    email: `${local}${i}@${company?.[1] ?? 'example.com'}`,
    firstname: first,
    lastname: last,
    phone: `+1 206 555 ${String(100 + i * 7).padStart(4, '0')}`,
    jobtitle: TITLES[i % TITLES.length] ?? '',
    company: company?.[0] ?? '',
    hubspotscore: String((i * 13) % 100),
    lifecyclestage: STAGES[i % STAGES.length] ?? 'lead',
    // Every fifth contact lacks a phone, as real portals have gaps.
    ...(i % 5 === 4 ? { phone: '' } : {}),
  };
}

/**
 * Fills the store with 8 companies, 25 contacts and 5 deals, each deal with its company (as a primary association,
 * the way HubSpot's UI associates them); no webhooks are sent for seeded data.
 */
export function seedHubspot(store: HubspotStore, associations?: AssociationStore): void {
  let hour = 0;
  const at = (): number => SEED_EPOCH + hour++ * HOUR;
  const companyIds = new Map<string, string>();
  for (const [name, domain, industry, city, country, employees] of COMPANIES) {
    companyIds.set(domain, store.create('companies', { name, domain, industry, city, country, numberofemployees: String(employees), lifecyclestage: 'customer' }, { silent: true, at: at() }).id);
  }
  for (let i = 0; i < 25; i++) store.create('contacts', contactProperties(i), { silent: true, at: at() });
  const deals: ReadonlyArray<[string, string, string, string]> = [
    ['Northwind renewal 2024', '48000', 'contractsent', 'northwind.example'],
    ['Contoso lab expansion', '125000', 'qualifiedtobuy', 'contoso.example'],
    ['Fabrikam pilot', '18500', 'closedwon', 'fabrikam.example'],
    ['Litware platform upgrade', '62000', 'presentationscheduled', 'litware.example'],
    ['Proseware multi-site rollout', '230000', 'appointmentscheduled', 'proseware.example'],
  ];
  const dealToCompany = ASSOCIATION_TYPES.filter((t) => t.from === 'deals' && t.to === 'companies');
  for (const [i, [dealname, amount, dealstage, domain]] of deals.entries()) {
    // Stored as HubSpot stores a datetime (values.ts), as an API write of it would be.
    const closedate = formatHubspotDateTime(Date.parse('2024-06-30T00:00:00.000Z') + i * 30 * 24 * HOUR);
    const deal = store.create('deals', { dealname, amount, dealstage, pipeline: 'default', closedate }, { silent: true, at: at() });
    const companyId = companyIds.get(domain);
    if (associations && companyId) for (const type of dealToCompany) associations.add(type, deal.id, companyId);
  }
}
