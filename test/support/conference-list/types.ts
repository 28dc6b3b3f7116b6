/** Sizes and shares of a conference list; every share is of `rows`, and the shares add up to at most 1. */
export interface ConferenceListOptions {
  /** Data rows of the CSV (the header not counted). */
  rows: number;
  seed: number;
  /** Rows that are the first registration of someone both CRMs already hold (default 0.1). */
  existingShare?: number;
  /** Rows that repeat an earlier row's person: registered twice (default 0.1). */
  duplicateShare?: number;
  /** Rows an importer must refuse, each with a known reason (default 0.03). */
  badShare?: number;
  /** Starts the file with a UTF-8 byte order mark, as Excel's "CSV UTF-8" and several registration tools do (default true). */
  bom?: boolean;
}

/** The cells of one CSV row, under {@link CSV_HEADER}'s columns, in the same order. */
export interface ListRow {
  firstName: string;
  lastName: string;
  email: string;
  company: string;
  title: string;
  phone: string;
  country: string;
}

/** The header a registration tool writes (Eventbrite-like wording); the column order is {@link ListRow}'s. */
export const CSV_HEADER = ['First Name', 'Last Name', 'Email Address', 'Company', 'Job Title', 'Phone', 'Country'] as const;

/** A Salesforce Contact that predates the import, by field API name. */
export interface SeedContact {
  FirstName: string;
  LastName: string;
  Email: string;
  Phone?: string;
  Title?: string;
}

/** A HubSpot contact that predates the import, by property name. */
export interface SeedHubspotContact {
  firstname: string;
  lastname: string;
  email: string;
  phone?: string;
  jobtitle?: string;
}

/** Why a row must be refused. */
export type BadReason = 'no-email' | 'malformed-email' | 'no-name';

/** A row an importer must refuse. */
export interface BadLine {
  /** The CSV line (the header is line 1; no cell spans lines). */
  line: number;
  reason: BadReason;
  /** The e-mail-like cell, trimmed and in lower case, when the row has one ("jane.doe@", or a valid address of a row with no name). */
  email?: string;
}

/** A row that repeats the person of an earlier row. */
export interface DuplicateLine {
  line: number;
  /** The line of that person's first registration. */
  firstLine: number;
}

/** What an importer should make of the list. */
export interface ConferenceTruth {
  rows: number;
  /** Lower-case e-mails of the distinct valid people neither CRM holds, in order of first registration. */
  newPeople: string[];
  /** Lower-case e-mails of the listed people both CRMs already hold. */
  existingPeople: string[];
  /** Lines of the rows to refuse, ascending. */
  badLines: number[];
  /** The same rows with their reasons. */
  bad: BadLine[];
  /** Rows that repeat an earlier row's person (a third registration counts too). */
  duplicateRows: number;
  duplicates: DuplicateLine[];
}

/** A conference attendee list, the CRM records that predate it, and the ground truth. */
export interface ConferenceList {
  csv: string;
  existing: { salesforce: SeedContact[]; hubspot: SeedHubspotContact[] };
  truth: ConferenceTruth;
}

/** The base URLs of the two sandboxes. */
export interface CrmUrls {
  salesforce: string;
  hubspot: string;
}
