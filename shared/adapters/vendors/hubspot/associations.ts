/**
 * A HubSpot record's company is an association, not a property (vendor-apis §2.5). The contract names it as the
 * pseudo-property `associations.companies`: read through the v4 batch read (100 records a call) and written through
 * the v4 batch create after the record's own write, so the rest of Syncline treats it as one more field.
 */
import type { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4/models/AssociationSpec';
import type { FieldValues } from '#domain/change-event';
import { PermanentError } from '#domain/errors';
import { classifyHubspotError } from './classify-error.ts';

/** The prefix of association pseudo-properties: `associations.companies` is a record's (primary) company. */
export const ASSOCIATION_PREFIX = 'associations.';

/** HubSpot's v4 batch endpoints take at most 100 inputs per call (vendor-apis §2.3). */
const BATCH_LIMIT = 100;

/**
 * HUBSPOT_DEFINED type ids (vendor-apis §2.5): the unlabelled association and the Primary one. A contact or deal
 * shows one primary company; writing both makes the linked company that one.
 */
const TYPE_IDS: Readonly<Record<string, { unlabelled: number; primary: number }>> = {
  'contacts>companies': { unlabelled: 279, primary: 1 },
  'deals>companies': { unlabelled: 341, primary: 5 },
};

/** The object type an association pseudo-property names (`associations.companies` → `companies`), else undefined. */
export function associationTarget(field: string): string | undefined {
  return field.startsWith(ASSOCIATION_PREFIX) ? field.slice(ASSOCIATION_PREFIX.length) : undefined;
}

/** Splits vendor fields into real properties and association pseudo-properties (target type → record id or null). */
export function splitAssociations(fields: FieldValues): { properties: FieldValues; associations: Map<string, string | null> } {
  const properties: FieldValues = {};
  const associations = new Map<string, string | null>();
  for (const [name, value] of Object.entries(fields)) {
    const target = associationTarget(name);
    if (target === undefined) properties[name] = value;
    else associations.set(target, value === null || value === '' ? null : String(value));
  }
  return { properties, associations };
}

function normalizeType(objectType: string): string {
  const t = objectType.toLowerCase();
  return t === '0-1' ? 'contacts' : t === '0-2' ? 'companies' : t === '0-3' ? 'deals' : t;
}

/**
 * Each record's associated record of `toType`: the one labelled Primary, else the lowest id (deterministic), or
 * null when it has none. One v4 batch read per 100 records.
 */
export async function readAssociated(client: Client, fromType: string, ids: readonly string[], toType: string): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>(ids.map((id) => [id, null]));
  for (let start = 0; start < ids.length; start += BATCH_LIMIT) {
    const inputs = ids.slice(start, start + BATCH_LIMIT).map((id) => ({ id }));
    try {
      const response = await client.crm.associations.v4.batchApi.getPage(normalizeType(fromType), toType, { inputs });
      for (const result of response.results) {
        const targets = [...result.to].sort((a, b) => Number(a.toObjectId) - Number(b.toObjectId));
        // The primary company by its type id: HubSpot renamed the label ("Primary" became "Contact with Primary
        // Company") and tells integrations to rely on the id.
        const primaryId = TYPE_IDS[`${normalizeType(fromType)}>${toType}`]?.primary;
        const primary = targets.find((t) => t.associationTypes.some((type) => type.category === 'HUBSPOT_DEFINED' && type.typeId === primaryId));
        found.set(String(result._from.id), String((primary ?? targets[0])?.toObjectId ?? '') || null);
      }
    } catch (error) {
      // A record without associations comes back among a 207's errors; a 404 means none of them has any.
      const classified = classifyHubspotError(error);
      if (classified !== 'not-found') throw classified;
    }
  }
  return found;
}

/** A record whose association HubSpot refused, and whether a later attempt may succeed. */
export interface AssociationFailure {
  code: string;
  message: string;
  retryable: boolean;
}

/** HubSpot's per-input refusals no retry fixes: a record that does not exist, an input it finds invalid. */
const PERMANENT_CATEGORIES = new Set(['OBJECT_NOT_FOUND', 'VALIDATION_ERROR']);

/**
 * Associates records with the records of `toType` they name (unlabelled and Primary), one v4 batch create per 100.
 * A null removes the record's associations of that type: the system of record cleared its company.
 * Returns the records HubSpot refused (a 207's `errors`, matched by the ids they name); a whole call that fails
 * throws. An error that names none of the call's records fails them all.
 */
export async function writeAssociated(client: Client, fromType: string, toType: string, pairs: readonly { from: string; to: string | null }[]): Promise<Map<string, AssociationFailure>> {
  const failures = new Map<string, AssociationFailure>();
  await removeAssociated(client, fromType, toType, pairs.flatMap((p) => (p.to === null ? [p.from] : [])));
  const types = TYPE_IDS[`${normalizeType(fromType)}>${toType}`];
  const inputs = pairs.flatMap((p) => (p.to === null ? [] : [{ _from: { id: p.from }, to: { id: p.to }, types: [] as { associationCategory: AssociationSpecAssociationCategoryEnum; associationTypeId: number }[] }]));
  if (!types || inputs.length === 0) return failures;
  const category = AssociationSpecAssociationCategoryEnum.HubspotDefined;
  for (const input of inputs) input.types = [{ associationCategory: category, associationTypeId: types.unlabelled }, { associationCategory: category, associationTypeId: types.primary }];
  for (let start = 0; start < inputs.length; start += BATCH_LIMIT) {
    const chunk = inputs.slice(start, start + BATCH_LIMIT);
    let response: { errors?: { category?: string; message?: string; context?: Record<string, string[]> }[] };
    try {
      response = (await client.crm.associations.v4.batchApi.create(normalizeType(fromType), toType, { inputs: chunk })) as typeof response;
    } catch (error) {
      const classified = classifyHubspotError(error);
      throw classified === 'not-found' ? new PermanentError('ASSOCIATION_TARGET_NOT_FOUND', `HubSpot cannot associate ${fromType} with ${toType}: a record is missing`, { cause: error }) : classified;
    }
    const ids = new Set(chunk.flatMap((i) => [i._from.id, i.to.id]));
    for (const error of response.errors ?? []) {
      const named = new Set(Object.values(error.context ?? {}).flat().filter((id) => ids.has(id)));
      const failure = { code: error.category ?? 'ASSOCIATION_REFUSED', message: (error.message ?? 'HubSpot refused the association').slice(0, 300), retryable: !PERMANENT_CATEGORIES.has(error.category ?? '') };
      for (const input of chunk) if (named.size === 0 || named.has(input._from.id) || named.has(input.to.id)) failures.set(input._from.id, failure);
    }
  }
  return failures;
}

/**
 * Removes every association of `toType` from the records (a v4 batch read of what they have, then a batch archive of
 * it, per 100). Records without any cost the read only.
 */
async function removeAssociated(client: Client, fromType: string, toType: string, ids: readonly string[]): Promise<void> {
  for (let start = 0; start < ids.length; start += BATCH_LIMIT) {
    const inputs = ids.slice(start, start + BATCH_LIMIT).map((id) => ({ id }));
    try {
      const found = await client.crm.associations.v4.batchApi.getPage(normalizeType(fromType), toType, { inputs });
      const archive = found.results.filter((r) => r.to.length > 0).map((r) => ({ _from: { id: String(r._from.id) }, to: r.to.map((t) => ({ id: String(t.toObjectId) })) }));
      if (archive.length > 0) await client.crm.associations.v4.batchApi.archive(normalizeType(fromType), toType, { inputs: archive });
    } catch (error) {
      const classified = classifyHubspotError(error);
      if (classified !== 'not-found') throw classified;
    }
  }
}

/**
 * Reads the association pseudo-properties among `fields` for records already read, setting each record's value
 * (null when it has none). Records absent from `records` are left out.
 */
export async function addAssociations(client: Client, objectType: string, records: Map<string, { values: FieldValues }>, fields: readonly string[]): Promise<void> {
  for (const field of fields) {
    const target = associationTarget(field);
    if (target === undefined || records.size === 0) continue;
    const associated = await readAssociated(client, objectType, [...records.keys()], target);
    for (const [id, record] of records) record.values[field] = associated.get(id) ?? null;
  }
}
