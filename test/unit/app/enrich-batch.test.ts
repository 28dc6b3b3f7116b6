import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failChunk, lookupChunk, runIdOf, selectDue, summarizeRun, type EnrichBatchDeps } from '#app/enrich-batch';
import { loadContract } from '#config/load-contract';
import { toSyncPlan } from '#config/sync-plan';
import { ChangeEvent } from '#domain/change-event';
import { PermanentError, RetryableError, RunInputError } from '#domain/errors';
import type { SyncPlan } from '#domain/mapping';
import type { Observation } from '#domain/survivorship';
import { QueueRefusal, type ChangeQueue, type EnqueueResult } from '#ports/change-queue';
import type { CreditGrant, CreditLedger, EnrichChunk, EnrichRun, EnrichRunStore, EntityScan } from '#ports/enrich-runs';
import type { EnrichInput, EnrichKind, EnrichResult, Enricher } from '#ports/enricher';
import { MetricName } from '#ports/metrics';
import type { EntityState } from '#ports/stores';
import { CountingMetrics, FakeClock, MemoryDeclined, MemoryReviews, MemoryState } from '#test/support/fakes';
import { shippedContractWith } from '#test/support/hub-client';

/** Runs and chunks in maps, copied on the way in and out as a table would. */
class MemoryRuns implements EnrichRunStore {
  readonly runs = new Map<string, EnrichRun>();
  readonly stored = new Map<string, EnrichChunk>();
  async getRun(runId: string) {
    return structuredClone(this.runs.get(runId));
  }
  async putRun(run: EnrichRun) {
    this.runs.set(run.runId, structuredClone(run));
  }
  async getChunk(runId: string, index: number) {
    return structuredClone(this.stored.get(`${runId}/${index}`));
  }
  async putChunk(chunk: EnrichChunk) {
    this.stored.set(`${chunk.runId}/${chunk.index}`, structuredClone(chunk));
  }
  async createChunk(chunk: EnrichChunk) {
    if (this.stored.has(`${chunk.runId}/${chunk.index}`)) return false;
    await this.putChunk(chunk);
    return true;
  }
  async holdCredits(runId: string, index: number, credits: number) {
    const chunk = this.stored.get(`${runId}/${index}`);
    if (!chunk) return 0;
    chunk.credits ??= credits;
    return chunk.credits;
  }
  async chunks(runId: string) {
    return [...this.stored.values()].filter((c) => c.runId === runId).sort((a, b) => a.index - b.index).map((c) => structuredClone(c));
  }
}

/** The day's credits per vendor: a take near the cap gets what is left, as the DynamoDB ledger grants. */
class MemoryCredits implements CreditLedger {
  readonly usedBy = new Map<string, number>();
  readonly takes: { vendor: string; day: string; wanted: number; cap: number }[] = [];
  async take(vendor: string, day: string, wanted: number, cap: number): Promise<CreditGrant> {
    this.takes.push({ vendor, day, wanted, cap });
    const used = await this.used(vendor, day);
    const granted = Math.max(0, Math.min(wanted, cap - used));
    this.usedBy.set(`${vendor}/${day}`, used + granted);
    return { granted, used: used + granted, cap };
  }
  async giveBack(vendor: string, day: string, credits: number) {
    this.usedBy.set(`${vendor}/${day}`, Math.max(0, (await this.used(vendor, day)) - credits));
  }
  async used(vendor: string, day: string) {
    return this.usedBy.get(`${vendor}/${day}`) ?? 0;
  }
}

/** Entities by id, scanned in insertion order a few per page; counts the pages read. */
class MemoryEntities implements EntityScan {
  readonly entities = new Map<string, EntityState>();
  pagesRead = 0;
  constructor(private readonly pageSize = 2) {}
  add(...states: EntityState[]) {
    for (const s of states) this.entities.set(s.entityId, structuredClone(s));
  }
  async scan(object: string, onPage: (entities: readonly EntityState[]) => boolean) {
    const all = [...this.entities.values()].filter((e) => e.object === object);
    for (let i = 0; i < all.length; i += this.pageSize) {
      this.pagesRead++;
      if (onPage(all.slice(i, i + this.pageSize).map((e) => structuredClone(e)))) return;
    }
  }
  async getMany(entityIds: readonly string[]) {
    return entityIds.flatMap((id) => (this.entities.has(id) ? [structuredClone(this.entities.get(id)!)] : []));
  }
}

/** ZoomInfo as a script: an answer per input, a whole-call failure on demand, and every call it received. */
class ScriptedEnricher implements Enricher {
  readonly name = 'zoominfo';
  suggestContacts?: Enricher['suggestContacts'];
  readonly objects = { company: 'company', contact: 'person' } as const;
  readonly calls: { kind: EnrichKind; inputs: EnrichInput[] }[] = [];
  failNext: Error | undefined;
  constructor(
    readonly maxBatch = 25,
    public answer: (input: EnrichInput) => EnrichResult = () => ({ status: 'matched', fields: { industry: 'Biotechnology', employeeCount: 1200, revenue: 95_000_000 } }),
  ) {}
  async enrich(kind: EnrichKind, inputs: readonly EnrichInput[]) {
    this.calls.push({ kind, inputs: [...inputs] });
    const error = this.failNext;
    this.failNext = undefined;
    if (error) throw error;
    return inputs.map((input) => this.answer(input));
  }
}

/** A queue that keeps every attempt, can fail the next one whole, and refuses the changes `refuse` names. */
class ScriptedQueue implements ChangeQueue {
  readonly attempts: ChangeEvent[][] = [];
  readonly events: ChangeEvent[] = [];
  failNext: Error | undefined;
  refuse: (event: ChangeEvent) => QueueRefusal | undefined = () => undefined;
  async enqueue(events: readonly ChangeEvent[]): Promise<EnqueueResult> {
    this.attempts.push(structuredClone([...events]));
    const error = this.failNext;
    this.failNext = undefined;
    if (error) throw error;
    const refused = events.flatMap((event) => {
      const code = this.refuse(event);
      return code ? [{ event, code, reason: 'refused by the test' }] : [];
    });
    this.events.push(...events.filter((e) => !refused.some((r) => r.event === e)));
    return { refused };
  }
}

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-23T10:00:00Z');
const TODAY = '2026-11-23';
const RUN = runIdOf(TODAY);
const NOW_ISO = new Date(NOW).toISOString();

let shipped: SyncPlan;
beforeAll(() => {
  shipped = toSyncPlan(loadContract(shippedContractWith(['salesforce', 'hubspot', 'zoominfo'])));
});

const seen = (value: string | null, source = 'salesforce'): Observation => ({ value, source, observedAt: Date.parse('2026-01-05T10:00:00Z'), eventId: 'seed' });

/** A company as Salesforce gave it (name and website), looked up `lookedUpDaysAgo` days ago or never. */
function company(entityId: string, options: { lookedUpDaysAgo?: number; deleted?: boolean; fields?: Record<string, Observation> } = {}): EntityState {
  return {
    entityId,
    object: 'company',
    golden: { fields: options.fields ?? { name: seen(`Company ${entityId}`), website: seen(`${entityId}.example`) }, version: 1 },
    links: { salesforce: `Account:001${entityId}` },
    written: {},
    ...(options.lookedUpDaysAgo !== undefined && { enriched: { zoominfo: new Date(NOW - options.lookedUpDaysAgo * DAY).toISOString() } }),
    ...(options.deleted && { deleted: { by: 'salesforce', at: '2026-11-20T10:00:00Z' } }),
    version: 1,
  };
}

/** A person as Salesforce gave them; ZoomInfo can fill their title while it is blank. */
function person(entityId: string, fields: Record<string, Observation> = { email: seen(`${entityId}@contoso.example`), lastName: seen('Ng') }): EntityState {
  return { entityId, object: 'person', golden: { fields, version: 1 }, links: { salesforce: `Contact:003${entityId}` }, written: {}, version: 1 };
}

const inputOf = (entityId: string): EnrichInput => ({ name: `Company ${entityId}`, domain: `${entityId}.example` });

interface Fixture extends EnrichBatchDeps {
  enricher: ScriptedEnricher;
  entities: MemoryEntities;
  runs: MemoryRuns;
  credits: MemoryCredits;
  queue: ScriptedQueue;
  metrics: CountingMetrics;
  clock: FakeClock;
}

function fixture(options: { dailyCredits?: number; maxBatch?: number } = {}): Fixture {
  const enricher = new ScriptedEnricher(options.maxBatch);
  return {
    plan: { ...shipped, enrichers: { zoominfo: { staleAfterDays: 90, dailyCredits: options.dailyCredits ?? 1_000 } } },
    enrichers: { zoominfo: enricher },
    enricher,
    entities: new MemoryEntities(),
    runs: new MemoryRuns(),
    credits: new MemoryCredits(),
    queue: new ScriptedQueue(),
    metrics: new CountingMetrics(),
    clock: new FakeClock(NOW),
  };
}

const chunk = (index: number, entityIds: string[], more: Partial<EnrichChunk> = {}): EnrichChunk => ({ runId: RUN, index, provider: 'zoominfo', object: 'company', entityIds, status: 'pending', ...more });

describe('selectDue', () => {
  let d: Fixture;
  beforeEach(() => {
    d = fixture();
  });

  it('picks only the records due by the lookup rule: never looked up or stale, with a field to fill and something to look up by, not deleted', async () => {
    d.entities.add(
      company('c-new'),
      company('c-stale', { lookedUpDaysAgo: 91 }),
      company('c-90', { lookedUpDaysAgo: 90 }),
      company('c-89', { lookedUpDaysAgo: 89 }),
      company('c-no-input', { fields: { country: seen('') } }),
      company('c-deleted', { deleted: true }),
      person('p-new'),
      person('p-titled', { email: seen('t@contoso.example'), title: seen('CFO'), phone: seen('+14155550199'), linkedinUrl: seen('https://www.linkedin.com/in/t') }),
      person('p-no-input', { phone: seen('+14155550100') }),
    );

    const selection = await selectDue(d);

    expect(selection).toEqual({ runId: RUN, chunks: [0, 1], summary: '4 records due in 2 chunks' });
    expect(await d.runs.chunks(RUN)).toEqual([
      chunk(0, ['p-new'], { object: 'person' }),
      chunk(1, ['c-new', 'c-stale', 'c-90']),
    ]);
    expect(d.runs.runs.get(RUN)).toEqual({ runId: RUN, day: TODAY, chunks: 2, startedAt: NOW_ISO });
    expect(d.enricher.calls).toEqual([]);
    expect(d.credits.takes).toEqual([]);
  });

  it("cuts the due records into chunks of the enricher's maxBatch, in the order the scan read them", async () => {
    d = fixture({ maxBatch: 2 });
    d.entities.add(...['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => company(id)));

    const selection = await selectDue(d, { object: 'company' });

    expect(selection.chunks).toEqual([0, 1, 2]);
    expect((await d.runs.chunks(RUN)).map((c) => c.entityIds)).toEqual([['c1', 'c2'], ['c3', 'c4'], ['c5']]);
    expect(selection.summary).toBe('5 records due in 3 chunks');
  });

  it('takes at most `limit` records, across objects, and stops reading once it has them', async () => {
    d.entities.add(person('p1'), person('p2'), ...['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((id) => company(id)));

    const selection = await selectDue(d, { limit: 3 });

    expect((await d.runs.chunks(RUN)).map((c) => [c.object, c.entityIds])).toEqual([
      ['person', ['p1', 'p2']],
      ['company', ['c1']],
    ]);
    expect(selection.summary).toBe('3 records due in 2 chunks');
    // One page of people, one of companies: the other two pages of companies are never read.
    expect(d.entities.pagesRead).toBe(2);
  });

  it('narrows to one object when asked', async () => {
    d.entities.add(person('p1'), company('c1'));

    const selection = await selectDue(d, { object: 'company' });

    expect(selection.chunks).toEqual([0]);
    expect(await d.runs.chunks(RUN)).toEqual([chunk(0, ['c1'])]);
  });

  it('rejects an object no enabled data vendor looks up, or one the contract does not have, and saves nothing', async () => {
    d.entities.add(company('c1'));

    await expect(selectDue(d, { object: 'deal' })).rejects.toThrow(RunInputError);
    await expect(selectDue(d, { object: 'invoice' })).rejects.toThrow(RunInputError);
    expect(d.runs.runs.size).toBe(0);
    expect(d.runs.stored.size).toBe(0);
  });

  it("skips the records already in the day's chunks and numbers the new chunks after them", async () => {
    d.entities.add(company('c1'), company('c2'));
    await selectDue(d);
    await lookupChunk(d, RUN, 0);
    // The processor has not merged the answers yet: by the lookup rule c1 and c2 are still due.
    d.entities.add(company('c3'));
    d.clock.now += 3_600_000;

    const second = await selectDue(d);

    expect(second).toEqual({ runId: RUN, chunks: [1], summary: '1 records due in 1 chunks' });
    expect((await d.runs.getChunk(RUN, 1))?.entityIds).toEqual(['c3']);
    expect(d.runs.runs.get(RUN)).toEqual({ runId: RUN, day: TODAY, chunks: 2, startedAt: NOW_ISO });
  });

  it('resumes pending and failed chunks first (a failed one pending again, its error dropped, its credits and answers kept) and counts their records against the limit', async () => {
    d.entities.add(...['c1', 'c2', 'c3', 'c4', 'c5'].map((id) => company(id)));
    await d.runs.putRun({ runId: RUN, day: TODAY, chunks: 3, startedAt: '2026-11-23T02:00:00.000Z' });
    await d.runs.putChunk(chunk(0, ['c1'], { status: 'done', outcomes: { c1: 'matched' }, credits: 1 }));
    await d.runs.putChunk(chunk(1, ['c2'], { status: 'failed', error: 'RetryableError: ZoomInfo answered 503', credits: 1, answers: { c2: {} }, outcomes: { c2: 'no-match' }, lookedUpAt: '2026-11-23T02:01:00.000Z' }));
    await d.runs.putChunk(chunk(2, ['c3']));

    const selection = await selectDue(d, { limit: 3 });

    expect(selection).toEqual({ runId: RUN, chunks: [1, 2, 3], summary: '1 records due in 1 chunks; 2 unfinished chunks resumed' });
    expect(await d.runs.chunks(RUN)).toEqual([
      chunk(0, ['c1'], { status: 'done', outcomes: { c1: 'matched' }, credits: 1 }),
      chunk(1, ['c2'], { credits: 1, answers: { c2: {} }, outcomes: { c2: 'no-match' }, lookedUpAt: '2026-11-23T02:01:00.000Z' }),
      chunk(2, ['c3']),
      chunk(3, ['c4']),
    ]);
    expect(d.runs.runs.get(RUN)).toEqual({ runId: RUN, day: TODAY, chunks: 4, startedAt: '2026-11-23T02:00:00.000Z' });
  });

  it('selects nothing new when the resumed chunks fill the limit', async () => {
    d.entities.add(company('c1'), company('c2'), company('c3'));
    await d.runs.putChunk(chunk(0, ['c1', 'c2']));

    expect(await selectDue(d, { limit: 2 })).toEqual({ runId: RUN, chunks: [0], summary: '0 records due in 0 chunks; 1 unfinished chunks resumed' });
    expect(d.entities.pagesRead).toBe(0);
  });

  it('resumes only the chunks of the object asked for', async () => {
    d.entities.add(company('c2'));
    await d.runs.putChunk(chunk(0, ['p1'], { object: 'person' }));
    await d.runs.putChunk(chunk(1, ['c1'], { status: 'failed', error: 'Error: boom' }));

    const selection = await selectDue(d, { object: 'company' });

    expect(selection.chunks).toEqual([1, 2]);
    expect((await d.runs.getChunk(RUN, 0))?.status).toBe('pending');
    expect(await d.runs.getChunk(RUN, 2)).toEqual(chunk(2, ['c2']));
  });

  it("takes no more than the day's credits left: the cap less today's use and the resumed records that took none yet, and says so", async () => {
    d = fixture({ dailyCredits: 5 });
    d.entities.add(...['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((id) => company(id)));
    await d.credits.take('zoominfo', TODAY, 2, 5);
    // Yesterday's use is yesterday's.
    await d.credits.take('zoominfo', '2026-11-22', 5, 5);
    // c1 has not taken its credit yet; c2's chunk took its own.
    await d.runs.putChunk(chunk(0, ['c1']));
    await d.runs.putChunk(chunk(1, ['c2'], { status: 'failed', credits: 1, error: 'Error: boom' }));

    const selection = await selectDue(d, { object: 'company' });

    expect(selection.chunks).toEqual([0, 1, 2]);
    expect((await d.runs.getChunk(RUN, 2))?.entityIds).toEqual(['c3', 'c4']);
    expect(selection.summary).toBe(
      '2 records due in 1 chunks; 2 unfinished chunks resumed; the daily credit cap stops the selection at 2 company records (zoominfo, 5 credits a day); the rest waits for tomorrow',
    );
  });

  it('selects nothing once the day\'s credits are spent, and says the cap is reached', async () => {
    d = fixture({ dailyCredits: 5 });
    d.entities.add(company('c1'));
    await d.credits.take('zoominfo', TODAY, 5, 5);

    const selection = await selectDue(d, { object: 'company' });

    expect(selection).toEqual({
      runId: RUN,
      chunks: [],
      summary: '0 records due in 0 chunks; the daily credit cap is reached: zoominfo has used its 5 credits for 2026-11-23, nothing more is looked up today',
    });
    expect(d.runs.stored.size).toBe(0);
    expect(d.entities.pagesRead).toBe(0);
  });

  it("shares the day's credits between the objects one vendor looks up", async () => {
    // ZoomInfo looks up people and companies from one daily cap: what the people took is not the companies' to take.
    d = fixture({ dailyCredits: 3 });
    d.entities.add(person('p1'), person('p2'), company('c1'), company('c2'));

    await selectDue(d);

    const selected = (await d.runs.chunks(RUN)).flatMap((c) => c.entityIds);
    expect(selected).toHaveLength(3);
  });
});

describe('lookupChunk', () => {
  let d: Fixture;
  beforeEach(() => {
    d = fixture();
  });

  /** Selects `ids` (companies) as chunk 0 of today's run. */
  async function selected(...ids: string[]) {
    d.entities.add(...ids.map((id) => company(id)));
    await selectDue(d, { object: 'company' });
  }

  const lookupEvent = (entityId: string, fields: ChangeEvent['fields'], occurredAt = NOW_ISO): ChangeEvent => ({
    source: 'zoominfo',
    objectType: 'company',
    sourceId: entityId,
    eventId: `lookup:${RUN}:${entityId}`,
    occurredAt,
    kind: 'upsert',
    fields,
    lookup: Object.keys(fields).length > 0 ? 'matched' : 'no-match',
  });

  describe('suggested contacts', () => {
    const people = [
      { vendorId: '9001', companyVendorId: '501', firstName: 'Grace', lastName: 'Hopper', title: 'VP Engineering', score: 95 },
      { vendorId: '9002', companyVendorId: '502', firstName: 'Alan', lastName: 'Turing', title: 'CTO', score: 90 },
    ];
    let searches: string[][];
    let failSearch: Error | undefined;
    let reviews: MemoryReviews;
    beforeEach(() => {
      searches = [];
      failSearch = undefined;
      reviews = new MemoryReviews();
      d.plan = { ...d.plan, enrichers: { zoominfo: { staleAfterDays: 90, dailyCredits: 1_000, suggestContacts: { perAccount: 3 } } } };
      d.suggestions = { reviews, declined: new MemoryDeclined(), state: new MemoryState() };
      d.enricher.suggestContacts = async (ids) => {
        searches.push([...ids]);
        if (failSearch) throw failSearch;
        return people.filter((p) => ids.includes(p.companyVendorId));
      };
      d.enricher.answer = (input) => (input.name === 'Company c3' ? { status: 'no-match' } : { status: 'matched', fields: { id: input.name === 'Company c1' ? 501 : 502, name: String(input.name), industry: 'Biotechnology' } });
    });

    it("holds the people the vendor names at the chunk's matched accounts for review, with one search, and says so", async () => {
      await selected('c1', 'c2', 'c3');

      const status = await lookupChunk(d, RUN, 0);

      expect(searches).toEqual([['501', '502']]);
      expect((await reviews.list()).map((r) => [r.id, r.entityId])).toEqual([
        ['suggestion#zoominfo:9001', 'c1'],
        ['suggestion#zoominfo:9002', 'c2'],
      ]);
      expect(status.summary).toBe('chunk 0: 2 matched, 1 no match, 0 failed, 0 over the credit cap, 2 contacts suggested for review');
      expect((await d.runs.getChunk(RUN, 0))?.suggested).toBe(2);
      expect((await summarizeRun(d, RUN, [0])).text).toContain('; 2 new contacts suggested for review');
    });

    it('a search that fails for now fails the chunk for a retry, which sends the saved answers and holds each person once', async () => {
      await selected('c1', 'c2');
      failSearch = new RetryableError('ZoomInfo answered 503');

      await expect(lookupChunk(d, RUN, 0)).rejects.toThrow(RetryableError);
      failSearch = undefined;
      await lookupChunk(d, RUN, 0);

      expect(d.enricher.calls).toHaveLength(1);
      expect(await reviews.list()).toHaveLength(2);
    });

    it('a search the vendor refuses leaves the lookups done and says why in the summary', async () => {
      await selected('c1');
      failSearch = new PermanentError('INVALID_INPUT', "Input parameter 'managementLevel' is invalid");

      const status = await lookupChunk(d, RUN, 0);

      expect(status.summary).toBe("chunk 0: 1 matched, 0 no match, 0 failed, 0 over the credit cap; contact suggestions refused by zoominfo: Input parameter 'managementLevel' is invalid");
      expect((await d.runs.getChunk(RUN, 0))?.status).toBe('done');
      expect(await reviews.list()).toEqual([]);
    });
  });

  it("asks the vendor once for the chunk's records and sends one change per answer: the vendor's fields for a match, none for a no-match", async () => {
    await selected('c1', 'c2', 'c3');
    const firmographics = { industry: 'Biotechnology', employeeCount: 1200, revenue: 95_000_000 };
    d.enricher.answer = (input) =>
      input.name === 'Company c1' ? { status: 'matched', fields: firmographics } : input.name === 'Company c2' ? { status: 'no-match', reason: 'CONTACT_MATCH' } : { status: 'failed', code: 'INVALID_INPUT', message: 'bad', retryable: false };

    const status = await lookupChunk(d, RUN, 0);

    expect(d.enricher.calls).toEqual([{ kind: 'company', inputs: [inputOf('c1'), inputOf('c2'), inputOf('c3')] }]);
    expect(d.queue.events).toEqual([lookupEvent('c1', firmographics), lookupEvent('c2', {})]);
    for (const event of d.queue.events) expect(ChangeEvent.parse(event)).toEqual(event);
    expect(d.credits.takes).toEqual([{ vendor: 'zoominfo', day: TODAY, wanted: 3, cap: 1_000 }]);
    // The failed lookup gave its credit back.
    expect(await d.runs.getChunk(RUN, 0)).toEqual(chunk(0, ['c1', 'c2', 'c3'], { status: 'done', credits: 2, lookedUpAt: NOW_ISO, outcomes: { c1: 'matched', c2: 'no-match', c3: 'failed:INVALID_INPUT' } }));
    expect(await d.credits.used('zoominfo', '2026-11-23')).toBe(2);
    expect(status).toEqual({ index: 0, summary: 'chunk 0: 1 matched, 1 no match, 1 failed, 0 over the credit cap' });
  });

  it('asks only about the records still due: not those looked up since, deleted or gone, and takes no credits for them', async () => {
    await selected('c1', 'c2', 'c3', 'c4');
    d.entities.add(company('c2', { lookedUpDaysAgo: 0 }), company('c3', { deleted: true }));
    d.entities.entities.delete('c4');

    await lookupChunk(d, RUN, 0);

    expect(d.enricher.calls).toEqual([{ kind: 'company', inputs: [inputOf('c1')] }]);
    expect(d.credits.takes.map((t) => t.wanted)).toEqual([1]);
    expect(d.queue.events.map((e) => e.sourceId)).toEqual(['c1']);
    expect(await d.runs.getChunk(RUN, 0)).toMatchObject({ status: 'done', credits: 1, outcomes: { c1: 'matched', c2: 'not-due', c3: 'deleted', c4: 'gone' } });
  });

  it('does not call the vendor when none of the records is due any more', async () => {
    await selected('c1');
    d.entities.add(company('c1', { lookedUpDaysAgo: 0 }));

    expect(await lookupChunk(d, RUN, 0)).toEqual({ index: 0, summary: 'chunk 0: 0 matched, 0 no match, 0 failed, 0 over the credit cap' });
    expect(d.enricher.calls).toEqual([]);
    expect(d.queue.events).toEqual([]);
  });

  it('takes its credits once: a retry after the vendor threw takes none and asks again, because no answers were saved', async () => {
    await selected('c1', 'c2');
    d.enricher.failNext = new RetryableError('ZoomInfo answered 503');

    await expect(lookupChunk(d, RUN, 0)).rejects.toThrow('ZoomInfo answered 503');
    expect(await d.runs.getChunk(RUN, 0)).toEqual(chunk(0, ['c1', 'c2'], { credits: 2 }));
    expect(d.queue.attempts).toEqual([]);
    await lookupChunk(d, RUN, 0);

    expect(d.enricher.calls.map((c) => c.inputs)).toEqual([
      [inputOf('c1'), inputOf('c2')],
      [inputOf('c1'), inputOf('c2')],
    ]);
    expect(d.credits.takes).toHaveLength(1);
    expect(await d.credits.used('zoominfo', TODAY)).toBe(2);
    expect(d.queue.events.map((e) => e.sourceId)).toEqual(['c1', 'c2']);
    expect((await d.runs.getChunk(RUN, 0))?.status).toBe('done');
  });

  it('sends the saved answers again without asking the vendor when the enqueue threw, with the same event ids and time', async () => {
    await selected('c1', 'c2');
    d.queue.failNext = new RetryableError('the queue is unavailable');

    await expect(lookupChunk(d, RUN, 0)).rejects.toThrow('the queue is unavailable');
    expect((await d.runs.getChunk(RUN, 0))?.answers).toEqual({ c1: expect.any(Object), c2: expect.any(Object) });
    d.clock.now += 60_000;
    await lookupChunk(d, RUN, 0);

    expect(d.enricher.calls).toHaveLength(1);
    expect(d.credits.takes).toHaveLength(1);
    expect(d.queue.attempts).toHaveLength(2);
    expect(d.queue.attempts[1]).toEqual(d.queue.attempts[0]);
    expect(d.queue.events.map((e) => [e.eventId, e.occurredAt])).toEqual([
      [`lookup:${RUN}:c1`, NOW_ISO],
      [`lookup:${RUN}:c2`, NOW_ISO],
    ]);
    const done = await d.runs.getChunk(RUN, 0);
    expect(done).toMatchObject({ status: 'done', credits: 2, outcomes: { c1: 'matched', c2: 'matched' } });
    expect(done?.answers).toBeUndefined();
  });

  it('asks only about as many records as the ledger granted and marks the rest as over the credit cap', async () => {
    d = fixture({ dailyCredits: 5 });
    await selected('c1', 'c2', 'c3');
    // The processor's own lookups spend three credits between the selection and the chunk.
    await d.credits.take('zoominfo', TODAY, 3, 5);

    const status = await lookupChunk(d, RUN, 0);

    expect(d.enricher.calls).toEqual([{ kind: 'company', inputs: [inputOf('c1'), inputOf('c2')] }]);
    expect(d.queue.events.map((e) => e.sourceId)).toEqual(['c1', 'c2']);
    expect(await d.runs.getChunk(RUN, 0)).toMatchObject({ status: 'done', credits: 2, outcomes: { c1: 'matched', c2: 'matched', c3: 'credit-cap' } });
    expect(status.summary).toBe('chunk 0: 2 matched, 0 no match, 0 failed, 1 over the credit cap');
  });

  it('records a change the queue refused as failed with the refusal code, and finishes the chunk', async () => {
    await selected('c1', 'c2');
    d.queue.refuse = (event) => (event.sourceId === 'c2' ? QueueRefusal.TooLarge : undefined);

    const status = await lookupChunk(d, RUN, 0);

    expect(d.queue.events.map((e) => e.sourceId)).toEqual(['c1']);
    expect(await d.runs.getChunk(RUN, 0)).toMatchObject({ status: 'done', outcomes: { c1: 'matched', c2: 'failed:MESSAGE_TOO_LARGE' } });
    expect(status.summary).toBe('chunk 0: 1 matched, 0 no match, 1 failed, 0 over the credit cap');
  });

  it('answers a done chunk at once, without a lookup, a credit or a change', async () => {
    await selected('c1');
    await lookupChunk(d, RUN, 0);

    expect(await lookupChunk(d, RUN, 0)).toEqual({ index: 0, summary: 'chunk 0 was done before' });
    expect(d.enricher.calls).toHaveLength(1);
    expect(d.credits.takes).toHaveLength(1);
    expect(d.queue.attempts).toHaveLength(1);
  });

  it('rejects a chunk the run does not have', async () => {
    await expect(lookupChunk(d, RUN, 7)).rejects.toThrow(RunInputError);
  });
});

describe('failChunk', () => {
  let d: Fixture;
  beforeEach(async () => {
    d = fixture();
    await d.runs.putChunk(chunk(0, ['c1', 'c2'], { credits: 2 }));
  });

  it("records the chunk as failed with the error's name and the Lambda cause's errorMessage, giving back the credits ZoomInfo never answered for", async () => {
    const cause = JSON.stringify({ errorType: 'RetryableError', errorMessage: 'ZoomInfo answered 503', trace: ['at enrich (zoominfo.ts:1)'] });
    await d.credits.take('zoominfo', '2026-11-23', 2, 10);

    const status = await failChunk(d, RUN, 0, { Error: 'RetryableError', Cause: cause });

    expect(status).toEqual({ index: 0, summary: 'chunk 0 failed: RetryableError: ZoomInfo answered 503' });
    expect(await d.runs.getChunk(RUN, 0)).toEqual(chunk(0, ['c1', 'c2'], { status: 'failed', error: 'RetryableError: ZoomInfo answered 503' }));
    expect(await d.credits.used('zoominfo', '2026-11-23')).toBe(0);
    expect(d.metrics.of(MetricName.EnrichmentChunksFailed)).toBe(1);
  });

  it('keeps a cause that is not a Lambda error as it is', async () => {
    await failChunk(d, RUN, 0, { Error: 'States.Timeout', Cause: 'the task timed out' });
    expect((await d.runs.getChunk(RUN, 0))?.error).toBe('States.Timeout: the task timed out');

    await failChunk(d, RUN, 0, { Error: 'States.TaskFailed', Cause: '{"errorType":"Error"}' });
    expect((await d.runs.getChunk(RUN, 0))?.error).toBe('States.TaskFailed: {"errorType":"Error"}');

    await failChunk(d, RUN, 0, {});
    expect((await d.runs.getChunk(RUN, 0))?.error).toBe('Error: no cause given');
  });

  it('is resumed by the next start that day from its saved answers, without asking the vendor again', async () => {
    d.entities.add(company('c1'), company('c2'));
    d.runs.stored.clear();
    await selectDue(d);
    d.queue.failNext = new RetryableError('the queue is unavailable');
    await expect(lookupChunk(d, RUN, 0)).rejects.toThrow();
    await failChunk(d, RUN, 0, { Error: 'RetryableError', Cause: JSON.stringify({ errorMessage: 'the queue is unavailable' }) });

    expect((await selectDue(d)).chunks).toEqual([0]);
    await lookupChunk(d, RUN, 0);

    expect(d.enricher.calls).toHaveLength(1);
    expect(d.credits.takes).toHaveLength(1);
    expect(d.queue.events.map((e) => e.sourceId)).toEqual(['c1', 'c2']);
  });

  it('rejects a chunk the run does not have', async () => {
    await expect(failChunk(d, RUN, 3, { Error: 'Error' })).rejects.toThrow(RunInputError);
  });
});

describe('summarizeRun', () => {
  it("adds up the chunks' outcomes, counting the unanswered records of failed chunks as failed, and saves the run finished", async () => {
    const d = fixture();
    await d.runs.putRun({ runId: RUN, day: TODAY, chunks: 3, startedAt: '2026-11-23T02:00:00.000Z' });
    await d.runs.putChunk(chunk(0, ['a', 'b', 'c', 'd', 'e', 'f'], { status: 'done', credits: 4, outcomes: { a: 'matched', b: 'no-match', c: 'failed:INVALID_INPUT', d: 'credit-cap', e: 'not-due', f: 'failed:MESSAGE_TOO_LARGE' } }));
    await d.runs.putChunk(chunk(1, ['g', 'h', 'i'], { status: 'failed', credits: 3, error: 'RetryableError: ZoomInfo answered 503' }));
    await d.runs.putChunk(chunk(2, ['j', 'k'], { status: 'failed', credits: 2, outcomes: { j: 'matched' }, error: 'RetryableError: the queue is unavailable' }));
    d.clock.now += 600_000;

    const summary = await summarizeRun(d, RUN);

    const totals = { selected: 11, lookedUp: 3, enriched: 2, noMatch: 1, failed: 6, capped: 1, creditsUsed: 9, failedChunks: 2, suggested: 0 };
    const text = '11 selected, 3 looked up: 2 matched, 1 no match, 6 failed, 1 left by the credit cap; 9 credits; 2 chunks failed';
    expect(summary).toEqual({ ...totals, text });
    expect(d.runs.runs.get(RUN)).toEqual({ runId: RUN, day: TODAY, chunks: 3, startedAt: '2026-11-23T02:00:00.000Z', finishedAt: '2026-11-23T10:10:00.000Z', summary });
    expect(d.metrics.of(MetricName.EnrichmentRuns)).toBe(1);
  });

  it('sums an empty run to zeros, and saves it under its day', async () => {
    const d = fixture();

    const summary = await summarizeRun(d, RUN);

    expect(summary).toEqual({ selected: 0, lookedUp: 0, enriched: 0, noMatch: 0, failed: 0, capped: 0, creditsUsed: 0, failedChunks: 0, suggested: 0, text: '0 selected, 0 looked up: 0 matched, 0 no match, 0 failed, 0 left by the credit cap; 0 credits; 0 chunks failed' });
    expect(d.runs.runs.get(RUN)).toEqual({ runId: RUN, day: TODAY, chunks: 0, startedAt: NOW_ISO, finishedAt: NOW_ISO, summary });
  });
});
