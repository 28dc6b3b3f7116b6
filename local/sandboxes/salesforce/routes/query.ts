import { jsonResponse, type Router, type SandboxRequest, type SandboxResponse } from '../../kit/index.ts';
import { versionOf, type SalesforceContext } from '../context.ts';
import { sfError } from '../errors.ts';
import { makeId } from '../ids.ts';
import { renderRecord } from '../render.ts';
import { formatSoqlError, parseSoql, SoqlStatementTooLong, SoqlSyntaxError } from '../soql.ts';
import { SoqlQueryError, resolveQuery, runQuery } from '../soql-eval.ts';

const DATA = '/services/data/:version(v\\d+\\.\\d+)';

/** Page size: 2,000 by default and at most; `Sforce-Query-Options: batchSize=N` asks for 200–2,000 (vendor-apis §1.5). */
export const QUERY_BATCH = { default: 2000, min: 200, max: 2000 } as const;

/** How many open cursors are kept; older ones answer INVALID_QUERY_LOCATOR, like expired ones. */
const MAX_CURSORS = 200;

interface Cursor {
  rows: Record<string, unknown>[];
  batchSize: number;
}

/** Open query cursors, keyed by locator id (`01g…`). */
export class CursorStore {
  #cursors = new Map<string, Cursor>();
  #sequence = 1;

  /** Opens a cursor and returns its locator id. */
  open(cursor: Cursor): string {
    const id = makeId('01g', this.#sequence++);
    this.#cursors.set(id, cursor);
    if (this.#cursors.size > MAX_CURSORS) this.#cursors.delete(this.#cursors.keys().next().value as string);
    return id;
  }

  get(id: string): Cursor | undefined {
    return this.#cursors.get(id);
  }

  clear(): void {
    this.#cursors.clear();
  }
}

function batchSizeOf(req: SandboxRequest): number {
  const header = String(req.headers['sforce-query-options'] ?? '');
  const m = /batchSize\s*=\s*(\d+)/i.exec(header);
  if (!m) return QUERY_BATCH.default;
  // Only a hint: Salesforce clamps it into range rather than failing.
  return Math.min(QUERY_BATCH.max, Math.max(QUERY_BATCH.min, Number(m[1])));
}

function page(req: SandboxRequest, locator: string, cursor: Cursor, offset: number): SandboxResponse {
  const end = offset + cursor.batchSize;
  const body: Record<string, unknown> = { totalSize: cursor.rows.length, done: end >= cursor.rows.length, records: cursor.rows.slice(offset, end) };
  if (end < cursor.rows.length) body['nextRecordsUrl'] = `/services/data/${versionOf(req)}/query/${locator}-${end}`;
  return jsonResponse(200, body);
}

function runSoql(ctx: SalesforceContext, cursors: CursorStore, req: SandboxRequest, all: boolean): SandboxResponse {
  const q = req.query.get('q');
  if (!q) return sfError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
  try {
    const resolved = resolveQuery(parseSoql(q), ctx.schema);
    const pool = ctx.store.all(resolved.def).filter((r) => all || !r['IsDeleted']);
    const rows = runQuery(resolved, pool).map((r) => renderRecord(resolved.def, r, versionOf(req), resolved.fields));
    const cursor = { rows, batchSize: batchSizeOf(req) };
    const locator = rows.length > cursor.batchSize ? cursors.open(cursor) : '';
    return page(req, locator, cursor, 0);
  } catch (error) {
    const refused = soqlErrorResponse(q, error);
    if (refused) return refused;
    throw error;
  }
}

/**
 * The 400 Salesforce answers for a statement it cannot run (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE, …), or
 * undefined when `error` is not a SOQL error. Bulk API 2.0 query jobs refuse the same statements the same way.
 */
export function soqlErrorResponse(q: string, error: unknown): SandboxResponse | undefined {
  if (error instanceof SoqlStatementTooLong) return sfError(400, 'MALFORMED_QUERY', error.message);
  if (error instanceof SoqlSyntaxError) return sfError(400, 'MALFORMED_QUERY', formatSoqlError(q, error));
  if (error instanceof SoqlQueryError) return sfError(400, error.code, error.message);
  return undefined;
}

function queryMore(cursors: CursorStore, req: SandboxRequest): SandboxResponse {
  const m = /^(.+)-(\d+)$/.exec(req.params['locator'] ?? '');
  const cursor = m ? cursors.get(m[1] ?? '') : undefined;
  if (!m || !cursor) return sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
  return page(req, m[1] ?? '', cursor, Number(m[2]));
}

/**
 * SOQL routes (vendor-apis §1.5). Endpoint names: `query`, `queryAll` (includes IsDeleted rows) and `queryMore`
 * (the `nextRecordsUrl` pages of either).
 */
export function addQueryRoutes(router: Router, ctx: SalesforceContext, cursors: CursorStore): Router {
  return router
    .add('GET', `${DATA}/query`, 'query', (req) => runSoql(ctx, cursors, req, false))
    .add('GET', `${DATA}/queryAll`, 'queryAll', (req) => runSoql(ctx, cursors, req, true))
    .add('GET', `${DATA}/query/:locator`, 'queryMore', (req) => queryMore(cursors, req))
    .add('GET', `${DATA}/queryAll/:locator`, 'queryMore', (req) => queryMore(cursors, req));
}
