import { BadRequestError, isPlainObject } from '../kit/index.ts';
import { isDateProperty, isNumberProperty, parseHubspotDate, type CustomProperties, type HubspotObjectType, type HubspotRecord } from './model.ts';

/** Search operators (vendor-apis §2.4). */
export const SEARCH_OPERATORS = [
  'EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN',
] as const;

/** A search operator. */
export type SearchOperator = (typeof SEARCH_OPERATORS)[number];

/** One validated filter. */
export interface SearchFilter {
  propertyName: string;
  operator: SearchOperator;
  value?: string;
  highValue?: string;
  values?: string[];
}

/** A validated sort. */
export interface SearchSort {
  propertyName: string;
  direction: 'ASCENDING' | 'DESCENDING';
}

/** Filter caps since 26 Aug 2024: 5 groups, 10 filters per group, 25 filters in total (vendor-apis §2.4). */
export const FILTER_LIMITS = { groups: 5, perGroup: 10, total: 25 } as const;

const scalar = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

function parseFilter(raw: unknown): SearchFilter {
  if (!isPlainObject(raw) || typeof raw['propertyName'] !== 'string') throw new BadRequestError('Every filter needs a propertyName string.');
  const operator = (raw['operator'] ?? 'EQ') as SearchOperator;
  if (!SEARCH_OPERATORS.includes(operator)) throw new BadRequestError(`Unknown filter operator '${String(raw['operator'])}'.`);
  const filter: SearchFilter = { propertyName: raw['propertyName'], operator };
  const value = scalar(raw['value']);
  const highValue = scalar(raw['highValue']);
  if (value !== undefined) filter.value = value;
  if (highValue !== undefined) filter.highValue = highValue;
  if (Array.isArray(raw['values'])) filter.values = raw['values'].map((v) => scalar(v) ?? '');
  const needsValue = !['HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'IN', 'NOT_IN'].includes(operator);
  if (needsValue && value === undefined) throw new BadRequestError(`Filter on ${filter.propertyName} with operator ${operator} needs a value.`);
  if ((operator === 'IN' || operator === 'NOT_IN') && !filter.values) throw new BadRequestError(`Filter on ${filter.propertyName} with operator ${operator} needs a values array.`);
  if (operator === 'BETWEEN' && highValue === undefined) throw new BadRequestError(`Filter on ${filter.propertyName} with operator BETWEEN needs a highValue.`);
  return filter;
}

/** Validates `filterGroups`, enforcing the group and filter caps. */
export function parseFilterGroups(raw: unknown): SearchFilter[][] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new BadRequestError('filterGroups must be an array.');
  if (raw.length > FILTER_LIMITS.groups) throw new BadRequestError(`Too many filter groups: ${raw.length}; the limit is ${FILTER_LIMITS.groups}.`);
  const groups = raw.map((g: unknown) => {
    if (!isPlainObject(g) || !Array.isArray(g['filters'])) throw new BadRequestError('Every filter group needs a filters array.');
    if (g['filters'].length > FILTER_LIMITS.perGroup) throw new BadRequestError(`Too many filters in a group; the limit is ${FILTER_LIMITS.perGroup}.`);
    return (g['filters'] as unknown[]).map(parseFilter);
  });
  if (groups.flat().length > FILTER_LIMITS.total) throw new BadRequestError(`Too many filters: the limit is ${FILTER_LIMITS.total} in total.`);
  return groups;
}

/** Accepts both the SDK's string form (`"-createdate"`, `"createdate"`) and the documented object form. */
export function parseSorts(raw: unknown): SearchSort[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new BadRequestError('sorts must be an array.');
  return raw.map((s: unknown): SearchSort => {
    if (typeof s === 'string') return s.startsWith('-') ? { propertyName: s.slice(1), direction: 'DESCENDING' } : { propertyName: s, direction: 'ASCENDING' };
    if (isPlainObject(s) && typeof s['propertyName'] === 'string') {
      return { propertyName: s['propertyName'], direction: s['direction'] === 'DESCENDING' ? 'DESCENDING' : 'ASCENDING' };
    }
    throw new BadRequestError('Every sort must be a property name string or an object with propertyName and direction.');
  });
}

/**
 * Compares two property values the way the property's type orders them. Dates and datetimes compare as instants, so
 * a filter value in epoch ms or ISO form matches the stored ISO value alike.
 */
export function compareValues(type: HubspotObjectType, property: string, a: string, b: string, custom?: CustomProperties): number {
  if (isDateProperty(type, property, custom)) return (parseHubspotDate(a) ?? 0) - (parseHubspotDate(b) ?? 0);
  if (isNumberProperty(type, property, custom) || property === 'hs_object_id') return Number(a) - Number(b);
  return a.toLowerCase().localeCompare(b.toLowerCase());
}

const tokens = (s: string): string[] => s.toLowerCase().split(/[^\p{L}\p{N}@._-]+/u).filter((t) => t !== '');

function matchesFilter(type: HubspotObjectType, record: HubspotRecord, f: SearchFilter, custom?: CustomProperties): boolean {
  const actual = record.properties[f.propertyName] ?? '';
  const cmp = (v: string): number => compareValues(type, f.propertyName, actual, v, custom);
  const has = actual !== '';
  switch (f.operator) {
    case 'HAS_PROPERTY': return has;
    case 'NOT_HAS_PROPERTY': return !has;
    case 'EQ': return has && cmp(f.value ?? '') === 0;
    case 'NEQ': return !has || cmp(f.value ?? '') !== 0;
    case 'LT': return has && cmp(f.value ?? '') < 0;
    case 'LTE': return has && cmp(f.value ?? '') <= 0;
    case 'GT': return has && cmp(f.value ?? '') > 0;
    case 'GTE': return has && cmp(f.value ?? '') >= 0;
    case 'BETWEEN': return has && cmp(f.value ?? '') >= 0 && cmp(f.highValue ?? '') <= 0;
    case 'IN': return has && (f.values ?? []).some((v) => cmp(v) === 0);
    case 'NOT_IN': return !has || !(f.values ?? []).some((v) => cmp(v) === 0);
    case 'CONTAINS_TOKEN': return tokens(actual).includes((f.value ?? '').toLowerCase().replaceAll('*', ''));
    case 'NOT_CONTAINS_TOKEN': return !tokens(actual).includes((f.value ?? '').toLowerCase().replaceAll('*', ''));
  }
}

/** Filters inside a group are ANDed; groups are ORed; no groups matches everything. */
export function matchesGroups(type: HubspotObjectType, record: HubspotRecord, groups: SearchFilter[][], custom?: CustomProperties): boolean {
  return groups.length === 0 || groups.some((g) => g.every((f) => matchesFilter(type, record, f, custom)));
}

/** Sorts by the given sorts, then by id so pages are stable. */
export function sortRecords(type: HubspotObjectType, records: HubspotRecord[], sorts: SearchSort[], custom?: CustomProperties): HubspotRecord[] {
  return [...records].sort((a, b) => {
    for (const s of sorts) {
      const diff = compareValues(type, s.propertyName, a.properties[s.propertyName] ?? '', b.properties[s.propertyName] ?? '', custom);
      if (diff !== 0) return s.direction === 'ASCENDING' ? diff : -diff;
    }
    return Number(a.id) - Number(b.id);
  });
}
