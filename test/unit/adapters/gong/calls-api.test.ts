import { describe, expect, it } from 'vitest';
import { gongCallsLister } from '#adapters/vendors/gong/calls-api';
import { PermanentError, RetryableError } from '#domain/errors';
import type { ListedRecord } from '#ports/crm';

const call = (id: string, started = '2026-03-01T10:00:00Z') => ({ metaData: { id, url: `https://app.gong.io/call?id=${id}`, title: `Call ${id}`, started, duration: 60, media: 'Audio' } });

/** A Gong API that answers the scripted responses in order and records the request bodies. */
function scripted(answers: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>) {
  const bodies: unknown[] = [];
  const sleeps: number[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    bodies.push(JSON.parse(String(init.body)));
    const next = answers.shift();
    if (!next) throw new Error('no more scripted answers');
    return new Response(next.body === undefined ? '' : JSON.stringify(next.body), { status: next.status, headers: next.headers ?? {} });
  }) as typeof globalThis.fetch;
  const lister = gongCallsLister({ baseUrl: 'https://us-1.api.gong.io/', accessKey: 'k', accessKeySecret: 's', fetch, sleep: async (ms) => void sleeps.push(ms) });
  return { lister, bodies, sleeps };
}

async function all(lister: ReturnType<typeof gongCallsLister>, since?: number): Promise<ListedRecord[]> {
  const out: ListedRecord[] = [];
  for await (const page of lister.list('call', [], since === undefined ? {} : { modifiedSince: since })) out.push(...page);
  return out;
}

describe('gongCallsLister', () => {
  it('follows the cursor with the same filter, and asks for the CRM context and parties', async () => {
    const { lister, bodies } = scripted([
      { status: 200, body: { records: { totalRecords: 3, currentPageSize: 2, currentPageNumber: 0, cursor: 'c1' }, calls: [call('1'), call('2')] } },
      { status: 200, body: { records: { totalRecords: 3, currentPageSize: 1, currentPageNumber: 1 }, calls: [call('3')] } },
    ]);

    const listed = await all(lister, Date.parse('2026-01-01T00:00:00Z'));

    expect(listed.map((r) => r.id)).toEqual(['1', '2', '3']);
    expect(bodies).toEqual([
      { filter: { fromDateTime: '2026-01-01T00:00:00.000Z' }, contentSelector: { context: 'Extended', exposedFields: { parties: true } } },
      { filter: { fromDateTime: '2026-01-01T00:00:00.000Z' }, contentSelector: { context: 'Extended', exposedFields: { parties: true } }, cursor: 'c1' },
    ]);
  });

  it('reads "no calls found" (404) as an empty list', async () => {
    const { lister } = scripted([{ status: 404, body: { errors: ['No calls found corresponding to the provided filters'] } }]);
    expect(await all(lister)).toEqual([]);
  });

  it('waits out a 429 for its Retry-After and asks again', async () => {
    const { lister, sleeps } = scripted([{ status: 429, headers: { 'retry-after': '7' } }, { status: 200, body: { records: {}, calls: [call('1')] } }]);
    expect((await all(lister)).map((r) => r.id)).toEqual(['1']);
    expect(sleeps).toEqual([7_000]);
  });

  it('asks again after a 5xx, with growing waits', async () => {
    const { lister, sleeps } = scripted([{ status: 503 }, { status: 502 }, { status: 200, body: { records: {}, calls: [call('1')] } }]);
    expect((await all(lister)).map((r) => r.id)).toEqual(['1']);
    expect(sleeps).toEqual([1_000, 2_000]);
  });

  it('fails retryable after repeated 429s or 5xx, on a later page answered 404 and on a body that is not JSON; permanent on a refused key', async () => {
    await expect(all(scripted(Array.from({ length: 4 }, () => ({ status: 429 }))).lister)).rejects.toBeInstanceOf(RetryableError);
    await expect(all(scripted(Array.from({ length: 4 }, () => ({ status: 500 }))).lister)).rejects.toBeInstanceOf(RetryableError);
    const lostCursor = scripted([{ status: 200, body: { records: { cursor: 'c1' }, calls: [call('1')] } }, { status: 404, body: { errors: ['No calls found'] } }]);
    await expect(all(lostCursor.lister)).rejects.toBeInstanceOf(RetryableError);
    const htmlLister = gongCallsLister({ baseUrl: 'https://us-1.api.gong.io', accessKey: 'k', accessKeySecret: 's', fetch: (async () => new Response('<html>busy</html>', { status: 200 })) as typeof fetch });
    await expect(all(htmlLister)).rejects.toBeInstanceOf(RetryableError);
    await expect(all(scripted([{ status: 401, body: { errors: ['bad key'] } }]).lister)).rejects.toBeInstanceOf(PermanentError);
  });

  it('lists a call it cannot read whole with its id and no values, so the pipeline quarantines it with the reason', async () => {
    const { lister } = scripted([{ status: 200, body: { records: {}, calls: [{ metaData: { id: '12', started: 'yesterday' } }, { metaData: { id: 'not-a-number' } }, call('9')] } }]);
    const listed = await all(lister);
    expect(listed.map((r) => r.id)).toEqual(['12', '9']);
    expect(listed[0]?.record.values['title']).toBeNull();
  });

  it('waits between pages, under Gong\'s three calls a second', async () => {
    const { lister, sleeps } = scripted([
      { status: 200, body: { records: { cursor: 'c1' }, calls: [call('1')] } },
      { status: 200, body: { records: { cursor: 'c2' }, calls: [call('2')] } },
      { status: 200, body: { records: {}, calls: [call('3')] } },
    ]);
    await all(lister);
    expect(sleeps).toHaveLength(2);
    expect(Math.min(...sleeps)).toBeGreaterThanOrEqual(1000 / 3);
  });
});
