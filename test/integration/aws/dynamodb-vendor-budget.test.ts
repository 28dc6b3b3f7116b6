import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { BUDGET_PROBE_INTERVAL_MS, DynamoDbVendorBudget, type DynamoDbVendorBudgetOptions } from '#adapters/aws/dynamodb-vendor-budget';
import { VendorPaused } from '#domain/errors';
import { MetricName, type Metrics } from '#ports/metrics';
import type { VendorUsage } from '#ports/vendor-budget';
import { createTable, dynamoClients } from '#test/support/local-aws';

const { client, documents } = dynamoClients(inject('dynamodbEndpoint'));

/** One clock for every "function": they share the table, as Lambda functions share the state table. */
const clock = { now: 0 };
/** Every value of the budget metric, in order. */
const percents: number[] = [];
const metrics: Metrics = { count: (_name, value = 1) => void percents.push(value), countBy: () => undefined, timing: () => undefined };

function budgetOn(table: string, options: Partial<DynamoDbVendorBudgetOptions> = {}) {
  return new DynamoDbVendorBudget(documents, table, {
    vendor: 'salesforce',
    dailyShare: 0.5,
    now: () => clock.now,
    sleep: async (ms) => void (clock.now += ms),
    metrics: { sink: metrics, name: MetricName.SalesforceBudgetUsed },
    ...options,
  });
}

/** Outcomes of takes run at once: how many went, and the `VendorPaused` of the others. */
async function takeAll(takes: Promise<void>[]) {
  const settled = await Promise.allSettled(takes);
  const refused = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  return { taken: settled.length - refused.length, refused };
}

const daily = (used: number, limit = 10_000): VendorUsage => ({ daily: { used, limit } });

describe('DynamoDbVendorBudget (DynamoDB Local)', () => {
  let table: string;
  beforeEach(async () => {
    table = await createTable(client, ['pk', 'sk']);
    clock.now = Date.parse('2026-12-06T12:00:00.000Z');
    percents.length = 0;
  });

  it('lets every function together spend exactly the share left by the vendor-reported usage, then pauses them all', async () => {
    const [a, b] = [budgetOn(table), budgetOn(table)];
    await a.observe(daily(4_990)); // 4,990 of 10,000 used; the share is 5,000
    await a.take(); // writes the report
    let probes = 0;
    const probe = async () => (probes++, daily(6_000));

    const { taken, refused } = await takeAll(Array.from({ length: 30 }, (_, i) => (i % 2 ? b : a).take(probe)));

    expect(taken).toBe(9);
    // Refused for the probe's answer (spent: the next probe), or while the probe was out (a recheck within 30 s).
    expect(refused.every((e) => e instanceof VendorPaused && e.vendor === 'salesforce' && (e.resumeAt === clock.now + BUDGET_PROBE_INTERVAL_MS || e.resumeAt === clock.now + 30_000))).toBe(true);
    expect(probes).toBe(1);
    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: { pk: 'budget#salesforce', sk: 'allocation' } }));
    expect(Item).toMatchObject({ used: 6_000, cap: 5_000, pausedUntil: clock.now + BUDGET_PROBE_INTERVAL_MS });
    expect(Math.max(...percents)).toBe(120);
  });

  it('stays paused until the probe interval has passed, then resumes everyone once a probe finds room', async () => {
    const [a, b] = [budgetOn(table), budgetOn(table)];
    await a.observe(daily(5_000));
    await expect(a.take()).rejects.toBeInstanceOf(VendorPaused);
    let probes = 0;
    const probe = async () => (probes++, daily(3_000));

    clock.now += BUDGET_PROBE_INTERVAL_MS - 1;
    await expect(b.take(probe)).rejects.toBeInstanceOf(VendorPaused);
    clock.now += 1;
    await b.take(probe);
    await a.take(probe);

    expect(probes).toBe(1);
    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: { pk: 'budget#salesforce', sk: 'allocation' } }));
    expect(Item).toMatchObject({ used: 3_002 });
    expect(Item?.['pausedUntil']).toBeUndefined();
  });

  it('lets a probe that finds room through even when other calls of its function learned of the pause meanwhile', async () => {
    const a = budgetOn(table);
    await a.observe(daily(5_000));
    await expect(a.take()).rejects.toBeInstanceOf(VendorPaused);
    clock.now += BUDGET_PROBE_INTERVAL_MS;
    const probe = async () => {
      await expect(a.take()).rejects.toBeInstanceOf(VendorPaused); // a concurrent call, while the probe runs
      return daily(1_000);
    };

    await a.take(probe);

    await a.take();
    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: { pk: 'budget#salesforce', sk: 'allocation' } }));
    expect(Item).toMatchObject({ used: 1_002 });
    expect(Item?.['pausedUntil']).toBeUndefined();
  });

  it('pauses every function when the vendor refuses for its limit, and lets one probe through after the pause', async () => {
    const [a, b, c] = [budgetOn(table), budgetOn(table), budgetOn(table)];
    await a.take();

    const paused = await a.exhausted('REQUEST_LIMIT_EXCEEDED', clock.now + 60_000);

    expect(paused).toMatchObject({ vendor: 'salesforce', resumeAt: clock.now + 60_000 });
    await expect(b.take()).rejects.toMatchObject({ resumeAt: clock.now + 60_000 });
    clock.now += 60_000;
    const { taken } = await takeAll([b.take(), c.take()]); // no probe request: the call itself is the probe
    expect(taken).toBe(1);
  });

  it("never lets a report older than a pause undo it", async () => {
    const [a, b] = [budgetOn(table), budgetOn(table)];
    await a.observe(daily(100)); // room, but not written yet
    clock.now += 1;

    await b.exhausted('REQUEST_LIMIT_EXCEEDED');

    await expect(a.take()).rejects.toBeInstanceOf(VendorPaused);
  });

  it("writes a probe's answer at once, so the others resume without a probe of their own", async () => {
    const [a, b] = [budgetOn(table), budgetOn(table)];
    await a.exhausted('REQUEST_LIMIT_EXCEEDED', clock.now + 1_000);
    clock.now += 1_000;

    await a.take(); // the probe
    await a.observe(daily(200));

    await b.take();
    const { Item } = await documents.send(new GetCommand({ TableName: table, Key: { pk: 'budget#salesforce', sk: 'allocation' } }));
    expect(Item).toMatchObject({ used: 201 });
  });

  it('lifts a pause after a probe whose answer carries no usage report, since the call went through', async () => {
    const [a, b] = [budgetOn(table, { vendor: 'hubspot' }), budgetOn(table, { vendor: 'hubspot' })];
    await a.exhausted('429 DAILY', clock.now + 1_000);
    clock.now += 1_000;

    await a.take(); // the probe
    await a.observe({ burst: { max: 100, intervalMs: 10_000 } });

    await b.take();
  });

  describe('with a burst window (HubSpot)', () => {
    const hubspot = (options: Partial<DynamoDbVendorBudgetOptions> = {}) =>
      budgetOn(table, { vendor: 'hubspot', burst: { max: 10, intervalMs: 10_000 }, metrics: { sink: metrics, name: MetricName.HubspotBudgetUsed }, ...options });

    it('counts every function in one fixed window of half the rolling maximum, and pauses the rest until it reopens', async () => {
      clock.now = 1_000_000_003_000; // 3 s into a window
      const [a, b] = [hubspot({ canWait: () => false }), hubspot({ canWait: () => false })];

      const { taken, refused } = await takeAll(Array.from({ length: 12 }, (_, i) => (i % 2 ? b : a).take()));

      expect(taken).toBe(5);
      expect(refused.every((e) => e instanceof VendorPaused && e.vendor === 'hubspot' && e.resumeAt === 1_000_000_010_000)).toBe(true);
    });

    it('waits in place for a window that reopens soon, and takes the call in the next one', async () => {
      clock.now = 1_000_000_008_000;
      const a = hubspot();
      for (let i = 0; i < 5; i++) await a.take();

      await a.take();

      expect(clock.now).toBe(1_000_000_010_000);
      const { Item } = await documents.send(new GetCommand({ TableName: table, Key: { pk: 'budget#hubspot', sk: 'allocation' } }));
      expect(Item).toMatchObject({ window: 100_000_001, windowCalls: 1, used: 6 });
    });

    it('pauses when a report says the daily share is spent', async () => {
      const [a, b] = [hubspot(), hubspot()];
      await a.take();

      await a.observe({ daily: { used: 250_000, limit: 500_000 } });

      await expect(a.take()).rejects.toMatchObject({ vendor: 'hubspot', resumeAt: clock.now + BUDGET_PROBE_INTERVAL_MS });
      await expect(b.take()).rejects.toBeInstanceOf(VendorPaused);
      expect(percents.at(-1)).toBe(100);
    });
  });

  it('costs one DynamoDB request per call taken, a report written with it included', async () => {
    const counted = dynamoClients(inject('dynamodbEndpoint')).documents;
    let requests = 0;
    counted.middlewareStack.add((next) => (args) => (requests++, next(args)), { step: 'initialize' });
    const budget = new DynamoDbVendorBudget(counted, table, { vendor: 'hubspot', dailyShare: 0.5, burst: { max: 100, intervalMs: 10_000 }, now: () => clock.now });

    for (let call = 0; call < 20; call++) {
      await budget.take();
      await budget.observe({ daily: { used: 1_000 + call, limit: 500_000 }, burst: { max: 100, intervalMs: 10_000 } });
      clock.now += 1_000; // two windows
    }

    expect(requests).toBe(20);
  });

  it('costs one request per call also when functions write their reports out of order', async () => {
    const counted = dynamoClients(inject('dynamodbEndpoint')).documents;
    let requests = 0;
    counted.middlewareStack.add((next) => (args) => (requests++, next(args)), { step: 'initialize' });
    const [a, b] = [0, 1].map(() => new DynamoDbVendorBudget(counted, table, { vendor: 'salesforce', dailyShare: 0.5, now: () => clock.now }));

    await a!.observe(daily(100));
    clock.now += 1;
    await b!.observe(daily(101));
    await b!.take();
    await a!.take();

    expect(requests).toBe(2);
  });

  it('costs one DynamoDB request to learn of a pause, and none while it lasts', async () => {
    const counted = dynamoClients(inject('dynamodbEndpoint')).documents;
    let requests = 0;
    counted.middlewareStack.add((next) => (args) => (requests++, next(args)), { step: 'initialize' });
    const budget = new DynamoDbVendorBudget(counted, table, { vendor: 'salesforce', dailyShare: 0.5, now: () => clock.now });
    await budgetOn(table).exhausted('REQUEST_LIMIT_EXCEEDED', clock.now + 60_000);

    await expect(budget.take()).rejects.toBeInstanceOf(VendorPaused);
    clock.now += 59_999;
    await expect(budget.take()).rejects.toBeInstanceOf(VendorPaused);

    expect(requests).toBe(1);
  });

  it('fails at construction on a share outside (0, 1]', () => {
    expect(() => budgetOn(table, { dailyShare: 0 })).toThrow(/daily share 0 is out of range/);
    expect(() => budgetOn(table, { dailyShare: 1.5 })).toThrow(/daily share 1.5 is out of range/);
  });
});
