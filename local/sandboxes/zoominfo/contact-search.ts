import { companyNameKey, type ZoominfoCompany, type ZoominfoContact } from './model.ts';
import type { ZoominfoStore } from './store.ts';

/**
 * Contact Search filtering and ordering over the store (`POST /search/contact`, [C] inputs from the spec's Contact
 * Search page). How loosely the vendor matches text is unpublished [?]; the sandbox reads each input as below.
 */

/** The validated filter values; absent keys do not filter. */
export interface ContactSearchFilters {
  companyIds?: Set<number>;
  /** [C] `A OR B NOT C` syntax; names compare as the enrich matcher does (case, punctuation, legal suffix). */
  companyNames?: { include: string[]; exclude: string[] };
  companyWebsite?: string;
  /** [C] `OR` between titles; [?] each is a case-insensitive substring of the title. */
  jobTitles?: string[];
  excludeJobTitles?: string[];
  managementLevels?: string[];
  excludeManagementLevels?: string[];
  jobFunctions?: string[];
  personIds?: Set<number>;
  emailAddress?: string;
  firstName?: string;
  lastName?: string;
  fullName?: string;
  scoreMin?: number;
  scoreMax?: number;
}

/** [C] The sortBy values the spec lists. */
export const SORT_FIELDS = ['contactAccuracyScore', 'lastName', 'companyName', 'hierarchy', 'sourceCount', 'lastMentioned', 'relevance'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

const lower = (s: string): string => s.trim().toLowerCase();
const containsAny = (text: string, parts: readonly string[]): boolean => parts.some((p) => lower(text).includes(lower(p)));

/**
 * [?] Management level values come from a lookup the spec leaves empty; its one example sends `directors`, the
 * enrich example returns `["C-Level"]` and the sandbox stores `C-Level Exec`. Comparing without case, punctuation,
 * a trailing `exec` or plural `s` lets `C Level Exec`, `C-Level`, `Director` and `directors` all match.
 */
export function levelKey(level: string): string {
  return lower(level)
    .replace(/[^a-z]/g, '')
    .replace(/exec(utive)?s?$/, '')
    .replace(/s$/, '');
}

function companyMatches(store: ZoominfoStore, company: ZoominfoCompany | undefined, f: ContactSearchFilters): boolean {
  if (f.companyWebsite !== undefined && !store.companiesByDomain(f.companyWebsite).some((c) => c.id === company?.id)) return false;
  if (!f.companyNames) return true;
  const key = company ? companyNameKey(company.name) : '';
  const { include, exclude } = f.companyNames;
  if (include.length > 0 && !include.some((n) => companyNameKey(n) === key)) return false;
  return !exclude.some((n) => companyNameKey(n) === key);
}

function personMatches(c: ZoominfoContact, f: ContactSearchFilters): boolean {
  if (f.personIds && !f.personIds.has(c.id)) return false;
  if (f.companyIds && !f.companyIds.has(c.companyId)) return false;
  if (f.emailAddress !== undefined && lower(c.email) !== lower(f.emailAddress)) return false;
  if (f.firstName !== undefined && lower(c.firstName) !== lower(f.firstName)) return false;
  if (f.lastName !== undefined && lower(c.lastName) !== lower(f.lastName)) return false;
  if (f.fullName !== undefined && lower(`${c.firstName} ${c.lastName}`) !== lower(f.fullName).replace(/\s+/g, ' ')) return false;
  if (f.jobTitles && !containsAny(c.jobTitle, f.jobTitles)) return false;
  if (f.excludeJobTitles && containsAny(c.jobTitle, f.excludeJobTitles)) return false;
  if (f.managementLevels && !f.managementLevels.some((l) => levelKey(l) === levelKey(c.managementLevel))) return false;
  if (f.excludeManagementLevels?.some((l) => levelKey(l) === levelKey(c.managementLevel))) return false;
  if (f.jobFunctions && !f.jobFunctions.some((j) => lower(j) === lower(c.jobFunction))) return false;
  if (f.scoreMin !== undefined && c.contactAccuracyScore < f.scoreMin) return false;
  return f.scoreMax === undefined || c.contactAccuracyScore <= f.scoreMax;
}

/** The contacts that pass every filter. */
export function searchContacts(store: ZoominfoStore, f: ContactSearchFilters): ZoominfoContact[] {
  return store.contacts().filter((c) => personMatches(c, f) && companyMatches(store, store.company(c.companyId), f));
}

/**
 * Orders results. [C] Descending unless `sortOrder` says otherwise. [?] The sandbox has no relevance, hierarchy,
 * source count or mention date, so those sort as `relevance`, which it reads as accuracy score; ties go by id
 * ascending in every order, so pages never overlap.
 */
export function sortContacts(contacts: readonly ZoominfoContact[], by: SortField, descending: boolean): ZoominfoContact[] {
  const sign = descending ? -1 : 1;
  const key = (c: ZoominfoContact): string | number => (by === 'lastName' ? c.lastName : by === 'companyName' ? c.companyName : c.contactAccuracyScore);
  return [...contacts].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'en', { sensitivity: 'base' });
    return order !== 0 ? sign * order : a.id - b.id;
  });
}

/**
 * One search result: a preview, never e-mail or phone, with `has*` hints of what Contact Enrich would return.
 * [C] Keys, nesting (`company: {id, name}`) and order from the spec's Contact Search example. [?] `validDate` and
 * `lastUpdatedDate` carry the record's ISO date where the example shows `6/19/2020 1:41 PM`; the sandbox keeps one
 * date format across its endpoints.
 */
export function searchPreview(contact: ZoominfoContact, company: ZoominfoCompany | undefined): Record<string, unknown> {
  const has = (value: string | number | undefined): boolean => value !== undefined && value !== '' && value !== 0;
  return {
    id: contact.id,
    firstName: contact.firstName,
    middleName: '',
    lastName: contact.lastName,
    validDate: contact.lastUpdatedDate,
    lastUpdatedDate: contact.lastUpdatedDate,
    jobTitle: contact.jobTitle,
    contactAccuracyScore: contact.contactAccuracyScore,
    hasEmail: has(contact.email),
    hasSupplementalEmail: false,
    hasDirectPhone: has(contact.phone),
    hasMobilePhone: has(contact.mobilePhone),
    hasCompanyIndustry: has(company?.industry),
    hasCompanyPhone: has(company?.phone),
    hasCompanyStreet: has(company?.street),
    hasCompanyState: has(company?.state),
    hasCompanyZipCode: has(company?.zipCode),
    hasCompanyCountry: has(company?.country),
    hasCompanyRevenue: has(company?.revenue),
    hasCompanyEmployeeCount: has(company?.employeeCount),
    company: { id: contact.companyId, name: contact.companyName },
  };
}
