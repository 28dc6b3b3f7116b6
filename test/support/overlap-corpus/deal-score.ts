import { duplicatesIn, scoreLinks, type LinkScore } from './score.ts';

/** A Salesforce Opportunity as read back: its id, Name, AccountId, CloseDate and HubSpot_Deal_Id__c. */
export interface OpportunityRow {
  id: string;
  name?: string;
  accountId?: string;
  /** `YYYY-MM-DD`. */
  closeDate?: string;
  hubspotId?: string;
}

/** A HubSpot deal as read back: its id, dealname, primary company, closedate and syncline_salesforce_id. */
export interface HsDealRow {
  id: string;
  name?: string;
  companyId?: string;
  /** HubSpot's datetime (ISO instant or epoch ms). */
  closeDate?: string;
  salesforceId?: string;
}

/** What the two CRMs hold of deals after a sync. */
export interface DealOutcome {
  /** Links between loaded deals, against the truth. */
  score: LinkScore;
  /** Deals linked both ways: `[Opportunity id, HubSpot deal id]`. */
  links: [string, string][];
  /** Surplus copies in one CRM: one name (case and spacing aside) at one account closing on one day. */
  duplicates: { salesforce: number; hubspot: number };
  /**
   * Deals without their company: no Account (no primary company), or an Account that is not the one linked to the
   * company of the linked deal on the other side.
   */
  withoutCompany: { salesforce: number; hubspot: number };
  /** Deals the other CRM holds no linked copy of. */
  unlinked: { salesforce: number; hubspot: number };
  counts: { salesforce: number; hubspot: number };
}

/**
 * Judges the deals both CRMs hold: `companyLinks` are the `[Account id, HubSpot company id]` pairs linked both ways,
 * `truth` the deal pairs that are one deal, and `loaded` the ids of the records that were there before the sync (a
 * link to a record the sync created is not a match decision, and is left out of `score`).
 */
export function judgeDeals(
  opportunities: readonly OpportunityRow[],
  deals: readonly HsDealRow[],
  companyLinks: readonly (readonly [string, string])[],
  truth: readonly (readonly [string, string])[],
  loaded: ReadonlySet<string>,
): DealOutcome {
  const oppById = new Map(opportunities.map((o) => [o.id, o]));
  const links = deals.flatMap((d): [string, string][] => (d.salesforceId && oppById.get(d.salesforceId)?.hubspotId === d.id ? [[d.salesforceId, d.id]] : []));
  const dealById = new Map(deals.map((d) => [d.id, d]));
  const accountOf = new Map(companyLinks.map(([account, company]) => [company, account]));
  const companyOf = new Map(companyLinks.map(([account, company]) => [account, company]));
  const hsOf = new Map(links.map(([sf, hs]) => [sf, hs]));
  const sfOf = new Map(links.map(([sf, hs]) => [hs, sf]));
  const sfWithout = opportunities.filter((o) => {
    const company = dealById.get(hsOf.get(o.id) ?? '')?.companyId;
    return !o.accountId || (company !== undefined && accountOf.get(company) !== o.accountId);
  }).length;
  const hsWithout = deals.filter((d) => {
    const account = oppById.get(sfOf.get(d.id) ?? '')?.accountId;
    return !d.companyId || (account !== undefined && companyOf.get(account) !== d.companyId);
  }).length;
  return {
    score: scoreLinks(truth, links.filter(([sf, hs]) => loaded.has(sf) && loaded.has(hs))),
    links,
    duplicates: {
      salesforce: duplicatesIn(opportunities, (o) => dealKey(o.name, o.accountId, o.closeDate)),
      hubspot: duplicatesIn(deals, (d) => dealKey(d.name, d.companyId, closeDay(d.closeDate))),
    },
    withoutCompany: { salesforce: sfWithout, hubspot: hsWithout },
    unlinked: { salesforce: opportunities.length - links.length, hubspot: deals.length - links.length },
    counts: { salesforce: opportunities.length, hubspot: deals.length },
  };
}

/** One deal as a CRM's user sees it: the name (case and spacing aside), the account, the close day. */
export function dealKey(name: string | undefined, account: string | undefined, closeDate: string | undefined): string | undefined {
  const plain = name?.trim().replace(/\s+/g, ' ').toLowerCase();
  return plain ? JSON.stringify([plain, account ?? '', closeDate ?? '']) : undefined;
}

/** The UTC day of a HubSpot datetime (`2024-06-30T00:00:00.000Z` or epoch ms): a close date set to a day is its midnight UTC. */
export function closeDay(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString().slice(0, 10);
}
