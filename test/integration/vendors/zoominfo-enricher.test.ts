import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { zoominfoEnricher, type ZoominfoEnricherOptions } from '#adapters/vendors/zoominfo/enricher';
import { PermanentError, RetryableError } from '#domain/errors';
import type { EnrichInput, Enricher } from '#ports/enricher';
import { startZoominfoSandbox, type ZoominfoSandbox, type ZoominfoSandboxOptions } from '#local/sandboxes/zoominfo/server';
import { call } from '../sandboxes/support.ts';

const USER = 'zi-enricher@example.com';
const PASSWORD = 'zi-enricher-password';

interface CallRecord {
  endpoint: string;
  status: number;
}

/** One sandbox per test, so limits and quotas can differ; `/authenticate` is relaxed unless a test says otherwise. */
async function withSandbox(options: Partial<ZoominfoSandboxOptions> = {}) {
  const sandbox = await startZoominfoSandbox({ username: USER, password: PASSWORD, authenticatePerSecond: 100, generatedCompanies: 80, ...options });
  const enricher = (o: ZoominfoEnricherOptions = {}, password = PASSWORD): Enricher => zoominfoEnricher({ baseUrl: sandbox.url, username: USER, password }, o);
  const calls = async (endpoint?: string): Promise<CallRecord[]> => {
    const all = ((await call(sandbox.url, '/__sandbox/calls')).json as { calls: CallRecord[] }).calls;
    return endpoint ? all.filter((c) => c.endpoint === endpoint) : all;
  };
  const fault = (body: Record<string, unknown>) => call(sandbox.url, '/__sandbox/faults', { method: 'POST', body });
  return { sandbox, enricher, calls, fault };
}

/** Distinct companies the sandbox knows, by website domain. */
async function knownDomains(sandbox: ZoominfoSandbox, count: number): Promise<string[]> {
  const records = ((await call(sandbox.url, '/__sandbox/records/companies')).json as { records: { website: string }[] }).records;
  return records.slice(0, count).map((r) => r.website.replace(/^www\./, ''));
}

describe('zoominfoEnricher against the ZoomInfo sandbox', () => {
  let env: Awaited<ReturnType<typeof withSandbox>>;
  const open: ZoominfoSandbox[] = [];
  const fresh = async (options: Partial<ZoominfoSandboxOptions> = {}) => {
    const created = await withSandbox(options);
    open.push(created.sandbox);
    return created;
  };

  beforeAll(async () => {
    env = await fresh();
  });
  afterEach(async () => {
    await call(env.sandbox.url, '/__sandbox/reset', { method: 'POST', body: { seed: true } });
  });
  afterAll(async () => {
    await Promise.all(open.map((s) => s.close()));
  });

  it('enriches companies: FULL_MATCH becomes matched with the mapped firmographics; the rest write nothing', async () => {
    const results = await env.enricher().enrich('company', [
      { domain: 'https://www.contoso.example' },
      { name: 'Nobody At All Ltd' },
      { country: 'US' },
      { name: 'Fabrikam Robotics', country: 'DE' },
    ]);

    expect(results[0]).toMatchObject({ status: 'matched', fields: { name: 'Contoso Pharmaceuticals', industry: 'Pharmaceuticals', employeeCount: 1840, revenue: 920_000_000 } });
    expect(results[1]).toEqual({ status: 'no-match', reason: 'NO_MATCH' });
    expect(results[2]).toEqual({ status: 'not-asked', reason: 'INSUFFICIENT_INPUT' });
    expect(results[3]).toMatchObject({ status: 'matched', fields: { industry: 'Industrial Machinery & Equipment' } });
    const enrichCalls = await env.calls('enrichCompany');
    expect(enrichCalls).toHaveLength(1);
  });

  it('enriches people by e-mail or name + company with a score, and writes nothing for a partial match', async () => {
    const results = await env.enricher().enrich('person', [
      { email: 'chloe.dubois@umbrella.example' },
      { firstName: 'Tomasz', lastName: 'Nowak', company: 'Vandelay Industries' },
      { email: 'chloe.dubois@umbrella.example', company: 'Globex' },
      { firstName: 'Tomasz', lastName: 'Nowak' },
    ]);

    expect(results[0]).toMatchObject({ status: 'matched', fields: { jobTitle: 'Head of Research Operations', companyName: 'Umbrella Labs' }, score: expect.any(Number) });
    expect(results[1]).toMatchObject({ status: 'matched', fields: { jobTitle: 'Import/Export Manager' } });
    expect(results[2]).toEqual({ status: 'no-match', reason: 'CONTACT_ONLY_MATCH' });
    expect(results[3]).toEqual({ status: 'not-asked', reason: 'INSUFFICIENT_INPUT' });
  });

  it('sends 60 inputs as requests of 25, 25 and 10 and answers in input order', async () => {
    const domains = await knownDomains(env.sandbox, 60);
    const inputs: EnrichInput[] = domains.map((domain) => ({ domain }));

    const results = await env.enricher().enrich('company', inputs);

    expect((await env.calls('enrichCompany')).map((c) => c.status)).toEqual([200, 200, 200]);
    expect(results.map((r) => (r.status === 'matched' ? String(r.fields['website']).replace(/^www\./, '') : r.status))).toEqual(domains);
  });

  it('authenticates once and reuses the token, also for concurrent calls', async () => {
    const enricher = env.enricher();

    await Promise.all([enricher.enrich('company', [{ name: 'Globex' }]), enricher.enrich('person', [{ email: 'hannah.keller@globex.example' }]), enricher.enrich('company', [{ name: 'Initech' }])]);
    await enricher.enrich('company', [{ name: 'Globex' }]);

    expect(await env.calls('authenticate')).toHaveLength(1);
  });

  it('re-authenticates once when the token is refused (token-expiry fault) and the call succeeds', async () => {
    const enricher = env.enricher();
    await enricher.enrich('company', [{ name: 'Globex' }]);
    await env.fault({ endpoint: 'enrichCompany', kind: 'token-expiry' });

    const [result] = await enricher.enrich('company', [{ name: 'Initech' }]);

    expect(result).toMatchObject({ status: 'matched', fields: { name: 'Initech' } });
    expect((await env.calls('enrichCompany')).map((c) => c.status)).toEqual([200, 401, 200]);
    expect(await env.calls('authenticate')).toHaveLength(2);
  });

  it('re-authenticates when the sandbox says the token has expired, and refreshes before 55/60 of its lifetime', async () => {
    let sandboxOffset = 0;
    let clientNow = Date.now();
    const { enricher, calls } = await fresh({ clock: () => Date.now() + sandboxOffset });
    const pinned = enricher({ now: () => clientNow });
    await pinned.enrich('company', [{ name: 'Globex' }]);

    sandboxOffset = 61 * 60_000; // the vendor's clock says the token is dead; the client still thinks it is fresh
    await pinned.enrich('company', [{ name: 'Globex' }]);
    clientNow += 56 * 60_000; // now the client's own clock passes 55 minutes: it refreshes without a 401
    await pinned.enrich('company', [{ name: 'Globex' }]);

    expect((await calls('enrichCompany')).map((c) => c.status)).toEqual([200, 401, 200, 200]);
    expect(await calls('authenticate')).toHaveLength(3);
  });

  it('fails with PermanentError AUTH_FAILED for a wrong password', async () => {
    const error = await env.enricher({}, 'wrong-password').enrich('company', [{ name: 'Globex' }]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).code).toBe('AUTH_FAILED');
  });

  it('waits out per-second 429s within the wait budget and still answers every input', async () => {
    const { sandbox, enricher, calls } = await fresh({ ratePerSecond: 1 });
    const domains = await knownDomains(sandbox, 60);

    const results = await enricher().enrich('company', domains.map((domain) => ({ domain })));

    expect(results.every((r) => r.status === 'matched')).toBe(true);
    const statuses = (await calls('enrichCompany')).map((c) => c.status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
  });

  it('throws RetryableError with retryAfterMs when the minute limit resets later than the wait budget', async () => {
    const { sandbox, enricher } = await fresh({ ratePerMinute: 2 });
    const domains = await knownDomains(sandbox, 60);

    const error = await enricher({ maxWaitMs: 2_000 }).enrich('company', domains.map((domain) => ({ domain }))).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).retryAfterMs).toBeGreaterThan(2_000);
  });

  it('fails the inputs past the record quota with QUOTA_EXHAUSTED (not retryable) and stops sending', async () => {
    const { sandbox, enricher, calls } = await fresh({ recordLimit: 30 });
    const domains = await knownDomains(sandbox, 60);

    const results = await enricher().enrich('company', domains.map((domain) => ({ domain })));

    expect(results.slice(0, 25).every((r) => r.status === 'matched')).toBe(true);
    expect(results.slice(25)).toEqual(Array.from({ length: 35 }, () => expect.objectContaining({ status: 'failed', code: 'QUOTA_EXHAUSTED', retryable: false })));
    expect((await calls('enrichCompany')).map((c) => c.status)).toEqual([200, 403]);
  });

  it('throws RetryableError on a 5xx burst, and succeeds once it has passed', async () => {
    const enricher = env.enricher();
    await env.fault({ endpoint: 'enrichCompany', kind: 'status', status: 503, count: 1 });

    const error = await enricher.enrich('company', [{ name: 'Globex' }]).catch((e: unknown) => e);
    const [after] = await enricher.enrich('company', [{ name: 'Globex' }]);

    expect(error).toBeInstanceOf(RetryableError);
    expect(after).toMatchObject({ status: 'matched' });
  });

  it('retries in place a 503 that carries a short Retry-After', async () => {
    await env.fault({ endpoint: 'enrichCompany', kind: 'status', status: 503, count: 2, retryAfterSeconds: 0 });

    const [result] = await env.enricher().enrich('company', [{ name: 'Globex' }]);

    expect(result).toMatchObject({ status: 'matched' });
    expect((await env.calls('enrichCompany')).map((c) => c.status)).toEqual([503, 503, 200]);
  });

  it.each([
    ['malformed', { kind: 'malformed' }],
    ['hang', { kind: 'hang' }],
    ['drop', { kind: 'drop' }],
  ])('throws RetryableError on a %s answer', async (_name, spec) => {
    const enricher = env.enricher({ timeoutMs: 300 });
    await enricher.enrich('company', [{ name: 'Globex' }]);
    await env.fault({ endpoint: 'enrichCompany', ...spec });

    const error = await enricher.enrich('company', [{ name: 'Initech' }]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetryableError);
  });

  it('fails with PermanentError INVALID_OUTPUT_FIELDS when asked for fields the entity lacks', async () => {
    const error = await env.enricher({ outputFields: { company: ['industry', 'jobTitle'] } }).enrich('company', [{ name: 'Globex' }]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).code).toBe('INVALID_OUTPUT_FIELDS');
  });

  it('suggests people at companies by one Contact Search, at most perAccount each, and looks a suggested person up by id', async () => {
    // Prepare: the companies of two known domains, as a company lookup names them (ZoomInfo's ids).
    const domains = await knownDomains(env.sandbox, 2);
    const companies = await env.enricher().enrich('company', domains.map((domain) => ({ domain })));
    const ids = companies.flatMap((r) => (r.status === 'matched' ? [String(r.fields['id'])] : []));
    expect(ids).toHaveLength(2);

    // Act
    const suggestions = (await env.enricher().suggestContacts?.(ids, { perAccount: 1, minScore: 0 })) ?? [];

    // Assess: one search request, one person per company, each with the names and id a lookup needs.
    expect((await env.calls('searchContact')).map((c) => c.status)).toEqual([200]);
    expect(suggestions.map((s) => s.companyVendorId).sort()).toEqual([...ids].sort());
    for (const s of suggestions) expect(s).toMatchObject({ vendorId: expect.stringMatching(/^\d+$/), firstName: expect.any(String), lastName: expect.any(String) });
    const [first] = suggestions;
    const [person] = await env.enricher().enrich('person', [{ vendorId: first?.vendorId ?? '' }]);
    expect(person).toMatchObject({ status: 'matched', fields: { id: Number(first?.vendorId), lastName: first?.lastName, email: expect.stringContaining('@') } });
  });

  it('passes the criteria as ZoomInfo takes them: a management level the sandbox does not hold finds no one', async () => {
    const domains = await knownDomains(env.sandbox, 3);
    const companies = await env.enricher().enrich('company', domains.map((domain) => ({ domain })));
    const ids = companies.flatMap((r) => (r.status === 'matched' ? [String(r.fields['id'])] : []));

    expect(await env.enricher().suggestContacts?.(ids, { perAccount: 3, managementLevels: ['Board Member'], jobTitles: ['Chief'], minScore: 99 })).toEqual([]);
    expect(await env.enricher().suggestContacts?.([], { perAccount: 3 })).toEqual([]);
    expect((await env.calls('searchContact')).length).toBe(1);
  });
});
