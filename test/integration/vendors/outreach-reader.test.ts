import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearOutreachTokenCache } from '#adapters/vendors/outreach/client';
import { outreachCrm } from '#adapters/vendors/outreach/connector';
import { PermanentError, RetryableError } from '#domain/errors';
import { startOutreachSandbox, type OutreachSandbox } from '#local/sandboxes/outreach/server';
import type { ChangeReader } from '#ports/crm';

const APP = { clientId: 'reader-app', clientSecret: 'reader-app-secret', refreshToken: 'reader-refresh' };

async function counts(sandbox: OutreachSandbox): Promise<Record<string, number>> {
  return ((await (await fetch(`${sandbox.url}/__sandbox/calls`)).json()) as { counts: Record<string, number> }).counts;
}

async function fault(sandbox: OutreachSandbox, spec: Record<string, unknown>): Promise<void> {
  await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });
}

describe('outreachReader against the Outreach sandbox', () => {
  let sandbox: OutreachSandbox;
  let reader: ChangeReader;
  const secret = (): Record<string, unknown> => ({ webhookSecret: 'unused', baseUrl: sandbox.url, ...APP });

  beforeAll(async () => {
    sandbox = await startOutreachSandbox({ ...APP });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    clearOutreachTokenCache();
    await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
    reader = outreachCrm.reader!(secret());
  });

  it('reads a prospect’s values, its latest sequence state and the Salesforce id it carries, with updatedAt as the change time', async () => {
    const read = await reader.read('prospect', '1002', ['firstName', 'sequenceState']);
    const record = ((await (await fetch(`${sandbox.url}/__sandbox/records/prospect`)).json()) as { records: Array<{ id: number; attributes: Record<string, string> }> }).records.find((p) => p.id === 1002);

    expect(read).toEqual({
      values: { firstName: 'Marcus', lastName: 'Watanabe', title: 'Buyer', email: 'marcus.watanabe1@contoso.example', engagedAt: expect.any(String), touchedAt: expect.any(String), externalId: '003Dn000000000CIAQ', sequenceState: 'finished' },
      modifiedAt: Date.parse(String(record?.attributes['updatedAt'])),
    });
  });

  it('follows a sequence-state change and reports null for a prospect never sequenced or without e-mail', async () => {
    await reader.read('prospect', '1001', ['sequenceState']);
    const token = await (await fetch(`${sandbox.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'refresh_token', client_id: APP.clientId, client_secret: APP.clientSecret, refresh_token: APP.refreshToken }) })).json() as { access_token: string };
    await fetch(`${sandbox.url}/api/v2/sequenceStates/5001/actions/pause`, { method: 'POST', headers: { authorization: `Bearer ${token.access_token}` } });

    expect((await reader.read('prospect', '1001', ['sequenceState']))?.values['sequenceState']).toBe('paused');
    expect((await reader.read('prospect', '1006', ['sequenceState']))?.values).toMatchObject({ sequenceState: null, email: null, externalId: null });
  });

  it('skips the sequenceState call when it is not asked for', async () => {
    const before = (await counts(sandbox))['listSequenceStates'] ?? 0;
    const read = await reader.read('prospect', '1001', ['firstName', 'title']);
    expect(read?.values).not.toHaveProperty('sequenceState');
    expect((await counts(sandbox))['listSequenceStates'] ?? 0).toBe(before);
  });

  it('reads a mailing and a call as activities of their prospect', async () => {
    const mailing = await reader.read('mailing', '7001', []);
    const call = await reader.read('call', '7001', []);
    expect(mailing?.values).toEqual({ subject: 'Quick question about your IT roadmap', kind: 'mailing', occurredAt: expect.stringMatching(/^2024-/), prospectId: '1001' });
    expect(call?.values).toEqual({ subject: 'Call: Answered', kind: 'call', occurredAt: expect.stringMatching(/^2024-/), prospectId: '1002', duration: 300 });
  });

  it('reads many prospects in one list call plus one sequenceState call, agreeing with single reads and leaving out missing ids', async () => {
    const ids = ['1001', '1002', '1003', '1004', '1005', '1006', '999999', 'x'];
    const before = await counts(sandbox);
    const many = await reader.readMany!('prospect', ids, ['firstName', 'sequenceState']);
    const after = await counts(sandbox);

    expect([...many.keys()].sort()).toEqual(['1001', '1002', '1003', '1004', '1005', '1006']);
    expect((after['listProspects'] ?? 0) - (before['listProspects'] ?? 0)).toBe(1);
    expect((after['listSequenceStates'] ?? 0) - (before['listSequenceStates'] ?? 0)).toBe(1);
    for (const id of ['1001', '1002', '1004']) expect(many.get(id)).toEqual(await reader.read('prospect', id, ['firstName', 'sequenceState']));
    const mailings = await reader.readMany!('mailing', ['7001'], []);
    expect(mailings.get('7001')).toEqual(await reader.read('mailing', '7001', []));
  });

  it('answers null for records that do not exist, and refuses object types it does not read', async () => {
    expect(await reader.read('prospect', '999999', ['firstName'])).toBeNull();
    expect(await reader.read('mailing', 'abc', [])).toBeNull();
    await expect(reader.read('account', '1', [])).rejects.toBeInstanceOf(PermanentError);
  });

  it('finds prospects by e-mail (any of their addresses, any case) and by the Salesforce id', async () => {
    expect(await reader.findIds!('prospect', 'email', 'SOFIA@duarte-family.example')).toEqual(['1003']);
    expect(await reader.findIds!('prospect', 'externalId', '003Dn000000000BIAQ')).toEqual(['1001']);
    expect(await reader.findIds!('prospect', 'email', 'nobody@example.com')).toEqual([]);
  });

  it('refreshes the access token once, caches it for reader and writer alike, and refreshes again when it expires', async () => {
    const writer = outreachCrm.writer!(secret());
    const before = (await counts(sandbox))['token'] ?? 0;
    await reader.read('prospect', '1001', ['firstName']);
    await writer.update!('prospect', [{ id: '1001', fields: { title: 'CIO' } }]);
    await reader.read('prospect', '1001', ['firstName']);
    const afterFirst = (await counts(sandbox))['token'] ?? 0;
    await fetch(`${sandbox.url}/__sandbox/tokens/expire`, { method: 'POST' });
    const read = await reader.read('prospect', '1001', ['title']);
    const c = await counts(sandbox);

    expect(afterFirst - before).toBe(1);
    expect((c['token'] ?? 0) - before).toBe(2);
    expect(read?.values['title']).toBe('CIO');
  });

  it('starts from an access token in the secret and refreshes when Outreach refuses it', async () => {
    const withToken = outreachCrm.reader!({ ...secret(), accessToken: 'stale-token-from-the-secret' });
    const before = (await counts(sandbox))['token'] ?? 0;
    expect((await withToken.read('prospect', '1004', ['firstName']))?.values['firstName']).toBe('Kenji');
    expect(((await counts(sandbox))['token'] ?? 0) - before).toBe(1);
  });

  it('fails with a retryable error on 429, keeping Retry-After, and on 5xx', async () => {
    await reader.read('prospect', '1001', []);
    await fault(sandbox, { endpoint: 'getProspect', kind: 'status', status: 429, retryAfterSeconds: 2 });
    const limited = await reader.read('prospect', '1001', []).catch((e: unknown) => e);
    await fault(sandbox, { endpoint: 'getMailing', kind: 'status', status: 503 });
    const unavailable = await reader.read('mailing', '7001', []).catch((e: unknown) => e);
    await fault(sandbox, { endpoint: 'getCall', kind: 'malformed' });
    const truncated = await reader.read('call', '7001', []).catch((e: unknown) => e);

    expect(limited).toBeInstanceOf(RetryableError);
    expect((limited as RetryableError).retryAfterMs).toBe(2000);
    expect(unavailable).toBeInstanceOf(RetryableError);
    expect(truncated).toBeInstanceOf(RetryableError);
  });

  it('takes the wait from X-RateLimit-Reset when the hourly budget is spent', async () => {
    const tight = await startOutreachSandbox({ ...APP, seed: true, rateLimitPerHour: 1 });
    try {
      const r = outreachCrm.reader!({ webhookSecret: 'unused', baseUrl: tight.url, ...APP });
      await r.read('prospect', '1001', ['firstName']);
      const error = await r.read('prospect', '1001', ['firstName']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetryableError);
      expect((error as RetryableError).retryAfterMs).toBeGreaterThan(3_000_000);
    } finally {
      await tight.close();
    }
  });

  it('fails permanently when the refresh token is refused', async () => {
    const revoked = outreachCrm.reader!({ ...secret(), refreshToken: 'revoked' });
    const error = await revoked.read('prospect', '1001', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'OUTREACH_AUTH_FAILED' });
    expect(String((error as Error).message)).not.toContain('revoked');
  });
});
