import { beforeEach, describe, expect, it } from 'vitest';
import { approveReview, rejectReview } from '#app/decide-review';
import { processChange } from '#app/process-change';
import { suggestContacts, type SuggestDeps } from '#app/suggest-contacts';
import type { ChangeEvent } from '#domain/change-event';
import type { ChangeQueue } from '#ports/change-queue';
import type { CreditGrant, CreditLedger } from '#ports/enrich-runs';
import type { ContactSuggestion, EnrichInput, EnrichKind, EnrichResult, Enricher, SuggestCriteria } from '#ports/enricher';
import { MetricName } from '#ports/metrics';
import { suggestionReviewId, type EntityState } from '#ports/stores';
import { MemoryDeclined, type FakeClock } from '#test/support/fakes';
import { processorSetup } from '#test/support/processor-setup';

/** ZoomInfo's people at its companies, and its answers to a lookup by person id; every call kept. */
class PeopleVendor implements Enricher {
  readonly name = 'zoominfo';
  readonly objects = { company: 'company', contact: 'person' } as const;
  readonly maxBatch = 25;
  readonly searches: { companies: string[]; criteria: SuggestCriteria }[] = [];
  readonly lookups: EnrichInput[] = [];
  people: (ContactSuggestion & { email: string; phone?: string })[] = [
    { vendorId: '9001', companyVendorId: '501', firstName: 'Grace', lastName: 'Hopper', title: 'VP Engineering', score: 95, email: 'grace.hopper@initech.example', phone: '+1 415 555 0101' },
    { vendorId: '9002', companyVendorId: '501', firstName: 'Alan', lastName: 'Turing', title: 'CTO', score: 90, email: 'alan.turing@initech.example' },
    { vendorId: '9003', companyVendorId: '777', firstName: 'Ada', lastName: 'Lovelace', title: 'CEO', score: 99, email: 'ada@elsewhere.example' },
  ];
  async enrich(_kind: EnrichKind, inputs: readonly EnrichInput[]): Promise<EnrichResult[]> {
    this.lookups.push(...inputs);
    return inputs.map((input) => {
      const p = this.people.find((x) => x.vendorId === input.vendorId);
      return p ? { status: 'matched', fields: { id: Number(p.vendorId), firstName: p.firstName, lastName: p.lastName, email: p.email, jobTitle: p.title ?? '', ...(p.phone && { phone: p.phone }) } } : { status: 'no-match', reason: 'NO_MATCH' };
    });
  }
  async suggestContacts(companies: readonly string[], criteria: SuggestCriteria) {
    this.searches.push({ companies: [...companies], criteria });
    return this.people.filter((p) => companies.includes(p.companyVendorId));
  }
}

class Credits implements CreditLedger {
  used_ = 0;
  constructor(public cap = 1000) {}
  async take(_vendor: string, _day: string, wanted: number, cap: number): Promise<CreditGrant> {
    const granted = Math.max(0, Math.min(wanted, Math.min(cap, this.cap) - this.used_));
    this.used_ += granted;
    return { granted, used: this.used_, cap };
  }
  async giveBack(_vendor: string, _day: string, credits: number) {
    this.used_ -= credits;
  }
  async used() {
    return this.used_;
  }
}

class Queue implements ChangeQueue {
  readonly events: ChangeEvent[] = [];
  async enqueue(events: readonly ChangeEvent[]) {
    this.events.push(...events);
    return { refused: [] };
  }
}

const observed = (value: string) => ({ value, source: 'salesforce', observedAt: Date.parse('2026-11-01T00:00:00Z'), eventId: 'seed' });

/** Initech, linked in both CRMs, as the company lookup matched it (ZoomInfo company 501). */
const ACCOUNT: EntityState = {
  entityId: 'salesforce:Account:001A',
  object: 'company',
  golden: { fields: { name: observed('Initech'), domain: observed('initech.example') }, version: 1 },
  links: { salesforce: 'Account:001A', hubspot: 'companies:77' },
  written: {},
  version: 0,
};
const MATCHED = [{ entityId: ACCOUNT.entityId, answer: { id: 501, name: 'Initech' } }];

describe('contacts a data vendor suggests for an account: held for review, created only when approved', () => {
  let setup: ReturnType<typeof processorSetup>;
  let vendor: PeopleVendor;
  let credits: Credits;
  let declined: MemoryDeclined;
  let queue: Queue;
  let suggest: SuggestDeps;

  beforeEach(async () => {
    setup = processorSetup({ enable: ['hubspot', 'salesforce', 'zoominfo'] });
    vendor = new PeopleVendor();
    credits = new Credits();
    declined = new MemoryDeclined();
    queue = new Queue();
    Object.assign(setup.deps, { enrichers: { zoominfo: vendor }, credits });
    await setup.state.putEntity(ACCOUNT);
    suggest = { plan: setup.deps.plan, enrichers: { zoominfo: vendor }, reviews: setup.reviews, declined, state: setup.state, metrics: setup.metrics, clock: setup.deps.clock };
  });

  const decide = { get reviews() { return setup.reviews; }, get queue() { return queue; }, get clock() { return setup.deps.clock; }, get declined() { return declined; } };
  /** Approves the review as `syncline review approve` does and runs the decision through the processor. */
  async function approve(id: string) {
    expect((await approveReview(decide, id)).status).toBe('approved');
    const event = queue.events.at(-1);
    if (!event) throw new Error('no decision queued');
    return processChange(setup.deps, event);
  }

  it('holds the people ZoomInfo names at a matched account, by the contract criteria, spending no credit and creating nothing', async () => {
    expect(await suggestContacts(suggest, 'zoominfo', 'company', MATCHED)).toBe(2);

    expect(vendor.searches).toEqual([{ companies: ['501'], criteria: { perAccount: 3, managementLevels: ['C-Level', 'VP-Level', 'Director'], minScore: 80 } }]);
    const held = (await setup.reviews.list()).sort((a, b) => a.id.localeCompare(b.id));
    expect(held.map((r) => [r.id, r.entityId, r.object, r.field, r.proposed.value])).toEqual([
      ['suggestion#zoominfo:9001', ACCOUNT.entityId, 'person', 'new-contact', 'Grace Hopper, VP Engineering'],
      ['suggestion#zoominfo:9002', ACCOUNT.entityId, 'person', 'new-contact', 'Alan Turing, CTO'],
    ]);
    expect(held[0]?.suggestion).toMatchObject({ provider: 'zoominfo', providerObject: 'contact', vendorId: '9001', reference: 'account', accountName: 'Initech', score: 95 });
    expect(credits.used_).toBe(0);
    expect(vendor.lookups).toEqual([]);
    expect(setup.salesforce.calls).toEqual([]);
    expect(setup.metrics.counts.get(MetricName.ContactsSuggested)).toBe(2);
  });

  it('holds each person once: one already waiting, one declined, and one Syncline links to that ZoomInfo person are not held again', async () => {
    await suggestContacts(suggest, 'zoominfo', 'company', MATCHED);
    await rejectReview(decide, suggestionReviewId('zoominfo', '9002'));
    expect(await declined.presentOf([suggestionReviewId('zoominfo', '9002')])).toEqual(new Set([suggestionReviewId('zoominfo', '9002')]));
    setup.state.links.set('zoominfo:contact:9003', 'someone');
    vendor.people[2] = { ...vendor.people[2]!, companyVendorId: '501' };

    expect(await suggestContacts(suggest, 'zoominfo', 'company', MATCHED)).toBe(0);
    expect((await setup.reviews.list()).map((r) => r.id)).toEqual([suggestionReviewId('zoominfo', '9001')]);
  });

  it('suggests nothing where the contract asks for no suggestions, or for accounts the lookup did not name', async () => {
    const plan = { ...suggest.plan, enrichers: { zoominfo: { staleAfterDays: 90, dailyCredits: 1000 } } };
    expect(await suggestContacts({ ...suggest, plan }, 'zoominfo', 'company', MATCHED)).toBe(0);
    expect(await suggestContacts(suggest, 'zoominfo', 'company', [{ entityId: ACCOUNT.entityId, answer: { name: 'Initech' } }])).toBe(0);
    expect(vendor.searches).toEqual([]);
  });

  it('an approved suggestion is looked up once (one credit) and created in both CRMs under the account, each write audited', async () => {
    await suggestContacts(suggest, 'zoominfo', 'company', MATCHED);

    const result = await approve(suggestionReviewId('zoominfo', '9001'));

    expect(result, JSON.stringify(result)).toMatchObject({ status: 'synced', suggestion: 'created' });
    expect(vendor.lookups).toEqual([{ vendorId: '9001' }]);
    expect(credits.used_).toBe(1);
    const contact = [...setup.salesforce.records.values()].find((r) => r['Email'] === 'grace.hopper@initech.example');
    expect(contact).toMatchObject({ FirstName: 'Grace', LastName: 'Hopper', Title: 'VP Engineering', AccountId: '001A' });
    const hubspotContact = [...setup.hubspot.records.values()].find((r) => r['email'] === 'grace.hopper@initech.example');
    expect(hubspotContact).toMatchObject({ firstname: 'Grace', lastname: 'Hopper', jobtitle: 'VP Engineering' });
    expect(setup.audit.entries.filter((e) => e.field === 'Email' && e.after === 'grace.hopper@initech.example')).toHaveLength(1);
    expect(await setup.reviews.get(suggestionReviewId('zoominfo', '9001'))).toBeNull();
    expect(await setup.state.entityOf('zoominfo:contact:9001')).toBeDefined();
    expect(setup.metrics.counts.get(MetricName.SuggestionsApplied)).toBe(1);

    // Suggested again later (the account looked up again), the person is known: not held a second time.
    expect(await suggestContacts(suggest, 'zoominfo', 'company', MATCHED)).toBe(0);
  });

  it('a person Syncline already knows by e-mail is enriched, never created twice', async () => {
    // Grace is in Salesforce already, without a phone.
    setup.salesforceRecords.records.set('003G', { Id: '003G', Email: 'grace.hopper@initech.example', FirstName: 'Grace', LastName: 'Hopper', AccountId: '001A', LastModifiedDate: '2026-11-20T10:00:00.000Z' });
    await processChange(setup.deps, { source: 'salesforce', objectType: 'Contact', sourceId: '003G', eventId: 'e1', occurredAt: '2026-11-20T10:00:00.000Z', kind: 'upsert', fields: {} });
    const createdBefore = setup.salesforce.calls.flatMap((c) => c.records).length;
    await suggestContacts(suggest, 'zoominfo', 'company', MATCHED);

    const result = await approve(suggestionReviewId('zoominfo', '9001'));

    expect(result).toMatchObject({ status: 'synced', suggestion: 'known' });
    expect(setup.salesforce.calls.flatMap((c) => c.records).length).toBe(createdBefore);
    const entity = await setup.state.getEntity((await setup.state.entityOf('salesforce:Contact:003G')) ?? '');
    expect(entity?.links['zoominfo']).toBe('contact:9001');
    expect(entity?.golden.fields['phone']?.value).toBe('+1 415 555 0101');
  });

  it('waits, saying why, when the day credits are spent; approved again once they are back, it is created', async () => {
    await suggestContacts(suggest, 'zoominfo', 'company', MATCHED);
    (setup.deps.clock as FakeClock).now += 3_600_000;
    credits.cap = 0;

    expect(await approve(suggestionReviewId('zoominfo', '9001'))).toEqual({ status: 'ignored', reason: 'suggestion-waits' });
    expect((await setup.reviews.get(suggestionReviewId('zoominfo', '9001')))?.note).toMatch(/credits of \d{4}-\d{2}-\d{2} are spent/);
    expect(vendor.lookups).toEqual([]);
    expect(setup.salesforce.calls).toEqual([]);

    credits.cap = 1000;
    (setup.deps.clock as FakeClock).now += 86_400_000;
    expect(await approve(suggestionReviewId('zoominfo', '9001'))).toMatchObject({ status: 'synced', suggestion: 'created' });
  });

  it('a rejected suggestion creates nothing and spends nothing', async () => {
    await suggestContacts(suggest, 'zoominfo', 'company', MATCHED);

    expect(await rejectReview(decide, suggestionReviewId('zoominfo', '9002'))).toEqual({ status: 'rejected', id: suggestionReviewId('zoominfo', '9002') });

    expect(queue.events).toEqual([]);
    expect(await setup.reviews.get(suggestionReviewId('zoominfo', '9002'))).toBeNull();
    expect(vendor.lookups).toEqual([]);
    expect(credits.used_).toBe(0);
  });

  it('an account deleted since is not given a contact: the suggestion closes', async () => {
    await suggestContacts(suggest, 'zoominfo', 'company', MATCHED);
    const stored = await setup.state.getEntity(ACCOUNT.entityId);
    await setup.state.putEntity({ ...stored!, deleted: { by: 'hubspot', at: '2026-11-22T00:00:00.000Z' } });

    expect(await approve(suggestionReviewId('zoominfo', '9001'))).toEqual({ status: 'ignored', reason: 'suggestion-closed' });
    expect(vendor.lookups).toEqual([]);
    expect(await setup.reviews.get(suggestionReviewId('zoominfo', '9001'))).toBeNull();
  });
});
