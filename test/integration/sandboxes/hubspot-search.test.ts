import { Client } from '@hubspot/api-client';
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/models/Filter';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHubspotSandbox, type HubspotSandbox } from '#local/sandboxes/index';
import { call } from './support.ts';

const TOKEN = 'pat-search-token';
const auth = { authorization: `Bearer ${TOKEN}` };
const op = (o: string): FilterOperatorEnum => o as FilterOperatorEnum;

interface Stored {
  id: string;
  archived: boolean;
  properties: Record<string, string>;
}

interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  highValue?: string;
  values?: string[];
}

describe('HubSpot sandbox CRM search', () => {
  let sandbox: HubspotSandbox;
  let client: Client;
  let contacts: Stored[];

  const search = async (type: string, body: Record<string, unknown>) => call(sandbox.url, `/crm/v3/objects/${type}/search`, { method: 'POST', headers: auth, body });
  const idsOf = (json: unknown): string[] => (json as { results: Array<{ id: string }> }).results.map((r) => r.id).sort();
  const expected = (keep: (p: Record<string, string>) => boolean): string[] => contacts.filter((c) => !c.archived && keep(c.properties)).map((c) => c.id).sort();

  beforeAll(async () => {
    // Search sees each write at once here; the lag has tests of its own (hubspot-portal-fidelity).
    sandbox = await startHubspotSandbox({ clientSecret: 'secret', accessToken: TOKEN, searchRateLimitPerSecond: 1000, searchLagMs: 0, searchUpdateLagMs: 0 });
    client = new Client({ accessToken: TOKEN, basePath: sandbox.url });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    contacts = ((await call(sandbox.url, '/__sandbox/records/contacts')).json as { records: Stored[] }).records;
  });

  const score = (p: Record<string, string>): number => Number(p['hubspotscore']);
  // Each case: a filter and the same predicate written independently of the sandbox (numbers compare as numbers).
  const cases: Array<[string, Filter, (p: Record<string, string>) => boolean]> = [
    ['EQ', { propertyName: 'hubspotscore', operator: 'EQ', value: '13' }, (p) => score(p) === 13],
    ['NEQ', { propertyName: 'lifecyclestage', operator: 'NEQ', value: 'lead' }, (p) => p['lifecyclestage'] !== 'lead'],
    ['LT', { propertyName: 'hubspotscore', operator: 'LT', value: '9' }, (p) => score(p) < 9],
    ['LTE', { propertyName: 'hubspotscore', operator: 'LTE', value: '39' }, (p) => score(p) <= 39],
    ['GT', { propertyName: 'hubspotscore', operator: 'GT', value: '50' }, (p) => score(p) > 50],
    ['GTE', { propertyName: 'hubspotscore', operator: 'GTE', value: '91' }, (p) => score(p) >= 91],
    ['BETWEEN', { propertyName: 'hubspotscore', operator: 'BETWEEN', value: '20', highValue: '60' }, (p) => score(p) >= 20 && score(p) <= 60],
    ['IN', { propertyName: 'lifecyclestage', operator: 'IN', values: ['lead', 'customer'] }, (p) => ['lead', 'customer'].includes(p['lifecyclestage'] ?? '')],
    ['NOT_IN', { propertyName: 'lifecyclestage', operator: 'NOT_IN', values: ['lead', 'customer'] }, (p) => !['lead', 'customer'].includes(p['lifecyclestage'] ?? '')],
    ['HAS_PROPERTY', { propertyName: 'phone', operator: 'HAS_PROPERTY' }, (p) => !!p['phone']],
    ['NOT_HAS_PROPERTY', { propertyName: 'phone', operator: 'NOT_HAS_PROPERTY' }, (p) => !p['phone']],
    ['CONTAINS_TOKEN', { propertyName: 'firstname', operator: 'CONTAINS_TOKEN', value: 'ada' }, (p) => (p['firstname'] ?? '').toLowerCase() === 'ada'],
    ['NOT_CONTAINS_TOKEN', { propertyName: 'firstname', operator: 'NOT_CONTAINS_TOKEN', value: 'ada' }, (p) => (p['firstname'] ?? '').toLowerCase() !== 'ada'],
  ];

  it.each(cases)('applies %s', async (_name, filter, keep) => {
    const { status, json } = await search('contacts', { filterGroups: [{ filters: [filter] }], limit: 200 });
    const want = expected(keep);
    expect(status).toBe(200);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(25);
    expect(idsOf(json)).toEqual(want);
    expect((json as { total: number }).total).toBe(want.length);
  });

  it('ANDs filters inside a group and ORs groups', async () => {
    const body = {
      filterGroups: [
        { filters: [{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'lead' }, { propertyName: 'hubspotscore', operator: 'GT', value: '40' }] },
        { filters: [{ propertyName: 'hubspotscore', operator: 'LT', value: '5' }] },
      ],
      limit: 200,
    };
    const { json } = await search('contacts', body);
    expect(idsOf(json)).toEqual(expected((p) => (p['lifecyclestage'] === 'lead' && score(p) > 40) || score(p) < 5));
  });

  it('sorts by SDK string sorts and by documented object sorts alike', async () => {
    const viaSdk = await client.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: ['-hubspotscore'], properties: ['hubspotscore'], limit: 200, after: '0' });
    const viaObject = await search('contacts', { sorts: [{ propertyName: 'hubspotscore', direction: 'DESCENDING' }], properties: ['hubspotscore'], limit: 200 });
    const scores = viaSdk.results.map((r) => Number(r.properties['hubspotscore']));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect((viaObject.json as { results: Array<{ id: string }> }).results.map((r) => r.id)).toEqual(viaSdk.results.map((r) => r.id));
  });

  it('finds companies and deals by hs_lastmodifieddate, contacts by lastmodifieddate', async () => {
    const since = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    await client.crm.companies.basicApi.update('5002', { properties: { industry: 'BIOTECHNOLOGY' } });
    await client.crm.deals.basicApi.update('9003', { properties: { amount: '1' } });
    await client.crm.contacts.basicApi.update('1004', { properties: { jobtitle: 'CEO' } });
    const filter = (propertyName: string) => ({ filterGroups: [{ filters: [{ propertyName, operator: op('GTE'), value: String(since) }] }], sorts: [propertyName], properties: [], limit: 10, after: '0' });
    const companies = await client.crm.companies.searchApi.doSearch(filter('hs_lastmodifieddate'));
    const deals = await client.crm.deals.searchApi.doSearch(filter('hs_lastmodifieddate'));
    const people = await client.crm.contacts.searchApi.doSearch(filter('lastmodifieddate'));
    expect([companies.results.map((r) => r.id), deals.results.map((r) => r.id), people.results.map((r) => r.id)]).toEqual([['5002'], ['9003'], ['1004']]);
    expect(companies.results[0]?.properties).toHaveProperty('hs_lastmodifieddate');
    expect(people.results[0]?.properties).toHaveProperty('lastmodifieddate');
  });

  it('pages with after and stops at the last page', async () => {
    const seen: string[] = [];
    let after: string | undefined = '0';
    while (after !== undefined) {
      const page = await client.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: ['hs_object_id'], properties: [], limit: 10, after });
      seen.push(...page.results.map((r) => r.id));
      after = page.paging?.next?.after;
    }
    expect(seen).toEqual(contacts.map((c) => c.id));
  });

  it('rejects paging past the 10,000th result with 400, however few records match', async () => {
    const last = await search('contacts', { limit: 100, after: '9900' });
    const past = await search('contacts', { limit: 100, after: '9901' });
    expect(last.status).toBe(200);
    expect(past.status).toBe(400);
    expect(past.json).toMatchObject({ category: 'VALIDATION_ERROR', message: 'Paging past 10000 results is not allowed; narrow the filters instead.' });
  });

  it('rejects more than 5 filter groups, a limit above 200 and an unknown operator with 400', async () => {
    const group = { filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' }] };
    const answers = await Promise.all([
      search('contacts', { filterGroups: Array.from({ length: 6 }, () => group) }),
      search('contacts', { limit: 201 }),
      search('contacts', { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'LIKE', value: 'x' }] }] }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400]);
  });
});

describe('HubSpot sandbox search rate limit', () => {
  it('answers the search past searchRateLimitPerSecond with the secondly 429, leaves other endpoints alone, and the SDK retries it', async () => {
    const sandbox = await startHubspotSandbox({ clientSecret: 'secret', accessToken: TOKEN, searchRateLimitPerSecond: 2, seed: false });
    try {
      const body = { limit: 1 };
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await call(sandbox.url, '/crm/v3/objects/contacts/search', { method: 'POST', headers: auth, body }));
      const list = await call(sandbox.url, '/crm/v3/objects/contacts', { headers: auth });
      expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
      expect(answers[2]?.json).toMatchObject({ status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT' });
      expect(answers.map((a) => a.headers.get('x-hubspot-ratelimit-secondly'))).toEqual(['2', '2', '2']);
      expect(answers.map((a) => a.headers.get('x-hubspot-ratelimit-secondly-remaining'))).toEqual(['1', '0', '0']);
      expect(list.status).toBe(200);
      expect(list.headers.get('x-hubspot-ratelimit-secondly')).toBeNull();

      // The SDK retries this 429 after 1 s × attempt (its retry decorator keys on the message).
      const retrying = new Client({ accessToken: TOKEN, basePath: sandbox.url, numberOfApiCallRetries: 2 });
      await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: false } });
      await retrying.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 1, after: '0' });
      await retrying.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 1, after: '0' });
      const found = await retrying.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 1, after: '0' });
      const calls = ((await call(sandbox.url, '/__sandbox/calls')).json as { calls: Array<{ status: number }> }).calls.map((c) => c.status);
      expect(found.total).toBe(0);
      expect(calls).toEqual([200, 200, 429, 200]);
    } finally {
      await sandbox.close();
    }
  });
});
