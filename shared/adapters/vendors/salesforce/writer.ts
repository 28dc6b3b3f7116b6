import type { Connection } from 'jsforce';
import type { CrmWriter, NewField, TargetField, UpsertResult } from '#ports/crm';
import { PermanentError } from '#domain/errors';
import { cachedFields } from '../cached-fields.ts';
import { bulkUpsert, type BulkPollOptions } from './bulk-writer.ts';
import { soqlStringLiteral } from './in-lookup.ts';
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
    grantFieldAccess: (fields) => grantFieldAccess(connection, fields),
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
export function customFieldMetadata(objectType: string, field: NewField): Record<string, unknown> {
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
      // The Tooling API names a value `valueName` where the Metadata API's CustomValue says `fullName` [T].
      return { ...base, type: 'Picklist', valueSet: { restricted: true, valueSetDefinition: { sorted: false, value: (field.values ?? []).map((v) => ({ valueName: v, label: v, default: false })) } } };
    case 'reference':
      if (field.referenceTo) {
        // A child relationship's name must be unique on the parent: the same lookup on Contact and Lead to one Account
        // needs two, so the name carries the object (letters, digits and single underscores, at most 40).
        // A custom object's `__c` has no place in it either.
        const clean = (name: string) => name.replace(/__c$/, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/^[^A-Za-z]+|_+$/g, '');
        const owner = clean(objectType).slice(0, 20);
        const relationshipName = `${clean(field.name).slice(0, 39 - owner.length).replace(/_+$/, '') || 'Ref'}_${owner}`;
        return { ...base, type: 'Lookup', referenceTo: field.referenceTo, relationshipName, relationshipLabel: `${field.label} (${objectType})`.slice(0, 80), deleteConstraint: 'SetNull' };
      }
      return { ...base, type: 'Text', length: 18 };
    default:
      return field.externalId ? { ...base, type: 'Text', length: 255, externalId: true, unique: true, caseSensitive: false } : { ...base, type: 'Text', length: 255 };
  }
}

/**
 * Creates a custom field through the Tooling API (`POST tooling/sobjects/CustomField`), named `Object.Field__c`.
 * DUPLICATE_DEVELOPER_NAME means the org has it: made by an earlier run, and hidden from the integration user until
 * {@link grantFieldAccess}, since describe only shows the fields it may see.
 */
async function createCustomField(connection: Connection, objectType: string, field: NewField): Promise<'created' | 'exists'> {
  try {
    const result = (await connection.tooling.sobject('CustomField').create({ FullName: `${objectType}.${field.name}`, Metadata: customFieldMetadata(objectType, field) })) as unknown as SaveResult;
    if (!result.success) {
      const first = result.errors?.[0];
      const code = first?.errorCode ?? first?.statusCode ?? 'UNKNOWN_ERROR';
      throw new PermanentError(code, `Salesforce refused the custom field ${objectType}.${field.name}: ${code} ${first?.message ?? ''}`.trim());
    }
    return 'created';
  } catch (error) {
    if (error instanceof PermanentError) throw error;
    if ((error as { errorCode?: string }).errorCode === 'DUPLICATE_DEVELOPER_NAME') return 'exists';
    const classified = classifySalesforceError(error);
    // A refusal names the field; a transient failure (a 503, the allocation) stays what it is.
    throw classified instanceof PermanentError ? new PermanentError(classified.code, `Salesforce refused the custom field ${objectType}.${field.name}: ${classified.message}`, { cause: error }) : classified;
  }
}

/** The permission set that lets the integration user see and write the fields Syncline made. */
export const PERMISSION_SET_NAME = 'Syncline_Integration';

/**
 * Field-level security for fields made through the API, which no profile sees (Salesforce Help, "Field-Level
 * Security"): the `Syncline_Integration` permission set (made once), a FieldPermissions row with read and edit per
 * field it lacks (one sObject Collections call per 200), and its assignment to the integration user (the user of the
 * connection's token). Each step looks first, so a second run does nothing.
 */
async function grantFieldAccess(connection: Connection, fields: readonly { objectType: string; field: string }[]): Promise<string[]> {
  const done: string[] = [];
  try {
    const found = await connection.query<{ Id: string }>(`SELECT Id FROM PermissionSet WHERE Name = ${soqlStringLiteral(PERMISSION_SET_NAME)}`);
    let setId = found.records[0]?.Id;
    if (!setId) {
      const created = (await connection.sobject('PermissionSet').create({ Name: PERMISSION_SET_NAME, Label: 'Syncline integration', Description: 'Read and edit the fields Syncline syncs (syncline setup --apply)' })) as unknown as SaveResult;
      if (!created.success || !created.id) throw new PermanentError(created.errors?.[0]?.errorCode ?? 'UNKNOWN_ERROR', `Salesforce refused the permission set ${PERMISSION_SET_NAME}: ${created.errors?.[0]?.message ?? ''}`);
      setId = created.id;
      done.push(`permission set ${PERMISSION_SET_NAME} created`);
    }
    const granted = await connection.query<{ Field: string }>(`SELECT Field FROM FieldPermissions WHERE ParentId = ${soqlStringLiteral(setId)}`, { autoFetch: true, maxFetch: 100_000 });
    const have = new Set(granted.records.map((r) => r.Field.toLowerCase()));
    const missing = fields.filter((f) => !have.has(`${f.objectType}.${f.field}`.toLowerCase()));
    if (missing.length > 0) {
      const rows = missing.map((f) => ({ ParentId: setId, SobjectType: f.objectType, Field: `${f.objectType}.${f.field}`, PermissionsRead: true, PermissionsEdit: true }));
      const results = (await connection.sobject('FieldPermissions').create(rows, { allOrNone: false, allowRecursive: true })) as unknown as SaveResult[];
      results.forEach((r, i) => done.push(r.success ? `read and edit of ${rows[i]?.Field} granted` : `read and edit of ${rows[i]?.Field} not granted: ${r.errors?.[0]?.statusCode ?? r.errors?.[0]?.errorCode ?? ''} ${r.errors?.[0]?.message ?? ''}`.trim()));
    }
    const userId = connection.userInfo?.id ?? (await connection.identity()).user_id;
    const assigned = await connection.query(`SELECT Id FROM PermissionSetAssignment WHERE PermissionSetId = ${soqlStringLiteral(setId)} AND AssigneeId = ${soqlStringLiteral(userId)}`);
    if (assigned.records.length === 0) {
      const created = (await connection.sobject('PermissionSetAssignment').create({ PermissionSetId: setId, AssigneeId: userId })) as unknown as SaveResult;
      if (!created.success) throw new PermanentError(created.errors?.[0]?.errorCode ?? 'UNKNOWN_ERROR', `Salesforce refused to assign ${PERMISSION_SET_NAME} to the integration user: ${created.errors?.[0]?.message ?? ''}`);
      done.push(`permission set ${PERMISSION_SET_NAME} assigned to the integration user ${userId}`);
    }
    return done;
  } catch (error) {
    throw error instanceof PermanentError ? error : classifySalesforceError(error);
  }
}
