import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compareCalls } from '#local/sandboxes/gong/store';
import { startGongSandbox, type GongSandbox } from '#local/sandboxes/gong/server';
import { call } from './support.ts';

const basic = { authorization: `Basic ${Buffer.from('sandbox-access-key:sandbox-access-secret').toString('base64')}` };
const BASE = Date.UTC(2024, 0, 1);
/** The k-th minute after 2024-01-01T00:00Z, as Gong writes dates. */
const minute = (k: number): string => new Date(BASE + k * 60_000).toISOString();

interface MetaData {
  id: string;
  started: string;
  title: string;
}
interface Page {
  requestId: string;
  records: { totalRecords: number; currentPageSize: number; currentPageNumber: number; cursor?: string };
  calls: Array<{ metaData: MetaData; context?: unknown; parties?: Array<Record<string, unknown>>; content?: Record<string, unknown>; interaction?: Record<string, unknown> }>;
}
type Filter = { fromDateTime?: string; toDateTime?: string; callIds?: string[]; primaryUserIds?: string[]; workspaceId?: string };

describe('Gong sandbox call API: /v2/calls/extensive and /v2/calls', () => {
  let sandbox: GongSandbox;

  beforeAll(async () => {
    sandbox = await startGongSandbox({ seed: false });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: false } });
  });

  /** Creates one call per start minute, 16 at a time; returns their metaData in creation order. */
  async function createCalls(minutes: number[], extra: Record<string, unknown> = {}): Promise<MetaData[]> {
    const made: MetaData[] = [];
    for (let i = 0; i < minutes.length; i += 16) {
      const batch = minutes.slice(i, i + 16).map(async (k, j) => {
        const res = await call(sandbox.url, '/__sandbox/calls', { method: 'POST', body: { title: `Call ${i + j}`, started: minute(k), duration: 600, ...extra } });
        expect(res.status).toBe(200);
        return (res.json as { call: { metaData: MetaData } }).call.metaData;
      });
      made.push(...(await Promise.all(batch)));
    }
    return made;
  }

  const extensive = (body: unknown, headers: Record<string, string> = basic) => call(sandbox.url, '/v2/calls/extensive', { method: 'POST', body, headers });

  /** Follows the cursor from the first page to the last, asserting each answer is a 200. */
  async function walk(filter: Filter, contentSelector?: unknown): Promise<Page[]> {
    const pages: Page[] = [];
    let cursor: string | undefined;
    do {
      const res = await extensive({ filter, ...(cursor ? { cursor } : {}), ...(contentSelector ? { contentSelector } : {}) });
      expect(res.status).toBe(200);
      const page = res.json as Page;
      pages.push(page);
      cursor = page.records.cursor;
    } while (cursor !== undefined);
    return pages;
  }

  it('pages 250 calls as 100, 100 and 50 following the cursor, oldest first, each call once', async () => {
    // Prepare: start minutes in shuffled order, with ties, so creation order is not the listing order.
    const minutes = Array.from({ length: 250 }, (_, i) => (i * 97) % 200);
    const created = await createCalls(minutes);

    // Act
    const pages = await walk({});

    // Assess
    expect(pages.map((p) => p.records.currentPageSize)).toEqual([100, 100, 50]);
    expect(pages.map((p) => p.calls.length)).toEqual([100, 100, 50]);
    expect(pages.map((p) => p.records.currentPageNumber)).toEqual([0, 1, 2]);
    expect(pages.map((p) => p.records.totalRecords)).toEqual([250, 250, 250]);
    expect(pages.map((p) => typeof p.records.cursor)).toEqual(['string', 'string', 'undefined']);
    expect(pages.every((p) => /^\w{19}$/.test(p.requestId))).toBe(true);
    const listed = pages.flatMap((p) => p.calls.map((c) => c.metaData));
    expect(new Set(listed.map((c) => c.id)).size).toBe(250);
    expect(listed.map((c) => c.id)).toEqual([...created].sort(compareCalls).map((c) => c.id));
    expect(listed.every((c, i) => i === 0 || Date.parse(listed[i - 1]?.started ?? '') <= Date.parse(c.started))).toBe(true);
  });

  it('includes fromDateTime and excludes toDateTime, whatever the offset they are written in', async () => {
    // Prepare
    const created = await createCalls([0, 10, 20, 30, 40]);
    const titlesOf = (page: Page) => page.calls.map((c) => c.metaData.id);

    // Act
    const window = await extensive({ filter: { fromDateTime: minute(10), toDateTime: minute(30) } });
    const offset = await extensive({ filter: { fromDateTime: '2024-01-01T02:10:00+02:00', toDateTime: '2023-12-31T19:30:00-05:00' } });
    const open = await extensive({ filter: { fromDateTime: minute(30) } });

    // Assess
    const ids = created.map((c) => c.id);
    expect(titlesOf(window.json as Page)).toEqual([ids[1], ids[2]]);
    expect(titlesOf(offset.json as Page)).toEqual([ids[1], ids[2]]);
    expect(titlesOf(open.json as Page)).toEqual([ids[3], ids[4]]);
  });

  it('filters by callIds, primaryUserIds and workspaceId, and answers 404 when nothing matches', async () => {
    // Prepare
    const created = await createCalls([5, 1, 3]);
    const [a, b, c] = created.map((m) => m.id) as [string, string, string];

    // Act
    const byIds = await extensive({ filter: { callIds: [a, c, '1'] } });
    const inWindow = await extensive({ filter: { callIds: [a, b], toDateTime: minute(4) } });
    const otherHost = await extensive({ filter: { primaryUserIds: ['1234567890123456789'] } });
    const otherWorkspace = await extensive({ filter: { workspaceId: '1' } });

    // Assess
    expect((byIds.json as Page).calls.map((x) => x.metaData.id)).toEqual([c, a]);
    expect((inWindow.json as Page).calls.map((x) => x.metaData.id)).toEqual([b]);
    for (const res of [otherHost, otherWorkspace]) {
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ requestId: expect.stringMatching(/^\w{19}$/), errors: ['No calls found corresponding to the provided filters'] });
    }
  });

  it('adds context, parties, content and interaction only as the content selector asks', async () => {
    // Prepare
    const sf = { salesforceOpportunityId: '006Dn000000000ZIAQ', salesforceAccountId: '001Dn0000000001IAA', salesforceContactIds: ['003Dn000000000BIAQ'] };
    await createCalls([1], { ...sf, trackers: [{ name: 'Pricing', count: 4 }], talkRatio: 0.61 });
    const one = async (contentSelector?: unknown) => ((await extensive({ filter: {}, ...(contentSelector ? { contentSelector } : {}) })).json as Page).calls[0];

    // Act
    const bare = await one();
    const none = await one({ context: 'None', exposedFields: { parties: true } });
    const basicCtx = await one({ context: 'Basic' });
    const extended = await one({ context: 'Extended', contextTiming: ['Now', 'TimeOfCall'], exposedFields: { parties: true } });
    const analysed = await one({ exposedFields: { content: { trackers: true, topics: true }, interaction: { personInteractionStats: true, questions: true } } });

    // Assess
    expect(Object.keys(bare ?? {})).toEqual(['metaData']);
    expect(none?.context).toBeUndefined();
    expect(none?.parties?.map((p) => p['context'])).toEqual([undefined, undefined]);
    expect(basicCtx?.context).toEqual([{ system: 'Salesforce', objects: [{ objectType: 'Opportunity', objectId: sf.salesforceOpportunityId }, { objectType: 'Account', objectId: sf.salesforceAccountId }] }]);
    expect(basicCtx?.parties).toBeUndefined();
    expect(extended?.context).toEqual([
      {
        system: 'Salesforce',
        objects: [
          { objectType: 'Opportunity', objectId: sf.salesforceOpportunityId, fields: [{ name: 'Name', value: 'Call 0' }] },
          { objectType: 'Account', objectId: sf.salesforceAccountId, fields: [] },
        ],
      },
    ]);
    expect(extended?.parties?.find((p) => p['affiliation'] === 'External')?.['context']).toEqual([{ system: 'Salesforce', objects: [{ objectType: 'Contact', objectId: '003Dn000000000BIAQ', fields: [] }] }]);
    expect(extended?.content).toBeUndefined();
    expect(analysed?.content).toEqual({ topics: [{ name: 'Pricing', duration: 120 }], trackers: [expect.objectContaining({ name: 'Pricing', count: 4 })] });
    expect(analysed?.content?.['trackers']).toEqual([expect.not.objectContaining({ occurrences: expect.anything() })]);
    expect(analysed?.interaction).toEqual({ interactionStats: expect.arrayContaining([{ name: 'Talk Ratio', value: 0.61 }]), questions: { companyCount: 7, nonCompanyCount: 3 } });
  });

  it('rejects a request without basic auth, a malformed body, and a cursor that is garbage or from another filter', async () => {
    // Prepare
    await createCalls(Array.from({ length: 120 }, (_, i) => i));
    const first = (await extensive({ filter: {} })).json as Page;
    const listCursor = ((await call(sandbox.url, '/v2/calls', { headers: basic })).json as Page).records.cursor;

    // Act
    const answers = {
      unauthenticated: await extensive({ filter: {} }, {}),
      notJson: await extensive('{"filter":'),
      noFilter: await extensive({ contentSelector: { context: 'Basic' } }),
      badDate: await extensive({ filter: { fromDateTime: 'yesterday' } }),
      badContext: await extensive({ filter: {}, contentSelector: { context: 'Full' } }),
      timingWithoutExtended: await extensive({ filter: {}, contentSelector: { context: 'Basic', contextTiming: ['Now'] } }),
      garbageCursor: await extensive({ filter: {}, cursor: 'not-a-cursor' }),
      foreignFilter: await extensive({ filter: { fromDateTime: minute(1) }, cursor: first.records.cursor }),
      foreignEndpoint: await extensive({ filter: {}, cursor: listCursor }),
    };

    // Assess
    expect(answers.unauthenticated.status).toBe(401);
    for (const [name, res] of Object.entries(answers).filter(([n]) => n !== 'unauthenticated')) {
      expect({ name, status: res.status }).toEqual({ name, status: 400 });
      expect(res.json).toEqual({ requestId: expect.any(String), errors: [expect.any(String)] });
    }
    expect((answers.foreignFilter.json as { errors: string[] }).errors[0]).toContain('different filters');
  });

  it('continues after the last call served when a call is created between two pages', async () => {
    // Prepare
    await createCalls(Array.from({ length: 150 }, (_, i) => 10 + i));
    const first = (await extensive({ filter: {} })).json as Page;
    const [early] = await createCalls([0]);

    // Act
    const second = (await extensive({ filter: {}, cursor: first.records.cursor })).json as Page;

    // Assess
    expect(second.records).toEqual({ totalRecords: 151, currentPageSize: 50, currentPageNumber: 1 });
    expect(second.calls.map((c) => c.metaData.started)).toEqual(Array.from({ length: 50 }, (_, i) => minute(110 + i)));
    expect(second.calls.some((c) => c.metaData.id === early?.id)).toBe(false);
  });

  it('pages GET /v2/calls by 100 with the cursor as a query parameter, flat metaData, 404 when nothing matches', async () => {
    // Prepare
    await createCalls(Array.from({ length: 130 }, (_, i) => i));
    const get = (query: string) => call(sandbox.url, `/v2/calls${query}`, { headers: basic });

    // Act
    const first = await get(`?fromDateTime=${encodeURIComponent(minute(5))}`);
    const cursor = (first.json as Page).records.cursor ?? '';
    const second = await get(`?fromDateTime=${encodeURIComponent(minute(5))}&cursor=${encodeURIComponent(cursor)}`);
    const otherFilter = await get(`?cursor=${encodeURIComponent(cursor)}`);
    const empty = await get(`?fromDateTime=${encodeURIComponent(minute(500))}`);

    // Assess
    const firstPage = first.json as { records: Page['records']; calls: MetaData[] };
    const secondPage = second.json as { records: Page['records']; calls: MetaData[] };
    expect(firstPage.records).toEqual({ totalRecords: 125, currentPageSize: 100, currentPageNumber: 0, cursor: expect.any(String) });
    expect(secondPage.records).toEqual({ totalRecords: 125, currentPageSize: 25, currentPageNumber: 1 });
    expect([...firstPage.calls, ...secondPage.calls].map((c) => c.started)).toEqual(Array.from({ length: 125 }, (_, i) => minute(5 + i)));
    expect(firstPage.calls[0]).not.toHaveProperty('metaData');
    expect(otherFilter.status).toBe(400);
    expect(empty.status).toBe(404);
    expect(empty.json).toMatchObject({ errors: ['No calls found corresponding to the provided filters'] });
  });

  it('fails with an injected fault aimed at listCallsExtensive, then answers again', async () => {
    // Prepare
    await createCalls([1]);
    await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'listCallsExtensive', kind: 'status', status: 429 } });

    // Act
    const limited = await extensive({ filter: {} });
    const again = await extensive({ filter: {} });

    // Assess
    expect(limited.status).toBe(429);
    expect(again.status).toBe(200);
  });

  it('for random call sets, filters and page walks, the pages together are the filtered calls in order', async () => {
    // Start minutes from a small range, so ties are common and filters cut through them; bounds are left out half the
    // time and fall near the ends, so many walks run past one page.
    const lower = fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined, freq: 2 });
    const upper = fc.option(fc.integer({ min: 28, max: 41 }), { nil: undefined, freq: 2 });
    let multiPageWalks = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 230 }).chain((n) => fc.array(fc.integer({ min: 0, max: 40 }), { minLength: n, maxLength: n })),
        lower,
        upper,
        fc.option(fc.array(fc.nat(), { maxLength: 230, size: 'max' }), { nil: undefined, freq: 2 }),
        fc.array(fc.constantFrom('None', 'Basic', 'Extended'), { minLength: 3, maxLength: 3 }),
        async (minutes, from, to, pickedIndexes, contexts) => {
          // Prepare
          await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: false } });
          const created = await createCalls(minutes);
          const callIds = pickedIndexes?.map((i) => created[i % Math.max(1, created.length)]?.id ?? '0');
          const filter: Filter = { ...(from !== undefined && { fromDateTime: minute(from) }), ...(to !== undefined && { toDateTime: minute(to) }), ...(callIds && { callIds }) };
          const expected = created
            .filter((c) => (from === undefined || c.started >= minute(from)) && (to === undefined || c.started < minute(to)))
            .filter((c) => !callIds?.length || callIds.includes(c.id))
            .sort(compareCalls)
            .map((c) => c.id);

          // Act: a walk that changes the content selector from page to page, as the filter alone binds the cursor.
          const ids: string[] = [];
          let cursor: string | undefined;
          let status = 200;
          for (let n = 0; status === 200 && (n === 0 || cursor !== undefined); n += 1) {
            const res = await extensive({ filter, ...(cursor && { cursor }), contentSelector: { context: contexts[n % 3] } });
            status = res.status;
            const page = res.json as Page;
            if (status === 200) {
              expect(page.calls.length).toBeLessThanOrEqual(100);
              ids.push(...page.calls.map((c) => c.metaData.id));
              cursor = page.records.cursor;
            }
          }

          // Assess
          expect(status).toBe(expected.length === 0 ? 404 : 200);
          expect(ids).toEqual(expected);
          if (expected.length > 100) multiPageWalks += 1;
        },
      ),
      { numRuns: 20 },
    );
    expect(multiPageWalks).toBeGreaterThan(0);
  });
});
