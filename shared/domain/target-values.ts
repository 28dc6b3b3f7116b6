import type { FieldValues } from './change-event.ts';
import { emailAddressProblem } from './email-address.ts';
import { PermanentError } from './errors.ts';
import { fieldMapping, type ObjectMapping } from './mapping.ts';

/** What a target field takes (the port's `TargetField`, restated so the domain imports no port). */
export interface FieldLimits {
  type: string;
  length?: number;
  allowed?: readonly string[];
}

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

/** The contract's name for the target's field `field`, for messages (`person.title`). */
function canonicalName(mapping: ObjectMapping, target: string, targetObject: string, field: string): string | undefined {
  return Object.entries(mapping.fields).find(([, spec]) => fieldMapping(spec, target, targetObject)?.field === field)?.[0];
}

/**
 * Pipeline step 7 against the target's own metadata: the value about to be written that the target field cannot
 * hold, checked before the write so the change is quarantined with the field, the problem and the fix, instead of
 * failing at the vendor (and, at HubSpot, failing the other 99 records of its batch). Text longer than the field
 * holds (`VALUE_TOO_LONG`; the length is named, never the value, which may be personal data), or a value a restricted
 * picklist does not list (`PICKLIST_VALUE_NOT_ALLOWED`, compared case-sensitively as the vendors do; picklist values
 * are the org's, named in the message). A field the metadata does not know is left to the vendor.
 *
 * @param values the vendor fields and values about to be written.
 * @param fields the target object's fields, from the vendor's metadata.
 */
export function refusedByTargetFields(mapping: ObjectMapping, objectName: string, target: string, targetObject: string, values: FieldValues, fields: Readonly<Record<string, FieldLimits>>): PermanentError | undefined {
  for (const [field, value] of Object.entries(values)) {
    const limits = fields[field];
    if (!limits || value === null || value === undefined || value === '') continue;
    const canonical = canonicalName(mapping, target, targetObject, field);
    const named = `${target} ${targetObject}.${field}${canonical ? ` (${objectName}.${canonical})` : ''}`;
    const text = typeof value === 'string' ? value : undefined;
    if (text !== undefined && limits.length !== undefined && text.length > limits.length) {
      return new PermanentError('VALUE_TOO_LONG', `${named} holds at most ${limits.length} characters, and the value has ${text.length}; shorten it in the source (or widen the field in ${target}), then retry`);
    }
    // A multi-select picklist holds its values joined by ';', each one of the picklist's.
    const { allowed } = limits;
    const chosen = limits.type === 'multipicklist' ? String(value).split(';') : [String(value)];
    const outside = allowed && chosen.find((v) => !allowed.includes(v));
    if (allowed && outside !== undefined) {
      const shown = allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, ...` : allowed.join(', ');
      return new PermanentError(
        'PICKLIST_VALUE_NOT_ALLOWED',
        `${named} is a restricted picklist that does not take "${outside}" (it takes ${shown}); map the value to one of these under the field's \`map.${target}.values\` in syncline.yaml, or add it to the picklist in ${target}, then retry`,
      );
    }
  }
  return undefined;
}
