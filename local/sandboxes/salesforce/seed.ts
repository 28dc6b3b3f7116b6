import { canonicalField, isCustomField, type ObjectDef, type OrgSchema } from './schema.ts';
import type { SalesforceStore } from './store.ts';

/** Seeded records are backdated from this instant, one minute apart: identical on every run. */
const SEED_EPOCH = Date.parse('2024-02-01T08:00:00.000Z');
const MINUTE = 60_000;

const ACCOUNTS: ReadonlyArray<[name: string, industry: string, city: string, country: string, employees: number, website: string]> = [
  ['Northwind Traders', 'Retail', 'Seattle', 'United States', 240, 'https://northwind.example'],
  ['Contoso Pharmaceuticals', 'Healthcare', 'Basel', 'Switzerland', 1800, 'https://contoso.example'],
  ['Fabrikam Robotics', 'Manufacturing', 'Munich', 'Germany', 620, 'https://fabrikam.example'],
  ['Tailspin Toys', 'Consumer Goods', 'Austin', 'United States', 85, 'https://tailspin.example'],
  ['Wide World Importers', 'Transportation', 'Rotterdam', 'Netherlands', 410, 'https://wideworld.example'],
  ['Litware Analytics', 'Technology', 'Toronto', 'Canada', 130, 'https://litware.example'],
  ['Adventure Works Cycles', 'Retail', 'Bothell', 'United States', 300, 'https://adventure-works.example'],
  ['Proseware Health', 'Healthcare', 'Dublin', 'Ireland', 950, 'https://proseware.example'],
  ['Woodgrove Bank', 'Banking', 'London', 'United Kingdom', 5200, 'https://woodgrove.example'],
  ['Alpine Ski House', 'Hospitality', 'Innsbruck', 'Austria', 60, 'https://alpineskihouse.example'],
];

/** Accounts billed through Stripe, by the customer ids the Stripe sandbox seeds (its cus_SyncGlobex00099 has none, on purpose). */
const STRIPE_CUSTOMERS: Readonly<Record<string, string>> = {
  'Northwind Traders': 'cus_SyncNorthwind01',
  'Contoso Pharmaceuticals': 'cus_SyncContoso0002',
  'Fabrikam Robotics': 'cus_SyncFabrikam003',
  'Woodgrove Bank': 'cus_SyncWoodgrove09',
};

const FIRST = ['Priya', 'Marcus', 'Sofia', 'Kenji', 'Amara', 'Lukas', 'Isabel', 'Omar', 'Freya', 'Diego'];
const LAST = ['Raman', 'Whitfield', 'Esposito', 'Watanabe', 'Mensah', 'Becker', 'Duarte', 'Farouk', 'Andersen', 'Castillo'];
const TITLES = ['Director of IT', 'Buyer', 'COO', 'Sales Manager', 'Head of Finance'];

/**
 * `fields` without the custom fields `def` lacks: an org started without its custom fields (`customFields: false`)
 * gets the same records, minus those values.
 */
const known = (def: ObjectDef, fields: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).filter(([name]) => !isCustomField(name) || canonicalField(def, name)));

const ok = (outcome: { ok: boolean; id?: string }): string => {
  if (!outcome.ok || !outcome.id) throw new Error('seed record rejected by the sandbox schema');
  return outcome.id;
};

function sobject(schema: OrgSchema, name: string): ObjectDef {
  const def = schema.object(name);
  if (!def) throw new Error(`seed object ${name} is missing from the schema`);
  return def;
}

/**
 * Seeds 10 Accounts, 20 Contacts (every third without HubSpot_Id__c), 4 Leads and 4 Opportunities, each with the
 * custom field values the org's schema has fields for.
 */
export function seedSalesforce(store: SalesforceStore, schema: OrgSchema): void {
  let minute = 0;
  const at = (): number => SEED_EPOCH + minute++ * MINUTE;
  const [Account, Contact, Lead, Opportunity] = [sobject(schema, 'Account'), sobject(schema, 'Contact'), sobject(schema, 'Lead'), sobject(schema, 'Opportunity')];
  const accountIds = ACCOUNTS.map(([Name, Industry, BillingCity, BillingCountry, NumberOfEmployees, Website]) => {
    const stripe = STRIPE_CUSTOMERS[Name];
    return ok(store.create(Account, known(Account, { Name, Industry, BillingCity, BillingCountry, NumberOfEmployees, Website, Type: 'Customer - Direct', ...(stripe ? { Stripe_Customer_Id__c: stripe } : {}) }), at()));
  });
  for (let i = 0; i < 20; i++) {
    const first = FIRST[i % FIRST.length] ?? 'Priya';
    const last = LAST[(i * 3) % LAST.length] ?? 'Raman';
    const account = ACCOUNTS[i % ACCOUNTS.length];
    const domain = account?.[5].replace('https://', '') ?? 'example.com';
    const fields: Record<string, unknown> = {
      FirstName: first,
      LastName: last,
      Email: `${first}.${last}${i}@${domain}`.toLowerCase(),
      Phone: `+44 20 7946 ${String(1000 + i * 37).slice(-4)}`,
      Title: TITLES[i % TITLES.length],
      AccountId: accountIds[i % accountIds.length],
      LeadSource: i % 2 === 0 ? 'Web' : 'Partner Referral',
    };
    if (i % 3 !== 2) Object.assign(fields, { HubSpot_Id__c: String(700 + i), HubSpot_Lead_Score__c: (i * 11) % 100 });
    ok(store.create(Contact, known(Contact, fields), at()));
  }
  const leads: ReadonlyArray<[string, string, string]> = [['Hannah', 'Keller', 'Globex'], ['Ravi', 'Shankar', 'Initech'], ['Chloe', 'Dubois', 'Umbrella Labs'], ['Tomasz', 'Nowak', 'Vandelay Industries']];
  for (const [FirstName, LastName, Company] of leads) {
    ok(store.create(Lead, { FirstName, LastName, Company, Email: `${FirstName}.${LastName}@${Company.split(' ')[0]}.example`.toLowerCase(), LeadSource: 'Web' }, at()));
  }
  const opportunities: ReadonlyArray<[string, number, string, string]> = [
    ['Northwind renewal 2024', 48000, 'Negotiation/Review', '2024-06-30'],
    ['Contoso lab expansion', 125000, 'Qualification', '2024-07-30'],
    ['Fabrikam pilot', 18500, 'Closed Won', '2024-03-15'],
    ['Woodgrove core banking add-on', 310000, 'Proposal/Price Quote', '2024-09-30'],
  ];
  for (const [i, [Name, Amount, StageName, CloseDate]] of opportunities.entries()) {
    ok(store.create(Opportunity, { Name, Amount, StageName, CloseDate, AccountId: accountIds[[0, 1, 2, 8][i] ?? 0] }, at()));
  }
}
