import type { Client } from '@hubspot/api-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hubspotChangeFeed } from '#adapters/vendors/hubspot/change-feed';

interface Row {
  id: string;
  ms: number;
}

/**
 * CRM search over rows that may change between requests, as HubSpot's index does: `GTE`/`LTE` on the modified
 * date, ascending, `after` as an offset. `between(call)` runs after each answer (an edit elsewhere).
 */
function searchOver(rows: Row[], between: (call: number) => void = () => undefined): Client {
  let calls = 0;
  const doSearch = (_type: string, request: { filterGroups: { filters: { value: string }[] }[]; limit: number; after: string }) => {
    const [gte, lte] = (request.filterGroups[0]?.filters ?? []).map((f) => Number(f.value));
    const matching = rows.filter((r) => r.ms >= (gte ?? 0) && r.ms <= (lte ?? Infinity)).sort((a, b) => a.ms - b.ms || Number(a.id) - Number(b.id));
    const results = matching.slice(Number(request.after), Number(request.after) + request.limit).map((r) => ({ id: r.id, properties: { lastmodifieddate: new Date(r.ms).toISOString() } }));
    between(++calls);
    return Promise.resolve({ results });
  };
  return { crm: { objects: { searchApi: { doSearch } } } } as unknown as Client;
}

const NOW = 100_000;
const feedOver = (client: Client) => hubspotChangeFeed(client, { clock: { nowMs: () => NOW }, settleMs: 15_000 });

describe('hubspotChangeFeed paging', () => {
  it('misses no record when one read on an earlier page is edited again before the next page', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => ({ id: String(i + 1), ms: 1000 + i }));
    // After the first page, contact 6 is edited: it leaves the window, and an offset would skip contact 101.
    const feed = feedOver(searchOver(rows, (call) => call === 1 && Object.assign(rows[5] as Row, { ms: NOW })));

    const page = await feed.poll('contacts', [], '999|', 1000);

    const read = new Set(page.events.map((e) => e.sourceId));
    expect(rows.filter((r) => r.ms < NOW && !read.has(r.id))).toEqual([]);
    expect(page.events.map((e) => e.sourceId).filter((id, i, all) => all.indexOf(id) !== i)).toEqual([]);
  });

  it('reads every row exactly once across polls, whatever the ties and the page limit', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1000, max: 1040 }), { minLength: 1, maxLength: 320 }), fc.integer({ min: 1, max: 150 }), async (times, limit) => {
        const rows = times.map((ms, i) => ({ id: String(i + 1), ms }));
        const feed = feedOver(searchOver(rows));
        const read: string[] = [];
        let cursor = '999|';
        for (let polls = 0; polls < 400; polls++) {
          const page = await feed.poll('contacts', [], cursor, limit);
          read.push(...page.events.map((e) => e.sourceId));
          cursor = page.cursor;
          if (!page.more) break;
        }
        expect(read.sort()).toEqual(rows.map((r) => r.id).sort());
      }),
      { numRuns: 60 },
    );
  });
});
