import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbAuditLog } from '#adapters/aws/dynamodb-audit-log';
import { DynamoDbIdempotencyStore } from '#adapters/aws/dynamodb-idempotency-store';
import { DynamoDbQuarantineStore } from '#adapters/aws/dynamodb-quarantine-store';
import { DynamoDbStateStore } from '#adapters/aws/dynamodb-state-store';
import { RetryableError } from '#domain/errors';
import { createTable, dynamoClients } from '#test/support/local-aws';

const NOW = Date.parse('2026-11-23T10:00:00Z');
const { client, documents } = dynamoClients(inject('dynamodbEndpoint'));

describe('DynamoDbIdempotencyStore (DynamoDB Local)', () => {
  let store: DynamoDbIdempotencyStore;
  beforeAll(async () => {
    store = new DynamoDbIdempotencyStore(documents, await createTable(client, ['id']), 60_000);
  });

  const claimed = async (key: string, now: number) => {
    const claim = await store.claim(key, now);
    if (claim.status !== 'claimed') throw new Error(`expected to claim ${key}, got ${claim.status}`);
    return claim.token;
  };

  it('claims a key once; after completion every later claim answers completed', async () => {
    const token = await claimed('hubspot:1', NOW);
    expect(await store.claim('hubspot:1', NOW)).toEqual({ status: 'in-progress' });
    await store.complete('hubspot:1', token, NOW);
    expect(await store.claim('hubspot:1', NOW + 1000)).toEqual({ status: 'completed' });
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const claims = await Promise.all(Array.from({ length: 10 }, () => store.claim('hubspot:race', NOW)));
    expect(claims.filter((c) => c.status === 'claimed')).toHaveLength(1);
  });

  it('frees a released key, and takes over a claim whose lease ran out', async () => {
    await store.release('hubspot:2', await claimed('hubspot:2', NOW));
    await claimed('hubspot:2', NOW);
    expect(await store.claim('hubspot:2', NOW + 61_000)).toMatchObject({ status: 'claimed' });
  });

  it('lets only the current owner complete or release a claim that was taken over', async () => {
    const stale = await claimed('hubspot:4', NOW);
    const current = await claimed('hubspot:4', NOW + 61_000);

    await store.release('hubspot:4', stale);
    expect(await store.claim('hubspot:4', NOW + 62_000)).toEqual({ status: 'in-progress' });
    await expect(store.complete('hubspot:4', stale, NOW + 62_000)).rejects.toBeInstanceOf(RetryableError);
    await store.complete('hubspot:4', current, NOW + 62_000);
    expect(await store.claim('hubspot:4', NOW + 63_000)).toEqual({ status: 'completed' });
  });

  it('forgets a completed key after 7 days even before TTL deletes it', async () => {
    await store.complete('hubspot:3', await claimed('hubspot:3', NOW), NOW);
    expect(await store.claim('hubspot:3', NOW + 6 * 86_400_000)).toEqual({ status: 'completed' });
    expect(await store.claim('hubspot:3', NOW + 7 * 86_400_000 + 2000)).toMatchObject({ status: 'claimed' });
  });
});

describe('DynamoDbStateStore (DynamoDB Local)', () => {
  it('stores an entity with its links under an optimistic version check', async () => {
    const store = new DynamoDbStateStore(documents, await createTable(client, ['pk', 'sk']));
    const golden = { version: 1, fields: { lastName: { value: 'L', source: 'hubspot', observedAt: NOW, eventId: 'hubspot:e1' }, score: { value: 3, source: 'hubspot', observedAt: NOW, eventId: 'hubspot:e1' } } };
    const state = { entityId: 'hubspot:contacts:1', object: 'person', golden, links: { hubspot: 'contacts:1', salesforce: 'Contact:003A' }, written: { salesforce: { lastName: 'L', phone: null } }, version: 0 };

    expect(await store.getEntity('hubspot:contacts:1')).toBeNull();
    await store.putEntity(state);
    expect(await store.getEntity('hubspot:contacts:1')).toEqual({ ...state, version: 1 });
    expect(await store.entityOf('salesforce:Contact:003A')).toBe('hubspot:contacts:1');
    expect(await store.entityOf('hubspot:contacts:1')).toBe('hubspot:contacts:1');
    expect(await store.entityOf('salesforce:Contact:003B')).toBeUndefined();

    await expect(store.putEntity(state)).rejects.toBeInstanceOf(RetryableError);
    await store.putEntity({ ...state, version: 1 });
    await expect(store.putEntity({ ...state, version: 1 })).rejects.toBeInstanceOf(RetryableError);
    expect((await store.getEntity('hubspot:contacts:1'))?.version).toBe(2);
    // When each data vendor last looked the entity up is stored with it (it decides the next lookup).
    await store.putEntity({ ...state, version: 2, enriched: { zoominfo: '2026-12-01T00:00:00.000Z' } });
    expect((await store.getEntity('hubspot:contacts:1'))?.enriched).toEqual({ zoominfo: '2026-12-01T00:00:00.000Z' });
  });

  it('reads the links and entities of many records in batch reads, beyond 100 keys', async () => {
    const store = new DynamoDbStateStore(documents, await createTable(client, ['pk', 'sk']));
    const golden = { version: 1, fields: {} };
    for (let i = 0; i < 60; i++) {
      await store.putEntity({ entityId: `e${i}`, object: 'person', golden, links: { hubspot: `contacts:${i}`, salesforce: `Contact:003${i}` }, written: {}, version: 0 });
    }
    const keys = [...Array.from({ length: 60 }, (_, i) => [`hubspot:contacts:${i}`, `salesforce:Contact:003${i}`]).flat(), 'hubspot:contacts:unknown'];

    const { links, entities } = await store.linkedEntities(keys);

    expect(links.size).toBe(120);
    expect(links.get('salesforce:Contact:00359')).toBe('e59');
    expect(links.has('hubspot:contacts:unknown')).toBe(false);
    expect(entities.size).toBe(60);
    expect(entities.get('e7')).toEqual(await store.getEntity('e7'));
  });
});

describe('DynamoDbStateStore identity index (DynamoDB Local)', () => {
  it('finds entities by blocking key, drops old keys, and lets one entity at a time claim a key', async () => {
    const store = new DynamoDbStateStore(documents, await createTable(client, ['pk', 'sk']));
    const golden = { version: 1, fields: {} };
    const match = { keys: ['email|email=a@x.example', 'name|domain=x.example'], claims: ['email|email=a@x.example'], values: { email: 'a@x.example', lastName: 'A' } };
    await store.putEntity({ entityId: 'e1', object: 'person', golden, links: {}, written: {}, version: 0, match }, { put: match.keys, drop: [], release: [] });

    expect(await store.candidatesFor(['name|domain=x.example', 'unknown'])).toEqual([{ entityId: 'e1', values: match.values }]);
    expect(await store.claimKeys('e1', match.claims)).toBeUndefined();
    expect(await store.claimKeys('e2', match.claims)).toBe('e1');
    expect((await store.getEntity('e1'))?.match).toEqual(match);

    const next = { keys: ['email|email=b@x.example'], claims: ['email|email=b@x.example'], values: { email: 'b@x.example' } };
    await store.putEntity({ entityId: 'e1', object: 'person', golden, links: {}, written: {}, version: 1, match: next }, { put: next.keys, drop: match.keys, release: match.claims });

    expect(await store.candidatesFor(match.keys)).toEqual([]);
    expect(await store.claimKeys('e2', match.claims)).toBeUndefined();
    expect(await store.claimKeys('e3', match.claims, 'e2')).toBeUndefined();
  });
});

describe('DynamoDbAuditLog (DynamoDB Local)', () => {
  it('keeps one entry per field write, in time order, and a retried write overwrites its own entry', async () => {
    const log = new DynamoDbAuditLog(documents, await createTable(client, ['pk', 'sk']));
    const entry = { recordKey: 'salesforce:Contact:003A', sourceKey: 'hubspot:contacts:1', actor: 'syncline' };
    const entries = Array.from({ length: 30 }, (_, i) => ({ ...entry, eventId: `hubspot:e${i}`, field: 'Title', before: i === 0 ? null : `t${i - 1}`, after: `t${i}`, at: new Date(NOW + i * 1000).toISOString() }));

    await log.append(entries);
    await log.append(entries.slice(0, 1));

    const history = await log.history('salesforce:Contact:003A');
    expect(history).toHaveLength(30);
    expect(history.map((e) => e.after)).toEqual(entries.map((e) => e.after));
    expect(history[0]).toEqual(entries[0]);
  });
});

describe('DynamoDbQuarantineStore (DynamoDB Local)', () => {
  it('keeps one entry per record, lists them oldest first, and forgets a removed one', async () => {
    const store = new DynamoDbQuarantineStore(documents, await createTable(client, ['pk', 'sk']));
    const event = { source: 'hubspot', objectType: 'contacts', sourceId: '1', eventId: 'e1', occurredAt: '2026-11-23T10:00:00Z', kind: 'upsert' as const, fields: {} };
    const item = (id: string, at: string, attempts = 1) => ({ id, event, code: 'REQUIRED_FIELD_MISSING', reason: 'salesforce requires lastName', at, attempts });

    await store.put(item('hubspot:contacts:2', '2026-11-23T10:05:00Z'));
    await store.put(item('hubspot:contacts:1', '2026-11-23T10:01:00Z'));
    await store.put(item('hubspot:contacts:1', '2026-11-23T10:02:00Z', 2));

    expect((await store.list()).map((i) => [i.id, i.attempts])).toEqual([['hubspot:contacts:1', 2], ['hubspot:contacts:2', 1]]);
    expect(await store.get('hubspot:contacts:1')).toEqual(item('hubspot:contacts:1', '2026-11-23T10:02:00Z', 2));
    await store.remove('hubspot:contacts:1');
    expect(await store.get('hubspot:contacts:1')).toBeNull();
    expect(await store.list()).toHaveLength(1);
    expect(await store.presentOf(['hubspot:contacts:1', 'hubspot:contacts:2', 'hubspot:contacts:3'])).toEqual(new Set(['hubspot:contacts:2']));
  });
});
