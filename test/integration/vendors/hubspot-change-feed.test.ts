import { afterAll, beforeEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { HUBSPOT_SEARCH_SETTLE_MS, hubspotChangeFeed, parseHubspotCursor } from '#adapters/vendors/hubspot/change-feed';
import { hubspotCrm } from '#adapters/vendors/hubspot/connector';
import { createHubspotClient } from '#adapters/vendors/hubspot/reader';
import type { ChangeEvent } from '#domain/change-event';
import { RetryableError } from '#domain/errors';
import type { ChangeFeed } from '#ports/change-feed';
import { startHubspotSandbox, type HubspotSandbox } from '#local/sandboxes/index';
import { call } from '../sandboxes/support.ts';

const FIELDS = ['email', 'lastname', 'jobtitle'];

describe('hubspotChangeFeed (search polling) against the HubSpot sandbox with @hubspot/api-client', () => {
  let sandbox: HubspotSandbox;
  const accessToken = 'feed-token';
  const client = () => createHubspotClient({ accessToken, basePath: sandbox.url });
  let feed: ChangeFeed;
  let now = Date.now();
  const clock = { nowMs: () => now };
  beforeAll(async () => {
    // A loose 10-second limit: the paging test searches many times. No search lag but where a test sets one.
    sandbox = await startHubspotSandbox({ port: 0, clientSecret: 'secret', accessToken, seed: false, searchRateLimitPerSecond: 1000, rateLimitPer10s: 10_000, searchLagMs: 0, searchUpdateLagMs: 0 });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: false } });
    now = Date.now();
    // No settle time: the sandbox's search sees a write at once.
    feed = hubspotChangeFeed(client(), { clock, lookbackMs: 60_000, settleMs: 0 });
  });

  const create = async (n: number, prefix: string) => {
    const inputs = Array.from({ length: n }, (_, i) => ({ properties: { email: `${prefix}${i}@example.com`, lastname: `${prefix} ${i}` }, associations: [] }));
    const ids: string[] = [];
    for (let at = 0; at < inputs.length; at += 100) ids.push(...(await client().crm.contacts.batchApi.create({ inputs: inputs.slice(at, at + 100) })).results.map((r) => r.id));
    now = Date.now();
    return ids;
  };

  async function drain(cursor: string | undefined, limit: number): Promise<{ events: ChangeEvent[]; cursor: string; pages: number }> {
    const events: ChangeEvent[] = [];
    for (let pages = 1; pages <= 50; pages++) {
      const page = await feed.poll('contacts', FIELDS, cursor, limit);
      events.push(...page.events);
      cursor = page.cursor;
      if (!page.more) return { events, cursor, pages };
    }
    throw new Error('the feed kept saying more after 50 pages');
  }

  it('reads each change once, oldest first, with the asked properties and the record’s modification time', async () => {
    const ids = await create(3, 'first');
    await client().crm.contacts.basicApi.update(ids[0]!, { properties: { jobtitle: 'CTO' } });
    now = Date.now();

    const { events, cursor } = await drain(undefined, 50);

    expect(events.map((e) => e.sourceId)).toEqual([ids[1], ids[2], ids[0]]);
    expect(events[2]).toMatchObject({ source: 'hubspot', objectType: 'contacts', kind: 'upsert', fields: { email: 'first0@example.com', lastname: 'first 0', jobtitle: 'CTO' } });
    const times = events.map((e) => Date.parse(e.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Nothing changed since: the next poll from the cursor is empty.
    expect((await feed.poll('contacts', FIELDS, cursor, 50)).events).toEqual([]);
  });

  it("reads what the portal's own processes change, with no API write and no webhook: a workflow setting a property, and a recalculation that only moves lastmodifieddate", async () => {
    const [id] = await create(1, 'portal');
    const { cursor } = await drain(undefined, 50);
    const touch = (properties: Record<string, string>) => call(sandbox.url, `/__sandbox/objects/contacts/${id}/touch`, { method: 'POST', body: { properties } });

    await touch({ jobtitle: 'Set by a workflow' });
    now = Date.now();
    const set = await drain(cursor, 50);

    expect(set.events.map((e) => [e.sourceId, e.fields['jobtitle']])).toEqual([[id, 'Set by a workflow']]);

    // A bump alone reads as the record as it is: the processor's comparison with what it holds finds nothing to write.
    await touch({});
    now = Date.now();
    const bumped = await drain(set.cursor, 50);

    expect(bumped.events).toHaveLength(1);
    expect(bumped.events[0]?.fields).toEqual(set.events[0]?.fields);
    expect(Date.parse(bumped.events[0]!.occurredAt)).toBeGreaterThanOrEqual(Date.parse(set.events[0]!.occurredAt));
  });

  it('pages through a backlog larger than a search page, losing and repeating nothing across equal timestamps', async () => {
    const ids = await create(250, 'bulk');

    const { events, pages } = await drain(undefined, 40);

    expect(pages).toBeGreaterThan(6);
    expect(new Set(events.map((e) => e.sourceId))).toEqual(new Set(ids));
    expect(events).toHaveLength(250);
  });

  it('leaves changes younger than the settle time for a later poll', async () => {
    const settling = hubspotChangeFeed(client(), { clock, lookbackMs: 60_000, settleMs: 10_000 });
    const [id] = await create(1, 'young');

    const early = await settling.poll('contacts', FIELDS, undefined, 10);
    expect(early.events).toEqual([]);
    now += 10_001;
    const later = await settling.poll('contacts', FIELDS, early.cursor, 10);
    expect(later.events.map((e) => e.sourceId)).toEqual([id]);
  });

  it('refuses a cursor it did not write, and fails retryably on a 429 so the next tick resumes', async () => {
    await expect(feed.poll('contacts', FIELDS, 'yesterday', 10)).rejects.toThrow(/not a HubSpot poll cursor/);
    await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'search', kind: 'status', status: 429, retryAfterSeconds: 3, count: 1 } });
    const error = await feed.poll('contacts', FIELDS, undefined, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    expect(parseHubspotCursor('1700000000000|1,2')).toEqual({ ms: 1_700_000_000_000, ids: ['1', '2'] });
  });

  it('is the change feed the HubSpot connector hands a poller', async () => {
    const [id] = await create(1, 'connector');
    const connectorFeed = hubspotCrm.changeFeed?.({ accessToken, clientSecret: 'secret', basePath: sandbox.url }, { clock, lookbackMs: 2 * HUBSPOT_SEARCH_SETTLE_MS });
    now += HUBSPOT_SEARCH_SETTLE_MS + 5_000; // past the connector's default settle time
    const page = await connectorFeed?.poll('contacts', FIELDS, undefined, 10);
    expect(page?.events.map((e) => e.sourceId)).toEqual([id]);
  });

  it("misses an update for good when it settles less than the index lags behind a later create, and reads both when it settles longer; the default settle outlasts HubSpot's documented lag", async () => {
    // Prepare: a create is searchable at once, an update only after 1.5 s (HubSpot's index: "a few moments").
    await call(sandbox.url, '/__sandbox/search-lag', { method: 'POST', body: { searchLagMs: 0, searchUpdateLagMs: 1_500 } });
    try {
      const [first] = await create(1, 'early');
      const { cursor: afterCreate } = await drain(undefined, 50);
      await client().crm.contacts.basicApi.update(first!, { properties: { jobtitle: 'VP Sales' } });
      const [second] = await create(1, 'later');

      // Act: a feed that does not settle reads the later create and moves its cursor past the update not yet indexed.
      now = Date.now();
      const hasty = await feed.poll('contacts', FIELDS, afterCreate, 50);
      const indexed = async () => (await client().crm.contacts.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'jobtitle', operator: 'EQ' as never, value: 'VP Sales' }] }], properties: ['jobtitle'], limit: 10, after: '0', sorts: [] })).results.length;
      await vi.waitFor(async () => expect(await indexed()).toBe(1), { timeout: 10_000, interval: 100 });
      now = Date.now();
      const missed = await feed.poll('contacts', FIELDS, hasty.cursor, 50);
      // A feed that settles longer than the lag reads nothing younger than its settle, then both, in order.
      const patient = hubspotChangeFeed(client(), { clock, settleMs: 2_000 });
      await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(Date.parse(hasty.events[0]?.occurredAt ?? '') + 2_000), { timeout: 10_000, interval: 100 });
      now = Date.now();
      const settled = await patient.poll('contacts', FIELDS, afterCreate, 50);

      // Assess
      expect(hasty.events.map((e) => e.sourceId)).toEqual([second]);
      expect(missed.events).toEqual([]);
      expect(settled.events.map((e) => [e.sourceId, e.fields['jobtitle'] ?? null])).toEqual([
        [first, 'VP Sales'],
        [second, null],
      ]);
      expect(HUBSPOT_SEARCH_SETTLE_MS).toBeGreaterThanOrEqual(60_000);
    } finally {
      await call(sandbox.url, '/__sandbox/search-lag', { method: 'POST', body: { searchLagMs: 0, searchUpdateLagMs: 0 } });
    }
  });
});
