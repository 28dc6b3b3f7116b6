import type { FieldValue, FieldValues } from '#domain/change-event';
import type { EnrichResult } from '#ports/enricher';
import type { EnrichResultEntry } from './response.ts';

/** The only status vendor material confirms (vendor-apis §3, §6.5); every other one is treated as "no usable data". */
export const FULL_MATCH = 'FULL_MATCH';

/** The contact field that carries ZoomInfo's confidence (0–100). */
const SCORE_FIELD = 'contactAccuracyScore';

const isFieldValue = (value: unknown): value is FieldValue => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/**
 * Maps one vendor result to the port's result. Only `FULL_MATCH` with exactly one record becomes `matched`:
 * a partial status (even one that carries data), an empty `data` or several candidates write nothing.
 * Nested values (lists such as `domainList`) are left out; syncline.yaml maps only scalar fields.
 */
export function toEnrichResult(entry: EnrichResultEntry): EnrichResult {
  const status = entry.matchStatus ?? 'UNKNOWN';
  if (status !== FULL_MATCH) return { status: 'no-match', reason: status };
  if (entry.data.length === 0) return { status: 'no-match', reason: 'FULL_MATCH_WITHOUT_DATA' };
  if (entry.data.length > 1) return { status: 'no-match', reason: 'AMBIGUOUS' };
  const record = entry.data[0] ?? {};
  const fields: FieldValues = Object.fromEntries(Object.entries(record).filter((e): e is [string, FieldValue] => isFieldValue(e[1])));
  const score = record[SCORE_FIELD];
  return typeof score === 'number' && Number.isFinite(score) ? { status: 'matched', fields, score } : { status: 'matched', fields };
}
