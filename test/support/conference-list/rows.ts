import { renderCompanyName, renderCountry } from '#test/support/overlap-corpus/companies';
import { renderPhone } from '#test/support/overlap-corpus/phones';
import type { SeededRandom } from '#test/support/overlap-corpus/random';
import { foldAccents, recaseEmail, titleCase, typo } from '#test/support/overlap-corpus/text-variants';
import { NICKNAMES, TITLES } from '#test/support/overlap-corpus/vocabulary';
import type { Attendee } from './attendees.ts';
import type { ListRow, SeedContact, SeedHubspotContact } from './types.ts';

/**
 * How often each difference occurs, per row or per CRM record. FEBRL's generator (Christen 2005) corrupts a
 * duplicate record field by field, each corruption with its own probability: typing and OCR errors, nickname and
 * phonetic variants, missing values and other formats. The same is done here for a second registration and for the
 * CRM copy of someone who registers.
 */
export const VARIATION = {
  /** A registration: the first name typed as the nickname the person goes by ("Bob"), when there is one. */
  registersWithNickname: 0.2,
  /** A registration: the name typed all in lower case ("maria garcia"), or in capitals. */
  lowerCaseName: 0.05,
  upperCaseName: 0.02,
  /** A registration: the e-mail typed with capitals ("Maria.Garcia@…"), or with a space before or after it. */
  emailCase: 0.1,
  emailSpaces: 0.04,
  /** Per cell: a trailing space, as a form that does not trim keeps it. */
  trailingSpace: 0.04,
  /** A registration leaves the optional phone blank. */
  noPhone: 0.25,
  /** The title in its other common spelling ("VP Sales"). */
  titleSpelling: 0.3,
  /** A second registration or a CRM copy: another title altogether (a promotion, a new role). */
  titleChanged: 0.12,
  /** A second registration: the nickname / formal first name the other time; a one-character typo in a name. */
  otherFirstName: 0.25,
  nameTypo: 0.05,
  /** A second registration: the e-mail in another case (the key stays the same), or with surrounding spaces. */
  repeatEmailCase: 0.35,
  repeatEmailSpaces: 0.15,
  /** A second registration: the phone in another format (the rest keep it or leave it blank). */
  repeatPhoneFormat: 0.5,
  /** A CRM copy: the first name in its other form (Bob / Robert); accents stripped by an integration. */
  crmOtherFirstName: 0.3,
  crmStripAccents: 0.1,
  /** A Salesforce copy: the e-mail in the case a rep typed it (HubSpot stores addresses in lower case). */
  salesforceEmailCase: 0.3,
  /** A CRM copy holds no phone, or no title. */
  crmNoPhone: 0.15,
  crmNoTitle: 0.1,
} as const;

/** How someone fills in the registration form the first time. */
export function registrationRow(a: Attendee, random: SeededRandom): ListRow {
  const nicknames = NICKNAMES[a.first];
  const first = nicknames && random.chance(VARIATION.registersWithNickname) ? (nicknames[0] as string) : a.first;
  const [firstName, lastName] = typedCase([first, a.last], random);
  return padded(
    {
      firstName,
      lastName,
      email: typedEmail(a.email, random, VARIATION.emailCase, VARIATION.emailSpaces),
      company: renderCompanyName(a.company, 'salesforce', random),
      title: random.chance(VARIATION.titleSpelling) ? a.title[1] : a.title[0],
      phone: a.phone && !random.chance(VARIATION.noPhone) ? renderPhone(a.phone, random) : '',
      country: renderCountry(a.company.country, random),
    },
    random,
  );
}

/** The same person registering again: the e-mail is the same up to case and spaces, the rest may differ. */
export function repeatRow(a: Attendee, earlier: ListRow, random: SeededRandom): ListRow {
  let firstName = random.chance(VARIATION.otherFirstName) ? otherFirstName(earlier.firstName.trim(), a) : earlier.firstName.trim();
  let lastName = earlier.lastName.trim();
  if (random.chance(VARIATION.nameTypo)) firstName = typo(firstName, random);
  if (random.chance(VARIATION.nameTypo)) lastName = typo(lastName, random);
  [firstName, lastName] = typedCase([firstName, lastName], random);
  let phone = earlier.phone.trim();
  if (a.phone && random.chance(VARIATION.repeatPhoneFormat)) phone = renderPhone(a.phone, random);
  else if (random.chance(VARIATION.noPhone)) phone = '';
  return padded(
    {
      firstName,
      lastName,
      email: typedEmail(a.email, random, VARIATION.repeatEmailCase, VARIATION.repeatEmailSpaces),
      company: renderCompanyName(a.company, 'hubspot', random),
      title: titleOf(a, random),
      phone,
      country: renderCountry(a.company.country, random),
    },
    random,
  );
}

/** The Contact a Salesforce org already holds for `a`: tidy names, the rep's own phone format and title. */
export function salesforceCopy(a: Attendee, random: SeededRandom): SeedContact {
  const { first, last, phone, title } = crmCopy(a, random);
  const email = random.chance(VARIATION.salesforceEmailCase) ? recaseEmail(a.email, random) : a.email;
  return { FirstName: first, LastName: last, Email: email, ...(phone ? { Phone: phone } : {}), ...(title ? { Title: title } : {}) };
}

/** The contact a HubSpot portal already holds for `a`. */
export function hubspotCopy(a: Attendee, random: SeededRandom): SeedHubspotContact {
  const { first, last, phone, title } = crmCopy(a, random);
  return { firstname: first, lastname: last, email: a.email, ...(phone ? { phone } : {}), ...(title ? { jobtitle: title } : {}) };
}

function crmCopy(a: Attendee, random: SeededRandom): { first: string; last: string; phone?: string; title?: string } {
  let first = random.chance(VARIATION.crmOtherFirstName) ? otherFirstName(a.first, a) : a.first;
  let last = a.last;
  if (random.chance(VARIATION.crmStripAccents)) [first, last] = [foldAccents(first), foldAccents(last)];
  const phone = a.phone && !random.chance(VARIATION.crmNoPhone) ? renderPhone(a.phone, random) : undefined;
  const title = random.chance(VARIATION.crmNoTitle) ? undefined : titleOf(a, random);
  return { first, last, ...(phone ? { phone } : {}), ...(title ? { title } : {}) };
}

/** The nickname for a formal first name, the formal name for a nickname, or the name itself when it has neither. */
function otherFirstName(current: string, a: Attendee): string {
  const nicknames = NICKNAMES[a.first];
  if (!nicknames) return current;
  return current.toLowerCase() === a.first.toLowerCase() ? (nicknames[0] as string) : a.first;
}

function titleOf(a: Attendee, random: SeededRandom): string {
  if (random.chance(VARIATION.titleChanged)) return random.pick(TITLES.filter((t) => t !== a.title))[0];
  return random.chance(VARIATION.titleSpelling) ? a.title[1] : a.title[0];
}

function typedCase(names: [string, string], random: SeededRandom): [string, string] {
  if (random.chance(VARIATION.lowerCaseName)) return names.map((n) => n.toLowerCase()) as [string, string];
  if (random.chance(VARIATION.upperCaseName)) return names.map((n) => n.toUpperCase()) as [string, string];
  return names.map((n) => (n === n.toLowerCase() ? titleCase(n) : n)) as [string, string];
}

function typedEmail(email: string, random: SeededRandom, caseRate: number, spacesRate: number): string {
  const cased = random.chance(caseRate) ? recaseEmail(email, random) : email;
  return random.chance(spacesRate) ? random.pick([` ${cased}`, `${cased} `, ` ${cased}  `]) : cased;
}

function padded(row: ListRow, random: SeededRandom): ListRow {
  const out = { ...row };
  for (const key of ['firstName', 'lastName', 'company', 'title'] as const) {
    if (out[key] !== '' && random.chance(VARIATION.trailingSpace)) out[key] = `${out[key]} `;
  }
  return out;
}
