import { describe, expect, it } from 'vitest';
import { enrichEntity, type EnrichOutcome } from '#app/enrich-entity';
import { processChange } from '#app/process-change';
import { PermanentError, RetryableError } from '#domain/errors';
import type { ObjectMapping } from '#domain/mapping';
import type { Observation } from '#domain/survivorship';
import type { EnrichInput, EnrichKind, EnrichResult, Enricher } from '#ports/enricher';
import { MetricName } from '#ports/metrics';
import type { EntityState } from '#ports/stores';
import { CountingMetrics, FakeClock } from '#test/support/fakes';
import { processorSetup, shippedPlan } from '#test/support/processor-setup';
import { deepFreeze } from './deep-freeze.ts';

/** A data vendor that answers from a script and remembers what it was asked. */
class ScriptedEnricher implements Enricher {
  readonly name = 'zoominfo';
  readonly objects = { company: 'company', contact: 'person' } as const;
  readonly maxBatch = 25;
  readonly asked: { kind: EnrichKind; inputs: readonly EnrichInput[] }[] = [];
  constructor(public answer: () => Promise<EnrichResult>) {}
  async enrich(kind: EnrichKind, inputs: readonly EnrichInput[]): Promise<EnrichResult[]> {
    this.asked.push({ kind, inputs });
    return [await this.answer()];
  }
}

const DAY = 86_400_000;
const plan = shippedPlan(['hubspot', 'salesforce', 'zoominfo']);
const company = plan.objects['company']!;
const firmographics = (): Promise<EnrichResult> => Promise.resolve({ status: 'matched', fields: { industry: 'Biotechnology', employeeCount: 1200, revenue: 95_000_000, name: 'CONTOSO INC' } });
const seen = (value: string, source = 'salesforce'): Observation => ({ value, source, observedAt: 1, eventId: 'x' });
const account = (): EntityState => ({ entityId: 'salesforce:Account:001A', object: 'company', golden: { fields: { name: seen('Contoso'), website: seen('contoso.example') }, version: 1 }, links: {}, written: {}, version: 1 });

function deps(enricher: Enricher, staleAfterDays = 90) {
  return { plan: { enrichers: { zoominfo: { staleAfterDays, dailyCredits: 1_000 } } }, enrichers: { zoominfo: enricher }, metrics: new CountingMetrics(), clock: new FakeClock() };
}

/** Enriches `state` as the processor does: the decision is applied to the entity, which the next lookup then sees. */
async function enrich(d: Parameters<typeof enrichEntity>[0], mapping: ObjectMapping, state: EntityState, eventId: string): Promise<Record<string, EnrichOutcome>> {
  const decision = await enrichEntity(d, mapping, state, eventId);
  Object.assign(state, { golden: decision.golden }, decision.enriched && { enriched: decision.enriched });
  return decision.outcomes;
}

/** The day's credits, as the shared ledger counts them. */
class DayCredits {
  used = 0;
  constructor(readonly cap: number) {}
  async take(_vendor: string, _day: string, wanted: number, cap: number) {
    const granted = Math.max(0, Math.min(wanted, cap - this.used));
    this.used += granted;
    return { granted, used: this.used, cap };
  }
  async giveBack(_vendor: string, _day: string, credits: number) {
    this.used = Math.max(0, this.used - credits);
  }
}

describe('enrichEntity', () => {
  it("spends one of the day's credits per lookup, none for a lookup that failed, and none past the cap", async () => {
    const credits = new DayCredits(1);
    let answer: () => Promise<EnrichResult> = () => Promise.reject(new RetryableError('ZoomInfo answered 503'));
    const enricher = new ScriptedEnricher(() => answer());
    const d = { ...deps(enricher), plan: { enrichers: { zoominfo: { staleAfterDays: 90, dailyCredits: 1 } } }, credits: { ...credits, take: credits.take.bind(credits), giveBack: credits.giveBack.bind(credits), used: async () => credits.used } };

    expect(await enrich(d, company, account(), 'e1')).toEqual({ zoominfo: 'failed:VENDOR_UNAVAILABLE' });
    expect(credits.used).toBe(0);
    answer = firmographics;
    expect(await enrich(d, company, account(), 'e2')).toEqual({ zoominfo: 'enriched' });
    expect(credits.used).toBe(1);
    expect(await enrich(d, company, account(), 'e3')).toEqual({ zoominfo: 'credit-cap' });
    expect(enricher.asked).toHaveLength(2);
  });

  it("looks a new company up by its name and domain, takes ZoomInfo's firmographics but never its name, and stamps the lookup", async () => {
    const enricher = new ScriptedEnricher(firmographics);
    const d = deps(enricher);
    const state = account();

    expect(await enrich(d, company, state, 'e1')).toEqual({ zoominfo: 'enriched' });
    expect(enricher.asked).toEqual([{ kind: 'company', inputs: [{ name: 'Contoso', domain: 'contoso.example' }] }]);
    expect(Object.fromEntries(Object.entries(state.golden.fields).map(([k, o]) => [k, [o.value, o.source]]))).toEqual({
      name: ['Contoso', 'salesforce'],
      website: ['contoso.example', 'salesforce'],
      industry: ['Biotechnology', 'zoominfo'],
      employees: [1200, 'zoominfo'],
      annualRevenue: [95_000_000, 'zoominfo'],
    });
    expect(state.enriched).toEqual({ zoominfo: '2026-11-23T10:00:00.000Z' });
    expect(d.metrics.of(MetricName.RecordsEnriched)).toBe(1);
  });

  it('returns the golden record and lookup stamps it decided, leaving the entity as it was', async () => {
    const state = deepFreeze(account());

    const decision = await enrichEntity(deps(new ScriptedEnricher(firmographics)), company, state, 'e1');

    expect(decision.outcomes).toEqual({ zoominfo: 'enriched' });
    expect(decision.golden.fields['industry']).toMatchObject({ value: 'Biotechnology', source: 'zoominfo', eventId: 'zoominfo:e1' });
    expect(decision.golden.fields['name']).toBe(state.golden.fields['name']);
    expect(decision.enriched).toEqual({ zoominfo: '2026-11-23T10:00:00.000Z' });
    expect(state.golden.fields['industry']).toBeUndefined();
  });

  it('asks again only once the last lookup is staleAfterDays old', async () => {
    const enricher = new ScriptedEnricher(firmographics);
    const d = deps(enricher, 30);
    const state = account();
    await enrich(d, company, state, 'e1');
    d.clock.now += 29 * DAY;
    expect(await enrich(d, company, state, 'e2')).toEqual({ zoominfo: 'not-due' });
    d.clock.now += DAY;
    expect(await enrich(d, company, state, 'e3')).toEqual({ zoominfo: 'enriched' });
    expect(enricher.asked).toHaveLength(2);
  });

  it('stamps a no-match (no lookup per change for a company ZoomInfo does not know), and counts it', async () => {
    const enricher = new ScriptedEnricher(() => Promise.resolve({ status: 'no-match', reason: 'CONTACT_MATCH' }));
    const d = deps(enricher);
    const state = account();
    expect(await enrich(d, company, state, 'e1')).toEqual({ zoominfo: 'no-match' });
    expect(await enrich(d, company, state, 'e2')).toEqual({ zoominfo: 'not-due' });
    expect(state.golden.fields['industry']).toBeUndefined();
    expect(d.metrics.of(MetricName.EnrichmentNoMatch)).toBe(1);
  });

  it('counts a failed or thrown lookup by its code, leaves the record as it was and unstamped, so the next change asks again', async () => {
    const failures: Array<[() => Promise<EnrichResult>, string]> = [
      [() => Promise.reject(new RetryableError('ZoomInfo answered 503')), 'failed:VENDOR_UNAVAILABLE'],
      [() => Promise.reject(new PermanentError('BAD_CREDENTIALS', 'ZoomInfo refused the API user')), 'failed:BAD_CREDENTIALS'],
      [() => Promise.resolve({ status: 'failed', code: 'QUOTA_EXHAUSTED', message: 'credits used up', retryable: false }), 'failed:QUOTA_EXHAUSTED'],
    ];
    for (const [answer, outcome] of failures) {
      const d = deps(new ScriptedEnricher(answer));
      const state = account();
      const before = structuredClone(state);
      expect(await enrich(d, company, state, 'e1')).toEqual({ zoominfo: outcome });
      expect(state).toEqual(before);
      expect(d.metrics.of(MetricName.EnrichmentFailures)).toBe(1);
    }
  });

  it('stamps nothing when the vendor could not ask (too little to look up by), so a record that gains an e-mail is looked up', async () => {
    const enricher = new ScriptedEnricher(() => Promise.resolve({ status: 'not-asked', reason: 'INSUFFICIENT_INPUT' }));
    const d = deps(enricher);
    const state = account();
    expect(await enrich(d, company, state, 'e1')).toEqual({ zoominfo: 'no-input' });
    expect(state.enriched).toBeUndefined();
    expect(d.metrics.of(MetricName.EnrichmentNoMatch)).toBe(0);
  });

  it('does not look a person up when nothing could be filled (title, phone and LinkedIn URL set), and does once one is blank', async () => {
    const enricher = new ScriptedEnricher(() => Promise.resolve({ status: 'matched', fields: { jobTitle: 'VP of Sales' } }));
    const person = plan.objects['person']!;
    const titled: EntityState = { entityId: 'hubspot:contacts:1', object: 'person', golden: { fields: { email: seen('ada@example.com', 'hubspot'), title: seen('CTO', 'hubspot'), phone: seen('+14155550100', 'hubspot'), linkedinUrl: seen('https://www.linkedin.com/in/ada') }, version: 1 }, links: {}, written: {}, version: 1 };
    expect(await enrich(deps(enricher), person, titled, 'e1')).toEqual({ zoominfo: 'nothing-to-fill' });
    const untitled: EntityState = { ...titled, golden: { fields: { email: seen('ada@example.com', 'hubspot') }, version: 1 } };
    expect(await enrich(deps(enricher), person, untitled, 'e2')).toEqual({ zoominfo: 'enriched' });
    expect(enricher.asked).toHaveLength(1);
    expect(untitled.golden.fields['title']).toMatchObject({ value: 'VP of Sales', source: 'zoominfo' });
  });

  it('asks nothing without lookup keys, for an object the vendor does not map, or when the contract does not enable it', async () => {
    const enricher = new ScriptedEnricher(firmographics);
    const nameless: EntityState = { ...account(), golden: { fields: {}, version: 1 } };
    expect(await enrich(deps(enricher), company, nameless, 'e1')).toEqual({ zoominfo: 'no-input' });
    expect(await enrich(deps(enricher), plan.objects['deal']!, account(), 'e1')).toEqual({});
    expect(await enrich({ ...deps(enricher), plan: { enrichers: {} } }, company, account(), 'e1')).toEqual({});
    expect(enricher.asked).toHaveLength(0);
  });
});

describe('processChange with an enricher', () => {
  it("writes a new person's ZoomInfo title to Salesforce with the rest and back to the blank HubSpot field, and stores the lookup with the entity", async () => {
    const { deps: base, hubspotRecords, salesforce, hubspot, state } = processorSetup({ enable: ['hubspot', 'salesforce', 'zoominfo'] });
    hubspot.records.set('101', { Id: '101' }); // the HubSpot contact itself, as its writer sees it
    const enricher = new ScriptedEnricher(() => Promise.resolve({ status: 'matched', fields: { jobTitle: 'VP of Sales', firstName: 'Adah' } }));
    hubspotRecords.records.set('101', { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' });

    await processChange({ ...base, enrichers: { zoominfo: enricher } }, { source: 'hubspot', objectType: 'contacts', sourceId: '101', eventId: 'e1', occurredAt: '2026-11-23T09:00:00Z', kind: 'upsert', fields: {} });

    expect(enricher.asked).toEqual([{ kind: 'person', inputs: [{ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }] }]);
    expect(salesforce.calls[0]?.records[0]?.fields).toMatchObject({ FirstName: 'Ada', Title: 'VP of Sales' });
    // The title goes back in the same update as the Contact's id (the link the HubSpot contact did not hold).
    expect(hubspot.updates).toEqual([{ objectType: 'contacts', records: [{ id: '101', fields: { jobtitle: 'VP of Sales', syncline_salesforce_id: '003000000000000001' } }] }]);
    expect((await state.getEntity('hubspot:contacts:101'))?.enriched).toEqual({ zoominfo: '2026-11-23T10:00:00.000Z' });
  });

  it('counts a failed lookup even when the change it was made for fails afterwards and runs again', async () => {
    const { deps: base, hubspotRecords, salesforce, metrics } = processorSetup({ enable: ['hubspot', 'salesforce', 'zoominfo'] });
    const enricher = new ScriptedEnricher(() => Promise.reject(new RetryableError('ZoomInfo answered 503')));
    hubspotRecords.records.set('101', { email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' });
    salesforce.nextResult = { ok: false, code: 'UNABLE_TO_LOCK_ROW', message: 'locked', retryable: true };
    const change = { source: 'hubspot', objectType: 'contacts', sourceId: '101', eventId: 'e1', occurredAt: '2026-11-23T09:00:00Z', kind: 'upsert' as const, fields: {} };

    await expect(processChange({ ...base, enrichers: { zoominfo: enricher } }, change)).rejects.toBeInstanceOf(RetryableError);

    expect(metrics.of(MetricName.EnrichmentFailures)).toBe(1);
    expect(metrics.of(MetricName.RecordsWritten)).toBe(0);
  });
});
