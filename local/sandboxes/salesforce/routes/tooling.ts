import { jsonResponse, type Router, type SandboxRequest, type SandboxResponse } from '../../kit/index.ts';
import { objectBody, versionOf, type SalesforceContext } from '../context.ts';
import { CustomFieldRefusal, derivedMetadata, newCustomField } from '../custom-fields.ts';
import { notFound, sfError, sfErrors } from '../errors.ts';
import { normalizeId } from '../ids.ts';
import type { CustomFieldRow, ObjectDef } from '../schema.ts';
import { parseSoql } from '../soql.ts';
import { bindQuery, runQuery, unsupportedObject } from '../soql-eval.ts';
import type { SfRecord } from '../store.ts';
import { soqlErrorResponse } from './query.ts';

const TOOLING = '/services/data/:version(v\\d+\\.\\d+)/tooling';

/*
 * The Tooling API's CustomField object, as far as creating the fields Syncline maps goes (Tooling API Reference,
 * CustomField: create, query and GET by id over REST) [C]. jsforce's `conn.tooling` calls
 * `…/tooling/sobjects/CustomField` (create), `…/tooling/sobjects/CustomField/{id}` (retrieve) and
 * `…/tooling/query?q=` (query), as its `_baseUrl() + '/tooling'` shows.
 *
 * A field created here gets no field-level security, as in a real org: the API user neither sees it in describe nor
 * can query or write it until a permission set (a FieldPermissions row with PermissionsRead/PermissionsEdit, created
 * through the REST API) assigned to the user grants it (Salesforce Stack Exchange "use the Tooling API to update
 * field level security", FieldPermissions in the Object Reference) [C]; field-security.ts models that. The CustomField
 * query and GET below ignore field permissions and serve every field, granted or not, as the Tooling API does [C].
 */

/** The columns of CustomField a query may name; `Metadata` and `FullName` only for a result of at most one row. */
const CUSTOM_FIELD: ObjectDef = {
  name: 'CustomField',
  keyPrefix: '00N',
  fields: {
    Id: { type: 'id' },
    DeveloperName: { type: 'string' },
    TableEnumOrId: { type: 'string' },
    NamespacePrefix: { type: 'string' },
    ManageableState: { type: 'string' },
    FullName: { type: 'string' },
    Metadata: { type: 'textarea' },
  },
};

/**
 * One CustomField row. DeveloperName is the name without `__c`; TableEnumOrId is the object's name for a standard
 * object (a custom object's would be its 01I id) [C]. A field the org started with is unmanaged and has no namespace.
 */
function rowOf(row: CustomFieldRow): SfRecord {
  return { Id: row.id, DeveloperName: row.field.slice(0, -3), TableEnumOrId: row.object, NamespacePrefix: null, ManageableState: 'unmanaged', FullName: `${row.object}.${row.field}` };
}

function metadataOf(ctx: SalesforceContext, row: CustomFieldRow): Record<string, unknown> {
  if (row.metadata) return row.metadata;
  const def = ctx.schema.object(row.object)?.fields[row.field];
  return def ? derivedMetadata(ctx.schema, row.field, def) : {};
}

const attributes = (req: SandboxRequest, id: string) => ({ type: 'CustomField', url: `/services/data/${versionOf(req)}/tooling/sobjects/CustomField/${id}` });

/** `POST …/tooling/sobjects/CustomField`: 201 `{id: "00N…", success: true, errors: []}`, as the REST create answers. */
function createCustomField(ctx: SalesforceContext, req: SandboxRequest): SandboxResponse {
  try {
    const created = newCustomField(ctx.schema, objectBody(req));
    const row = ctx.schema.addField(created.object.name, created.field, created.def, created.metadata);
    return jsonResponse(201, { id: row.id, success: true, errors: [] });
  } catch (error) {
    if (error instanceof CustomFieldRefusal) return sfErrors(400, [error.error]);
    throw error;
  }
}

/** `GET …/tooling/sobjects/CustomField/{id}`: the row with its FullName and Metadata. */
function getCustomField(ctx: SalesforceContext, req: SandboxRequest): SandboxResponse {
  const id = normalizeId(req.params['id'] ?? '');
  const row = id ? ctx.schema.customFieldRows().find((r) => r.id === id) : undefined;
  if (!row) return notFound();
  return jsonResponse(200, { attributes: attributes(req, row.id), ...rowOf(row), Metadata: metadataOf(ctx, row) });
}

/**
 * `GET …/tooling/query?q=`: SOQL over CustomField (the sandbox's SOQL: WHERE, ORDER BY, LIMIT) answered in the
 * Tooling API's shape, `{size, totalSize, done, queryLocator, entityTypeName, records}` [C]. FullName and Metadata
 * may be selected only when at most one row comes back; otherwise Salesforce refuses the query ("When retrieving
 * results with Metadata or FullName fields, the query qualifications must specify no more than one row for
 * retrieval", Tooling API Reference, CustomField) [C for the rule; the code MALFORMED_QUERY is [?]].
 */
function toolingQuery(ctx: SalesforceContext, req: SandboxRequest): SandboxResponse {
  const q = req.query.get('q');
  if (!q) return sfError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  try {
    const parsed = parseSoql(q);
    if (parsed.object.toLowerCase() !== 'customfield') throw unsupportedObject(parsed.object);
    const query = bindQuery(parsed, CUSTOM_FIELD);
    const byId = new Map(ctx.schema.customFieldRows().map((r) => [r.id, r]));
    const rows = runQuery(query, [...byId.values()].map(rowOf));
    if (rows.length > 1 && query.fields.some((f) => f === 'FullName' || f === 'Metadata')) {
      return sfError(400, 'MALFORMED_QUERY', `When retrieving results with Metadata or FullName fields, the query qualifications must specify no more than one row for retrieval. Result size: ${rows.length}`);
    }
    const records = rows.map((r) => {
      const row = byId.get(r.Id) as CustomFieldRow;
      return { attributes: attributes(req, r.Id), ...Object.fromEntries(query.fields.map((f) => [f, f === 'Metadata' ? metadataOf(ctx, row) : (r[f] ?? null)])) };
    });
    return jsonResponse(200, { size: records.length, totalSize: records.length, done: true, queryLocator: null, entityTypeName: 'CustomField', records });
  } catch (error) {
    const refused = soqlErrorResponse(q, error);
    if (refused) return refused;
    throw error;
  }
}

/** Only CustomField is a Tooling sObject here; any other type is 404 NOT_FOUND like an unknown REST resource. */
const isCustomFieldType = (req: SandboxRequest): boolean => (req.params['type'] ?? '').toLowerCase() === 'customfield';

/**
 * Tooling API routes. Endpoint names: `toolingCreateCustomField` (POST …/tooling/sobjects/CustomField),
 * `toolingGetCustomField` (GET …/tooling/sobjects/CustomField/{id}), `toolingQuery` (GET …/tooling/query?q=).
 */
export function addToolingRoutes(router: Router, ctx: SalesforceContext): Router {
  return router
    .add('POST', `${TOOLING}/sobjects/:type`, 'toolingCreateCustomField', (req) => (isCustomFieldType(req) ? createCustomField(ctx, req) : notFound()))
    .add('GET', `${TOOLING}/sobjects/:type/:id`, 'toolingGetCustomField', (req) => (isCustomFieldType(req) ? getCustomField(ctx, req) : notFound()))
    .add('GET', `${TOOLING}/query`, 'toolingQuery', (req) => toolingQuery(ctx, req));
}
