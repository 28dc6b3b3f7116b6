import { BadRequestError, jsonResponse, parseJsonBody, type Router } from '../../kit/index.ts';
import { parseRecordLoad } from '../../kit/record-loads.ts';
import { renderSaveError } from '../errors.ts';
import type { OrgSchema } from '../schema.ts';
import type { SalesforceStore } from '../store.ts';

/**
 * `POST /__sandbox/records/{object}` `{"records":[{"<Field API name>": value, …}], "modifiedAt"?: "<ISO instant>"}`
 * loads records an org held before the test began (kit/record-loads.ts): each is checked and stored as an API create
 * stores it (field names and types, lengths, required fields, unique values, `AccountId`-style references to records
 * that exist, Salesforce's id prefixes), but CreatedDate, LastModifiedDate and SystemModstamp are `modifiedAt`
 * (default 2024-02-01T08:00:00.000Z), no Outbound Message is queued, no duplicate rule runs and no API call is
 * counted (an inspection route, never the org's API). The answer is `{"ids":[…]}` in input order; a record the
 * schema refuses stores nothing and answers 400 `{"index": i, "errors": [{message, errorCode, fields}]}`. The records
 * are at once visible to SOQL, sObject reads, Bulk API query jobs and `GET /__sandbox/records/{object}`.
 */
export function addImportRoutes(router: Router, store: SalesforceStore, schema: OrgSchema): Router {
  return router.add('POST', '/__sandbox/records/:object', 'loadRecords', (req) => {
    const object = req.params['object'] ?? '';
    const def = schema.object(object);
    if (!def) throw new BadRequestError(`Unknown object '${object}'.`, 404);
    const { records, at } = parseRecordLoad(parseJsonBody(req));
    const outcome = store.load(def, records, at);
    if (!outcome.ok) return jsonResponse(400, { index: outcome.index, errors: outcome.errors.map((e) => renderSaveError(e, 'errorCode')) });
    return jsonResponse(200, { ids: outcome.ids });
  });
}
