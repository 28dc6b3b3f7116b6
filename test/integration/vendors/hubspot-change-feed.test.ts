import { afterAll, beforeEach, beforeAll, describe, expect, it } from 'vitest';
import { hubspotChangeFeed, parseHubspotCursor } from '#adapters/vendors/hubspot/change-feed';
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
    // A loose 10-second limit: the paging test searches many times.
    sandbox = await startHubspotSandbox({ port: 0, clientSecret: 'secret', accessToken, seed: false, searchRateLimitPerSecond: 1000, rateLimitPer10s: 10_000 });
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
    const connectorFeed = hubspotCrm.changeFeed?.({ accessToken, clientSecret: 'secret', basePath: sandbox.url }, { clock, lookbackMs: 60_000 });
    now += 20_000; // past the connector's default settle time
    const page = await connectorFeed?.poll('contacts', FIELDS, undefined, 10);
    expect(page?.events.map((e) => e.sourceId)).toEqual([id]);
  });
});
