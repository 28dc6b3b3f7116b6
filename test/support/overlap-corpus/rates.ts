/**
 * How often each difference between the Salesforce and the HubSpot copy of one company or person occurs.
 *
 * The catalogue follows two sources. First, how the two products hold the same facts: Salesforce keeps an Account's
 * `Website` as a sales rep pasted it (scheme, `www.`, a path), HubSpot a company's bare `domain`; `BillingCountry`
 * and HubSpot's `country` are free text ("United States", "USA", "US"); names are typed by different people, with
 * or without the legal form. Second, FEBRL's data set generator (Christen, "Febrl data set generator program
 * generate.py", users.cecs.anu.edu.au/~Peter.Christen/Febrl/febrl-0.3/febrldoc-0.3/node70.html), which corrupts a
 * duplicate with typographical errors (insert, delete, substitute, transpose), OCR confusions, phonetic/nickname
 * variants, swapped fields and missing values, each with its own probability.
 *
 * Every rate is a probability per shared entity (or per rendering, where it says so); the generator draws each
 * independently from the corpus seed.
 */
export const RATES = {
  /** A company's name is drawn with a legal form ("Inc.", "GmbH", ...); the rest are bare ("Northwind Traders"). */
  legalForm: 0.75,
  /** Per rendering: the legal form is left out ("Acme" for "Acme Inc."). HubSpot's names are often enriched bare. */
  dropLegalForm: { salesforce: 0.2, hubspot: 0.45 },
  /** Per rendering: the legal form is written another way ("Inc" / ", Inc." / "Incorporated"). */
  legalFormSpelling: 0.35,
  /** A company's canonical name starts with "The" ("The Harbor Group"). */
  leadingThe: 0.08,
  /** Per rendering of such a name: the "The" is left out. */
  dropThe: 0.4,
  /** Per rendering of a name with "&": written "and" instead. */
  ampersandAsAnd: 0.3,
  /** Per rendering: the name in capitals ("ACME INC."); another as much in lower case. */
  upperCase: 0.06,
  lowerCase: 0.04,
  /** A shared company's name carries a one-character typo on one side. */
  companyNameTypo: 0.02,
  /** A company has a main phone; per rendering it is then left out at the rate below. */
  companyPhone: 0.9,
  dropCompanyPhone: { salesforce: 0.1, hubspot: 0.3 },
  /** HubSpot company with no `country` (Salesforce's BillingCountry is always filled here). */
  dropHubspotCountry: 0.15,
  /** Salesforce Account with an Industry. */
  industry: 0.7,

  /** Shared person: one side uses a nickname ("Bob" for "Robert"), when the first name has one. */
  nickname: 0.1,
  /** Shared person: a one-character typo (insert/delete/substitute/transpose, keyboard or OCR) in one last name. */
  lastNameTypo: 0.04,
  /** Shared person: first and last name swapped on one side (FEBRL's field swap). */
  swappedNames: 0.01,
  /** Shared person with accents ("José Núñez"): one side holds them stripped ("Jose Nunez"). */
  stripAccents: 0.5,
  /** Shared person: HubSpot holds the name in lower case, as a web form visitor typed it ("robert smith"). */
  lowerCaseName: 0.03,
  /** Shared person: the e-mail is missing on one side; then both copies have the exact name and the same company. */
  missingEmail: 0.03,
  /** Shared person: the e-mail is in another case on one side ("Robert.Smith@Acme-Example.com"). */
  emailCase: 0.25,
  /** Person whose e-mail is at a personal mailbox domain rather than the company's. */
  personalEmail: 0.03,
  /** One-sided person with no e-mail (always with a company, then). */
  oneSidedMissingEmail: 0.04,
  /** A person has a direct phone; per shared person it is then missing on one side at the rate below. */
  personPhone: 0.7,
  dropPersonPhone: 0.12,
  /** A person has a title; per shared person it is then missing on one side at the rate below. */
  title: 0.85,
  dropTitle: 0.25,
  /** Per rendering: the title in its other common spelling ("VP Sales" / "Vice President of Sales"). */
  titleSpelling: 0.3,
  /** HubSpot contact with no associated company (`companyKey` absent); only when it has an e-mail. */
  hubspotContactWithoutCompany: 0.05,
  /** HubSpot contact with the free-text `company` property filled. */
  hubspotCompanyText: 0.7,

  /** One-sided person placed at a company that exists on both sides (the rest at a one-sided company). */
  oneSidedAtSharedCompany: 0.5,
  /** Share of one-sided companies that are look-alikes of a company on the other side (same name stem, another
   * domain and country); at least one whenever the sizes allow. */
  hardNegativeCompanies: 0.1,
  /** Share of the smaller side's one-sided people spent on look-alike pairs (same last name, same first name,
   * father and "Jr." son) at one shared company; at least one of each kind whenever the sizes allow. */
  hardNegativePeople: 0.1,
} as const;
