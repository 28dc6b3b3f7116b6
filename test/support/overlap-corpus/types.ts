/** A Salesforce Account as the org holds it, by field API name; `key` names it inside the corpus only. */
export interface SfAccount {
  key: string;
  Name: string;
  Website: string;
  BillingCountry: string;
  Phone?: string;
  Industry?: string;
}

/** A Salesforce Contact by field API name; `accountKey` is the `key` of its Account (AccountId once loaded). */
export interface SfContact {
  key: string;
  FirstName: string;
  LastName: string;
  Email?: string;
  Phone?: string;
  Title?: string;
  accountKey?: string;
}

/** A HubSpot company with its property names. */
export interface HsCompany {
  key: string;
  properties: { name: string; domain: string; country?: string; phone?: string };
}

/** A HubSpot contact with its property names; `companyKey` is the `key` of its associated company, if any. */
export interface HsContact {
  key: string;
  properties: { firstname: string; lastname: string; email?: string; phone?: string; jobtitle?: string; company?: string };
  companyKey?: string;
}

/** A Salesforce Opportunity by field API name; `accountKey` is the `key` of its Account (AccountId once loaded). */
export interface SfOpportunity {
  key: string;
  Name: string;
  StageName: string;
  /** `YYYY-MM-DD`: Opportunity.CloseDate is a date field. */
  CloseDate: string;
  Amount?: number;
  accountKey: string;
}

/** A HubSpot deal with its property names; `companyKey` is the `key` of its primary company. */
export interface HsDeal {
  key: string;
  properties: { dealname: string; dealstage: string; pipeline: string; closedate: string; amount?: string };
  companyKey: string;
}

/** A `[salesforce key, hubspot key]` pair. */
export type KeyPair = [sfKey: string, hsKey: string];

/** Why a hard-negative pair of people looks alike. */
export type PersonLookalike = 'same-last-name' | 'same-first-name' | 'junior';

/** Why a hard-negative pair of deals looks alike: next year's renewal of the same account, or one name at two accounts. */
export type DealLookalike = 'other-close-date' | 'other-account';

/** Sizes of a corpus: `oneSided*` are split between the two systems, Salesforce taking the odd one. */
export interface OverlapOptions {
  seed: number;
  sharedCompanies: number;
  oneSidedCompanies: number;
  sharedPeople: number;
  oneSidedPeople: number;
  /** Deals both CRMs hold, 0 to 2 at each shared company. @default 0 */
  sharedDeals?: number;
  /** Deals one CRM holds, split as `oneSided*` are. @default 0 */
  oneSidedDeals?: number;
}

/** Two CRMs holding overlapping data, with the ground truth of which records are the same company or person. */
export interface OverlapCorpus {
  /** `opportunities` and `deals` may be left out where a corpus holds none. */
  salesforce: { accounts: SfAccount[]; contacts: SfContact[]; opportunities?: SfOpportunity[] };
  hubspot: { companies: HsCompany[]; contacts: HsContact[]; deals?: HsDeal[] };
  /** Every pair that is one real company / person / deal; nothing else is. */
  truth: { companies: KeyPair[]; people: KeyPair[]; deals?: KeyPair[] };
  /**
   * Pairs across the two systems that look alike but are different companies / people: a linker must leave every
   * one unlinked. All of them are also absent from `truth`.
   */
  hardNegatives: { companies: KeyPair[]; people: { kind: PersonLookalike; pair: KeyPair }[]; deals?: { kind: DealLookalike; pair: KeyPair }[] };
}
