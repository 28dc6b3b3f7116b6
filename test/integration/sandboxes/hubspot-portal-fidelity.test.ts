import { Client } from '@hubspot/api-client';
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/models/Filter';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHubspotSandbox, type HubspotSandbox } from '#local/sandboxes/index';
import { hubspotEmailProblem } from '#local/sandboxes/hubspot/email';
import { formatHubspotDateTime, normalizeDateTime, normalizeNumber } from '#local/sandboxes/hubspot/values';
import { call, sdkError, startReceiver, waitFor, type Receiver } from './support.ts';

const TOKEN = 'pat-fidelity-token';
const op = (o: string): FilterOperatorEnum => o as FilterOperatorEnum;
const NEW_YEAR_MS = '1735689600000';

interface Event {
  subscriptionType: string;
  objectId: number;
  propertyName?: string;
  propertyValue?: string;
}

describe('HubSpot sandbox reads, search lag and portal-made changes, through @hubspot/api-client', () => {
  let sandbox: HubspotSandbox;
  let receiver: Receiver;
  let client: Client;

  const events = (): Event[] => receiver.requests.flatMap((r) => JSON.parse(r.body) as Event[]);
  const setLag = (body: Record<string, number>) => call(sandbox.url, '/__sandbox/search-lag', { method: 'POST', body });
  const searchContacts = (propertyName: string, value: string) =>
    client.crm.contacts.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName, operator: op('EQ'), value }] }], sorts: [], properties: ['email', 'firstname'], limit: 10, after: '0' });

  beforeAll(async () => {
    receiver = await startReceiver();
    sandbox = await startHubspotSandbox({
      clientSecret: 'secret',
      accessToken: TOKEN,
      webhookUrl: receiver.url,
      webhookBatchDelayMs: 20,
      searchRateLimitPerSecond: 1000,
      customProperties: { deals: { renewal_date: { type: 'date' } } },
    });
    client = new Client({ accessToken: TOKEN, basePath: sandbox.url });
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
    await setLag({ searchLagMs: 0, searchUpdateLagMs: 0 });
    receiver.requests.length = 0;
  });

  describe('values read back as HubSpot stores them', () => {
    it('shows a datetime written as epoch ms as ISO-8601, a date as YYYY-MM-DD, "7.50" as "7.5" on get, batch read, search and list', async () => {
      // Prepare
      const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'Normalized', amount: '7.50', closedate: NEW_YEAR_MS, renewal_date: NEW_YEAR_MS, pipeline: 'default' }, associations: [] });
      const wanted = ['amount', 'closedate', 'renewal_date'];
      const expected = { amount: '7.5', closedate: '2025-01-01T00:00:00Z', renewal_date: '2025-01-01' };
      // Act
      const got = await client.crm.deals.basicApi.getById(deal.id, wanted);
      const batch = await client.crm.deals.batchApi.read({ inputs: [{ id: deal.id }], properties: wanted, propertiesWithHistory: [] });
      const found = await client.crm.deals.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'dealname', operator: op('EQ'), value: 'Normalized' }] }], sorts: [], properties: wanted, limit: 10, after: '0' });
      const listed = await client.crm.deals.basicApi.getPage(100, undefined, wanted);
      // Assess
      expect(deal.properties).toMatchObject(expected);
      expect(got.properties).toMatchObject(expected);
      expect(batch.results[0]?.properties).toMatchObject(expected);
      expect(found.results[0]?.properties).toMatchObject(expected);
      expect(listed.results.find((r) => r.id === deal.id)?.properties).toMatchObject(expected);
    });

    it('stores "007" as "7", TRUE as "true", and keeps the milliseconds of a datetime that has them', async () => {
      const contact = await client.crm.contacts.basicApi.create({ properties: { email: 'zeros@example.com', hubspotscore: '007', notes_last_updated: '2025-01-01T12:30:00.250+00:00' }, associations: [] });
      const company = await client.crm.companies.basicApi.create({ properties: { name: 'Listed Inc', is_public: 'TRUE', numberofemployees: '120.000' }, associations: [] });
      const readContact = await client.crm.contacts.basicApi.getById(contact.id, ['hubspotscore', 'notes_last_updated']);
      const readCompany = await client.crm.companies.basicApi.getById(company.id, ['is_public', 'numberofemployees']);
      expect(readContact.properties).toMatchObject({ hubspotscore: '7', notes_last_updated: '2025-01-01T12:30:00.250Z' });
      expect(readCompany.properties).toMatchObject({ is_public: 'true', numberofemployees: '120' });
    });

    it('sends the stored value as the webhook propertyValue, and a write of the same value in another form changes nothing', async () => {
      const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'Hooked', amount: '1200.00', closedate: NEW_YEAR_MS }, associations: [] });
      await waitFor(() => events().some((e) => e.objectId === Number(deal.id) && e.propertyName === 'closedate'));
      receiver.requests.length = 0;
      const updated = await client.crm.deals.basicApi.update(deal.id, { properties: { amount: '1200', closedate: '2025-01-01T00:00:00.000Z' } });
      await call(sandbox.url, '/__sandbox/webhooks/flush', { method: 'POST' });
      expect(updated.properties['hs_lastmodifieddate']).toBe(deal.properties['hs_lastmodifieddate']);
      expect(events()).toEqual([]);
      const all = (await call(sandbox.url, '/__sandbox/webhooks')).json as { deliveries: Array<{ body: string }> };
      const sent = all.deliveries.flatMap((d) => JSON.parse(d.body) as Event[]).filter((e) => e.objectId === Number(deal.id));
      expect(sent.filter((e) => e.propertyName === 'amount' || e.propertyName === 'closedate').map((e) => [e.propertyName, e.propertyValue]).sort()).toEqual([
        ['amount', '1200'],
        ['closedate', '2025-01-01T00:00:00Z'],
      ]);
    });

    it('finds a stored datetime by a filter in epoch ms and in ISO form alike', async () => {
      const deal = await client.crm.deals.basicApi.create({ properties: { dealname: 'Dated', closedate: NEW_YEAR_MS }, associations: [] });
      const byFilter = async (value: string, operator = 'EQ') =>
        (await client.crm.deals.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'closedate', operator: op(operator), value }] }], sorts: [], properties: ['closedate'], limit: 10, after: '0' })).results.map((r) => r.id);
      expect(await byFilter(NEW_YEAR_MS)).toEqual([deal.id]);
      expect(await byFilter('2025-01-01T00:00:00.000Z')).toEqual([deal.id]);
      expect(await byFilter('1735689599999', 'GT')).toContain(deal.id);
      expect(await byFilter('2025-01-01T00:00:00.001Z', 'LT')).toContain(deal.id);
    });

    it('refuses a date that is not midnight UTC and a number that is not one, with 400 VALIDATION_ERROR', async () => {
      const notMidnight = await sdkError(client.crm.deals.basicApi.create({ properties: { dealname: 'Late', renewal_date: '1735693200000' }, associations: [] }));
      const notNumber = await sdkError(client.crm.deals.basicApi.create({ properties: { dealname: 'Hex', amount: '0x10' }, associations: [] }));
      expect(notMidnight.code).toBe(400);
      expect(String(notMidnight.body['message'])).toContain('is at 01:00:00.000 UTC, not midnight!');
      expect(notNumber.code).toBe(400);
      expect(String(notNumber.body['message'])).toContain('INVALID_INTEGER');
    });
  });

  describe('search lag', () => {
    it('answers the lag settings and refuses a negative one', async () => {
      const set = await setLag({ searchLagMs: 250, searchUpdateLagMs: 100 });
      const bad = await setLag({ searchLagMs: -1 });
      expect(set.json).toEqual({ searchLagMs: 250, searchUpdateLagMs: 100 });
      expect(bad.status).toBe(400);
      expect((await call(sandbox.url, '/__sandbox/search-lag')).json).toEqual({ searchLagMs: 250, searchUpdateLagMs: 100 });
    });

    it('keeps a created record out of search, by property and by id, until the lag passes; get and batch read find it at once', async () => {
      await setLag({ searchLagMs: 300 });
      const contact = await client.crm.contacts.basicApi.create({ properties: { email: 'late@example.com', firstname: 'Late' }, associations: [] });
      const byEmail = await searchContacts('email', 'late@example.com');
      const byId = await searchContacts('hs_object_id', contact.id);
      const got = await client.crm.contacts.basicApi.getById(contact.id);
      const batch = await client.crm.contacts.batchApi.read({ inputs: [{ id: contact.id }], properties: ['email'], propertiesWithHistory: [] });
      expect([byEmail.total, byId.total]).toEqual([0, 0]);
      expect(got.properties['email']).toBe('late@example.com');
      expect(batch.results.map((r) => r.id)).toEqual([contact.id]);
      await vi.waitFor(async () => expect((await searchContacts('email', 'late@example.com')).results.map((r) => r.id)).toEqual([contact.id]), { timeout: 5000, interval: 50 });
    });

    it('matches and returns the previous values of an updated record until the update lag passes, while get shows the new ones', async () => {
      const contact = await client.crm.contacts.basicApi.create({ properties: { email: 'moving@example.com', firstname: 'Old' }, associations: [] });
      await setLag({ searchUpdateLagMs: 300 });
      await client.crm.contacts.basicApi.update(contact.id, { properties: { firstname: 'New' } });
      const byNew = await searchContacts('firstname', 'New');
      const byOld = await searchContacts('firstname', 'Old');
      const got = await client.crm.contacts.basicApi.getById(contact.id, ['firstname']);
      expect(byNew.total).toBe(0);
      expect(byOld.results.map((r) => [r.id, r.properties['firstname']])).toEqual([[contact.id, 'Old']]);
      expect(got.properties['firstname']).toBe('New');
      await vi.waitFor(async () => expect((await searchContacts('firstname', 'New')).results.map((r) => [r.id, r.properties['firstname']])).toEqual([[contact.id, 'New']]), { timeout: 5000, interval: 50 });
      expect((await searchContacts('firstname', 'Old')).total).toBe(0);
    });

    it('keeps an archived record in search until the update lag passes, while get answers 404 at once', async () => {
      const contact = await client.crm.contacts.basicApi.create({ properties: { email: 'leaving@example.com' }, associations: [] });
      await setLag({ searchUpdateLagMs: 300 });
      await client.crm.contacts.basicApi.archive(contact.id);
      const stillFound = await searchContacts('hs_object_id', contact.id);
      const gone = await sdkError(client.crm.contacts.basicApi.getById(contact.id));
      expect(stillFound.results.map((r) => r.id)).toEqual([contact.id]);
      expect(gone.code).toBe(404);
      await vi.waitFor(async () => expect((await searchContacts('hs_object_id', contact.id)).total).toBe(0), { timeout: 5000, interval: 50 });
    });

    it('sees every write at once with no lag (the default)', async () => {
      const contact = await client.crm.contacts.basicApi.create({ properties: { email: 'now@example.com', firstname: 'Now' }, associations: [] });
      expect((await searchContacts('email', 'now@example.com')).results.map((r) => r.id)).toEqual([contact.id]);
    });
  });

  describe('object type ids as names', () => {
    it('serves /crm/v3/objects/0-1, 0-2 and 0-3 as contacts, companies and deals for get, batch read and search', async () => {
      const deal = await client.crm.objects.basicApi.getById('0-3', '9001', ['dealname']);
      const contacts = await client.crm.objects.batchApi.read('0-1', { inputs: [{ id: '1001' }], properties: ['email'], propertiesWithHistory: [] });
      const companies = await client.crm.objects.searchApi.doSearch('0-2', { filterGroups: [{ filters: [{ propertyName: 'domain', operator: op('EQ'), value: 'northwind.example' }] }], sorts: [], properties: ['name'], limit: 10, after: '0' });
      const unserved = await sdkError(client.crm.objects.basicApi.getById('0-5', '1'));
      expect(deal.properties['dealname']).toBe('Northwind renewal 2024');
      expect(contacts.results.map((r) => r.id)).toEqual(['1001']);
      expect(companies.results.map((r) => r.properties['name'])).toEqual(['Northwind Traders']);
      expect(unserved.code).toBe(400);
    });
  });

  describe('changes a portal makes by itself', () => {
    it('moves lastmodifieddate and sets calculated values on touch, with no webhook', async () => {
      const before = await client.crm.contacts.basicApi.getById('1001', ['hubspotscore']);
      const touched = await call(sandbox.url, '/__sandbox/objects/contacts/1001/touch', { method: 'POST', body: { properties: { hubspotscore: '42.0' } } });
      const after = await client.crm.contacts.basicApi.getById('1001', ['hubspotscore']);
      await call(sandbox.url, '/__sandbox/webhooks/flush', { method: 'POST' });
      expect(touched.status).toBe(200);
      expect(Date.parse(after.properties['lastmodifieddate'] ?? '')).toBeGreaterThan(Date.parse(before.properties['lastmodifieddate'] ?? ''));
      expect(after.properties['hubspotscore']).toBe('42');
      expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
      expect(events()).toEqual([]);
    });

    it('touches deals by object type id too, and answers 404 for a record that is not there', async () => {
      const before = await client.crm.deals.basicApi.getById('9001');
      await call(sandbox.url, '/__sandbox/objects/0-3/9001/touch', { method: 'POST' });
      const after = await client.crm.deals.basicApi.getById('9001');
      const missing = await call(sandbox.url, '/__sandbox/objects/contacts/999999/touch', { method: 'POST' });
      expect(Date.parse(after.properties['hs_lastmodifieddate'] ?? '')).toBeGreaterThan(Date.parse(before.properties['hs_lastmodifieddate'] ?? ''));
      expect(missing.status).toBe(404);
    });
  });

  describe('contact e-mail check', () => {
    it('fails a batch create of 100 whole with 400 VALIDATION_ERROR (INVALID_EMAIL) when one address is bad, and writes none', async () => {
      const inputs = Array.from({ length: 100 }, (_, i) => ({ properties: { email: i === 57 ? 'bad.address@nowhere' : `batch${i}@example.com` }, associations: [] }));
      const error = await sdkError(client.crm.contacts.batchApi.create({ inputs }));
      const written = await client.crm.contacts.batchApi.read({ inputs: [{ id: 'batch0@example.com' }], idProperty: 'email', properties: ['email'], propertiesWithHistory: [] }).catch((e: { code: number }) => e);
      expect(error.code).toBe(400);
      expect(error.body).toMatchObject({ category: 'VALIDATION_ERROR' });
      expect(String(error.body['message'])).toContain('INVALID_EMAIL');
      expect(String(error.body['message'])).toContain('bad.address@nowhere');
      expect('results' in written ? written.results : []).toEqual([]);
    });

    it('accepts and refuses addresses as HubSpot documents', () => {
      for (const ok of ['ada@example.com', ' Grace.Hopper@Navy.mil ', "o'hara@example.com", 'plus+tag@sub.example.co.uk', 'user@email.삼성', 'x@mail.xn--3e0b707e']) expect([ok, hubspotEmailProblem(ok)]).toEqual([ok, undefined]);
      for (const bad of ['"Test Email"@hubspot.com', 'no-at-sign.example.com', 'two@@example.com', 'dot.@example.com', '.dot@example.com', 'a..b@example.com', 'user@localhost', 'user@example.c0m', 'user@-example.com', 'user@example.com.', '@example.com', 'spaced name@example.com']) {
        expect([bad, hubspotEmailProblem(bad)]).toEqual([bad, expect.any(String)]);
      }
    });
  });

  describe('normalizers', () => {
    const numeric = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.tuple(fc.constantFrom('', '+', '-'), fc.stringMatching(/^\d{0,12}$/), fc.stringMatching(/^\d{0,12}$/), fc.constantFrom('', 'e3', 'E-7', 'e+12'))
        .filter(([, whole, fraction]) => whole !== '' || fraction !== '')
        .map(([sign, whole, fraction, exponent]) => `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}${exponent}`),
    );

    it('keeps the numeric value of a number and is idempotent', () => {
      fc.assert(
        fc.property(numeric, (raw) => {
          const once = normalizeNumber(raw);
          expect(once).toBeDefined();
          expect(Number(once)).toBe(Number(raw) === 0 ? 0 : Number(raw));
          expect(normalizeNumber(once ?? '')).toBe(once);
          expect(once).toMatch(/^-?(0|[1-9]\d*)(\.\d*[1-9])?$/);
        }),
      );
    });

    it('reads "7.50" as "7.5", "007" as "7", "-0.0" as "0", "1e3" as "1000", and refuses what is not a number', () => {
      expect(['7.50', '007', '-0.0', '1e3', '.5', '5.', '1.25E-2'].map(normalizeNumber)).toEqual(['7.5', '7', '0', '1000', '0.5', '5', '0.0125']);
      expect(['', '.', '0x10', '1,000', 'Infinity', '1e99999', 'seven'].map(normalizeNumber)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
    });

    it('round-trips a datetime: epoch ms and its ISO form store the same value, which parses back to the same instant', () => {
      fc.assert(
        fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
          const stored = normalizeDateTime(String(ms));
          expect(stored).toBe(formatHubspotDateTime(ms));
          expect(normalizeDateTime(new Date(ms).toISOString())).toBe(stored);
          expect(Date.parse(stored ?? '')).toBe(ms);
          expect(normalizeDateTime(stored ?? '')).toBe(stored);
          expect(stored).toMatch(ms % 1000 === 0 ? /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/ : /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        }),
      );
    });
  });
});
