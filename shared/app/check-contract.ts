import { fieldMapping, type SyncPlan } from '#domain/mapping';
import type { TargetField } from '#ports/crm';

/** Reads one object's field metadata from a system (a writer's `fields`). */
export type FieldsOf = (objectType: string) => Promise<Readonly<Record<string, TargetField>>>;

/** What `syncline check` found: the systems and objects checked, the ones it could not, every problem. */
export interface ContractCheck {
  checked: string[];
  notChecked: string[];
  problems: string[];
}

type Kind = 'text' | 'number' | 'boolean' | 'time';

/** What a vendor field type holds (Salesforce describe types, HubSpot property types); anything else holds text. */
function vendorKind(type: string): Kind {
  if (['double', 'currency', 'int', 'percent', 'long', 'number'].includes(type)) return 'number';
  if (['boolean', 'bool'].includes(type)) return 'boolean';
  if (['date', 'datetime'].includes(type)) return 'time';
  return 'text';
}

/** What a contract type needs from the field it maps to. */
function canonicalKind(type: string): Kind {
  if (type === 'number' || type === 'currency') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'date' || type === 'datetime') return 'time';
  return 'text';
}

/** The Levenshtein distance of two names, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** The field named most like `name`, when one is close enough to be a typo of it. */
function closest(name: string, fields: readonly string[]): string | undefined {
  const [best] = fields.map((f) => [f, distance(name, f)] as const).sort((x, y) => x[1] - y[1]);
  return best && best[1] <= Math.max(2, Math.floor(name.length / 8)) ? best[0] : undefined;
}

/**
 * Checks the contract against each system's live metadata, before the first sync finds out record by record: every
 * mapped field exists (a misspelling is named with the field it was probably meant to be), its type holds the
 * contract's type, a field Syncline writes is writable by the integration and, if a restricted picklist, takes each
 * of the contract's values as mapped; the external-id fields other systems' ids are kept in exist and hold unique
 * values; the soft-delete field exists and is writable. One metadata read per object and system.
 */
export async function checkContract(plan: SyncPlan, metadata: Readonly<Record<string, FieldsOf | undefined>>): Promise<ContractCheck> {
  const result: ContractCheck = { checked: [], notChecked: [], problems: [] };
  for (const [objectName, mapping] of Object.entries(plan.objects)) {
    for (const [system, binding] of Object.entries(mapping.systems)) {
      if (!binding) continue;
      const fieldsOf = metadata[system];
      if (!fieldsOf) {
        if (!result.notChecked.includes(system)) result.notChecked.push(system);
        continue;
      }
      const written = plan.syncs.some((s) => s.object === objectName && s.to === system);
      for (const object of binding.objects) {
        let fields: Readonly<Record<string, TargetField>>;
        try {
          fields = await fieldsOf(object);
        } catch (error) {
          result.problems.push(`${system} ${object}: its metadata could not be read (${error instanceof Error ? error.message : String(error)})`);
          continue;
        }
        result.checked.push(`${system} ${object}`);
        const names = Object.keys(fields);
        const missing = (field: string, what: string) => {
          const guess = closest(field, names);
          result.problems.push(`${system} ${object} has no field ${field} (${what})${guess ? `: did you mean ${guess}?` : ''}; correct syncline.yaml, or create the field in ${system}`);
        };
        for (const [name, spec] of Object.entries(mapping.fields)) {
          const mapped = fieldMapping(spec, system, object);
          if (!mapped || mapped.direction === 'none') continue;
          const what = `${objectName}.${name}`;
          const field = fields[mapped.field];
          if (!field) {
            missing(mapped.field, what);
            continue;
          }
          const writes = written && (mapped.direction === 'in' || mapped.direction === 'both');
          const [has, needs] = [vendorKind(field.type), canonicalKind(spec.type)];
          if (has !== 'text' && has !== needs) result.problems.push(`${system} ${object}.${mapped.field} is a ${field.type} field, which cannot hold ${what} (typed ${spec.type} in syncline.yaml)`);
          if (writes && !field.writable) result.problems.push(`${system} ${object}.${mapped.field} (${what}) cannot be written by the integration user: grant it edit access, or set direction: out`);
          if (writes && field.allowed && spec.type === 'picklist') {
            const refused = Object.keys(spec.values ?? {}).map((v) => mapped.values?.[v] ?? v).filter((v) => !field.allowed?.includes(v));
            if (refused.length > 0) result.problems.push(`${system} ${object}.${mapped.field} (${what}) is a restricted picklist without ${refused.map((v) => `"${v}"`).join(', ')}: map them under map.${system}.values, or add them to the picklist`);
          }
        }
        for (const [other, field] of Object.entries(binding.externalIds)) {
          if (!field || field === 'Id') continue;
          const found = fields[field];
          if (!found) missing(field, `the external id of ${other}'s records`);
          else if (!found.unique) result.problems.push(`${system} ${object}.${field} keeps ${other}'s ids but is not unique (an External ID / unique-value field): upserts by it would create duplicates`);
        }
        // The flag is written when another system deletes the record: it matters where something syncs to.
        const flag = written ? binding.softDeleteField : undefined;
        if (flag && !fields[flag]) missing(flag, 'the soft-delete flag');
        else if (flag && fields[flag]?.writable === false) result.problems.push(`${system} ${object}.${flag} (the soft-delete flag) cannot be written by the integration user`);
      }
    }
  }
  return result;
}
