import type { Connection } from 'jsforce';
import type { CrmWriter, NewField, TargetField, UpsertResult } from '#ports/crm';
import { PermanentError } from '#domain/errors';
import { cachedFields } from '../cached-fields.ts';
import { bulkUpsert, type BulkPollOptions } from './bulk-writer.ts';
import { classifySalesforceError, describeSalesforceError, duplicateCandidates, isRetryableSalesforceCode } from './classify-error.ts';

/**
 * From this many records in one `upsert` call the writer uses Bulk API 2.0 instead of sObject Collections: 2,000
 * records are ten collection calls against the daily API allocation, one bulk job is a handful of calls and one
 * bulk batch (Salesforce's own guidance is Bulk API from a few thousand records).
 */
export const BULK_UPSERT_THRESHOLD = 2_000;

/** Options of {@link salesforceWriter}. */
export interface SalesforceWriterOptions {
  /** Records in one upsert call from which Bulk API 2.0 is used (default {@link BULK_UPSERT_THRESHOLD}). */
  bulkThreshold?: number;
  /** Polling of bulk jobs. */
  bulk?: BulkPollOptions;
}

interface SaveError {
  statusCode?: string;
  errorCode?: string;
  message?: string;
  fields?: string[];
}
interface SaveResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors?: SaveError[];
}

function toResult(raw: SaveResult): UpsertResult {
  if (raw.success && raw.id) return { ok: true, id: raw.id, created: raw.created === true };
  const first = raw.errors?.[0];
  // Collections report per-record errors as `statusCode`; single-record calls as `errorCode`.
  const code = first?.statusCode ?? first?.errorCode ?? 'UNKNOWN_ERROR';
  const candidates = code === 'DUPLICATES_DETECTED' ? duplicateCandidates(first) : [];
  // The message names the refused fields and never quotes an over-long value back (STRING_TOO_LONG does).
  const message = describeSalesforceError(code, first?.message ?? 'no message', first?.fields ?? []);
  return { ok: false, code, message, retryable: isRetryableSalesforceCode(code), ...(candidates.length > 0 ? { candidates } : {}) };
}

/**
 * Upserts by external id through sObject Collections (200 records a call; jsforce splits larger inputs itself with
 * `allowRecursive`), or through one Bulk API 2.0 job from `bulkThreshold` records. `allOrNone: false`, so one bad
 * record does not fail its neighbours.
 */
export function salesforceWriter(connection: Connection, options: SalesforceWriterOptions = {}): CrmWriter {
  const bulkThreshold = options.bulkThreshold ?? BULK_UPSERT_THRESHOLD;
  return {
    fields: cachedFields((objectType) => describeFields(connection, objectType)),
    createField: (objectType, field) => createCustomField(connection, objectType, field),
    async upsert(objectType, externalIdField, records) {
      if (records.length >= bulkThreshold) return bulkUpsert(connection, objectType, externalIdField, records, options.bulk);
      const payload = records.map((r) => ({ ...r.fields, [externalIdField]: r.externalId }));
      try {
        const raw = (await connection.upsert(objectType, payload, externalIdField, { allOrNone: false, allowRecursive: true })) as unknown as SaveResult[];
        return raw.map(toResult);
      } catch (error) {
        throw classifySalesforceError(error);
      }
    },
    async update(objectType, records) {
      const payload = records.map((r) => ({ ...r.fields, Id: r.id }));
      try {
        const raw = (await connection.sobject(objectType).update(payload, { allOrNone: false, allowRecursive: true })) as unknown as SaveResult[];
        return raw.map((r, i) => toResult({ ...r, id: r.id ?? records[i]?.id }));
      } catch (error) {
        throw classifySalesforceError(error);
      }
    },
  };
}

/** Salesforce's text field types: `length` is the most characters they hold (Object Reference, field types). */
const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'picklist', 'multipicklist', 'combobox', 'encryptedstring']);

/**
 * The fields the integration user can see, from `describe` (one call): whether it can set them, lengths of text fields, and the
 * active values of restricted picklists, which Salesforce enforces case-sensitively (INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST).
 */
async function describeFields(connection: Connection, objectType: string): Promise<Record<string, TargetField>> {
  try {
    const described = await connection.sobject(objectType).describe();
    const fields: Record<string, TargetField> = {};
    for (const f of described.fields) {
      // An Opportunity's stage must be one of the org's OpportunityStage values whatever describe says of the
      // picklist: it sets the stage's probability and forecast category, and Salesforce refuses any other [?].
      const restricted = f.restrictedPicklist || (objectType === 'Opportunity' && f.name === 'StageName');
      const allowed = restricted ? ((f.picklistValues ?? []) as { value: string; active: boolean }[]).filter((v) => v.active).map((v) => v.value) : undefined;
      const unique = f.externalId || f.unique;
      fields[f.name] = { type: f.type, writable: f.createable || f.updateable, ...(TEXT_TYPES.has(f.type) && f.length > 0 && { length: f.length }), ...(allowed && { allowed }), ...(unique && { unique }) };
    }
    return fields;
  } catch (error) {
    throw classifySalesforceError(error);
  }
}

/**
 * The Metadata API `CustomField` for a {@link NewField} (Metadata API Developer Guide, CustomField): Text 255,
 * Number(18, 2), Currency(16, 2), a Checkbox unchecked by default, a restricted Picklist, a Lookup that clears itself
 * when the record it points to is deleted. An external id is also unique (case-insensitive), so upserts by it find one
 * record.
 */
export function customFieldMetadata(field: NewField): Record<string, unknown> {
  const base = { label: field.label.slice(0, 40), description: `Syncline: ${field.purpose}`.slice(0, 1000) };
  switch (field.type) {
    case 'email':
      return { ...base, type: 'Email' };
    case 'phone':
      return { ...base, type: 'Phone' };
    case 'url':
      return { ...base, type: 'Url' };
    case 'number':
      return { ...base, type: 'Number', precision: 18, scale: 2 };
    case 'currency':
      return { ...base, type: 'Currency', precision: 16, scale: 2 };
    case 'date':
      return { ...base, type: 'Date' };
    case 'datetime':
      return { ...base, type: 'DateTime' };
    case 'boolean':
      return { ...base, type: 'Checkbox', defaultValue: 'false' };
    case 'picklist':
      return { ...base, type: 'Picklist', valueSet: { restricted: true, valueSetDefinition: { sorted: false, value: (field.values ?? []).map((v) => ({ fullName: v, label: v, default: false })) } } };
    case 'reference':
      if (field.referenceTo) {
        const relationshipName = field.name.replace(/__c$/, '').replace(/_+/g, '_').replace(/^_|_$/g, '');
        return { ...base, type: 'Lookup', referenceTo: field.referenceTo, relationshipName, deleteConstraint: 'SetNull' };
      }
      return { ...base, type: 'Text', length: 18 };
    default:
      return field.externalId ? { ...base, type: 'Text', length: 255, externalId: true, unique: true, caseSensitive: false } : { ...base, type: 'Text', length: 255 };
  }
}

/** Creates a custom field through the Tooling API (`POST tooling/sobjects/CustomField`), named `Object.Field__c`. */
async function createCustomField(connection: Connection, objectType: string, field: NewField): Promise<void> {
  try {
    const result = (await connection.tooling.sobject('CustomField').create({ FullName: `${objectType}.${field.name}`, Metadata: customFieldMetadata(field) })) as unknown as SaveResult;
    if (!result.success) {
      const first = result.errors?.[0];
      const code = first?.errorCode ?? first?.statusCode ?? 'UNKNOWN_ERROR';
      throw new PermanentError(code, `Salesforce refused the custom field ${objectType}.${field.name}: ${code} ${first?.message ?? ''}`.trim());
    }
  } catch (error) {
    if (error instanceof PermanentError) throw error;
    const classified = classifySalesforceError(error);
    // A refusal names the field; a transient failure (a 503, the allocation) stays what it is.
    throw classified instanceof PermanentError ? new PermanentError(classified.code, `Salesforce refused the custom field ${objectType}.${field.name}: ${classified.message}`, { cause: error }) : classified;
  }
}
