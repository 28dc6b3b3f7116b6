import type { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { salesforceChangeFeed } from '#adapters/vendors/salesforce/change-feed';
import { createSalesforceConnection } from '#adapters/vendors/salesforce/connection';
import { salesforceReader } from '#adapters/vendors/salesforce/reader';
import type { ChangeEvent } from '#domain/change-event';
import type { ChangeFeed } from '#ports/change-feed';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { call } from '../sandboxes/support.ts';

const CREDS = { clientId: 'feed-client', clientSecret: 'feed-secret', refreshToken: 'feed-refresh' };
const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const FIELDS = ['FirstName', 'LastName', 'Title'];

describe('salesforceChangeFeed against the Salesforce sandbox with jsforce', () => {
  let sandbox: SalesforceSandbox;
  let connection: Connection;
  let feed: ChangeFeed;
  // One clock for the org and the poller; whole-second SystemModstamps, as a real org keeps them. The org's clock
  // never goes back, so each test starts a minute after the last.
  let base = T0;
  let now = T0;
  const clock = { nowMs: () => now };

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'feed-token', clock: () => now, modstampResolutionMs: 1000 });
    connection = createSalesforceConnection({ instanceUrl: sandbox.url, loginUrl: sandbox.url, ...CREDS, accessToken: 'feed-token' });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    base += 60_000;
    now = base;
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    feed = salesforceChangeFeed(connection, { clock });
  });

  const createContact = async (LastName: string) => ((await connection.sobject('Contact').create({ LastName })) as { id: string }).id;

  /** Polls until the feed says nothing more waits; fails instead of looping forever. */
  async function drain(cursor: string | undefined, limit: number): Promise<{ events: ChangeEvent[]; cursor: string; pages: number }> {
    const events: ChangeEvent[] = [];
    for (let pages = 1; pages <= 20; pages++) {
      const page = await feed.poll('Contact', FIELDS, cursor, limit);
      events.push(...page.events);
      cursor = page.cursor;
      if (!page.more) return { events, cursor, pages };
    }
    throw new Error('the feed kept saying more after 20 pages');
  }

  it('starts from now, then returns each later edit once, in order, with its mapped fields', async () => {
    const start = await feed.poll('Contact', FIELDS, undefined, 200);
    now = base + 5_000;
    const ada = await createContact('Lovelace');
    now = base + 9_000;
    const [seeded] = (await connection.query<{ Id: string }>('SELECT Id FROM Contact ORDER BY CreatedDate LIMIT 1')).records;
    await connection.sobject('Contact').update({ Id: seeded?.Id ?? '', Title: 'Chief Analyst' });
    // Polled in the second of the last edit, the feed waits for that second to be over.
    expect((await feed.poll('Contact', FIELDS, start.cursor, 200)).events.map((e) => e.sourceId)).toEqual([ada]);
    now = base + 12_000;

    const first = await drain(start.cursor, 200);
    const again = await drain(first.cursor, 200);

    expect(start.events).toEqual([]);
    expect(first.events.map((e) => [e.sourceId, e.kind, e.occurredAt])).toEqual([
      [ada, 'upsert', new Date(base + 5_000).toISOString()],
      [seeded?.Id, 'upsert', new Date(base + 9_000).toISOString()],
    ]);
    expect(first.events[1]).toMatchObject({ source: 'salesforce', objectType: 'Contact', eventId: `${seeded?.Id}-${base + 9_000}`, fields: { Title: 'Chief Analyst' } });
    expect(Object.keys(first.events[0]?.fields ?? {})).toEqual(FIELDS);
    expect(again.events).toEqual([]);
  });

  it('loses and repeats nothing when a page ends inside one SystemModstamp', async () => {
    const start = await feed.poll('Contact', FIELDS, undefined, 200);
    now = base + 2_000;
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await createContact(`Same-second ${i}`));
    now = base + 5_000;

    const { events, pages } = await drain(start.cursor, 3);

    expect(new Set(events.map((e) => e.occurredAt))).toEqual(new Set([new Date(base + 2_000).toISOString()]));
    expect(events.map((e) => e.sourceId)).toEqual([...ids].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    expect(pages).toBe(3);
  });

  it('returns a deletion as a delete event, after the edits before it', async () => {
    const start = await feed.poll('Contact', FIELDS, undefined, 200);
    now = base + 1_000;
    const doomed = await createContact('Ephemeral');
    now = base + 3_000;
    await connection.sobject('Contact').destroy(doomed);
    now = base + 6_000;

    const { events } = await drain(start.cursor, 200);

    expect(events.map((e) => [e.sourceId, e.kind])).toEqual([[doomed, 'delete']]);
  });

  it('starts a first poll a lookback before now when configured', async () => {
    const backfill = salesforceChangeFeed(connection, { clock, lookbackMs: 3 * 365 * 86_400_000 });

    const page = await backfill.poll('Contact', FIELDS, undefined, 5);

    expect(page.events).toHaveLength(5);
    expect(page.more).toBe(true);
  });

  it('reads a record by id with its SystemModstamp, and null once it is deleted', async () => {
    const reader = salesforceReader(connection);
    const id = await createContact('Readable');
    const [stamp] = (await connection.query<{ SystemModstamp: string }>(`SELECT SystemModstamp FROM Contact WHERE Id = '${id}'`)).records;

    const read = await reader.read('Contact', id, FIELDS);
    await connection.sobject('Contact').destroy(id);
    const gone = await reader.read('Contact', id, FIELDS);

    expect(read).toEqual({ values: { FirstName: null, LastName: 'Readable', Title: null }, modifiedAt: Date.parse(String(stamp?.SystemModstamp).replace('+0000', 'Z')) });
    expect(gone).toBeNull();
  });

  it('reads many records through sObject Collections, leaving out deleted and unknown ids', async () => {
    const reader = salesforceReader(connection);
    const ids = [await createContact('One'), await createContact('Two'), await createContact('Three')];
    await connection.sobject('Contact').destroy(ids[1]!);

    const read = await reader.readMany!('Contact', [...ids, '003000000000000AAA'], FIELDS);

    expect([...read.keys()]).toEqual([ids[0], ids[2]]);
    expect(read.get(ids[2]!)?.values).toEqual({ FirstName: null, LastName: 'Three', Title: null });
    expect(read.get(ids[0]!)?.modifiedAt).toBe(now - (now % 1000));
  });
});
