import { fieldMapping, type SyncPlan } from '#domain/mapping';
import type { NewField } from '#ports/crm';
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
  /** What `setup --apply` asks the system to create. */
  spec: NewField;
}

/** A Salesforce custom field as Setup names its type (lengths as the shipped org uses them). */
function salesforceDefinition(f: NewField): string {
  switch (f.type) {
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
      return `Picklist (restricted): ${(f.values ?? []).join(', ')}`;
    case 'reference':
      return f.referenceTo ? `Lookup(${f.referenceTo})` : 'Text(18)';
    default:
      return f.externalId ? 'Text(255), External ID, Unique (case-insensitive)' : 'Text(255)';
  }
}

/** A HubSpot property: its `type` and `fieldType`, and an enumeration's options. */
function hubspotDefinition(f: NewField): string {
  switch (f.type) {
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
      return `type enumeration, fieldType select, options: ${(f.values ?? []).join(', ')}`;
    default:
      return f.externalId ? 'type string, fieldType text, hasUniqueValue true' : 'type string, fieldType text';
  }
}

/** `HubSpot_Lead_Score__c` → `HubSpot Lead Score`, `syncline_salesforce_id` → `Syncline salesforce id`. */
function labelOf(name: string): string {
  const words = name.replace(/__c$/, '').split('_').filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The contract type a new field gets: text where the system has no type of its own for it (HubSpot e-mail, references). */
function newFieldType(type: string): NewField['type'] {
  return type === 'string' ? 'text' : (type as NewField['type']);
}

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
  const need = (system: string, object: string, spec: NewField) => {
    const key = `${system} ${object}.${spec.name}`;
    const definition = system === 'hubspot' ? hubspotDefinition(spec) : salesforceDefinition(spec);
    if (!seen.has(key)) needed.push({ system, object, field: spec.name, definition, for: spec.purpose, spec });
    seen.add(key);
  };
  // A reference points at the object the referred entity is created as in that system (a Salesforce lookup).
  const referenceTo = (refers: string | undefined, system: string) => {
    const binding = refers ? plan.objects[refers]?.systems[system] : undefined;
    return binding ? (binding.createAs ?? binding.objects[0]) : undefined;
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
          const values = spec.type === 'picklist' ? Object.keys(spec.values ?? {}).map((v) => mapped.values?.[v] ?? v) : undefined;
          const to = spec.type === 'reference' ? referenceTo(spec.refers, system) : undefined;
          need(system, object, { name: mapped.field, label: labelOf(mapped.field), type: newFieldType(spec.type), ...(values && { values }), ...(to && { referenceTo: to }), purpose: `${objectName}.${name}` });
        }
        for (const [other, field] of Object.entries(binding.externalIds)) {
          if (!field || field === 'Id' || fields[field]) continue;
          need(system, object, { name: field, label: labelOf(field), type: 'text', externalId: true, purpose: `${other}'s ids` });
        }
        const flag = binding.softDeleteField;
        // HubSpot's flag is a text property (`true` or blank), Salesforce's a checkbox a list view can filter on.
        if (flag && !fields[flag]) need(system, object, { name: flag, label: labelOf(flag), type: system === 'hubspot' ? 'text' : 'boolean', purpose: 'the soft-delete flag' });
      }
    }
  }
  return { needed, unreadable };
}

/** A webhook subscription the contract needs of a source: an action on an object type (and a property's changes). */
export interface NeededSubscription {
  object: string;
  action: 'creation' | 'deletion' | 'merge' | 'propertyChange';
  propertyName?: string;
  /** The contract's object it serves. */
  for: string;
}

/**
 * The webhook subscriptions the contract needs of `system`, for each object something syncs from it: creation,
 * deletion and merge, and a propertyChange per property the contract reads (HubSpot subscribes per property). A
 * record's companies are associations, not properties: `isProperty` leaves such pseudo-fields out.
 */
export function neededSubscriptions(plan: SyncPlan, system: string, readFields: (objectName: string, object: string) => readonly string[], isProperty: (field: string) => boolean): NeededSubscription[] {
  const needed: NeededSubscription[] = [];
  const seen = new Set<string>();
  for (const [objectName, mapping] of Object.entries(plan.objects)) {
    const binding = mapping.systems[system];
    // Only objects something syncs from: a notification about any other would be ignored.
    if (!binding || !plan.syncs.some((s) => s.object === objectName && s.from === system)) continue;
    for (const object of binding.objects) {
      const actions = (['creation', 'deletion', 'merge'] as const).map((action) => ({ object, action, for: objectName }));
      const properties = readFields(objectName, object).filter(isProperty).map((propertyName) => ({ object, action: 'propertyChange' as const, propertyName, for: objectName }));
      for (const n of [...actions, ...properties] as NeededSubscription[]) {
        const key = `${n.object} ${n.action} ${n.propertyName ?? ''}`;
        if (!seen.has(key)) needed.push(n);
        seen.add(key);
      }
    }
  }
  return needed;
}
