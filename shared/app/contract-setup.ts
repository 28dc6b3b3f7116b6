import { fieldMapping, type SyncPlan } from '#domain/mapping';
import type { FieldsOf } from './check-contract.ts';

/** A field the contract needs and a system lacks, defined as it must be created there. */
export interface NeededField {
  system: string;
  object: string;
  field: string;
  /** The definition in the system's own terms (`Number(18, 2)`, `Picklist (restricted): A, B`, `number`). */
  definition: string;
  /** What needs it: the contract's field, an external id, the soft-delete flag. */
  for: string;
}

/** A Salesforce custom field for a contract type (Setup's field types; lengths as the shipped org uses them). */
function salesforceDefinition(type: string, picklist: readonly string[] | undefined): string {
  switch (type) {
    case 'email':
      return 'Email';
    case 'phone':
      return 'Phone';
    case 'url':
      return 'URL(255)';
    case 'number':
      return 'Number(18, 2)';
    case 'currency':
      return 'Currency(16, 2)';
    case 'date':
      return 'Date';
    case 'datetime':
      return 'Date/Time';
    case 'boolean':
      return 'Checkbox (default unchecked)';
    case 'picklist':
      return `Picklist (restricted): ${(picklist ?? []).join(', ')}`;
    default:
      return 'Text(255)';
  }
}

/** A HubSpot property for a contract type: its `type` and `fieldType`, and an enumeration's options. */
function hubspotDefinition(type: string, picklist: readonly string[] | undefined): string {
  switch (type) {
    case 'number':
    case 'currency':
      return 'type number, fieldType number';
    case 'date':
      return 'type date, fieldType date';
    case 'datetime':
      return 'type datetime, fieldType date';
    case 'boolean':
      return 'type bool, fieldType booleancheckbox';
    case 'picklist':
      return `type enumeration, fieldType select, options: ${(picklist ?? []).join(', ')}`;
    default:
      return 'type string, fieldType text';
  }
}

const definitionFor = (system: string, type: string, picklist?: readonly string[]) => (system === 'hubspot' ? hubspotDefinition(type, picklist) : salesforceDefinition(type, picklist));

/**
 * What each CRM lacks of what the contract maps, read from its live metadata: the custom fields (Salesforce) and
 * properties (HubSpot) to create, each with its type, length, picklist values in the system's own spelling, and the
 * external-id and unique flags the ids of other systems need. A field that exists is never listed, so running it
 * again after the fields are made lists nothing. An object whose metadata cannot be read is listed as such.
 */
export async function neededFields(plan: SyncPlan, metadata: Readonly<Record<string, FieldsOf | undefined>>): Promise<{ needed: NeededField[]; unreadable: string[] }> {
  const needed: NeededField[] = [];
  const unreadable: string[] = [];
  const seen = new Set<string>();
  const need = (entry: NeededField) => {
    const key = `${entry.system} ${entry.object}.${entry.field}`;
    if (!seen.has(key)) needed.push(entry);
    seen.add(key);
  };
  for (const [objectName, mapping] of Object.entries(plan.objects)) {
    for (const [system, binding] of Object.entries(mapping.systems)) {
      const fieldsOf = metadata[system];
      if (!binding || !fieldsOf) continue;
      for (const object of binding.objects) {
        let fields: Awaited<ReturnType<FieldsOf>>;
        try {
          fields = await fieldsOf(object);
        } catch (error) {
          unreadable.push(`${system} ${object}: its metadata could not be read (${error instanceof Error ? error.message : String(error)})`);
          continue;
        }
        for (const [name, spec] of Object.entries(mapping.fields)) {
          const mapped = fieldMapping(spec, system, object);
          if (!mapped || mapped.direction === 'none' || fields[mapped.field]) continue;
          const picklist = spec.type === 'picklist' ? Object.keys(spec.values ?? {}).map((v) => mapped.values?.[v] ?? v) : undefined;
          need({ system, object, field: mapped.field, definition: definitionFor(system, spec.type, picklist), for: `${objectName}.${name}` });
        }
        for (const [other, field] of Object.entries(binding.externalIds)) {
          if (!field || field === 'Id' || fields[field]) continue;
          need({ system, object, field, definition: system === 'hubspot' ? 'type string, fieldType text, hasUniqueValue true' : 'Text(255), External ID, Unique (case-insensitive)', for: `${other}'s ids` });
        }
        const flag = binding.softDeleteField;
        if (flag && !fields[flag]) need({ system, object, field: flag, definition: definitionFor(system, system === 'hubspot' ? 'string' : 'boolean'), for: 'the soft-delete flag' });
      }
    }
  }
  return { needed, unreadable };
}
