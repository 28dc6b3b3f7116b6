/**
 * Value pools of the linkage corpus: surnames, company name parts, countries with their telephone numbering and legal
 * forms, personal mail providers. Given names live in nicknames.ts (a published list).
 *
 * Sources and how sure each fact is ([C] confirmed in a public document, [?] assumption of this corpus):
 * - Surnames: common surnames of the corpus' countries, with spelling variants a careful reader accepts as one
 *   family name (Smith/Smyth, Müller/Mueller). Chosen by hand; frequency not modelled (uniform). [?]
 * - Country calling codes and trunk prefix "0" (UK, DE, FR, AU) vs none (NANP): ITU-T E.164 assignments. [C]
 * - Number grouping as written nationally (US "(617) 555-0123", UK "020 7946 0123", FR "01 23 45 67 89",
 *   AU "(02) 9876 5432", DE "030 12345678"): common national conventions, not a standard every writer follows. [?]
 * - Legal forms per country (Inc./LLC/Corp., Ltd/PLC, GmbH/AG, SAS/SA/SARL, Pty Ltd): company law of each
 *   country. [C] Their spelled-out and dotted forms ("Incorporated", "G.m.b.H.") are variants people type. [?]
 */

export const SURNAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor',
  'Thomas', 'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson',
  'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Carter', 'Phillips', 'Evans', 'Turner', 'Parker', 'Collins',
  'Edwards', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Morgan', 'Cooper', 'Peterson', 'Reed',
  'Bailey', 'Bell', 'Kelly', 'Howard', 'Ward', 'Cox', 'Richardson', 'Wood', 'Watson', 'Brooks',
  'Bennett', 'Gray', 'Hughes', 'Price', 'Sanders', 'Myers', 'Long', 'Ross', 'Foster', 'Powell',
  'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Fisher', 'Henderson', 'Coleman', 'Patterson', 'Jordan', 'Reynolds',
  'Hamilton', 'Graham', 'Wallace', 'Hayes', 'Gibson', 'Ellis', 'Stevens', 'Murray', 'Ford', 'Marshall',
  'Owens', 'McDonald', 'Harrison', 'Kennedy', 'Wells', 'Hunt', 'Palmer', 'Black', 'Stone', 'Hansen',
  'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann',
  'Koch', 'Richter', 'Klein', 'Wolf', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hartmann',
  'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
  'Lefebvre', 'Fournier', 'Girard', 'Bonnet', 'Dupont', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Chevalier',
  "O'Brien", "O'Connor", 'MacLeod', 'Fitzgerald', 'Van der Berg', 'De Vries', 'Nguyen', 'Kowalski', 'Novak', 'Rossi',
];

/** Spelling variants of one surname or given name that sound alike (a careful reader accepts them as one name). */
export const NAME_VARIANTS: readonly (readonly [string, string])[] = [
  ['smith', 'smyth'], ['thompson', 'thomson'], ['reed', 'reid'], ['meyer', 'meier'], ['meyer', 'maier'],
  ['schmidt', 'schmitt'], ['phillips', 'philips'], ['clark', 'clarke'], ['brown', 'browne'], ['stewart', 'stuart'],
  ['gray', 'grey'], ['peterson', 'petersen'], ['anderson', 'andersen'], ['hansen', 'hanson'], ['müller', 'mueller'],
  ['krüger', 'krueger'], ['hoffmann', 'hoffman'], ['mcdonald', 'macdonald'], ['jackson', 'jakson'], ['lewis', 'louis'],
  ['catherine', 'katherine'], ['steven', 'stephen'], ['philip', 'phillip'], ['jeffrey', 'geoffrey'], ['sophia', 'sofia'],
  ['rebecca', 'rebekah'], ['nicholas', 'nicolas'], ['matthew', 'mathew'], ['deborah', 'debra'], ['elizabeth', 'elisabeth'],
  ['zachary', 'zackary'], ['christine', 'kristine'], ['christina', 'kristina'], ['jacqueline', 'jaqueline'],
];

export const COMPANY_PREFIXES: readonly string[] = [
  'Northwind', 'Bluewater', 'Silverline', 'Redwood', 'Granite', 'Summit', 'Harbor', 'Ironbridge', 'Clearview', 'Brightpath',
  'Oakridge', 'Cedar', 'Pinnacle', 'Keystone', 'Lakeshore', 'Meridian', 'Evergreen', 'Falcon', 'Horizon', 'Sterling',
  'Atlas', 'Beacon', 'Cobalt', 'Crescent', 'Ember', 'Foxglove', 'Gateway', 'Highland', 'Juniper', 'Kestrel',
  'Lumen', 'Maple', 'Nimbus', 'Orchid', 'Quarry', 'Riverbend', 'Sablewood', 'Tidewater', 'Upland', 'Vantage',
  'Willow', 'Zephyr', 'Aurora', 'Bramble', 'Copperleaf', 'Driftwood', 'Elmstead', 'Fairhaven', 'Goldcrest', 'Hollowell',
  'Ivory', 'Jasper', 'Kingsway', 'Larkspur', 'Moorland', 'Northgate', 'Oldfield', 'Pinecrest', 'Quillon', 'Rosewood',
  'Saltmarsh', 'Thornbury', 'Umber', 'Valemont', 'Westbrook', 'Yarrow', 'Ashford', 'Birchwood', 'Coldwater', 'Dunmore',
  'Eastwick', 'Fernhill', 'Glenrock', 'Hawthorn', 'Inglewood', 'Kingfisher', 'Lindenhall', 'Millbrook', 'Newhaven', 'Oxbow',
];

export const COMPANY_ROOTS: readonly string[] = [
  'Analytics', 'Logistics', 'Systems', 'Foods', 'Health', 'Energy', 'Capital', 'Robotics', 'Software', 'Media',
  'Consulting', 'Supply', 'Engineering', 'Networks', 'Biotech', 'Freight', 'Dynamics', 'Solutions', 'Data', 'Security',
  'Textiles', 'Pharma', 'Studios', 'Instruments', 'Materials', 'Ventures', 'Technologies', 'Manufacturing', 'Insurance', 'Marine',
  'Aerospace', 'Construction', 'Learning', 'Advisory', 'Retail', 'Chemicals', 'Packaging', 'Telecom', 'Motors', 'Agritech',
  'Optics', 'Payments', 'Recruitment', 'Hospitality', 'Architecture', 'Semiconductors', 'Diagnostics', 'Furniture', 'Travel', 'Utilities',
];

/** Third name part; '' means none. "International" is there so the Intl. abbreviation has something to shorten. */
export const COMPANY_SUFFIXES: readonly string[] = ['', 'Group', 'Partners', 'Labs', 'International', 'Holdings', 'Works', 'Associates', 'Global', 'Services', 'Industries', '& Co', 'Collective'];

export interface PhonePlan {
  /** ITU-T E.164 country calling code, digits only. [C] */
  readonly cc: string;
  /** National trunk prefix written before the area code at home ('' in the NANP). [C] */
  readonly trunk: string;
  /** Area codes used by the corpus (without trunk prefix). Real codes; subscriber numbers are synthetic. */
  readonly areas: readonly string[];
  /** Digits after the area code. */
  readonly subscriberDigits: 7 | 8;
}

export interface Country {
  readonly key: 'US' | 'GB' | 'DE' | 'FR' | 'AU' | 'CA';
  /** The value a CRM export usually shows, then spellings people also type. [?] */
  readonly names: readonly [string, ...string[]];
  readonly weight: number;
  readonly phone: PhonePlan;
  readonly tld: string;
  /** Legal forms, each with the variant spellings typed for it. The first spelling is the canonical one. */
  readonly legalForms: readonly (readonly [string, ...string[]])[];
}

/** Country mix of the corpus: a US-heavy B2B CRM. Weights are an assumption. [?] */
export const COUNTRIES: readonly Country[] = [
  {
    key: 'US', names: ['United States', 'USA', 'US', 'United States of America'], weight: 45, tld: 'com',
    phone: { cc: '1', trunk: '', areas: ['212', '312', '415', '617', '206', '512', '303', '404', '713', '646'], subscriberDigits: 7 },
    legalForms: [['Inc.', 'Inc', 'Incorporated'], ['LLC', 'L.L.C.'], ['Corp.', 'Corp', 'Corporation']],
  },
  {
    key: 'GB', names: ['United Kingdom', 'UK', 'Great Britain', 'GB'], weight: 15, tld: 'co.uk',
    phone: { cc: '44', trunk: '0', areas: ['161', '121', '131', '117', '113'], subscriberDigits: 7 },
    legalForms: [['Ltd', 'Ltd.', 'Limited'], ['PLC', 'plc', 'Public Limited Company']],
  },
  {
    key: 'DE', names: ['Germany', 'Deutschland', 'DE'], weight: 12, tld: 'de',
    phone: { cc: '49', trunk: '0', areas: ['30', '89', '40', '69', '221'], subscriberDigits: 8 },
    legalForms: [['GmbH', 'G.m.b.H.', 'Gesellschaft mit beschränkter Haftung'], ['AG', 'A.G.', 'Aktiengesellschaft']],
  },
  {
    key: 'FR', names: ['France', 'FR', 'République française'], weight: 8, tld: 'fr',
    phone: { cc: '33', trunk: '0', areas: ['1', '4', '5'], subscriberDigits: 8 },
    legalForms: [['SAS', 'S.A.S.'], ['SA', 'S.A.'], ['SARL', 'S.A.R.L.']],
  },
  {
    key: 'AU', names: ['Australia', 'AU', 'AUS'], weight: 8, tld: 'com.au',
    phone: { cc: '61', trunk: '0', areas: ['2', '3', '7', '8'], subscriberDigits: 8 },
    legalForms: [['Pty Ltd', 'Pty. Ltd.', 'Proprietary Limited']],
  },
  {
    key: 'CA', names: ['Canada', 'CA', 'CAN'], weight: 12, tld: 'ca',
    phone: { cc: '1', trunk: '', areas: ['416', '604', '514', '403', '613'], subscriberDigits: 7 },
    legalForms: [['Inc.', 'Inc', 'Incorporated'], ['Ltd.', 'Ltd', 'Limited']],
  },
];

/** Personal mail providers a B2B contact may give instead of a work address (no market shares used). [?] */
export const PERSONAL_DOMAINS: readonly string[] = ['gmail.com', 'outlook.com', 'yahoo.com', 'hotmail.com', 'icloud.com', 'gmx.de', 'web.de', 'orange.fr', 'btinternet.com', 'bigpond.com'];

/** Word abbreviations people type in company names. */
export const COMPANY_ABBREVIATIONS: readonly (readonly [string, string])[] = [
  ['International', 'Intl.'], ['International', 'Int\'l'], ['Technologies', 'Tech'], ['Associates', 'Assoc.'], ['Manufacturing', 'Mfg.'],
  ['Services', 'Svcs'], ['Industries', 'Inds.'], ['Engineering', 'Eng.'], ['Holdings', 'Hldgs'], ['& Co', 'and Company'], ['Global', 'Glbl'],
];
