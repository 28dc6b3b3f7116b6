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
  const fields: FieldValues = { ...Object.fromEntries(Object.entries(record).filter((e): e is [string, FieldValue] => isFieldValue(e[1]))), ...derivedFields(record) };
  const score = record[SCORE_FIELD];
  return typeof score === 'number' && Number.isFinite(score) ? { status: 'matched', fields, score } : { status: 'matched', fields };
}

/** The longest tech stack written: a Salesforce Text field's 255 characters. */
export const TECH_STACK_MAX = 255;

/**
 * Scalars made from ZoomInfo's lists, which a CRM field can hold:
 * - `techStack`: the products of `techAttributes` (a company's technologies, [C] ZoomInfo's Postman spec, schema
 *   `TechAttribute`: `product`, `vendor`, `category`, ...), in ZoomInfo's order, once each, joined by `; `. A stack
 *   longer than {@link TECH_STACK_MAX} keeps the whole names that fit and says how many were left out (`; +12 more`).
 * - `linkedinUrl`: the `externalUrls` entry of type `linkedin.com` ([C] the spec's Contact Enrich example:
 *   `[{ "type": "linkedin.com", "url": "https://www.linkedin.com/in/..." }]`).
 * A list that is absent or empty gives nothing (never a blank that would clear a value).
 */
export function derivedFields(record: Record<string, unknown>): FieldValues {
  const out: FieldValues = {};
  const tech = Array.isArray(record['techAttributes']) ? record['techAttributes'] : [];
  const products = [...new Set(tech.map((t) => (t && typeof t === 'object' ? (t as { product?: unknown }).product : undefined)).filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim()))];
  if (products.length > 0) out['techStack'] = joinWithin(products, TECH_STACK_MAX);
  const urls = Array.isArray(record['externalUrls']) ? record['externalUrls'] : [];
  const linkedin = urls.find((u): u is { url: string } => !!u && typeof u === 'object' && /linkedin\.com$/i.test(String((u as { type?: unknown }).type ?? '')) && typeof (u as { url?: unknown }).url === 'string');
  if (linkedin && linkedin.url.trim() !== '') out['linkedinUrl'] = linkedin.url.trim();
  return out;
}

/** `names` joined by `; ` within `max` characters: whole names only, the rest counted (`; +3 more`). */
function joinWithin(names: readonly string[], max: number): string {
  const all = names.join('; ');
  if (all.length <= max) return all;
  for (let kept = names.length - 1; kept > 0; kept--) {
    const text = `${names.slice(0, kept).join('; ')}; +${names.length - kept} more`;
    if (text.length <= max) return text;
  }
  return `${names.length} products`;
}
