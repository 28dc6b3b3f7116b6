/**
 * The importing user: creates the import's contacts in HubSpot with batch create, 100 inputs a call (vendor-apis
 * §2.3), each input with its own `objectWriteTraceId` so that one refused input does not fail the batch. An input
 * HubSpot refuses because its e-mail is already a contact (the person was entered twice) is sent again as a batch
 * update keyed on e-mail, which is what HubSpot's own import does with a known address.
 *
 * The sandbox has one token and one rate limiter for the whole portal (local/sandboxes/hubspot/server.ts), so the
 * user's calls spend the same 10-second budget as Syncline's. The importer keeps to `perTenSeconds` of it and
 * counts its own calls, which the measurement takes out of the sandbox's log.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ImportRow } from './generate.ts';
import { sendHonouring429, type HttpAnswer } from './vendor-http.ts';

export interface ImportOutcome {
  /** HubSpot ids of the contacts created, in file order. */
  createdIds: string[];
  /** HubSpot ids of the contacts updated by a re-entered row. */
  updatedIds: string[];
  /** The importer's own calls by sandbox endpoint name, and how many were answered 429. */
  calls: Record<string, number>;
  rateLimited: Record<string, number>;
  /** The importer's answers by HTTP status. */
  byStatus: Record<string, number>;
  seconds: number;
}

/** Keeps a caller under `max` requests in any rolling 10 s. */
class Pacer {
  #sent: number[] = [];
  constructor(private readonly max: number) {}

  async take(): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.#sent = this.#sent.filter((t) => t > now - 10_000);
      if (this.#sent.length < this.max) return void this.#sent.push(now);
      await sleep((this.#sent[0] ?? now) + 10_000 - now + 5);
    }
  }
}

interface BatchResult {
  id?: string;
  objectWriteTraceId?: string;
}
interface BatchError {
  category?: string;
  context?: { objectWriteTraceId?: string[] };
}

/** Chunks of at most 100 rows, in order, none holding one address twice. */
function chunksWithoutRepeats(rows: readonly ImportRow[]): ImportRow[][] {
  const chunks: ImportRow[][] = [];
  let chunk: ImportRow[] = [];
  let keys = new Set<string>();
  for (const row of rows) {
    const key = row.properties.email.trim().toLowerCase();
    if (chunk.length === 100 || keys.has(key)) {
      chunks.push(chunk);
      chunk = [];
      keys = new Set();
    }
    chunk.push(row);
    keys.add(key);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Creates `rows` in the HubSpot sandbox at `url`, updating re-entered people; see the module comment. */
export async function importContacts(url: string, token: string, rows: readonly ImportRow[], perTenSeconds: number, onChanged?: (ids: readonly string[]) => void): Promise<ImportOutcome> {
  const started = performance.now();
  const pacer = new Pacer(perTenSeconds);
  const outcome: ImportOutcome = { createdIds: [], updatedIds: [], calls: {}, rateLimited: {}, byStatus: {}, seconds: 0 };
  const call = async (endpoint: string, path: string, body: unknown): Promise<HttpAnswer> => {
    await pacer.take();
    return sendHonouring429(`${url}${path}`, { method: 'POST', token, body }, (a) => {
      outcome.calls[endpoint] = (outcome.calls[endpoint] ?? 0) + 1;
      outcome.byStatus[a.status] = (outcome.byStatus[a.status] ?? 0) + 1;
      if (a.status === 429) outcome.rateLimited[endpoint] = (outcome.rateLimited[endpoint] ?? 0) + 1;
    });
  };
  const again: ImportRow[] = [];
  for (let i = 0; i < rows.length; i += 100) {
    // HubSpot refuses a whole batch create that holds one address twice; like HubSpot's own import, a repeat
    // within the batch becomes an update of the contact the batch creates.
    const inBatch = new Set<string>();
    const inputs: { properties: ImportRow['properties']; objectWriteTraceId: string }[] = [];
    rows.slice(i, i + 100).forEach((row, k) => {
      const key = row.properties.email.trim().toLowerCase();
      if (inBatch.has(key)) return void again.push(row);
      inBatch.add(key);
      inputs.push({ properties: row.properties, objectWriteTraceId: String(i + k) });
    });
    const answer = await call('batchCreate', '/crm/v3/objects/contacts/batch/create', { inputs });
    if (answer.status !== 201 && answer.status !== 207) throw new Error(`batch create answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const body = answer.body as { results?: BatchResult[]; errors?: BatchError[] };
    const created = (body.results ?? []).flatMap((r) => (r.id ? [r.id] : []));
    outcome.createdIds.push(...created);
    onChanged?.(created);
    for (const e of body.errors ?? []) {
      const trace = Number(e.context?.objectWriteTraceId?.[0]);
      if (e.category !== 'CONFLICT' || !Number.isInteger(trace)) throw new Error(`batch create refused an input: ${JSON.stringify(e)}`);
      again.push(rows[trace] as ImportRow);
    }
  }
  // Re-entered people: the later row's values win, as in HubSpot's import ("update existing contacts"). A batch
  // naming one contact twice is refused whole, so a chunk ends early where an address would repeat.
  for (const chunk of chunksWithoutRepeats(again)) {
    const inputs = chunk.map(({ properties: { email, ...rest } }) => ({ id: email.trim().toLowerCase(), idProperty: 'email', properties: rest }));
    const answer = await call('batchUpdate', '/crm/v3/objects/contacts/batch/update', { inputs });
    if (answer.status !== 200 && answer.status !== 207) throw new Error(`batch update answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const updated = ((answer.body as { results?: BatchResult[] }).results ?? []).flatMap((r) => (r.id ? [r.id] : []));
    outcome.updatedIds.push(...updated);
    onChanged?.(updated);
  }
  outcome.seconds = (performance.now() - started) / 1000;
  return outcome;
}
