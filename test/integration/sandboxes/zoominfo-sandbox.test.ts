import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startZoominfoSandbox, type ZoominfoSandbox } from '#local/sandboxes/zoominfo/server';
import { call } from './support.ts';

const USER = 'zi-user@example.com';
const PASSWORD = 'zi-password';

type EnrichBody = { success: boolean; data: { outputFields: string[][]; result: { input: Record<string, unknown>; data: Record<string, unknown>[]; matchStatus: string }[] } };

describe('ZoomInfo legacy Enterprise API sandbox', () => {
  let sandbox: ZoominfoSandbox;
  let offsetMs = 0;
  const authenticate = async (body: unknown = { username: USER, password: PASSWORD }) => call(sandbox.url, '/authenticate', { method: 'POST', body });
  const jwt = async () => ((await authenticate()).json as { jwt: string }).jwt;
  const enrich = (entity: 'company' | 'contact', token: string, body: unknown) => call(sandbox.url, `/enrich/${entity}`, { method: 'POST', body, headers: { authorization: `Bearer ${token}` } });
  const result = (res: { json: never }) => (res.json as EnrichBody).data.result;

  beforeAll(async () => {
    // The sandbox's clock runs `offsetMs` ahead, so a test can age tokens without waiting.
    sandbox = await startZoominfoSandbox({ username: USER, password: PASSWORD, authenticatePerSecond: 1, clock: () => Date.now() + offsetMs });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    offsetMs = 0;
    await call(sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
  });

  describe('authentication', () => {
    it('issues an HS256-signed JWT that expires 60 minutes after issue', async () => {
      const res = await authenticate();

      expect(res.status).toBe(200);
      const token = (res.json as { jwt: string }).jwt;
      expect(decodeProtectedHeader(token).alg).toBe('HS256');
      const { iat, exp } = decodeJwt(token);
      expect((exp ?? 0) - (iat ?? 0)).toBe(3600);
    });

    it('rejects wrong credentials with 401 "Authentication failed"', async () => {
      const res = await authenticate({ username: USER, password: 'wrong' });

      expect(res.status).toBe(401);
      expect(res.json).toEqual({ responseCode: 401, message: 'Authentication failed' });
    });

    it('rejects a second /authenticate within the same second with 429', async () => {
      await authenticate();
      const second = await authenticate();

      expect(second.status).toBe(429);
      expect(second.json).toMatchObject({ message: 'You have exceeded your API query rate limit' });
      expect(second.headers.get('retry-after')).toBe('1');
    });

    it('rejects missing, forged and expired bearer tokens with 401', async () => {
      const token = await jwt();
      const forged = await new SignJWT({ username: USER, gen: 0 })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('zoominfo-sandbox')
        .setAudience('enterprise_api')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('a key the sandbox does not hold, 32+ bytes'));
      const body = { matchCompanyInput: [{ companyName: 'Globex' }], outputFields: ['id'] };

      const none = await call(sandbox.url, '/enrich/company', { method: 'POST', body });
      const fake = await enrich('company', forged, body);
      const fresh = await enrich('company', token, body);
      offsetMs = 3_601_000;
      const expired = await enrich('company', token, body);

      expect([none.status, fake.status, fresh.status, expired.status]).toEqual([401, 401, 200, 401]);
      expect(expired.json).toEqual({ responseCode: 401, message: 'Authentication failed' });
    });

    it('applies a token-expiry fault: the token in use is refused from then on, a new one works', async () => {
      const token = await jwt();
      await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'enrichContact', kind: 'token-expiry' } });
      const body = { matchPersonInput: [{ emailAddress: 'hannah.keller@globex.example' }], outputFields: ['jobTitle'] };

      const refused = await enrich('contact', token, body);
      const stillRefused = await enrich('contact', token, body);
      offsetMs = 1_100; // past the 1/s authenticate window
      const renewed = await enrich('contact', await jwt(), body);

      expect([refused.status, stillRefused.status, renewed.status]).toEqual([401, 401, 200]);
    });
  });

  describe('Company Enrich', () => {
    it('answers one result per input, in order, with lowercased echoed input, a data array and matchStatus', async () => {
      const token = await jwt();
      const res = await enrich('company', token, {
        matchCompanyInput: [{ companyWebsite: 'https://www.Contoso.example/about' }, { companyName: 'Nobody At All Ltd' }, { companyCity: 'Basel' }, { companyName: 'Woodgrove Bank', companyCountry: 'GB' }],
        outputFields: ['name', 'industry', 'employeeCount', 'revenue'],
      });

      expect(res.status).toBe(200);
      const body = res.json as EnrichBody;
      expect(body.success).toBe(true);
      expect(body.data.outputFields).toEqual([['name', 'industry', 'employeeCount', 'revenue']]);
      expect(body.data.result.map((r) => r.matchStatus)).toEqual(['FULL_MATCH', 'NO_MATCH', 'INVALID_INPUT', 'FULL_MATCH']);
      expect(body.data.result[0]).toEqual({
        input: { companywebsite: 'https://www.contoso.example/about' },
        data: [{ name: 'Contoso Pharmaceuticals', industry: 'Pharmaceuticals', employeeCount: 1840, revenue: 920_000_000 }],
        matchStatus: 'FULL_MATCH',
      });
      expect(body.data.result[1]?.data).toEqual([]);
      expect(body.data.result[3]?.data[0]?.['name']).toBe('Woodgrove Bank');
    });

    it('does not match a company whose country differs from the one given', async () => {
      const res = await enrich('company', await jwt(), { matchCompanyInput: [{ companyName: 'Woodgrove Bank', companyCountry: 'France' }], outputFields: ['id'] });

      expect(result(res)[0]?.matchStatus).toBe('NO_MATCH');
    });

    it('rejects more than 25 inputs with 400', async () => {
      const inputs = Array.from({ length: 26 }, () => ({ companyName: 'Globex' }));

      const res = await enrich('company', await jwt(), { matchCompanyInput: inputs, outputFields: ['id'] });

      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ responseCode: 400 });
    });

    it('rejects unknown output fields with the vendor 400 body naming them', async () => {
      const res = await enrich('company', await jwt(), { matchCompanyInput: [{ companyName: 'Globex' }], outputFields: ['id', 'zi_c_id', 'jobTitle'] });

      expect(res.status).toBe(400);
      expect(res.json).toEqual({ responseCode: 400, message: 'There are invalid fields in your request.', invalidOutputFields: ['zi_c_id', 'jobTitle'] });
    });
  });

  describe('Contact Enrich', () => {
    it('matches by e-mail, by name + company, and reports partial matches without treating them as full', async () => {
      const token = await jwt();
      const res = await enrich('contact', token, {
        matchPersonInput: [
          { emailAddress: 'Hannah.Keller@globex.example' },
          { firstName: 'ravi', lastName: 'shankar', companyName: 'Initech' },
          { emailAddress: 'hannah.keller@globex.example', companyName: 'Initech' },
          { firstName: 'Nobody', lastName: 'Here', companyName: 'Initech' },
          { emailAddress: 'nobody@nowhere.example' },
          { firstName: 'Only' },
        ],
        outputFields: ['firstName', 'jobTitle', 'companyName', 'contactAccuracyScore'],
      });

      const results = result(res);
      expect(results.map((r) => r.matchStatus)).toEqual(['FULL_MATCH', 'FULL_MATCH', 'CONTACT_ONLY_MATCH', 'COMPANY_ONLY_MATCH', 'NO_MATCH', 'INVALID_INPUT']);
      expect(results[0]?.data).toEqual([{ firstName: 'Hannah', jobTitle: 'Director of Procurement', companyName: 'Globex', contactAccuracyScore: expect.any(Number) }]);
      expect(results[1]?.data[0]?.['jobTitle']).toBe('Software Engineering Manager');
      expect(results[2]?.data).toHaveLength(1);
      expect(results[3]?.data).toEqual([]);
    });
  });

  describe('seeded firmographics', () => {
    it('holds every company of the Salesforce and HubSpot sandbox seeds, and the same dataset on every start', async () => {
      const other = await startZoominfoSandbox({ username: USER, password: PASSWORD });
      try {
        const companies = (await call(sandbox.url, '/__sandbox/records/companies')).json as { records: { name: string; website: string }[] };
        const contacts = (await call(sandbox.url, '/__sandbox/records/contacts')).json as { records: { email: string }[] };
        const again = (await call(other.url, '/__sandbox/records/contacts')).json as { records: unknown[] };

        const domains = companies.records.map((c) => c.website.replace('www.', ''));
        for (const d of ['northwind.example', 'contoso.example', 'fabrikam.example', 'tailspin.example', 'wideworld.example', 'litware.example', 'adventure-works.example', 'proseware.example', 'woodgrove.example', 'alpineskihouse.example', 'globex.example']) {
          expect(domains).toContain(d);
        }
        expect(companies.records.length).toBeGreaterThanOrEqual(300);
        expect(contacts.records.map((c) => c.email)).toEqual(expect.arrayContaining(['ada.okafor0@northwind.example', 'priya.raman0@northwind.example']));
        expect(again.records).toEqual(contacts.records);
      } finally {
        await other.close();
      }
    });
  });

  describe('limits and quotas', () => {
    it('reports rate-limit and record-usage headers on enrich responses, not on authenticate', async () => {
      const auth = await authenticate();
      const res = await enrich('company', (auth.json as { jwt: string }).jwt, { matchCompanyInput: [{ companyName: 'Globex' }], outputFields: ['id'] });

      expect(auth.headers.get('x-ratelimit-limit')).toBeNull();
      expect(Object.fromEntries(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-usage-record-limit-limit', 'x-usage-record-limit-remaining'].map((h) => [h, res.headers.get(h)]))).toEqual({
        'x-ratelimit-limit': '1500',
        'x-ratelimit-remaining': '1499',
        'x-usage-record-limit-limit': '100000',
        'x-usage-record-limit-remaining': '99999',
      });
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(0);
    });

    it('answers 429 past the per-second limit, with Retry-After and X-RateLimit headers', async () => {
      const limited = await startZoominfoSandbox({ username: USER, password: PASSWORD, ratePerSecond: 2 });
      try {
        const token = ((await call(limited.url, '/authenticate', { method: 'POST', body: { username: USER, password: PASSWORD } })).json as { jwt: string }).jwt;
        const body = { matchCompanyInput: [{ companyName: 'Globex' }], outputFields: ['id'] };
        const statuses: number[] = [];
        let last: Awaited<ReturnType<typeof call>> | undefined;
        for (let i = 0; i < 3; i++) {
          last = await call(limited.url, '/enrich/company', { method: 'POST', body, headers: { authorization: `Bearer ${token}` } });
          statuses.push(last.status);
        }

        expect(statuses).toEqual([200, 200, 429]);
        expect(last?.json).toEqual({ responseCode: 429, message: 'You have exceeded your API query rate limit' });
        expect(last?.headers.get('retry-after')).toBe('1');
        expect(last?.headers.get('x-ratelimit-remaining')).toBe('0');
      } finally {
        await limited.close();
      }
    });

    it('spends one record credit per newly enriched record and answers 403 when the credits would run out', async () => {
      const small = await startZoominfoSandbox({ username: USER, password: PASSWORD, recordLimit: 2 });
      try {
        const token = ((await call(small.url, '/authenticate', { method: 'POST', body: { username: USER, password: PASSWORD } })).json as { jwt: string }).jwt;
        const go = (names: string[]) => call(small.url, '/enrich/company', { method: 'POST', body: { matchCompanyInput: names.map((companyName) => ({ companyName })), outputFields: ['id'] }, headers: { authorization: `Bearer ${token}` } });

        const first = await go(['Globex', 'Initech', 'Nobody At All']);
        const repeat = await go(['Initech']);
        const over = await go(['Umbrella Labs']);
        const usage = await call(small.url, '/lookup/usage', { headers: { authorization: `Bearer ${token}` } });

        expect([first.status, repeat.status, over.status]).toEqual([200, 200, 403]);
        expect(first.headers.get('x-usage-record-limit-remaining')).toBe('0');
        expect(over.json).toEqual({ responseCode: 403, message: 'You have used up all of your allowed record limit' });
        expect((usage.json as { usage: { limitType: string; currentUsage: number }[] }).usage).toContainEqual(expect.objectContaining({ limitType: 'recordLimit', currentUsage: 2 }));
      } finally {
        await small.close();
      }
    });
  });

  describe('lookups and kit features', () => {
    it('lists the output fields of each entity', async () => {
      const token = await jwt();
      const company = await call(sandbox.url, '/lookup/outputfields/company/enrich', { headers: { authorization: `Bearer ${token}` } });
      const contact = await call(sandbox.url, '/lookup/outputfields/contact/enrich', { headers: { authorization: `Bearer ${token}` } });

      expect((company.json as { fieldName: string }[]).map((f) => f.fieldName)).toEqual(expect.arrayContaining(['industry', 'employeeCount', 'revenue']));
      expect((contact.json as { fieldName: string }[]).map((f) => f.fieldName)).toContain('jobTitle');
    });

    it('serves a malformed body on a malformed fault and logs calls per endpoint', async () => {
      const token = await jwt();
      await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'enrichCompany', kind: 'malformed' } });

      const res = await enrich('company', token, { matchCompanyInput: [{ companyName: 'Globex' }], outputFields: ['id'] });
      const calls = (await call(sandbox.url, '/__sandbox/calls')).json as { counts: Record<string, number> };

      expect(res.status).toBe(200);
      expect(res.json).toBeUndefined();
      expect(calls.counts).toEqual({ authenticate: 1, enrichCompany: 1 });
    });
  });
});
