import type { FieldValues } from '#domain/change-event';
import { blockingKeys } from './blocking.ts';
import { toMatchRecord, type MatchRecord, type MatchValues } from './match-record.ts';
import type { MatchRules } from './rules.ts';

/** The canonical fields the matcher reads (see `toMatchRecord`). */
const MATCH_VALUE_FIELDS = ['email', 'firstName', 'lastName', 'phone', 'company', 'website', 'country', 'name', 'account', 'closeDate'] as const;

/**
 * What the state store indexes an entity under, so that a record arriving from any system finds it: its blocking
 * keys (candidates come only from shared keys, never a scan), the keys of `exact` rules among them (claimed, one
 * entity per key, with a conditional write), and the values the matcher compares.
 */
export interface MatchIndex {
  keys: string[];
  claims: string[];
  values: MatchValues;
}

/** The match index of canonical values under `rules`; phone numbers without a calling code read in `defaultCountry`. */
export function matchIndexOf(rules: MatchRules, values: FieldValues, defaultCountry: string): MatchIndex {
  const picked: Record<string, string | number | boolean | null> = {};
  for (const field of MATCH_VALUE_FIELDS) if (values[field] !== undefined && values[field] !== null) picked[field] = values[field];
  const keys = blockingKeys(rules, toMatchRecord(picked, { defaultCountry })).sort();
  const exact = new Set(rules.rules.filter((r) => r.kind === 'exact').map((r) => `${r.name}|`));
  return { keys, claims: keys.filter((key) => [...exact].some((prefix) => key.startsWith(prefix))), values: picked };
}

/** The match record of indexed values. */
export function matchRecordOf(index: Pick<MatchIndex, 'values'>, defaultCountry: string): MatchRecord {
  return toMatchRecord(index.values, { defaultCountry });
}

/** Whether two indexes are the same (same keys and values): an unchanged index is not written again. */
export function sameMatchIndex(a: MatchIndex | undefined, b: MatchIndex | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const fields = new Set([...Object.keys(a.values), ...Object.keys(b.values)]);
  return a.keys.length === b.keys.length && a.keys.every((k, i) => k === b.keys[i]) && [...fields].every((f) => a.values[f] === b.values[f]);
}
