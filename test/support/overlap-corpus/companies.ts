import type { Phone } from './phones.ts';
import { RATES } from './rates.ts';
import type { SeededRandom } from './random.ts';
import { typo } from './text-variants.ts';

/** The countries companies are in, with how often; ISO 3166-1 alpha-2. */
export const COUNTRY_SHARES = { US: 55, GB: 12, CA: 8, DE: 8, AU: 6, FR: 6, NL: 5 } as const;
export type Country = keyof typeof COUNTRY_SHARES;

/** How people write each country in a free-text field, with how often. */
const COUNTRY_SPELLINGS: Readonly<Record<Country, Readonly<Record<string, number>>>> = {
  US: { 'United States': 50, USA: 20, US: 15, 'U.S.': 5, 'United States of America': 10 },
  GB: { 'United Kingdom': 55, UK: 25, GB: 10, 'Great Britain': 5, England: 5 },
  CA: { Canada: 90, CA: 10 },
  DE: { Germany: 80, DE: 10, Deutschland: 10 },
  AU: { Australia: 85, AU: 15 },
  FR: { France: 90, FR: 10 },
  NL: { Netherlands: 60, 'The Netherlands': 25, Holland: 5, NL: 10 },
};

/** Legal forms per country, each with its other spellings. */
const LEGAL_FORMS: Readonly<Record<Country, readonly (readonly string[])[]>> = {
  US: [['Inc.', 'Inc', 'Incorporated'], ['LLC', 'L.L.C.'], ['Corp.', 'Corporation', 'Corp'], ['Co.', 'Company']],
  CA: [['Inc.', 'Inc', 'Incorporated'], ['Ltd.', 'Limited', 'Ltd']],
  GB: [['Ltd', 'Limited', 'Ltd.'], ['PLC', 'plc']],
  AU: [['Pty Ltd', 'Pty. Ltd.', 'Proprietary Limited']],
  DE: [['GmbH'], ['AG']],
  FR: [['SAS', 'S.A.S.'], ['SA', 'S.A.']],
  NL: [['B.V.', 'BV']],
};

/** Where a company's domain ends, by country: reserved or plainly fictitious names (RFC 2606 `.example`, `.test`). */
const DOMAIN_ENDINGS: Readonly<Record<Country, readonly string[]>> = {
  US: ['.example', '-example.com', '-example.io'],
  CA: ['-example.ca', '.example'],
  GB: ['-example.co.uk', '.example'],
  AU: ['-example.com.au'],
  DE: ['-example.de'],
  FR: ['-example.fr'],
  NL: ['-example.nl'],
};

/** A company as it really is; each CRM holds a rendering of it. */
export interface Company {
  /** The name stem: "Blue Harbor Logistics", "Harper & Stone", "Veritex". */
  stem: string;
  /** The legal form in its canonical spelling, and its other spellings. */
  legalForm?: readonly string[];
  leadingThe: boolean;
  domain: string;
  country: Country;
  phone?: Phone;
  industry?: string;
}

/** Draws a country. */
export function drawCountry(random: SeededRandom): Country {
  return random.weighted(COUNTRY_SHARES);
}

/** Draws a legal form of `country`, or none at the rate of bare names. */
export function drawLegalForm(country: Country, random: SeededRandom, other?: readonly string[]): readonly string[] | undefined {
  if (!random.chance(RATES.legalForm)) return undefined;
  const forms = LEGAL_FORMS[country].filter((f) => f !== other);
  return random.pick(forms.length > 0 ? forms : LEGAL_FORMS[country]);
}

/** A domain for `slug` in `country` not in `taken`; the caller adds it. */
export function drawDomain(slug: string, country: Country, random: SeededRandom, taken: ReadonlySet<string>): string {
  const endings = random.shuffle([...DOMAIN_ENDINGS[country], '.test']);
  const free = endings.map((e) => slug + e).find((d) => !taken.has(d));
  if (!free) throw new Error(`no free domain for ${slug}`);
  return free;
}

/** How one side writes a company's name: legal form kept, dropped or respelled, "The", "&"/"and", case. */
export function renderCompanyName(company: Company, side: 'salesforce' | 'hubspot', random: SeededRandom): string {
  let stem = company.stem;
  if (stem.includes(' & ') && random.chance(RATES.ampersandAsAnd)) stem = stem.replace(' & ', ' and ');
  if (company.leadingThe && !random.chance(RATES.dropThe)) stem = `The ${stem}`;
  let name = stem;
  const form = company.legalForm;
  if (form && !random.chance(RATES.dropLegalForm[side])) {
    const spelling = random.chance(RATES.legalFormSpelling) ? random.pick(form) : (form[0] as string);
    // "Acme, Inc." is as common as "Acme Inc." in US data; other forms are rarely set off by a comma.
    const comma = /^(Inc|LLC|L\.L\.C)/.test(spelling) && random.chance(0.3) ? ',' : '';
    name = `${stem}${comma} ${spelling}`;
  }
  if (random.chance(RATES.upperCase)) return name.toUpperCase();
  if (random.chance(RATES.lowerCase)) return name.toLowerCase();
  return name;
}

/** A company name with one typo in it, as one side may hold it. */
export function misspellCompanyName(name: string, random: SeededRandom): string {
  return typo(name, random);
}

/** How a sales rep pasted a company's website into Salesforce: scheme, `www.`, a trailing slash or a path. */
export function renderWebsite(domain: string, random: SeededRandom): string {
  const host = random.chance(0.55) ? `www.${domain}` : domain;
  const form = random.weighted({ https: 40, http: 15, bare: 30, path: 10, upper: 5 });
  switch (form) {
    case 'https':
      return `https://${host}${random.chance(0.5) ? '/' : ''}`;
    case 'http':
      return `http://${host}`;
    case 'bare':
      return host;
    case 'path':
      return `${random.chance(0.5) ? 'https://' : ''}${host}/${random.pick(['en-us', 'about', 'home', 'en/'])}`;
    case 'upper':
      return `HTTPS://${host.toUpperCase()}`;
  }
}

/** How someone typed the country. */
export function renderCountry(country: Country, random: SeededRandom): string {
  return random.weighted(COUNTRY_SPELLINGS[country]);
}
