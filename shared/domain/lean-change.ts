import type { ChangeEvent, FieldValues } from './change-event.ts';

/**
 * Fields the processor reads from the change itself even when it reads the record from its source: a merge's
 * merged ids (shared/app/repoint-merge.ts), a conversion's former record (repoint-conversion.ts) and a review
 * decision (process-change.ts applyApproval). Every other value of a change without a snapshot is only a hint:
 * the processor reads the record's current state instead (process-change.ts readSource).
 */
const CONTROL_FIELDS: readonly string[] = ['mergedIds', 'convertedFrom', 'decision'];

/**
 * The change without the record values it carried, for when it is too large to travel as it is. Undefined when
 * the values cannot be left out (a snapshot is the processor's only read of the record) or there is nothing to
 * leave out.
 */
export function withoutRecordValues(event: ChangeEvent): ChangeEvent | undefined {
  if (event.snapshot) return undefined;
  const kept: FieldValues = Object.fromEntries(Object.entries(event.fields).filter(([name]) => CONTROL_FIELDS.includes(name)));
  if (Object.keys(kept).length === Object.keys(event.fields).length) return undefined;
  return { ...event, fields: kept };
}
