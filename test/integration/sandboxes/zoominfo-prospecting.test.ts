import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZoominfoSandbox, type ZoominfoSandbox } from '#local/sandboxes/zoominfo/server';
import { call } from './support.ts';

const USER = 'zi-user@example.com';
const PASSWORD = 'zi-password';

type Row = Record<string, unknown>;
type EnrichBody = { data: { result: { data: Row[]; matchStatus: string }[] } };
type SearchBody = { maxResults: number; totalResults: number; currentPage: number; data: (Row & { id: number; jobTitle: string; company: { id: number; name: string } })[] };
type Usage = { usage: { limitType: string; currentUsage: number }[] };

describe('ZoomInfo sandbox: tech stacks, LinkedIn profiles and Contact Search', () => {
  let sandbox: ZoominfoSandbox;
  const jwt = async () => ((await call(sandbox.url, '/authenticate', { method: 'POST', body: { username: USER, password: PASSWORD } })).json as { jwt: string }).jwt;
  const post = (path: string, token: string, body: unknown) => call(sandbox.url, path, { method: 'POST', body, headers: { authorization: `Bearer ${token}` } });
  const enrichData = async (entity: 'company' | 'contact', token: string, body: unknown) => ((await post(`/enrich/${entity}`, token, body)).json as EnrichBody).data.result.map((r) => r.data[0]);
  const search = (token: string, body: unknown) => post('/search/contact', token, body);
  const usage = async (token: string, type: string) => ((await call(sandbox.url, '/lookup/usage', { headers: { authorization: `Bearer ${token}` } })).json as Usage).usage.find((u) => u.limitType === type)?.currentUsage;
  const companyId = async (token: string, companyName: string) => (await enrichData('company', token, { matchCompanyInput: [{ companyName }], outputFields: ['id'] }))[0]?.['id'] as number;

  beforeAll(async () => {
    sandbox = await startZoominfoSandbox({ username: USER, password: PASSWORD });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
  });

  describe('Company Enrich techAttributes', () => {
    it('returns the technology list only when techAttributes is among the outputFields', async () => {
      const token = await jwt();
      const input = { matchCompanyInput: [{ companyName: 'Litware Analytics' }, { companyName: 'Blue Systems' }] };

      const [litware, generated] = await enrichData('company', token, { ...input, outputFields: ['name', 'techAttributes'] });
      const [without] = await enrichData('company', token, { ...input, outputFields: ['name', 'industry'] });

      const tech = litware?.['techAttributes'] as Row[];
      expect(tech.map((t) => t['product'])).toEqual(expect.arrayContaining(['Kubernetes', 'Amazon Web Services']));
      expect(tech.find((t) => t['product'] === 'Kubernetes')).toEqual({
        tag: '23715',
        categoryParent: 'Development',
        category: 'Container Management Software',
        vendor: 'The Kubernetes Authors',
        product: 'Kubernetes',
        attribute: '328.321.25880464',
        website: 'http://kubernetes.io/',
        logo: 'https://res.cloudinary.com/zoominfo-com/image/upload/w_100,h_100,c_fit/kubernetes.io',
        domain: 'kubernetes.io',
        createdTime: '7/16/16 19:04',
        modifiedTime: '6/27/18 3:03',
        description: expect.any(String),
      });
      expect((generated?.['techAttributes'] as Row[]).length).toBeGreaterThanOrEqual(3);
      expect(without).toEqual({ name: 'Litware Analytics', industry: 'Software' });
    });

    it('seeds a tech stack for every company, the same on every start', async () => {
      const other = await startZoominfoSandbox({ username: USER, password: PASSWORD });
      try {
        const mine = ((await call(sandbox.url, '/__sandbox/records/companies')).json as { records: { techAttributes: Row[] }[] }).records;
        const theirs = ((await call(other.url, '/__sandbox/records/companies')).json as { records: unknown[] }).records;

        expect(mine.every((c) => c.techAttributes.length >= 3)).toBe(true);
        expect(theirs).toEqual(mine);
      } finally {
        await other.close();
      }
    });

    it('lists techAttributes and externalUrls among the output fields', async () => {
      const token = await jwt();
      const names = async (entity: string) => ((await call(sandbox.url, `/lookup/outputfields/${entity}/enrich`, { headers: { authorization: `Bearer ${token}` } })).json as { fieldName: string }[]).map((f) => f.fieldName);

      expect(await names('company')).toContain('techAttributes');
      expect(await names('contact')).toContain('externalUrls');
    });
  });

  describe('Contact Enrich externalUrls', () => {
    it('returns the LinkedIn profile as a linkedin.com entry only when externalUrls is asked for', async () => {
      const token = await jwt();
      const input = { matchPersonInput: [{ emailAddress: 'hannah.keller@globex.example' }] };

      const [asked] = await enrichData('contact', token, { ...input, outputFields: ['firstName', 'externalUrls'] });
      const [notAsked] = await enrichData('contact', token, { ...input, outputFields: ['firstName', 'jobTitle'] });

      expect(asked?.['externalUrls']).toEqual([{ type: 'linkedin.com', url: expect.stringMatching(/^https:\/\/www\.linkedin\.com\/in\/hannah-keller-[0-9a-f]{8}$/) }]);
      expect(notAsked).toEqual({ firstName: 'Hannah', jobTitle: 'Director of Procurement' });
    });

    it('seeds a distinct LinkedIn URL for every contact', async () => {
      const contacts = ((await call(sandbox.url, '/__sandbox/records/contacts')).json as { records: { externalUrls: { type: string; url: string }[] }[] }).records;

      const urls = contacts.map((c) => c.externalUrls.find((u) => u.type === 'linkedin.com')?.url);
      expect(urls.every((u) => u?.startsWith('https://www.linkedin.com/in/'))).toBe(true);
      expect(new Set(urls).size).toBe(contacts.length);
    });
  });

  describe('Contact Search', () => {
    it('pages through the contacts of one company without overlap', async () => {
      const token = await jwt();
      const id = await companyId(token, 'Northwind Traders');

      const first = (await search(token, { companyId: String(id), rpp: 2 })).json as SearchBody;
      const pages = [first];
      for (let page = 2; (page - 1) * 2 < first.maxResults; page++) pages.push((await search(token, { companyId: String(id), rpp: 2, page })).json as SearchBody);

      const ids = pages.flatMap((p) => p.data.map((c) => c.id));
      expect(first.maxResults).toBeGreaterThan(2);
      expect(pages.map((p) => p.currentPage)).toEqual(pages.map((_, i) => i + 1));
      expect(pages.map((p) => p.totalResults)).toEqual(pages.map((p) => p.data.length));
      expect(new Set(ids).size).toBe(first.maxResults);
      expect(pages.flatMap((p) => p.data).every((c) => c.company.id === id && c.company.name === 'Northwind Traders')).toBe(true);
    });

    it('answers previews: hints of what enrich would give, no e-mail or phone', async () => {
      const res = await search(await jwt(), { companyName: 'Globex' });

      const hannah = (res.json as SearchBody).data[0];
      expect(hannah).toMatchObject({ firstName: 'Hannah', lastName: 'Keller', jobTitle: 'Director of Procurement', hasEmail: true, hasDirectPhone: true, company: { name: 'Globex' } });
      expect(hannah).not.toHaveProperty('email');
      expect(hannah).not.toHaveProperty('phone');
    });

    it('filters by company name, job title substring and management level', async () => {
      const token = await jwt();
      const all = ((await search(token, { companyName: 'Northwind Traders', rpp: 100 })).json as SearchBody).data;
      const title = all[0]?.jobTitle ?? '';
      const fragment = title.slice(1, 5).toUpperCase();
      const [level] = ((await post('/enrich/contact', token, { matchPersonInput: [{ personId: all[0]?.id }], outputFields: ['managementLevel'] })).json as EnrichBody).data.result.map((r) => r.data[0]?.['managementLevel'] as string);

      const byTitle = ((await search(token, { companyName: 'Northwind Traders', jobTitle: fragment, rpp: 100 })).json as SearchBody).data;
      const byLevel = ((await search(token, { companyName: 'northwind traders inc.', managementLevel: level, rpp: 100 })).json as SearchBody).data;
      const elsewhere = (await search(token, { companyName: 'Nobody At All', jobTitle: fragment })).json as SearchBody;

      expect(byTitle.length).toBeGreaterThan(0);
      expect(byTitle.length).toBeLessThanOrEqual(all.length);
      expect(byTitle.every((c) => c.jobTitle.toUpperCase().includes(fragment))).toBe(true);
      expect(byTitle.map((c) => c.id)).toContain(all[0]?.id);
      expect(byLevel.map((c) => c.id)).toContain(all[0]?.id);
      expect(byLevel.every((c) => c.company.name === 'Northwind Traders')).toBe(true);
      expect(elsewhere).toEqual({ maxResults: 0, totalResults: 0, currentPage: 1, data: [] });
    });

    it('spends no record credits but counts the request, and reports the usage headers', async () => {
      const token = await jwt();
      const [recordsBefore, requestsBefore] = [await usage(token, 'recordLimit'), await usage(token, 'requestLimit')];

      const res = await search(token, { companyName: 'Northwind Traders', rpp: 100 });

      expect(res.status).toBe(200);
      expect((res.json as SearchBody).data.length).toBeGreaterThan(0);
      expect(res.headers.get('x-usage-record-limit-remaining')).toBe('100000');
      expect(res.headers.get('x-ratelimit-remaining')).toBe('1499');
      expect(await usage(token, 'recordLimit')).toBe(recordsBefore);
      expect(await usage(token, 'requestLimit')).toBe((requestsBefore ?? 0) + 1);
    });

    it('shares the per-second rate limit with enrich', async () => {
      const limited = await startZoominfoSandbox({ username: USER, password: PASSWORD, ratePerSecond: 2 });
      try {
        const token = ((await call(limited.url, '/authenticate', { method: 'POST', body: { username: USER, password: PASSWORD } })).json as { jwt: string }).jwt;
        const headers = { authorization: `Bearer ${token}` };

        const enrich = await call(limited.url, '/enrich/company', { method: 'POST', body: { matchCompanyInput: [{ companyName: 'Globex' }], outputFields: ['id'] }, headers });
        const first = await call(limited.url, '/search/contact', { method: 'POST', body: { companyName: 'Globex' }, headers });
        const second = await call(limited.url, '/search/contact', { method: 'POST', body: { companyName: 'Globex' }, headers });

        expect([enrich.status, first.status, second.status]).toEqual([200, 200, 429]);
        expect(second.json).toEqual({ responseCode: 429, message: 'You have exceeded your API query rate limit' });
      } finally {
        await limited.close();
      }
    });

    it('rejects a missing or forged bearer token with 401', async () => {
      const none = await call(sandbox.url, '/search/contact', { method: 'POST', body: { companyName: 'Globex' } });
      const forged = await search('not-a-jwt', { companyName: 'Globex' });

      expect([none.status, forged.status]).toEqual([401, 401]);
      expect(none.json).toEqual({ responseCode: 401, message: 'Authentication failed' });
    });

    it('rejects unknown fields, bad paging and unemulated filters with 400 in the legacy error body', async () => {
      const token = await jwt();
      const refused = async (body: unknown) => {
        const res = await search(token, body);
        return [res.status, res.json] as const;
      };

      expect(await refused({ companyName: 'Globex', zi_c_name: 'x' })).toEqual([400, { responseCode: 400, message: 'There are invalid fields in your request.', invalidInputFields: ['zi_c_name'] }]);
      expect(await refused({ companyName: 'Globex', rpp: 101 })).toEqual([400, { responseCode: 400, message: 'Results per page (rpp) is over max allowed value (100)' }]);
      expect(await refused({ companyName: 'Globex', rpp: 'ten' })).toEqual([400, { responseCode: 400, message: 'Results per page (rpp) is not a number' }]);
      expect(await refused({ companyName: 'Globex', page: 2 })).toEqual([400, { responseCode: 400, message: 'Page number (page) requested is greater than the available results' }]);
      expect(await refused({ companyName: 'Globex', sortBy: 'email' })).toEqual([400, { responseCode: 400, message: 'The parameter passed for sortBy is invalid' }]);
      expect(await refused({ rpp: 10 })).toEqual([400, { responseCode: 400, message: 'There is insufficient information for this request' }]);
      expect((await refused({ companyName: 'Globex', zipCode: '98660' }))[0]).toBe(400);
    });

    it('is logged under searchContact and takes faults aimed at it', async () => {
      const token = await jwt();
      await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'searchContact', kind: 'status', status: 503, count: 1 } });

      const faulted = await search(token, { companyName: 'Globex' });
      const next = await search(token, { companyName: 'Globex' });
      const calls = (await call(sandbox.url, '/__sandbox/calls')).json as { counts: Record<string, number> };

      expect([faulted.status, next.status]).toEqual([503, 200]);
      expect(calls.counts['searchContact']).toBe(2);
    });
  });
});
