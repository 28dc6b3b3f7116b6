import type { FieldValues } from './change-event.ts';
import { emailAddressProblem } from './email-address.ts';
import { PermanentError } from './errors.ts';
import { fieldMapping, type ObjectMapping } from './mapping.ts';

/**
 * Pipeline step 7 for values: the fields about to be written to `target` that it would refuse, checked before the
 * write so the change is quarantined with the field named instead of failing at the vendor. Today: the fields the
 * contract types `email`, by the target's own e-mail rules ({@link emailAddressProblem}).
 *
 * @param objectName the contract object (`person`), named in the message with the canonical field.
 * @param targetObject the target's object (`Contact`), named with the target's field.
 * @param values the vendor fields and values about to be written.
 * @returns a PermanentError `INVALID_EMAIL` naming the canonical field and the target's field (never the value: the
 *   message reaches logs), or `undefined` when every value would be taken.
 */
export function refusedTargetValue(mapping: ObjectMapping, objectName: string, target: string, targetObject: string, values: FieldValues): PermanentError | undefined {
  for (const [name, spec] of Object.entries(mapping.fields)) {
    if (spec.type !== 'email') continue;
    const field = fieldMapping(spec, target, targetObject)?.field;
    const value = field === undefined ? undefined : values[field];
    if (typeof value !== 'string' || value === '') continue;
    const problem = emailAddressProblem(value, target);
    if (problem !== undefined) {
      return new PermanentError('INVALID_EMAIL', `${target} would refuse ${objectName}.${name} (${targetObject}.${field}) as an e-mail address: ${problem}; correct it in the source, then retry`);
    }
  }
  return undefined;
}
