import { afterEach, describe, expect, it } from 'vitest';
import { startOutreachSandbox, type OutreachSandbox, type OutreachSandboxOptions } from '#local/sandboxes/outreach/server';
import { call } from './support.ts';

const APP = { clientId: 'outreach-app', clientSecret: 'outreach-app-secret', refreshToken: 'outreach-refresh' };
const TOKEN = 'outreach-start-token';
const JSON_API = 'application/vnd.api+json';

interface Resource {
  type: string;
  id: number;
  attributes: Record<string, unknown>;
  relationships: Record<string, { data: { type: string; id: number } | null }>;
}

describe('Outreach sandbox API', () => {
  let sandbox: OutreachSandbox | undefined;

  async function start(options: Partial<OutreachSandboxOptions> = {}): Promise<OutreachSandbox> {
    sandbox = await startOutreachSandbox({ ...APP, accessToken: TOKEN, ...options });
    return sandbox;
  }

  const api = (path: string, init: { method?: string; body?: unknown; token?: string; contentType?: string } = {}) =>
    call(sandbox!.url, path, { method: init.method ?? 'GET', body: init.body, headers: { authorization: `Bearer ${init.token ?? TOKEN}`, 'content-type': init.contentType ?? JSON_API } });

  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('grants access tokens for the refresh_token grant and refuses a wrong grant or client in OAuth form', async () => {
    const s = await start();
    const form = (extra: Record<string, string>) => new URLSearchParams({ grant_type: 'refresh_token', client_id: APP.clientId, client_secret: APP.clientSecret, refresh_token: APP.refreshToken, ...extra }).toString();
    const granted = await call(s.url, '/oauth/token', { method: 'POST', body: form({}), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const badGrant = await call(s.url, '/oauth/token', { method: 'POST', body: form({ refresh_token: 'revoked' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const badClient = await call(s.url, '/oauth/token', { method: 'POST', body: form({ client_secret: 'nope' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

    const token = granted.json as { access_token: string; expires_in: number; token_type: string };
    expect(granted.status).toBe(200);
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 7200, refresh_token: APP.refreshToken });
    expect((await api('/api/v2/prospects/1001', { token: token.access_token })).status).toBe(200);
    expect(badGrant).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    expect(badClient).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
  });

  it('rejects an expired or unknown token with the unauthorizedOauthToken error', async () => {
    const s = await start();
    await call(s.url, '/__sandbox/tokens/expire', { method: 'POST' });
    const expired = await api('/api/v2/prospects');
    const unknown = await api('/api/v2/prospects', { token: 'made-up' });
    for (const answer of [expired, unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ errors: [{ id: 'unauthorizedOauthToken', title: 'Unauthorized OAuth Token', detail: expect.any(String) }] });
    }
  });

  it('creates, reads, updates, lists by e-mail and deletes prospects as JSON:API', async () => {
    await start({ seed: false });
    const created = await api('/api/v2/prospects', { method: 'POST', body: { data: { type: 'prospect', attributes: { firstName: 'Ada', lastName: 'Lovelace', emails: ['Ada@Example.com'], custom1: '003ABC' } } } });
    const id = (created.json as { data: Resource }).data.id;
    const patched = await api(`/api/v2/prospects/${id}`, { method: 'PATCH', body: { data: { type: 'prospect', id, attributes: { title: 'Countess' } } } });
    const byEmail = await api('/api/v2/prospects?filter[emails]=ada@example.COM');
    const byCustom = await api('/api/v2/prospects?filter[custom1]=003ABC');
    const deleted = await api(`/api/v2/prospects/${id}`, { method: 'DELETE' });
    const gone = await api(`/api/v2/prospects/${id}`);

    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toContain(JSON_API);
    expect((created.json as { data: Resource }).data).toMatchObject({ type: 'prospect', attributes: { emails: ['ada@example.com'], createdAt: expect.any(String), updatedAt: expect.any(String) } });
    expect((patched.json as { data: Resource }).data.attributes).toMatchObject({ firstName: 'Ada', title: 'Countess' });
    expect((byEmail.json as { data: Resource[] }).data.map((p) => p.id)).toEqual([id]);
    expect((byCustom.json as { data: Resource[] }).data.map((p) => p.id)).toEqual([id]);
    expect(deleted.status).toBe(204);
    expect(gone).toMatchObject({ status: 404, json: { errors: [{ id: 'resourceNotFound' }] } });
  });

  it('refuses writes without the JSON:API media type (415) and invalid attributes (422, one error per attribute)', async () => {
    await start();
    const plainJson = await api('/api/v2/prospects', { method: 'POST', body: { data: { type: 'prospect', attributes: {} } }, contentType: 'application/json' });
    const invalid = await api('/api/v2/prospects', { method: 'POST', body: { data: { type: 'prospect', attributes: { emails: ['not-an-email'], engagedAt: '2024-01-01T00:00:00Z', shoeSize: 44 } } } });
    const taken = await api('/api/v2/prospects', { method: 'POST', body: { data: { type: 'prospect', attributes: { emails: ['priya.raman0@northwind.example'] } } } });

    expect(plainJson).toMatchObject({ status: 415, json: { errors: [{ id: 'unsupportedMediaType' }] } });
    expect(invalid.status).toBe(422);
    expect((invalid.json as { errors: Array<{ id: string; source: { pointer: string } }> }).errors.map((e) => [e.id, e.source.pointer])).toEqual([
      ['validationError', '/data/attributes/emails'],
      ['validationError', '/data/attributes/engagedAt'],
      ['validationError', '/data/attributes/shoeSize'],
    ]);
    expect(taken).toMatchObject({ status: 422, json: { errors: [{ source: { pointer: '/data/attributes/emails' } }] } });
  });

  it('pages with page[size] and links.next cursors until every prospect is seen once', async () => {
    const s = await start();
    const seen: number[] = [];
    let next: string | undefined = '/api/v2/prospects?page[size]=4&sort=id';
    while (next) {
      const page = await api(next.replace(s.url, ''));
      const doc = page.json as { data: Resource[]; links: { next?: string }; meta: { count: number } };
      seen.push(...doc.data.map((p) => p.id));
      expect(doc.meta.count).toBe(6);
      next = doc.links.next;
    }
    expect(seen).toEqual([1001, 1002, 1003, 1004, 1005, 1006]);
    expect((await api('/api/v2/prospects?page[size]=1001')).status).toBe(400);
  });

  it('lists a prospect’s sequenceStates newest first and moves them with pause, resume and finish actions', async () => {
    await start();
    const states = await api('/api/v2/sequenceStates?filter[prospect][id]=1002&sort=-updatedAt');
    const [latest, older] = (states.json as { data: Resource[] }).data;
    const resumed = await api(`/api/v2/sequenceStates/${older?.id}/actions/resume`, { method: 'POST' });
    const paused = await api(`/api/v2/sequenceStates/${older?.id}/actions/pause`, { method: 'POST' });
    const finishedAgain = await api(`/api/v2/sequenceStates/${latest?.id}/actions/finish`, { method: 'POST' });
    const unknownAction = await api(`/api/v2/sequenceStates/${latest?.id}/actions/explode`, { method: 'POST' });

    expect([latest?.attributes['state'], older?.attributes['state']]).toEqual(['finished', 'paused']);
    expect(latest?.relationships['prospect']?.data).toEqual({ type: 'prospect', id: 1002 });
    expect((resumed.json as { data: Resource }).data.attributes['state']).toBe('active');
    expect((paused.json as { data: Resource }).data.attributes['state']).toBe('paused');
    expect(finishedAgain).toMatchObject({ status: 422, json: { errors: [{ id: 'validationError' }] } });
    expect(unknownAction.status).toBe(404);
  });

  it('serves mailings and calls with their prospect relationship', async () => {
    await start();
    const mailings = await api('/api/v2/mailings?filter[prospect][id]=1001');
    const [mailing] = (mailings.json as { data: Resource[] }).data;
    const call_ = await api('/api/v2/calls/7001');
    expect(mailing).toMatchObject({ type: 'mailing', attributes: { state: 'delivered', subject: expect.any(String), deliveredAt: expect.any(String) }, relationships: { prospect: { data: { type: 'prospect', id: 1001 } } } });
    expect((call_.json as { data: Resource }).data).toMatchObject({ type: 'call', attributes: { outcome: 'Answered', direction: 'outbound' }, relationships: { prospect: { data: { id: 1002 } } } });
  });

  it('answers 429 with X-RateLimit-* and Retry-After once the hourly budget is spent', async () => {
    await start({ rateLimitPerHour: 2 });
    const first = await api('/api/v2/prospects/1001');
    await api('/api/v2/prospects/1001');
    const limited = await api('/api/v2/prospects/1001');

    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(limited.json).toMatchObject({ errors: [{ id: 'rateLimitExceeded' }] });
  });

  it('expires the token of the request a token-expiry fault hits, and only that token', async () => {
    const s = await start();
    await call(s.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'getProspect', kind: 'token-expiry' } });
    const hit = await api('/api/v2/prospects/1001');
    const after = await api('/api/v2/prospects/1001');
    expect([hit.status, after.status]).toEqual([401, 401]);
    const fresh = await call(s.url, '/oauth/token', { method: 'POST', body: { grant_type: 'refresh_token', client_id: APP.clientId, client_secret: APP.clientSecret, refresh_token: APP.refreshToken } });
    expect((await api('/api/v2/prospects/1001', { token: (fresh.json as { access_token: string }).access_token })).status).toBe(200);
  });
});
