import { describe, expect, it } from 'vitest';
import { guardEnricher } from '#adapters/vendors/enricher-guard';
import { RetryableError } from '#domain/errors';
import type { EnrichInput, EnrichKind, EnrichResult, Enricher } from '#ports/enricher';

/** A vendor whose answers are scripted per call; it counts the inputs it was asked. */
function vendor(answer: (input: EnrichInput) => EnrichResult | Error) {
  const asked: EnrichInput[] = [];
  const enricher: Enricher = {
    name: 'zoominfo',
    objects: { company: 'company' },
    maxBatch: 25,
    async enrich(_kind: EnrichKind, inputs: readonly EnrichInput[]) {
      asked.push(...inputs);
      const answers = inputs.map(answer);
      const thrown = answers.find((a): a is Error => a instanceof Error);
      if (thrown) throw thrown;
      return answers as EnrichResult[];
    },
  };
  return { enricher, asked };
}

const match = (input: EnrichInput): EnrichResult => ({ status: 'matched', fields: { industry: `for ${input.name ?? '?'}` } });

describe('guardEnricher', () => {
  it('answers the same lookup from memory within the TTL, in input order, asking only for what it lacks', async () => {
    let clock = 0;
    const { enricher, asked } = vendor(match);
    const guarded = guardEnricher(enricher, { cacheTtlMs: 1_000, now: () => clock });

    await guarded.enrich('company', [{ name: 'A' }]);
    const second = await guarded.enrich('company', [{ name: 'B' }, { name: 'A' }]);
    expect(second).toEqual([match({ name: 'B' }), match({ name: 'A' })]);
    expect(asked.map((i) => i.name)).toEqual(['A', 'B']);

    clock = 1_000;
    await guarded.enrich('company', [{ name: 'A' }]);
    expect(asked.map((i) => i.name)).toEqual(['A', 'B', 'A']);
  });

  it('keys on the input, not on the order of its keys, and keeps kinds apart', async () => {
    const { enricher, asked } = vendor(match);
    const guarded = guardEnricher(enricher);
    await guarded.enrich('company', [{ name: 'A', domain: 'a.example' }]);
    await guarded.enrich('company', [{ domain: 'a.example', name: 'A' }]);
    await guarded.enrich('person', [{ domain: 'a.example', name: 'A' }]);
    expect(asked).toHaveLength(2);
  });

  it('leaves the vendor alone for pauseMs after a thrown lookup, answering VENDOR_PAUSED without a call', async () => {
    let clock = 0;
    let down = true;
    const { enricher, asked } = vendor((input) => (down ? new RetryableError('ZoomInfo timed out') : match(input)));
    const guarded = guardEnricher(enricher, { pauseMs: 60_000, now: () => clock });

    await expect(guarded.enrich('company', [{ name: 'A' }])).rejects.toBeInstanceOf(RetryableError);
    down = false;
    clock = 59_999;
    expect(await guarded.enrich('company', [{ name: 'B' }])).toEqual([expect.objectContaining({ status: 'failed', code: 'VENDOR_PAUSED', retryable: true, resumeAt: 60_000 })]);
    expect(asked).toHaveLength(1);
    clock = 60_000;
    expect(await guarded.enrich('company', [{ name: 'B' }])).toEqual([match({ name: 'B' })]);
  });

  it('pauses after a failed answer (credits used up) too, and remembers neither failures nor inputs it could not ask', async () => {
    let clock = 0;
    let answer: EnrichResult = { status: 'failed', code: 'QUOTA_EXHAUSTED', message: 'no credits', retryable: false };
    const { enricher, asked } = vendor(() => answer);
    const guarded = guardEnricher(enricher, { pauseMs: 10, now: () => clock });

    await guarded.enrich('company', [{ name: 'A' }]);
    expect((await guarded.enrich('company', [{ name: 'A' }]))[0]).toMatchObject({ code: 'VENDOR_PAUSED' });
    clock = 10;
    answer = { status: 'not-asked', reason: 'INSUFFICIENT_INPUT' };
    await guarded.enrich('company', [{ name: 'A' }]);
    await guarded.enrich('company', [{ name: 'A' }]);
    expect(asked).toHaveLength(3);
  });

  it('answers an input the vendor left unanswered as failed (NO_RESULT) and pauses, keeping the answers it did get', async () => {
    const clock = 0;
    const asked: EnrichInput[] = [];
    const short: Enricher = { name: 'zoominfo', objects: {}, maxBatch: 25, enrich: async (_kind, inputs) => (asked.push(...inputs), [match(inputs[0]!)]) };
    const guarded = guardEnricher(short, { pauseMs: 10, now: () => clock });

    expect(await guarded.enrich('company', [{ name: 'A' }, { name: 'B' }])).toEqual([match({ name: 'A' }), expect.objectContaining({ status: 'failed', code: 'NO_RESULT' })]);
    expect((await guarded.enrich('company', [{ name: 'B' }]))[0]).toMatchObject({ code: 'VENDOR_PAUSED' });
    expect(await guarded.enrich('company', [{ name: 'A' }])).toEqual([match({ name: 'A' })]);
    expect(asked).toHaveLength(2);
  });

  it('holds at most cacheSize answers, dropping the oldest', async () => {
    const { enricher, asked } = vendor(match);
    const guarded = guardEnricher(enricher, { cacheSize: 2 });
    for (const name of ['A', 'B', 'C', 'C', 'B', 'A']) await guarded.enrich('company', [{ name }]);
    expect(asked.map((i) => i.name)).toEqual(['A', 'B', 'C', 'A']);
  });
});
