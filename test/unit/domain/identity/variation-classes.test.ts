/**
 * How the person matcher decides on pairs of CRM contact records, one block per variation class of the linkage
 * corpus (test/support/linkage-corpus/README.md: FEBRL/GeCo error kinds plus the ways CRM exports go wrong) and per
 * hard-negative kind. The pairs were written from that catalogue, not from the matcher, so they are an outside
 * oracle: a pair a person would call one contact must match, a pair of two people must not.
 *
 * Duplicates mostly drop or change the work address: two records with one identical address are decided by the
 * e-mail tier alone and would say nothing about the class under test.
 *
 * Phone numbers are from ranges reserved for fiction where a country has one (NANP 555-0100…0199, Ofcom's
 * 020 7946 0xxx and 0161 496 0xxx, ACMA's 02 5550 xxxx); country is the ISO 3166-1 code, as Salesforce's
 * state and country picklists export it.
 */
import { describe, expect, it } from 'vitest';
import { toMatchRecord } from '#domain/identity/match-record';
import { compareRecords } from '#domain/identity/matcher';
import { defaultPersonRules as rules } from '#domain/identity/rules';

interface Contact {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  company?: string;
  website?: string;
  country?: string;
}

type Decision = 'match' | 'review' | 'no match';
type Evidence = ReturnType<typeof compareRecords>;

const person = (contact: Contact) => toMatchRecord({ ...contact }, { defaultCountry: 'US' });

function decide(evidence: Evidence): Decision {
  if (evidence === null) return 'no match';
  return evidence.review === true ? 'review' : 'match';
}

function explain(direction: string, evidence: Evidence): string {
  if (evidence === null) return `${direction}: no evidence`;
  const { rule, score, scores, review } = evidence;
  return `${direction}: ${JSON.stringify({ rule, score, scores, review })}`;
}

/** One contact: a match in both directions. */
function same(a: Contact, b: Contact): void {
  const forward = compareRecords(rules, person(a), person(b));
  const backward = compareRecords(rules, person(b), person(a));
  expect(decide(forward), explain('a→b', forward)).toBe('match');
  expect(decide(backward), explain('b→a', backward)).toBe('match');
}

/** Two people: no match in either direction (a review is acceptable, a person decides). */
function different(a: Contact, b: Contact): void {
  const forward = compareRecords(rules, person(a), person(b));
  const backward = compareRecords(rules, person(b), person(a));
  expect(decide(forward), explain('a→b', forward)).not.toBe('match');
  expect(decide(backward), explain('b→a', backward)).not.toBe('match');
}

// Originals, one per country, as a CRM export carries them.
const alvarez: Contact = {
  firstName: 'Jennifer', lastName: 'Alvarez', email: 'jennifer.alvarez@brightwateranalytics.com',
  phone: '+1 415 555 0134', company: 'Brightwater Analytics, Inc.', website: 'https://www.brightwateranalytics.com', country: 'US',
};
const pemberton: Contact = {
  firstName: 'Oliver', lastName: 'Pemberton', email: 'oliver.pemberton@harcourtlowe.co.uk',
  phone: '+44 20 7946 0321', company: 'Harcourt & Lowe Ltd', website: 'https://harcourtlowe.co.uk', country: 'GB',
};
const becker: Contact = {
  firstName: 'Katharina', lastName: 'Becker', email: 'katharina.becker@nordlicht-software.de',
  phone: '+49 30 90123456', company: 'Nordlicht Software GmbH', website: 'https://www.nordlicht-software.de', country: 'DE',
};
const laurent: Contact = {
  firstName: 'Camille', lastName: 'Laurent', email: 'camille.laurent@orlane-conseil.fr',
  phone: '+33 1 42 68 53 00', company: 'Orlane Conseil SA', website: 'https://www.orlane-conseil.fr', country: 'FR',
};
const mitchell: Contact = {
  firstName: 'Lachlan', lastName: 'Mitchell', email: 'lachlan.mitchell@coastlinelogistics.com.au',
  phone: '+61 2 5550 4123', company: 'Coastline Logistics Pty Ltd', website: 'https://www.coastlinelogistics.com.au', country: 'AU',
};
const tremblay: Contact = {
  firstName: 'Sophie', lastName: 'Tremblay', email: 'sophie.tremblay@maplewoodrobotics.ca',
  phone: '+1 416 555 0199', company: 'Maplewood Robotics Inc.', website: 'https://maplewoodrobotics.ca', country: 'CA',
};
const hamilton: Contact = {
  firstName: 'Emma', lastName: 'Hamilton', email: 'emma.hamilton@kestrelpartners.co.uk',
  phone: '0161 496 0734', company: 'Kestrel Partners LLP', website: 'www.kestrelpartners.co.uk', country: 'GB',
};
const sinclair: Contact = {
  firstName: 'Marcus', lastName: 'Sinclair', email: 'marcus.sinclair@tidewaterfreight.com',
  phone: '(757) 555-0161', company: 'Tidewater Freight LLC', website: 'tidewaterfreight.com', country: 'US',
};
const smith: Contact = {
  firstName: 'John', lastName: 'Smith', email: 'john.smith@redfernconsulting.com',
  phone: '(312) 555-0147', company: 'Redfern Consulting Group', website: 'https://www.redfernconsulting.com', country: 'US',
};
const hayes: Contact = {
  firstName: 'Robert', lastName: 'Hayes', email: 'robert.hayes@summitridgecap.com',
  phone: '+1 617 555 0182', company: 'Summit Ridge Capital LLC', website: 'https://summitridgecap.com', country: 'US',
};
const chen: Contact = {
  firstName: 'William', lastName: 'Chen', email: 'william.chen@northshoredental.ca',
  phone: '(604) 555-0117', company: 'Northshore Dental Group Inc.', website: 'https://www.northshoredental.ca', country: 'CA',
};
const meyer: Contact = {
  firstName: 'Stefan', lastName: 'Meyer', email: 's.meyer@halberg-maschinenbau.de',
  phone: '+49 89 2180 4417', company: 'Halberg Maschinenbau GmbH', website: 'https://www.halberg-maschinenbau.de', country: 'DE',
};
const okafor: Contact = {
  firstName: 'Daniel', lastName: 'Okafor', email: 'daniel.okafor@acmetools.com',
  phone: '+1 503 555 0176', company: 'Acme Inc.', website: 'https://www.acmetools.com', country: 'US',
};

describe('variation class: keyboard typo (one insert, delete, neighbour key or transposition)', () => {
  it('matches a neighbour key in the given name (Jennifer/Jennifwr), no address on the copy', () => {
    same(alvarez, { ...alvarez, firstName: 'Jennifwr', email: '' });
  });

  it('matches a transposition in the family name (Pemberton/Pembreton), phone in national form', () => {
    same(pemberton, { ...pemberton, lastName: 'Pembreton', email: '', phone: '020 7946 0321' });
  });

  it('matches a dropped letter in the family name (Becker/Beker)', () => {
    same(becker, { ...becker, lastName: 'Beker', email: '' });
  });

  it('matches an inserted letter in the given name (Lachlan/Lachlann), no website on the copy', () => {
    same(mitchell, { ...mitchell, firstName: 'Lachlann', email: '', website: '' });
  });

  it('matches a neighbour key in the family name (Tremblay/Tremblsy) beside an flast alias', () => {
    same(tremblay, { ...tremblay, lastName: 'Tremblsy', email: 'stremblay@maplewoodrobotics.ca' });
  });

  it('matches an inserted letter in the company (Orlane/Orlanne Conseil), no address or website on the copy', () => {
    same(laurent, { ...laurent, company: 'Orlanne Conseil SA', email: '', website: '' });
  });

  it('matches a transposition in the company (Brightwater/Brigthwater), no address or website on the copy', () => {
    same(alvarez, { ...alvarez, company: 'Brigthwater Analytics Inc', email: '', website: '' });
  });

  it('matches a neighbour key on the first letter of the family name (Becker/Vecker)', () => {
    same(becker, { ...becker, lastName: 'Vecker', email: '' });
  });
});

describe('variation class: OCR error from a business-card scan', () => {
  it('matches rn read for m in the family name and address (Hamilton/Harnilton)', () => {
    same(hamilton, { ...hamilton, lastName: 'Harnilton', email: 'emma.harnilton@kestrelpartners.co.uk' });
  });

  it('matches d read for cl in the family name (Sinclair/Sindair), no address on the copy', () => {
    same(sinclair, { ...sinclair, lastName: 'Sindair', email: '' });
  });

  it('matches the digit 0 read for O in the family name (O\'Connor/0\'Connor)', () => {
    const oconnor: Contact = { ...mitchell, firstName: 'Grace', lastName: 'O\'Connor', email: 'grace.oconnor@coastlinelogistics.com.au' };
    same(oconnor, { ...oconnor, lastName: '0\'Connor', email: '' });
  });

  it('matches the digit 1 read for l in the given name (Emily/Emi1y)', () => {
    const gagnon: Contact = { ...tremblay, firstName: 'Emily', lastName: 'Gagnon', email: 'emily.gagnon@maplewoodrobotics.ca', phone: '+1 416 555 0142' };
    same(gagnon, { ...gagnon, firstName: 'Emi1y', email: '' });
  });
});

describe('variation class: phonetic variant of the family name', () => {
  it('matches Meyer/Maier at one company and line', () => {
    same(meyer, { ...meyer, lastName: 'Maier', email: '' });
  });

  it('matches Schmidt/Schmitt with a personal GMX address on the copy', () => {
    const schmidt: Contact = { ...meyer, firstName: 'Andreas', lastName: 'Schmidt', email: 'a.schmidt@halberg-maschinenbau.de', phone: '089 2180 4452' };
    same(schmidt, { ...schmidt, lastName: 'Schmitt', email: 'andreas.schmitt@gmx.de' });
  });

  it('matches Thompson/Thomson at one company and line', () => {
    const thompson: Contact = { ...hamilton, firstName: 'Rachel', lastName: 'Thompson', email: 'rachel.thompson@kestrelpartners.co.uk', phone: '0161 496 0781' };
    same(thompson, { ...thompson, lastName: 'Thomson', email: '' });
  });

  it('matches Müller/Mueller (the umlaut transliterated)', () => {
    const mueller: Contact = { ...becker, firstName: 'Jonas', lastName: 'Müller', email: 'jonas.mueller@nordlicht-software.de', phone: '030 90123471' };
    same(mueller, { ...mueller, lastName: 'Mueller', email: '' });
  });
});

describe('variation class: given and family names swapped', () => {
  it('matches the names swapped, nothing else changed but the address left out', () => {
    same(alvarez, { ...alvarez, firstName: 'Alvarez', lastName: 'Jennifer', email: '' });
  });

  it('matches swapped names where both are given names in France (Camille Laurent/Laurent Camille)', () => {
    same(laurent, { ...laurent, firstName: 'Laurent', lastName: 'Camille', email: '' });
  });

  it('matches swapped names with a dropped letter in the family name (Pemberton/Pembertn)', () => {
    same(pemberton, { ...pemberton, firstName: 'Pembertn', lastName: 'Oliver', email: '' });
  });

  it('matches swapped names with a dropped letter in the given name (Katharina/Katharna)', () => {
    same(becker, { ...becker, firstName: 'Becker', lastName: 'Katharna', email: '' });
  });
});

describe('variation class: initial for the given name', () => {
  it('matches J. Smith and John Smith at one company with one phone', () => {
    same(smith, { ...smith, firstName: 'J.', email: '' });
  });

  it('matches K Becker (no full stop) and Katharina Becker', () => {
    same(becker, { ...becker, firstName: 'K', email: '' });
  });

  it('matches S. Tremblay with an flast alias and Sophie Tremblay', () => {
    same(tremblay, { ...tremblay, firstName: 'S.', email: 'stremblay@maplewoodrobotics.ca' });
  });

  it('matches J. Smith with jsmith@ and no phone, and John Smith', () => {
    same(smith, { ...smith, firstName: 'J.', email: 'jsmith@redfernconsulting.com', phone: '' });
  });
});

describe('variation class: nickname for the given name', () => {
  it('matches Bob/Robert Hayes at one company and line', () => {
    same(hayes, { ...hayes, firstName: 'Bob', email: '' });
  });

  it('matches Liz/Elizabeth Carter at one company and line', () => {
    const carter: Contact = { ...pemberton, firstName: 'Elizabeth', lastName: 'Carter', email: 'elizabeth.carter@harcourtlowe.co.uk', phone: '+44 20 7946 0388' };
    same(carter, { ...carter, firstName: 'Liz', email: '', phone: '020 7946 0388' });
  });

  it('matches Bill/William Chen with a personal Outlook address on the copy', () => {
    same(chen, { ...chen, firstName: 'Bill', email: 'bill.chen@outlook.com' });
  });

  it('matches Peggy/Margaret Walsh at one company and line', () => {
    const walsh: Contact = { ...mitchell, firstName: 'Margaret', lastName: 'Walsh', email: 'margaret.walsh@coastlinelogistics.com.au', phone: '+61 2 5550 4187' };
    same(walsh, { ...walsh, firstName: 'Peggy', email: '', phone: '(02) 5550 4187' });
  });

  it('matches Bob Hayes with a Gmail address and no phone, and Robert Hayes at the same company', () => {
    same(hayes, { firstName: 'Bob', lastName: 'Hayes', email: 'bobhayes71@gmail.com', company: 'Summit Ridge Capital', country: 'US' });
  });
});

describe('variation class: case and whitespace', () => {
  it('matches names and company in capitals, no address on the copy', () => {
    same(laurent, { ...laurent, firstName: 'CAMILLE', lastName: 'LAURENT', company: 'ORLANE CONSEIL SA', email: '' });
  });

  it('matches leading and trailing spaces in every name field', () => {
    same(mitchell, { ...mitchell, firstName: 'Lachlan ', lastName: '  Mitchell ', company: ' Coastline Logistics Pty Ltd  ', email: '' });
  });

  it('matches lower-case names beside an upper-cased address', () => {
    same(becker, { ...becker, firstName: 'katharina', lastName: 'becker', email: 'KATHARINA.BECKER@NORDLICHT-SOFTWARE.DE' });
  });
});

describe('variation class: missing e-mail on one side', () => {
  it('matches the same name, company and phone when the copy has no address', () => {
    same(alvarez, { ...alvarez, email: '' });
  });

  it('matches the same name, company and phone when the address is absent, not empty', () => {
    const { email: _dropped, ...withoutEmail } = laurent;
    same(laurent, withoutEmail);
  });
});

describe('variation class: missing phone or company on one side', () => {
  it('matches without a phone on the copy, which has an f.last alias', () => {
    same(tremblay, { ...tremblay, phone: '', email: 's.tremblay@maplewoodrobotics.ca' });
  });

  it('matches without a phone or address on the copy: name, company and website remain', () => {
    same(laurent, { ...laurent, phone: '', email: '' });
  });

  it('matches without a company or website on the copy: name and phone remain', () => {
    same(mitchell, { ...mitchell, company: '', website: '', email: '' });
  });

  it('matches without a company, website or phone on the copy: name and a work address at the domain remain', () => {
    same(becker, { ...becker, company: '', website: '', phone: '', email: 'kbecker@nordlicht-software.de' });
  });
});

describe('variation class: e-mail alias formats at one company domain', () => {
  it('matches first.last@ and flast@', () => {
    same(alvarez, { ...alvarez, email: 'jalvarez@brightwateranalytics.com' });
  });

  it('matches first.last@ and f.last@, phone missing on the copy', () => {
    same(pemberton, { ...pemberton, email: 'o.pemberton@harcourtlowe.co.uk', phone: '' });
  });

  it('matches first.last@ and firstlast@', () => {
    same(becker, { ...becker, email: 'katharinabecker@nordlicht-software.de' });
  });

  it('matches first.last@ and first_last@, phone missing on the copy', () => {
    same(laurent, { ...laurent, email: 'camille_laurent@orlane-conseil.fr', phone: '' });
  });

  it('matches first.last@ and last.first@', () => {
    same(mitchell, { ...mitchell, email: 'mitchell.lachlan@coastlinelogistics.com.au' });
  });

  it('matches first.last@ and lastf@, phone missing on the copy', () => {
    same(tremblay, { ...tremblay, email: 'tremblays@maplewoodrobotics.ca', phone: '' });
  });

  it('matches first.last@ and first@ at a small firm', () => {
    same(sinclair, { ...sinclair, email: 'marcus@tidewaterfreight.com' });
  });

  it('matches first.last@ and firstl@, phone missing on the copy', () => {
    same(hamilton, { ...hamilton, email: 'emmah@kestrelpartners.co.uk', phone: '' });
  });
});

describe('variation class: e-mail alias with a nickname in the mailbox', () => {
  it('matches robert.hayes@ and bob.hayes@ with Robert in both records', () => {
    same(hayes, { ...hayes, email: 'bob.hayes@summitridgecap.com' });
  });

  it('matches william.chen@ and bill.chen@, phone missing on the copy', () => {
    same(chen, { ...chen, email: 'bill.chen@northshoredental.ca', phone: '' });
  });

  it('matches elizabeth.carter@ and liz.carter@ where the copy also says Liz', () => {
    const carter: Contact = { ...pemberton, firstName: 'Elizabeth', lastName: 'Carter', email: 'elizabeth.carter@harcourtlowe.co.uk', phone: '+44 20 7946 0388' };
    same(carter, { ...carter, firstName: 'Liz', email: 'liz.carter@harcourtlowe.co.uk' });
  });
});

describe('variation class: personal address on one record, work address on the other', () => {
  it('matches a Gmail address with the same name, company and phone', () => {
    same(alvarez, { ...alvarez, email: 'jennifer.alvarez@gmail.com' });
  });

  it('matches a Yahoo UK address with the same name, company and website but no phone', () => {
    same(pemberton, { ...pemberton, email: 'olly.pemberton@yahoo.co.uk', phone: '' });
  });

  it('matches an Outlook address with the same name and company only', () => {
    same(okafor, { firstName: 'Daniel', lastName: 'Okafor', email: 'danokafor@outlook.com', company: 'Acme Inc.', country: 'US' });
  });
});

describe('variation class: phone format', () => {
  it('matches +1 415 555 0134 and (415) 555-0134, no address or company on the copy', () => {
    same(alvarez, { firstName: 'Jennifer', lastName: 'Alvarez', phone: '(415) 555-0134', country: 'US' });
  });

  it('matches +1 415 555 0134 and 415.555.0134 ext. 12, no address on the copy', () => {
    same(alvarez, { ...alvarez, email: '', website: '', phone: '415.555.0134 ext. 12' });
  });

  it('matches +44 20 7946 0321 and 020 7946 0321, no address or company on the copy', () => {
    same(pemberton, { firstName: 'Oliver', lastName: 'Pemberton', phone: '020 7946 0321', country: 'GB' });
  });

  it('matches +49 30 90123456 and 030 / 9012 3456, no address on the copy', () => {
    same(becker, { ...becker, email: '', website: '', phone: '030 / 9012 3456' });
  });

  it('matches +33 1 42 68 53 00 and 01.42.68.53.00, no address or company on the copy', () => {
    same(laurent, { firstName: 'Camille', lastName: 'Laurent', phone: '01.42.68.53.00', country: 'FR' });
  });

  it('matches +61 2 5550 4123 and (02) 5550 4123, no address on the copy', () => {
    same(mitchell, { ...mitchell, email: '', website: '', phone: '(02) 5550 4123' });
  });

  it('matches E.164 +14155550134 and 415-555-0134;ext=12 (RFC 3966), no address on the copy', () => {
    same({ ...alvarez, phone: '+14155550134' }, { ...alvarez, email: '', phone: '415-555-0134;ext=12' });
  });
});

describe('variation class: company legal form and abbreviation', () => {
  it('matches Acme Inc. and Acme Incorporated, same line, no address or website on the copy', () => {
    same(okafor, { ...okafor, company: 'Acme Incorporated', email: '', website: '' });
  });

  it('matches Acme Inc. and ACME, Inc with the names alone beside it', () => {
    same(okafor, { firstName: 'Daniel', lastName: 'Okafor', company: 'ACME, Inc', country: 'US' });
  });

  it('matches Nordlicht Software GmbH and Nordlicht Software G.m.b.H.', () => {
    same(becker, { ...becker, company: 'Nordlicht Software G.m.b.H.', email: '', website: '' });
  });

  it('matches Harcourt & Lowe Ltd and Harcourt and Lowe Limited', () => {
    same(pemberton, { ...pemberton, company: 'Harcourt and Lowe Limited', email: '', website: '' });
  });

  it('matches Ashdown Group PLC and Ashdown Group plc, no phone on the copy', () => {
    const price: Contact = {
      firstName: 'Hannah', lastName: 'Price', email: 'hannah.price@ashdowngroup.co.uk',
      phone: '020 7946 0512', company: 'Ashdown Group PLC', website: 'https://www.ashdowngroup.co.uk', country: 'GB',
    };
    same(price, { firstName: 'Hannah', lastName: 'Price', company: 'Ashdown Group plc', country: 'GB' });
  });

  it('matches Orlane Conseil SA and Orlane Conseil S.A.', () => {
    same(laurent, { ...laurent, company: 'Orlane Conseil S.A.', email: '', website: '' });
  });

  it('matches Coastline Logistics Pty Ltd and Coastline Logistics Proprietary Limited', () => {
    same(mitchell, { ...mitchell, company: 'Coastline Logistics Proprietary Limited', email: '', website: '' });
  });
});

describe('hard negative: colleagues with the same family name', () => {
  it('rejects Jennifer and Marco Alvarez on one switchboard', () => {
    const switchboard = '+1 415 555 0100';
    different(
      { ...alvarez, phone: switchboard },
      { ...alvarez, firstName: 'Marco', email: 'marco.alvarez@brightwateranalytics.com', phone: switchboard },
    );
  });

  it('rejects Stefan and Claudia Meyer with s.meyer@ and c.meyer@ on one switchboard', () => {
    different(
      { ...meyer, phone: '+49 89 2180 4400' },
      { ...meyer, firstName: 'Claudia', email: 'c.meyer@halberg-maschinenbau.de', phone: '089 2180 4400' },
    );
  });

  it('rejects Camille and Julien Laurent on one switchboard', () => {
    different(laurent, { ...laurent, firstName: 'Julien', email: 'julien.laurent@orlane-conseil.fr' });
  });
});

describe('hard negative: colleagues with the same given name', () => {
  it('rejects Oliver Pemberton and Oliver Hastings on one switchboard', () => {
    different(pemberton, { ...pemberton, lastName: 'Hastings', email: 'oliver.hastings@harcourtlowe.co.uk' });
  });

  it('rejects Sophie Tremblay and Sophie Gagnon on their own lines', () => {
    different(tremblay, { ...tremblay, lastName: 'Gagnon', email: 'sophie.gagnon@maplewoodrobotics.ca', phone: '+1 416 555 0173' });
  });
});

describe('hard negative: namesakes at two companies', () => {
  it('rejects two John Smiths with different domains and phones', () => {
    different(smith, {
      firstName: 'John', lastName: 'Smith', email: 'jsmith@lakesidedentalpartners.com',
      phone: '(608) 555-0129', company: 'Lakeside Dental Partners', website: 'lakesidedentalpartners.com', country: 'US',
    });
  });

  it('rejects two Thomas Müllers at two German firms', () => {
    different(
      { ...meyer, firstName: 'Thomas', lastName: 'Müller', email: 'thomas.mueller@halberg-maschinenbau.de' },
      {
        firstName: 'Thomas', lastName: 'Müller', email: 't.mueller@rheinblick-logistik.de',
        phone: '+49 221 4471 2290', company: 'Rheinblick Logistik GmbH', website: 'https://rheinblick-logistik.de', country: 'DE',
      },
    );
  });
});

describe('hard negative: father and son in a family firm', () => {
  const roofing: Contact = {
    firstName: 'John', lastName: 'Smith', email: 'john.smith@smithandsonsroofing.com',
    phone: '(402) 555-0110', company: 'Smith & Sons Roofing', website: 'smithandsonsroofing.com', country: 'US',
  };

  it('rejects John Smith and John Smith Jr. with john.smith@ and john.smith.jr@', () => {
    different(roofing, { ...roofing, lastName: 'Smith Jr.', email: 'john.smith.jr@smithandsonsroofing.com' });
  });

  it('rejects John Smith Sr. (jsmith@) and John Smith Jr. (jsmithjr@)', () => {
    different(
      { ...roofing, lastName: 'Smith Sr.', email: 'jsmith@smithandsonsroofing.com' },
      { ...roofing, lastName: 'Smith Jr.', email: 'jsmithjr@smithandsonsroofing.com' },
    );
  });

  // A plain John Smith beside a "Jr." at a family firm is the father half the time, so at most a review.
  it('rejects John Smith with no address and John Smith, Jr. (jsmithjr@) on the one line', () => {
    different({ ...roofing, email: '' }, { ...roofing, lastName: 'Smith, Jr.', email: 'jsmithjr@smithandsonsroofing.com' });
  });
});

describe('hard negative: a shared switchboard number', () => {
  const switchboard = '0161 496 0700';

  it('rejects two people on one switchboard with different extensions', () => {
    different(
      { ...hamilton, phone: `${switchboard} ext. 12` },
      { ...hamilton, firstName: 'Daniel', lastName: 'Price', email: 'daniel.price@kestrelpartners.co.uk', phone: `${switchboard} ext. 31` },
    );
  });

  it('rejects two people on one switchboard when one record has no address', () => {
    different(
      { ...hamilton, phone: switchboard },
      { firstName: 'Daniel', lastName: 'Price', phone: '+44 161 496 0700', company: 'Kestrel Partners LLP', country: 'GB' },
    );
  });
});

describe('hard negative: mailboxes that differ only by a number', () => {
  it('rejects James Smith (jsmith@) and Jessica Smith (jsmith2@)', () => {
    const james: Contact = { ...smith, firstName: 'James', email: 'jsmith@redfernconsulting.com', phone: '(312) 555-0100' };
    different(james, { ...james, firstName: 'Jessica', email: 'jsmith2@redfernconsulting.com' });
  });

  it('rejects Daniel Weber (dweber@) and Dana Weber (dweber2@)', () => {
    const weber: Contact = { ...becker, firstName: 'Daniel', lastName: 'Weber', email: 'dweber@nordlicht-software.de', phone: '+49 30 9012340' };
    different(weber, { ...weber, firstName: 'Dana', email: 'dweber2@nordlicht-software.de' });
  });
});

describe('hard negative: siblings at one company', () => {
  it('rejects Christina and Christopher Harrison', () => {
    const christina: Contact = {
      firstName: 'Christina', lastName: 'Harrison', email: 'christina.harrison@harrisonjoinery.co.uk',
      phone: '+44 20 7946 0640', company: 'Harrison Joinery Ltd', website: 'https://harrisonjoinery.co.uk', country: 'GB',
    };
    different(christina, { ...christina, firstName: 'Christopher', email: 'christopher.harrison@harrisonjoinery.co.uk' });
  });

  it('rejects Christina Harrison (charrison@) and Christopher Harrison (charrison2@)', () => {
    const christina: Contact = {
      firstName: 'Christina', lastName: 'Harrison', email: 'charrison@harrisonjoinery.co.uk',
      phone: '+44 20 7946 0640', company: 'Harrison Joinery Ltd', website: 'https://harrisonjoinery.co.uk', country: 'GB',
    };
    different(christina, { ...christina, firstName: 'Christopher', email: 'charrison2@harrisonjoinery.co.uk' });
  });

  it('rejects the twins Daniel and Danielle Roy with droy@ and droy2@', () => {
    const daniel: Contact = { ...tremblay, firstName: 'Daniel', lastName: 'Roy', email: 'droy@maplewoodrobotics.ca', phone: '+1 416 555 0100' };
    different(daniel, { ...daniel, firstName: 'Danielle', email: 'droy2@maplewoodrobotics.ca' });
  });

  // Two real names one letter apart are two people (siblings), not a typo: neither the names nor the mailboxes agree.
  it('rejects Alexander and Alexandra Fischer', () => {
    const alexander: Contact = {
      firstName: 'Alexander', lastName: 'Fischer', email: 'alexander.fischer@fischer-weinbau.de',
      phone: '06321 945870', company: 'Fischer Weinbau GmbH', website: 'www.fischer-weinbau.de', country: 'DE',
    };
    different(alexander, { ...alexander, firstName: 'Alexandra', email: 'alexandra.fischer@fischer-weinbau.de' });
  });
});
