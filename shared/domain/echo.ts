import type { FieldValues } from './change-event.ts';
import { sameFieldValue } from './survivorship.ts';

// Echo check (pipeline step 3): in a two-way sync every write Syncline makes comes back as a change event from
// the system it wrote to. Such an echo carries no news and must not be merged again, or two systems would
// bounce a change between them forever.

function echoes(lastWritten: FieldValues, field: string, value: FieldValues[string]): boolean {
  return sameFieldValue(lastWritten[field] ?? null, value ?? null);
}

/**
 * Whether a change is an echo: every field the system reported (`incoming`, canonical values) equals what
 * Syncline itself last wrote to that system for this record (`lastWritten`; absent counts as null).
 * An empty report is not an echo: there is nothing Syncline could have caused.
 */
export function isEcho(lastWritten: FieldValues, incoming: FieldValues): boolean {
  const reported = Object.entries(incoming);
  return reported.length > 0 && reported.every(([field, value]) => echoes(lastWritten, field, value));
}

/**
 * The reported fields that are not an echo of Syncline's last write: a partial echo keeps only the real change.
 * Empty exactly when the whole change is an echo (or nothing was reported).
 */
export function stripEchoedFields(lastWritten: FieldValues, incoming: FieldValues): FieldValues {
  return Object.fromEntries(Object.entries(incoming).filter(([field, value]) => !echoes(lastWritten, field, value)));
}
