import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ResponseError } from '../kit/index.ts';
import { gongError } from './errors.ts';
import { compareCalls, type CallFilter } from './store.ts';
import type { GongCall } from './model.ts';

/** Gong's list endpoints answer at most 100 records a request (visioneers.gong.io "Gong API pagination limit"). */
export const PAGE_SIZE = 100;

/**
 * Gong's answer when a filter matches nothing: 404, not an empty 200 [T]: the text integrators match on
 * (Nango's Gong syncs, Pipedream's "Get Extensive Data" action); the reference lists the 404 without its body.
 */
export const NO_CALLS_FOUND = 'No calls found corresponding to the provided filters';

/** The `records` block of a list answer (help.gong.io "List all calls": `cursor` only while more records follow). */
export interface Records {
  totalRecords: number;
  currentPageSize: number;
  /** 0 on the first page, as Gong's own example and integrators' captures show [T]. */
  currentPageNumber: number;
  cursor?: string;
}

/** What a cursor carries: the page it opens, the last call already served, and whose filter it belongs to. */
const CursorBody = z.strictObject({
  page: z.number().int().positive(),
  after: z.tuple([z.number(), z.string().regex(/^\d+$/)]),
  filter: z.string().length(16),
});
type CursorBody = z.infer<typeof CursorBody>;

/**
 * A digest of the filter in a canonical form (dates as instants, id lists sorted) and of the endpoint, so a cursor
 * only continues the listing it came from. Gong's cursors are HS256 JWTs over page size, total and page number
 * (visioneers.gong.io thread); what Gong answers for a cursor sent with another filter is [?].
 */
function filterDigest(endpoint: string, filter: CallFilter): string {
  const instant = (iso: string | undefined): number | null => (iso ? Date.parse(iso) : null);
  const ids = (list: string[] | undefined): string[] | null => (list?.length ? [...new Set(list)].sort() : null);
  const canonical = [endpoint, instant(filter.fromDateTime), instant(filter.toDateTime), filter.workspaceId ?? null, ids(filter.callIds), ids(filter.primaryUserIds)];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
}

const encodeCursor = (body: CursorBody): string => Buffer.from(JSON.stringify(body)).toString('base64url');

/** @throws ResponseError 400 for a cursor that is not one of ours or belongs to another filter (Gong's text [?]). */
function decodeCursor(cursor: string, digest: string): CursorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const body = CursorBody.safeParse(parsed);
  if (!body.success) throw new ResponseError(gongError(400, 'Invalid cursor: it was not returned by this API.'));
  if (body.data.filter !== digest) throw new ResponseError(gongError(400, 'Invalid cursor: it was returned for a request with different filters.'));
  return body.data;
}

/**
 * Cuts one page out of the filtered calls (already in {@link compareCalls} order). The cursor remembers the last call
 * served rather than an offset, so a call created between two requests neither repeats nor hides one.
 * @throws ResponseError 400 for a bad cursor, 404 {@link NO_CALLS_FOUND} when the page would be empty.
 */
export function pageOf(endpoint: string, filter: CallFilter, calls: GongCall[], cursor: string | undefined): { records: Records; calls: GongCall[] } {
  const digest = filterDigest(endpoint, filter);
  const from = cursor === undefined ? undefined : decodeCursor(cursor, digest);
  const after = from && { started: new Date(from.after[0]).toISOString(), id: from.after[1] };
  const start = after === undefined ? 0 : calls.findIndex((c) => compareCalls(c.metaData, after) > 0);
  const page = start < 0 ? [] : calls.slice(start, start + PAGE_SIZE);
  const last = page.at(-1);
  if (last === undefined) throw new ResponseError(gongError(404, NO_CALLS_FOUND));
  const pageNumber = from?.page ?? 0;
  const more = start + page.length < calls.length;
  const records: Records = { totalRecords: calls.length, currentPageSize: page.length, currentPageNumber: pageNumber };
  if (more) records.cursor = encodeCursor({ page: pageNumber + 1, after: [Date.parse(last.metaData.started), last.metaData.id], filter: digest });
  return { records, calls: page };
}
