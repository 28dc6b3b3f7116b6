import { misspellCompanyName, renderCompanyName, renderCountry, renderWebsite, type Company } from './companies.ts';
import { renderPhone } from './phones.ts';
import { optional, type Person } from './population.ts';
import type { SeededRandom } from './random.ts';
import { RATES } from './rates.ts';
import { foldAccents, recaseEmail, typo } from './text-variants.ts';
import type { HsCompany, HsContact, SfAccount, SfContact } from './types.ts';
import { NICKNAMES } from './vocabulary.ts';

/** Which differences one CRM's copy of a person shows. */
export interface PersonFlags {
  nickname?: boolean;
  lastNameTypo?: boolean;
  swapped?: boolean;
  foldAccents?: boolean;
  lowerCase?: boolean;
  dropEmail?: boolean;
  recaseEmail?: boolean;
  dropPhone?: boolean;
  dropTitle?: boolean;
}

/** The differences between the two copies of a person both CRMs hold (rates in {@link RATES}). */
export function drawSharedFlags(person: Person, random: SeededRandom): { salesforce: PersonFlags; hubspot: PersonFlags; withoutCompany: boolean } {
  const salesforce: PersonFlags = {};
  const hubspot: PersonFlags = {};
  const oneSide = () => (random.chance(0.5) ? salesforce : hubspot);
  const missingEmail = random.chance(RATES.missingEmail);
  if (missingEmail) {
    // A copy without an e-mail keeps the exact name and company: that is all there is to find it by.
    oneSide().dropEmail = true;
  } else {
    const variant = random.weighted({
      none: 1 - RATES.nickname - RATES.lastNameTypo - RATES.swappedNames,
      nickname: NICKNAMES[person.first] ? RATES.nickname : 0,
      lastNameTypo: RATES.lastNameTypo,
      swapped: RATES.swappedNames,
    });
    if (variant !== 'none') oneSide()[variant] = true;
    if (foldAccents(person.first + person.last) !== person.first + person.last && random.chance(RATES.stripAccents)) oneSide().foldAccents = true;
    if (random.chance(RATES.lowerCaseName)) hubspot.lowerCase = true;
  }
  if (random.chance(RATES.emailCase)) oneSide().recaseEmail = true;
  if (person.phone && random.chance(RATES.dropPersonPhone)) oneSide().dropPhone = true;
  if (person.title && random.chance(RATES.dropTitle)) oneSide().dropTitle = true;
  return { salesforce, hubspot, withoutCompany: !missingEmail && random.chance(RATES.hubspotContactWithoutCompany) };
}

interface PersonFields {
  first: string;
  last: string;
  email?: string;
  phone?: string;
  title?: string;
}

function renderPerson(person: Person, flags: PersonFlags, random: SeededRandom): PersonFields {
  let first = flags.nickname ? random.pick(NICKNAMES[person.first] ?? [person.first]) : person.first;
  let last = flags.lastNameTypo ? typo(person.last, random) : person.last;
  // Salesforce's Suffix field is off in most orgs, so a "Jr." ends up in the last name, written several ways.
  if (person.junior) last += random.pick([' Jr.', ' Jr', ', Jr.']);
  if (flags.foldAccents) [first, last] = [foldAccents(first), foldAccents(last)];
  if (flags.lowerCase) [first, last] = [first.toLowerCase(), last.toLowerCase()];
  if (flags.swapped) [first, last] = [last, first];
  const email = person.email && !flags.dropEmail ? (flags.recaseEmail ? recaseEmail(person.email, random) : person.email) : undefined;
  const phone = person.phone && !flags.dropPhone ? renderPhone(person.phone, random) : undefined;
  const title = person.title && !flags.dropTitle ? person.title[random.chance(RATES.titleSpelling) ? 1 : 0] : undefined;
  return { first, last, ...optional('email', email), ...optional('phone', phone), ...optional('title', title) };
}

/** The Salesforce Contact of `person`, under the Account `accountKey`. */
export function renderSfContact(key: string, person: Person, flags: PersonFlags, accountKey: string, random: SeededRandom): SfContact {
  const p = renderPerson(person, flags, random);
  return { key, FirstName: p.first, LastName: p.last, ...optional('Email', p.email), ...optional('Phone', p.phone), ...optional('Title', p.title), accountKey };
}

/** The HubSpot contact of `person`, associated with `companyKey` when given. */
export function renderHsContact(key: string, person: Person, flags: PersonFlags, companyKey: string | undefined, random: SeededRandom): HsContact {
  const p = renderPerson(person, flags, random);
  const companyText = random.chance(RATES.hubspotCompanyText) ? renderCompanyName(person.company, 'hubspot', random) : undefined;
  return {
    key,
    properties: { firstname: p.first, lastname: p.last, ...optional('email', p.email), ...optional('phone', p.phone), ...optional('jobtitle', p.title), ...optional('company', companyText) },
    ...optional('companyKey', companyKey),
  };
}

/** The Salesforce Account of `company`; `misspelled` puts one typo in its name. */
export function renderSfAccount(key: string, company: Company, misspelled: boolean, random: SeededRandom): SfAccount {
  const name = renderCompanyName(company, 'salesforce', random);
  const phone = company.phone && !random.chance(RATES.dropCompanyPhone.salesforce) ? renderPhone(company.phone, random) : undefined;
  return {
    key,
    Name: misspelled ? misspellCompanyName(name, random) : name,
    Website: renderWebsite(company.domain, random),
    BillingCountry: renderCountry(company.country, random),
    ...optional('Phone', phone),
    ...optional('Industry', company.industry),
  };
}

/** The HubSpot company of `company`; `misspelled` puts one typo in its name. */
export function renderHsCompany(key: string, company: Company, misspelled: boolean, random: SeededRandom): HsCompany {
  const name = renderCompanyName(company, 'hubspot', random);
  const phone = company.phone && !random.chance(RATES.dropCompanyPhone.hubspot) ? renderPhone(company.phone, random) : undefined;
  const country = random.chance(RATES.dropHubspotCountry) ? undefined : renderCountry(company.country, random);
  return { key, properties: { name: misspelled ? misspellCompanyName(name, random) : name, domain: company.domain, ...optional('country', country), ...optional('phone', phone) } };
}
