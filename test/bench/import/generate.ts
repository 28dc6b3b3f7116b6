/**
 * The import data set of the CRM import benchmark: N HubSpot contact rows with a known share of duplicates, the
 * Salesforce Contacts and Leads that exist before the import, and the ground truth (how many distinct people
 * Salesforce holds once the import is synced).
 *
 * Duplicates follow what record-linkage studies find in CRM imports (Christen, "Data Matching", 2012, ch. 2-3):
 * the same person typed again with the address in another case or with stray blanks, a nickname or a dropped
 * accent, the phone in another format. HubSpot keys contacts on e-mail (stored trimmed and lower-case; a second
 * create with a known address is refused with 409 "Contact already exists", vendor-apis §2.2), so a re-entered
 * person is one HubSpot contact updated twice. People who already exist in Salesforce carry their address in the
 * case a sales rep typed it, as a Contact or as a Lead. Everything is drawn from one seeded PRNG: the same seed
 * and N give the same rows.
 */

/** Mulberry32: a small, fast, well-distributed 32-bit PRNG (public domain, by Tommy Ettinger). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One HubSpot contact row of the import, as the importing user's file holds it. */
export interface ImportRow {
  /** The person the row stands for (ground truth; not sent). */
  person: number;
  properties: { email: string; firstname: string; lastname: string; phone: string; jobtitle: string; company: string };
}

/** A Salesforce Contact or Lead that exists before the import. */
export interface SalesforceSeed {
  person: number;
  object: 'Contact' | 'Lead';
  fields: Record<string, string>;
}

/** Shares of the import rows, each a fraction of N. */
export interface DuplicateShares {
  /** Rows re-entering a person already in the import. @default 0.1 */
  inImport: number;
  /** Rows for people who already exist in Salesforce. @default 0.1 */
  inSalesforce: number;
  /** Of those, the share that exist as a Lead rather than a Contact. @default 0.3 */
  asLead: number;
}

export interface ImportDataSet {
  rows: ImportRow[];
  salesforce: SalesforceSeed[];
  /** Distinct people in Salesforce after a correct sync: everyone imported plus the Salesforce-only people. */
  expectedPeople: number;
  /** The normalized e-mail of every person, by person number. */
  emails: string[];
  counts: { rows: number; distinctImported: number; inImportDuplicates: number; salesforceDuplicates: number; salesforceOnly: number };
}

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth', 'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Nancy', 'Matthew', 'Lisa', 'Anthony', 'Margaret', 'José', 'Zoë', 'Renée', 'Søren', 'Ana', 'Chen', 'Priya', 'Olumide', 'Hiroshi', 'Fatima', 'Łukasz', 'Ingrid', 'Mateo', 'Aoife'];
const NICK: Readonly<Record<string, string>> = { James: 'Jim', Robert: 'Bob', Patricia: 'Pat', John: 'Jack', Jennifer: 'Jen', Michael: 'Mike', William: 'Bill', Elizabeth: 'Liz', David: 'Dave', Richard: 'Rick', Susan: 'Sue', Joseph: 'Joe', Thomas: 'Tom', Charles: 'Chuck', Daniel: 'Dan', Matthew: 'Matt', Anthony: 'Tony', Margaret: 'Peggy' };
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'García', 'Miller', 'Davis', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', "O'Brien", 'Nguyen', 'Müller', 'Kowalski', 'Okafor', 'Tanaka', 'Patel', 'Van der Berg', 'Schmidt', 'Rossi', 'Dubois', 'Jensen', 'Novak', 'Silva'];
const TITLES = ['Account Executive', 'VP Sales', 'Marketing Manager', 'Software Engineer', 'CFO', 'Head of Operations', 'Data Analyst', 'RevOps Lead', 'Customer Success Manager', 'CTO'];
const COMPANY_WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent', 'Tyrell', 'Cyberdyne', 'Wonka', 'Northwind', 'Contoso', 'Fabrikam', 'Tailspin'];

/** Letters and digits only, accents dropped: what people type in an address. */
const ascii = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/ø/g, 'o').replace(/[^A-Za-z0-9]/g, '').toLowerCase();

interface Person {
  first: string;
  last: string;
  email: string;
  phone: string;
  title: string;
  company: string;
}

function makePeople(count: number, random: () => number, tag: string): Person[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const used = new Set<string>();
  return Array.from({ length: count }, (_, i) => {
    const first = pick(FIRST);
    const last = pick(LAST);
    const company = `${pick(COMPANY_WORDS)} ${pick(['Labs', 'Inc', 'GmbH', 'Systems', 'Group'])} ${Math.floor(i / 40)}`;
    const domain = `${ascii(company)}.${tag}.example`;
    const style = Math.floor(random() * 3);
    let local = style === 0 ? `${ascii(first)}.${ascii(last)}` : style === 1 ? `${ascii(first).charAt(0)}${ascii(last)}` : `${ascii(first)}_${ascii(last)}`;
    while (used.has(`${local}@${domain}`)) local = `${local}${Math.floor(random() * 10)}`;
    used.add(`${local}@${domain}`);
    const phone = `+1 415 555 ${String(1000 + Math.floor(random() * 9000))}`;
    return { first, last, email: `${local}@${domain}`, phone, title: pick(TITLES), company };
  });
}

/** The address as someone re-typing it might: another case, stray blanks (both survive HubSpot's trim and lower-case). */
function retyped(email: string, random: () => number): string {
  const [local = '', domain = ''] = email.split('@');
  const r = random();
  const cased = r < 0.4 ? email.toUpperCase() : r < 0.8 ? `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain.charAt(0).toUpperCase()}${domain.slice(1)}` : email;
  return random() < 0.5 ? ` ${cased}  ` : cased;
}

/** The same person's name and phone as a second entry might hold them. */
function variant(p: Person, random: () => number): Pick<Person, 'first' | 'last' | 'phone'> {
  const r = random();
  const first = r < 0.4 ? (NICK[p.first] ?? p.first) : r < 0.7 ? p.first.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : p.first;
  const last = random() < 0.3 ? p.last.toUpperCase() : p.last;
  const digits = p.phone.replace(/\D/g, '').slice(1);
  const phone = random() < 0.5 ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` : `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6)}`;
  return { first, last, phone };
}

const rowOf = (person: number, p: Person, email: string, v: Pick<Person, 'first' | 'last' | 'phone'> = p): ImportRow => ({
  person,
  properties: { email, firstname: v.first, lastname: v.last, phone: v.phone, jobtitle: p.title, company: p.company },
});

/**
 * Generates the data set. `n` rows; `shares` of them duplicates; `seed` fixes every draw; `tag` goes into every
 * domain so two runs' people never meet.
 */
export function generateImport(n: number, seed = 42, shares: Partial<DuplicateShares> = {}, tag = `s${seed}`): ImportDataSet {
  const { inImport = 0.1, inSalesforce = 0.1, asLead = 0.3 } = shares;
  const random = mulberry32(seed);
  const reentries = Math.round(n * inImport);
  const distinct = n - reentries;
  const inSf = Math.min(distinct, Math.round(n * inSalesforce));
  // Salesforce also holds people the import does not touch; they must stay one record each.
  const salesforceOnly = Math.max(1, Math.round(inSf / 4));
  const people = makePeople(distinct + salesforceOnly, random, tag);
  // Sort keys place the originals in file order and each re-entry after its original, mostly a batch or more later.
  const keyed: { key: number; row: ImportRow }[] = people.slice(0, distinct).map((p, i) => ({ key: i, row: rowOf(i, p, random() < 0.2 ? retyped(p.email, random) : p.email) }));
  for (let k = 0; k < reentries; k++) {
    const person = Math.floor(random() * distinct);
    const p = people[person] as Person;
    const key = person + 100 + random() * Math.max(1, distinct - person);
    keyed.push({ key, row: rowOf(person, p, retyped(p.email, random), variant(p, random)) });
  }
  keyed.sort((a, b) => a.key - b.key);
  const seeded = new Set<number>();
  while (seeded.size < inSf) seeded.add(Math.floor(random() * distinct));
  const salesforce: SalesforceSeed[] = [...seeded, ...Array.from({ length: salesforceOnly }, (_, i) => distinct + i)].map((person) => {
    const p = people[person] as Person;
    const object = random() < asLead ? 'Lead' : 'Contact';
    // A rep types the address as it appears on a business card: capitals are common, blanks are not kept.
    const [local = '', domain = ''] = p.email.split('@');
    const email = random() < 0.5 ? `${local.charAt(0).toUpperCase()}${local.slice(1)}@${domain}` : p.email;
    const fields: Record<string, string> = { FirstName: p.first, LastName: p.last, Email: email, Title: p.title };
    if (object === 'Lead') fields['Company'] = p.company;
    return { person, object, fields };
  });
  return {
    rows: keyed.map((k) => k.row),
    salesforce,
    expectedPeople: distinct + salesforceOnly,
    emails: people.map((p) => p.email),
    counts: { rows: n, distinctImported: distinct, inImportDuplicates: reentries, salesforceDuplicates: inSf, salesforceOnly },
  };
}
