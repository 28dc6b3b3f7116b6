import { BadRequestError, isPlainObject } from './http.ts';

/** The most records one `POST /__sandbox/records/{object}` loads. */
export const MAX_LOADED_RECORDS = 10_000;

/** When loaded records were last modified unless the request says: older than any cursor a test starts from. */
export const DEFAULT_LOADED_AT = '2024-02-01T08:00:00.000Z';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A parsed load request: the records as sent (each a JSON object) and their creation and modification instant. */
export interface RecordLoad {
  records: Record<string, unknown>[];
  /** Epoch milliseconds of `modifiedAt`. */
  at: number;
}

/**
 * Reads the body of `POST /__sandbox/records/{object}`: `{"records":[{…}, …], "modifiedAt"?: "<ISO instant>"}` with
 * 1 to {@link MAX_LOADED_RECORDS} records. Records that predate a test are how a sandbox stands in for an org that
 * already holds years of data; each vendor checks the records themselves.
 * @throws BadRequestError naming what is wrong with the body.
 */
export function parseRecordLoad(body: unknown): RecordLoad {
  if (!isPlainObject(body) || !Array.isArray(body['records'])) throw new BadRequestError('The body must be an object like {"records":[{…}],"modifiedAt":"2024-02-01T08:00:00.000Z"}.');
  const records = body['records'] as unknown[];
  if (records.length === 0) throw new BadRequestError("'records' must hold at least one record.");
  if (records.length > MAX_LOADED_RECORDS) throw new BadRequestError(`'records' holds ${records.length} records; one request loads at most ${MAX_LOADED_RECORDS}.`);
  const notObject = records.findIndex((r) => !isPlainObject(r));
  if (notObject >= 0) throw new BadRequestError(`records[${notObject}] must be a JSON object.`);
  const modifiedAt = body['modifiedAt'] ?? DEFAULT_LOADED_AT;
  const at = typeof modifiedAt === 'string' && ISO_INSTANT.test(modifiedAt) ? Date.parse(modifiedAt) : NaN;
  if (Number.isNaN(at)) throw new BadRequestError(`'modifiedAt' must be an ISO 8601 instant like ${DEFAULT_LOADED_AT}; got ${JSON.stringify(modifiedAt)}.`);
  return { records: records as Record<string, unknown>[], at };
}
