import { createHash } from 'node:crypto';
import type { FieldValue } from '#domain/change-event';

/**
 * Longest `before`/`after` text kept whole in an audit entry. Real CRM values are far shorter (Salesforce's long
 * text areas hold 131,072 characters, HubSpot properties 65,536); anything longer is kept as a prefix plus proof.
 */
export const AUDIT_VALUE_MAX_CHARS = 2_000;

/**
 * The attributes an audit entry stores for one side (`before` or `after`) of a change: the value itself when it
 * is short, else its first {@link AUDIT_VALUE_MAX_CHARS} characters with `<side>Length` (characters of the whole
 * value) and `<side>Sha256` (hex SHA-256 of its UTF-8), so the entry stays small and still identifies the value.
 */
export function auditValue(side: 'before' | 'after', value: FieldValue): Record<string, FieldValue> {
  if (typeof value !== 'string' || value.length <= AUDIT_VALUE_MAX_CHARS) return { [side]: value };
  return {
    [side]: value.slice(0, AUDIT_VALUE_MAX_CHARS),
    [`${side}Length`]: value.length,
    [`${side}Sha256`]: createHash('sha256').update(value, 'utf8').digest('hex'),
  };
}
