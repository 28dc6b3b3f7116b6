import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDay, dealKey, judgeDeals } from '#test/support/overlap-corpus/deal-score';
import { generateOverlap, type OverlapCorpus } from '#test/support/overlap-corpus/generate';
import type { HsDeal } from '#test/support/overlap-corpus/types';
import { loadOverlap } from '#test/support/overlap-corpus/load';
import { duplicatesIn } from '#test/support/overlap-corpus/score';

const BASE = { seed: 7, sharedCompanies: 24, oneSidedCompanies: 12, sharedPeople: 80, oneSidedPeople: 40 } as const;
const WITH_DEALS = { ...BASE, sharedDeals: 16, oneSidedDeals: 8 } as const;
const LARGE = { seed: 11, sharedCompanies: 200, oneSidedCompanies: 100, sharedPeople: 0, oneSidedPeople: 0, sharedDeals: 300, oneSidedDeals: 120 } as const;
const corpora = [
  ['e2e', generateOverlap(WITH_DEALS)],
  ['large', generateOverlap(LARGE)],
] as const;

/** Salesforce stage → HubSpot stage id, as syncline.yaml's `objects.deal.fields.stage` maps them. */
const STAGE_MAP: Readonly<Record<string, string>> = { Qualification: 'qualifiedtobuy', 'Proposal/Price Quote': 'presentationscheduled', 'Negotiation/Review': 'decisionmakerboughtin', 'Closed Won': 'closedwon' };

function dealIndexes(corpus: OverlapCorpus) {
  const opportunities = new Map((corpus.salesforce.opportunities ?? []).map((o) => [o.key, o]));
  const deals = new Map((corpus.hubspot.deals ?? []).map((d) => [d.key, d]));
  const sameCompany = new Set(corpus.truth.companies.map((pair) => pair.join('|')));
  return { opportunities, deals, sameCompany };
}

describe('generateOverlap deals', () => {
  it('leaves a corpus without deals as the same seed gave it before, and draws deals the same for the same seed', () => {
    // Act
    const without = generateOverlap(BASE);
    const withDeals = generateOverlap(WITH_DEALS);

    // Assess
    expect([without.salesforce.opportunities, without.hubspot.deals, without.truth.deals, without.hardNegatives.deals]).toEqual([[], [], [], []]);
    const rest = (c: OverlapCorpus) => JSON.stringify([c.salesforce.accounts, c.salesforce.contacts, c.hubspot.companies, c.hubspot.contacts, c.truth.companies, c.truth.people, c.hardNegatives.companies, c.hardNegatives.people]);
    expect(rest(withDeals)).toBe(rest(without));
    expect(JSON.stringify(generateOverlap(WITH_DEALS))).toBe(JSON.stringify(withDeals));
  });

  it.each(corpora)('holds exactly the deals asked for, each shared company 0 to 2 of the shared ones (%s)', (name) => {
    const options = name === 'e2e' ? WITH_DEALS : LARGE;
    const corpus = generateOverlap(options);
    expect(corpus.salesforce.opportunities).toHaveLength(options.sharedDeals + Math.ceil(options.oneSidedDeals / 2));
    expect(corpus.hubspot.deals).toHaveLength(options.sharedDeals + Math.floor(options.oneSidedDeals / 2));
    expect(corpus.truth.deals).toHaveLength(options.sharedDeals);
    const { opportunities } = dealIndexes(corpus);
    const perAccount = new Map<string, number>();
    for (const [sf] of corpus.truth.deals ?? []) {
      const account = opportunities.get(sf)?.accountKey ?? '';
      perAccount.set(account, (perAccount.get(account) ?? 0) + 1);
    }
    expect(Math.max(...perAccount.values())).toBeLessThanOrEqual(2);
  });

  it.each(corpora)('pairs copies of one deal: the same name but for case and spacing, close date, amount and stage, at one company (%s)', (_, corpus) => {
    const { opportunities, deals, sameCompany } = dealIndexes(corpus);
    for (const [sfKey, hsKey] of corpus.truth.deals ?? []) {
      const [sf, hs] = [opportunities.get(sfKey), deals.get(hsKey)];
      expect(sameCompany.has(`${sf?.accountKey}|${hs?.companyKey}`)).toBe(true);
      expect(dealKey(sf?.Name, '', sf?.CloseDate)).toBe(dealKey(hs?.properties.dealname, '', closeDay(hs?.properties.closedate)));
      expect([Number(hs?.properties.amount), hs?.properties.dealstage, hs?.properties.pipeline]).toEqual([sf?.Amount, STAGE_MAP[sf?.StageName ?? ''], 'default']);
      expect(sf?.Name.endsWith(' - Renewal')).toBe(hs?.properties.dealname.trimEnd().endsWith(' - Renewal'));
    }
    const names = (corpus.truth.deals ?? []).map(([sf, hs]) => [opportunities.get(sf)?.Name, deals.get(hs)?.properties.dealname]);
    expect(names.some(([sf, hs]) => sf !== hs)).toBe(true);
  });

  it.each(corpora)('holds no deal twice on one side, and no one-sided deal the other side holds (%s)', (_, corpus) => {
    const { opportunities, deals } = dealIndexes(corpus);
    const companyOf = new Map(corpus.truth.companies.map(([sf, hs]) => [hs, sf]));
    expect(duplicatesIn([...opportunities.values()], (o) => dealKey(o.Name, o.accountKey, o.CloseDate))).toBe(0);
    expect(duplicatesIn([...deals.values()], (d) => dealKey(d.properties.dealname, d.companyKey, closeDay(d.properties.closedate)))).toBe(0);
    // Every deal of HubSpot, in Salesforce's terms: only the truth's pairs are one deal.
    const asSalesforce = (d: HsDeal) => dealKey(d.properties.dealname, companyOf.get(d.companyKey) ?? d.companyKey, closeDay(d.properties.closedate));
    const paired = new Set((corpus.truth.deals ?? []).flatMap(([sf, hs]) => [sf, hs]));
    const sfKeys = new Set([...opportunities.values()].filter((o) => !paired.has(o.key)).map((o) => dealKey(o.Name, o.accountKey, o.CloseDate)));
    expect([...deals.values()].filter((d) => !paired.has(d.key) && sfKeys.has(asSalesforce(d)))).toEqual([]);
  });

  it.each(corpora)('gives look-alike pairs that are two deals: next year\'s renewal at one account, or one name at two accounts (%s)', (_, corpus) => {
    const { opportunities, deals, sameCompany } = dealIndexes(corpus);
    const truth = new Set((corpus.truth.deals ?? []).map((p) => p.join('|')));
    const kinds = new Set<string>();
    for (const { kind, pair } of corpus.hardNegatives.deals ?? []) {
      const [sf, hs] = [opportunities.get(pair[0]), deals.get(pair[1])];
      kinds.add(kind);
      expect(truth.has(pair.join('|'))).toBe(false);
      expect(sf?.Name).toBe(hs?.properties.dealname);
      const atOneCompany = sameCompany.has(`${sf?.accountKey}|${hs?.companyKey}`);
      const sameDay = sf?.CloseDate === closeDay(hs?.properties.closedate);
      expect([atOneCompany, sameDay]).toEqual(kind === 'other-close-date' ? [true, false] : [false, true]);
    }
    expect([...kinds].sort()).toEqual(['other-account', 'other-close-date']);
  });

  it('rejects more shared deals than two at each shared company, and a size that is not a whole number', () => {
    expect(() => generateOverlap({ ...BASE, sharedDeals: 49 })).toThrow(/shared companies/);
    expect(() => generateOverlap({ ...BASE, oneSidedDeals: -1 })).toThrow(/oneSidedDeals/);
    expect(() => generateOverlap({ ...BASE, sharedDeals: 2.5 })).toThrow(/sharedDeals/);
  });
});

describe('judgeDeals', () => {
  it('counts links held both ways, duplicates, deals without their company and those left unlinked', () => {
    // Prepare: o1/d1 a true pair, o2/d2 linked one way only, o3 a second copy of o1, d3 without a company,
    // o4/d4 linked with the deal under another company than the Opportunity's Account.
    const opportunities = [
      { id: 'o1', name: 'Acme - Renewal', accountId: 'a1', closeDate: '2025-06-30', hubspotId: 'd1' },
      { id: 'o2', name: 'Acme pilot', accountId: 'a1', closeDate: '2025-03-31', hubspotId: 'd2' },
      { id: 'o3', name: 'ACME  - renewal', accountId: 'a1', closeDate: '2025-06-30' },
      { id: 'o4', name: 'Globex - Upsell', accountId: 'a2', closeDate: '2026-01-31', hubspotId: 'd4' },
    ];
    const deals = [
      { id: 'd1', name: 'acme - Renewal ', companyId: 'c1', closeDate: '2025-06-30T00:00:00.000Z', salesforceId: 'o1' },
      { id: 'd2', name: 'Acme pilot', companyId: 'c1', closeDate: '1743379200000' },
      { id: 'd3', name: 'Acme pilot', closeDate: '2025-03-31T00:00:00.000Z' },
      { id: 'd4', name: 'Globex - Upsell', companyId: 'c1', closeDate: '2026-01-31T00:00:00.000Z', salesforceId: 'o4' },
    ];
    const links: [string, string][] = [['a1', 'c1'], ['a2', 'c2']];

    // Act
    const outcome = judgeDeals(opportunities, deals, links, [['o1', 'd1'], ['o2', 'd2']], new Set(['o1', 'o2', 'd1', 'd2']));

    // Assess
    expect(outcome.links).toEqual([['o1', 'd1'], ['o4', 'd4']]);
    expect([outcome.score.truePositives, outcome.score.falsePositives, outcome.score.falseNegatives]).toEqual([1, 0, 1]);
    expect(outcome.duplicates).toEqual({ salesforce: 1, hubspot: 0 });
    expect(outcome.withoutCompany).toEqual({ salesforce: 1, hubspot: 2 });
    expect(outcome.unlinked).toEqual({ salesforce: 2, hubspot: 2 });
  });

  it('reads a HubSpot close date at any time of a day, ISO or epoch ms, as that UTC day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }), (at) => {
        const day = at.toISOString().slice(0, 10);
        expect([closeDay(at.toISOString()), closeDay(String(at.getTime()))]).toEqual([day, day]);
      }),
    );
  });
});

describe('loadOverlap deals', () => {
  const requests: { path: string; records: Record<string, unknown>[] }[] = [];
  let server: Server;
  let url = '';

  beforeAll(async () => {
    let next = 0;
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        const { records } = JSON.parse(text) as { records: Record<string, unknown>[] };
        requests.push({ path: req.url ?? '', records });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ids: records.map(() => `id${next++}`) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('loads Opportunities under the ids their Accounts were given and deals associated with their companies', async () => {
    // Prepare
    const corpus: OverlapCorpus = {
      salesforce: { accounts: [{ key: 'a', Name: 'Acme', Website: 'acme.example', BillingCountry: 'US' }], contacts: [], opportunities: [{ key: 'o', Name: 'Acme - Renewal', StageName: 'Closed Won', CloseDate: '2025-06-30', Amount: 48000, accountKey: 'a' }] },
      hubspot: { companies: [{ key: 'c', properties: { name: 'Acme', domain: 'acme.example' } }], contacts: [], deals: [{ key: 'd', properties: { dealname: 'Acme - Renewal', dealstage: 'closedwon', pipeline: 'default', closedate: '2025-06-30T00:00:00.000Z', amount: '48000' }, companyKey: 'c' }] },
      truth: { companies: [['a', 'c']], people: [], deals: [['o', 'd']] },
      hardNegatives: { companies: [], people: [] },
    };

    // Act
    const ids = await loadOverlap(corpus, { salesforce: url, hubspot: url });

    // Assess
    expect(requests.map((r) => r.path)).toEqual(['/__sandbox/records/Account', '/__sandbox/records/Opportunity', '/__sandbox/records/companies', '/__sandbox/records/deals']);
    expect(requests[1]?.records).toEqual([{ Name: 'Acme - Renewal', StageName: 'Closed Won', CloseDate: '2025-06-30', Amount: 48000, AccountId: 'id0' }]);
    expect(requests[3]?.records).toEqual([{ properties: { dealname: 'Acme - Renewal', dealstage: 'closedwon', pipeline: 'default', closedate: '2025-06-30T00:00:00.000Z', amount: '48000' }, associations: { companies: ['id2'] } }]);
    expect([ids.salesforce.get('o'), ids.hubspot.get('d')]).toEqual(['id1', 'id3']);
  });
});
