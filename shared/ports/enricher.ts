import type { FieldValues } from '#domain/change-event';

/** What is being enriched: an organisation, or a person at one. */
export type EnrichKind = 'company' | 'person';

/**
 * Canonical match values of one record (already normalized by Syncline). Which keys count depends on the kind;
 * the others are ignored. A blank value counts as absent.
 */
export interface EnrichInput {
  /** company: the organisation's name. */
  readonly name?: string;
  /** company: its web domain or website (`contoso.com`, `https://www.contoso.com`). */
  readonly domain?: string;
  /** company: its country (ISO alpha-2 or a name). */
  readonly country?: string;
  /** person: e-mail address, the strongest person key. */
  readonly email?: string;
  /** person: given and family name, used together with `company`. */
  readonly firstName?: string;
  readonly lastName?: string;
  /** person: the employer's name. */
  readonly company?: string;
  /** The vendor's own id of the record (a suggested contact's ZoomInfo person id): looked up by it alone. */
  readonly vendorId?: string;
}

/** Which people at an account a data vendor may suggest as new contacts (`connectors.<vendor>.suggestContacts`). */
export interface SuggestCriteria {
  /** At most this many per account, the vendor's most accurate first. */
  readonly perAccount: number;
  /** Management levels, as the vendor names them (ZoomInfo: `C-Level`, `VP-Level`, `Director`, `Manager`). */
  readonly managementLevels?: readonly string[];
  /** Words of the job titles wanted (any of them). */
  readonly jobTitles?: readonly string[];
  /** The vendor's lowest accuracy score (0–100) worth suggesting. */
  readonly minScore?: number;
}

/** A person the vendor knows at an account: a preview, without e-mail or phone (those cost a lookup). */
export interface ContactSuggestion {
  /** The vendor's person id, which a lookup takes (`EnrichInput.vendorId`). */
  readonly vendorId: string;
  /** The vendor's id of the person's company, as a company lookup answered it. */
  readonly companyVendorId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly title?: string;
  readonly score?: number;
}

/**
 * The outcome for one input.
 * - `matched`: the vendor is sure; `fields` use the vendor's field names (as in syncline.yaml's mappings) and
 *   `score` is the vendor's confidence, 0–100, where it gives one.
 * - `no-match`: nothing to write. `reason` is the vendor's word for it (e.g. a partial-match status), for metrics.
 * - `not-asked`: the input lacks what the vendor needs to look it up; no request was made for it.
 * - `failed`: this input could not be enriched now (e.g. the contract's credits are used up); `resumeAt` (epoch ms)
 *   says when a vendor left alone after a failure may be asked again.
 */
export type EnrichResult =
  | { status: 'matched'; fields: FieldValues; score?: number }
  | { status: 'no-match'; reason?: string }
  | { status: 'not-asked'; reason: string }
  | { status: 'failed'; code: string; message: string; retryable: boolean; resumeAt?: number };

/** Port: looks records up in a data vendor and returns firmographic or contact fields. */
export interface Enricher {
  readonly name: string;
  /** The vendor objects it looks up, as syncline.yaml names them (`systems.<vendor>.objects`), and the kind of each. */
  readonly objects: Readonly<Record<string, EnrichKind>>;
  /** Inputs per vendor request; `enrich` takes any number and splits them itself. */
  readonly maxBatch: number;
  /**
   * One result per input, in input order. Per-input outcomes are values; a failure of the whole call throws
   * RetryableError (429 past the wait budget, 5xx, timeouts) or PermanentError (bad credentials, a refused request).
   */
  enrich(kind: EnrichKind, inputs: readonly EnrichInput[]): Promise<EnrichResult[]>;
  /** Whether the vendor can look `input` up at all (it has a combination the vendor matches on); default yes. */
  canLookUp?(kind: EnrichKind, input: EnrichInput): boolean;
  /**
   * People at the given companies (the vendor's company ids) who meet `criteria`, a few per company, best first; a
   * search spends no lookup credits. Throws as `enrich` does. Absent where the vendor cannot search people.
   */
  suggestContacts?(companyVendorIds: readonly string[], criteria: SuggestCriteria): Promise<ContactSuggestion[]>;
}
