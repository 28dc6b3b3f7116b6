import { BadRequestError, isPlainObject, jsonResponse, parseJsonBody, type Router } from '../kit/index.ts';
import type { BulkFault, BulkJobs } from './bulk-jobs.ts';
import { parseDuplicateRules, type DuplicateRules } from './duplicate-rules.ts';

function bulkFaultOf(body: unknown): BulkFault {
  if (!isPlainObject(body)) throw new BadRequestError('The body must be an object like {"failAfterRecords":5} or {"stall":true}.');
  const { failAfterRecords, stall } = body;
  if (failAfterRecords !== undefined && (typeof failAfterRecords !== 'number' || !Number.isInteger(failAfterRecords) || failAfterRecords < 0)) {
    throw new BadRequestError("'failAfterRecords' must be a whole number of records, 0 or more.");
  }
  if (stall !== undefined && typeof stall !== 'boolean') throw new BadRequestError("'stall' must be true or false.");
  return { ...(failAfterRecords === undefined ? {} : { failAfterRecords }), ...(stall ? { stall } : {}) };
}

/**
 * Salesforce-only inspection routes:
 * - `GET /__sandbox/duplicate-rules` lists the active duplicate rules; `POST` replaces them with
 *   `{"rules":"standard"}`, `{"rules":[]}` or `{"rules":[{name, object, fields, allowSave, matchObject?}]}`.
 *   `POST /__sandbox/reset` restores the rules the sandbox started with.
 * - `POST /__sandbox/bulk-faults` arms `{failAfterRecords?, stall?}` for the next Bulk API 2.0 job that is closed.
 */
export function addSalesforceInspectionRoutes(router: Router, deps: { duplicates: DuplicateRules; bulk: BulkJobs }): Router {
  return router
    .add('GET', '/__sandbox/duplicate-rules', 'listDuplicateRules', () => jsonResponse(200, { rules: deps.duplicates.list() }))
    .add('POST', '/__sandbox/duplicate-rules', 'setDuplicateRules', (req) => {
      deps.duplicates.set(parseDuplicateRules(parseJsonBody(req)));
      return jsonResponse(200, { rules: deps.duplicates.list() });
    })
    .add('POST', '/__sandbox/bulk-faults', 'addBulkFault', (req) => {
      const fault = bulkFaultOf(parseJsonBody(req));
      deps.bulk.arm(fault);
      return jsonResponse(200, { armed: fault });
    });
}
