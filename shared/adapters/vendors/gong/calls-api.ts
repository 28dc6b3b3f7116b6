import { vendorCalled } from '../vendor-metrics.ts';
import { z } from 'zod';
import { PermanentError, RetryableError } from '#domain/errors';
import type { ListedRecord, RecordLister } from '#ports/crm';
import { callValues, GongCallData } from './parse-webhook.ts';

/** Gong's API allows 3 calls a second per company (API reference, "Limits"): one page every 350 ms stays under. */
const PACE_MS = 350;
/** Answers of 429 or 5xx waited out before the page fails as retryable (the run's step is then retried). */
const PAGE_RETRIES = 3;

/** The answer of `POST /v2/calls/extensive`: up to 100 calls, and a cursor while more follow. */
const ExtensivePage = z.object({ records: z.object({ cursor: z.string().optional() }).loose(), calls: z.array(z.unknown()) });

/** What identifies a call, when the rest of it cannot be read. */
const CallId = z.object({ metaData: z.object({ id: z.string().regex(/^\d{1,30}$/) }) });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Where and as whom Gong's API is called. */
export interface GongApiOptions {
  baseUrl: string;
  accessKey: string;
  accessKeySecret: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

/**
 * Every Gong call in full, for an initial sync or a reconciliation of activities: `POST /v2/calls/extensive`
 * (basic auth with the access key and its secret), 100 calls a page following `records.cursor`, with the calls' CRM
 * context and parties, read into the same values as a webhook's call (`callValues`). Gong answers 404 when no call
 * matches: an empty list. `modifiedSince` bounds the calls' start (`fromDateTime`): a call is not edited afterwards.
 */
export function gongCallsLister(options: GongApiOptions): RecordLister {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const authorization = `Basic ${Buffer.from(`${options.accessKey}:${options.accessKeySecret}`).toString('base64')}`;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/v2/calls/extensive`;

  /** One page; undefined for Gong's 404 "no calls found", which only a first page may answer. */
  async function page(body: unknown, first: boolean): Promise<z.infer<typeof ExtensivePage> | undefined> {
    for (let attempt = 0; ; attempt++) {
      let answer: Response;
      vendorCalled('gong');
      try {
        answer = await doFetch(url, { method: 'POST', headers: { authorization, 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
      } catch (error) {
        throw new RetryableError('Gong could not be reached (/v2/calls/extensive)', { cause: error });
      }
      const text = await answer.text();
      if (answer.status === 404 && first) return undefined;
      if (answer.status === 404) throw new RetryableError('Gong answered 404 to a later page of /v2/calls/extensive (an expired cursor?)');
      if (answer.status === 429 || answer.status >= 500) {
        const retryAfterMs = Number(answer.headers.get('retry-after') ?? '') * 1000 || 2 ** attempt * 1000;
        if (attempt < PAGE_RETRIES) {
          await sleep(retryAfterMs);
          continue;
        }
        throw new RetryableError(`Gong answered ${answer.status} to /v2/calls/extensive`, { retryAfterMs });
      }
      if (answer.status === 401 || answer.status === 403) throw new PermanentError('AUTH_FAILED', `Gong refused the API key (${answer.status}): check accessKey and accessKeySecret in the gong secret`);
      if (!answer.ok) throw new PermanentError('VENDOR_REJECTED', `Gong answered ${answer.status} to /v2/calls/extensive`);
      const parsed = ExtensivePage.safeParse(parseJson(text));
      if (!parsed.success) throw new RetryableError('Gong answered /v2/calls/extensive with a page Syncline cannot read');
      return parsed.data;
    }
  }

  return {
    objectTypes: ['call'],
    async *list(objectType, _fields, listOptions = {}) {
      if (objectType !== 'call') throw new Error(`Gong lists calls in full, not ${objectType}`);
      const filter = listOptions.modifiedSince === undefined ? {} : { fromDateTime: new Date(listOptions.modifiedSince).toISOString() };
      const contentSelector = { context: 'Extended', exposedFields: { parties: true } };
      let cursor: string | undefined;
      do {
        const answer = await page({ filter, contentSelector, ...(cursor ? { cursor } : {}) }, cursor === undefined);
        if (!answer) return;
        const records: ListedRecord[] = [];
        for (const raw of answer.calls) {
          const call = GongCallData.safeParse(raw);
          if (call.success) {
            records.push({ id: call.data.metaData.id, record: { values: callValues(call.data), modifiedAt: Date.parse(call.data.metaData.started) } });
            continue;
          }
          // A call Syncline cannot read whole still goes on, with what it can read: the pipeline quarantines it
          // with the reason (a Task needs its subject and date) instead of it vanishing from the count.
          const id = CallId.safeParse(raw);
          if (id.success) records.push({ id: id.data.metaData.id, record: { values: { title: null, started: null, duration: null, kind: null, url: null, contactId: null, opportunityId: null, accountId: null } } });
        }
        yield records;
        cursor = answer.records.cursor;
        if (cursor) await sleep(PACE_MS);
      } while (cursor);
    },
  };
}
