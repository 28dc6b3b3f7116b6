import type { FieldValue, FieldValues } from './change-event.ts';
import { sameFieldValue } from './survivorship.ts';

/** One field's change, as sent to a target and kept in the audit trail. */
export interface FieldChange {
  field: string;
  before: FieldValue;
  after: FieldValue;
}

/** Fields of `next` whose value differs from `previous` (absent counts as null; a checkbox's `true` and "true" are one value). Sorted by field name. */
export function diffFields(previous: FieldValues, next: FieldValues): FieldChange[] {
  return Object.keys(next)
    .sort()
    .flatMap((field) => {
      const before = previous[field] ?? null;
      const after = next[field] ?? null;
      return sameFieldValue(before, after) ? [] : [{ field, before, after }];
    });
}
