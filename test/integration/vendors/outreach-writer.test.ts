import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clearOutreachTokenCache } from '#adapters/vendors/outreach/client';
import { outreachCrm } from '#adapters/vendors/outreach/connector';
import { OUTREACH_EXTERNAL_ID_ATTRIBUTE } from '#adapters/vendors/outreach/resources';
import { PermanentError, RetryableError } from '#domain/errors';
import { startOutreachSandbox, type OutreachSandbox } from '#local/sandboxes/outreach/server';
import type { ChangeReader, CrmWriter } from '#ports/crm';

const APP = { clientId: 'writer-app', clientSecret: 'writer-app-secret', refreshToken: 'writer-refresh' };

interface StoredProspect {
  id: number;
  attributes: Record<string, unknown>;
}

describe('outreachWriter against the Outreach sandbox', () => {
  let sandbox: OutreachSandbox;
  let writer: CrmWriter;
  let reader: ChangeReader;

  const prospects = async (): Promise<StoredProspect[]> => ((await (await fetch(`${sandbox.url}/__sandbox/records/prospect`)).json()) as { records: StoredProspect[] }).records;

  beforeAll(async () => {
    sandbox = await startOutreachSandbox({ ...APP });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    clearOutreachTokenCache();
    await fetch(`${sandbox.url}/__sandbox/reset`, { method: 'POST' });
    const secret = { webhookSecret: 'unused', baseUrl: sandbox.url, ...APP };
    writer = outreachCrm.writer!(secret);
    reader = outreachCrm.reader!(secret);
  });

  it('creates a prospect carrying the Salesforce id, then updates the same one, writing email as emails[]', async () => {
    const [created] = await writer.upsert('prospect', 'externalId', [{ externalId: '003NEW000000001AAA', fields: { firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.example' } }]);
    const [updated] = await writer.upsert('prospect', 'externalId', [{ externalId: '003NEW000000001AAA', fields: { title: 'Rear Admiral', email: 'GRACE@cobol.example' } }]);

    expect(created).toEqual({ ok: true, id: expect.stringMatching(/^\d+$/), created: true });
    expect(updated).toEqual({ ok: true, id: created?.ok ? created.id : '', created: false });
    const stored = (await prospects()).find((p) => String(p.id) === (created?.ok ? created.id : ''));
    expect(stored?.attributes).toMatchObject({ firstName: 'Grace', lastName: 'Hopper', title: 'Rear Admiral', emails: ['grace@cobol.example'], [OUTREACH_EXTERNAL_ID_ATTRIBUTE]: '003NEW000000001AAA' });
    expect((await reader.read('prospect', created?.ok ? created.id : '', []))?.values).toMatchObject({ externalId: '003NEW000000001AAA', email: 'grace@cobol.example', title: 'Rear Admiral' });
  });

  it('updates the seeded prospect that already carries the Salesforce id instead of creating another', async () => {
    const before = (await prospects()).length;
    const [result] = await writer.upsert('prospect', 'externalId', [{ externalId: '003Dn000000000BIAQ', fields: { title: 'VP of IT' } }]);
    expect(result).toEqual({ ok: true, id: '1001', created: false });
    expect((await prospects()).length).toBe(before);
  });

  it('reports per-record refusals as values, in input order, and keeps writing the others', async () => {
    const results = await writer.upsert('prospect', 'externalId', [
      { externalId: '003A', fields: { lastName: 'Taken', email: 'priya.raman0@northwind.example' } },
      { externalId: '003B', fields: { lastName: 'Fine' } },
      { externalId: '003C', fields: { touchedAt: '2024-01-01T00:00:00Z' } },
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : `${r.code}:${String(r.retryable)}`))).toEqual(['validationError:false', 'ok', 'validationError:false']);
  });

  it('refuses two prospects carrying the same Salesforce id rather than guessing', async () => {
    await writer.update!('prospect', [{ id: '1005', fields: { externalId: 'SHARED' } }, { id: '1006', fields: { externalId: 'SHARED' } }]);
    const [result] = await writer.upsert('prospect', 'externalId', [{ externalId: 'SHARED', fields: { title: 'x' } }]);
    expect(result).toMatchObject({ ok: false, code: 'MULTIPLE_MATCHES', retryable: false });
  });

  it('updates by Outreach id, and reports ids it cannot find', async () => {
    const results = await writer.update!('prospect', [
      { id: '1004', fields: { title: 'Head of Sales', email: null } },
      { id: '424242', fields: { title: 'x' } },
      { id: '003NOTOUTREACH', fields: {} },
    ]);
    expect(results).toEqual([
      { ok: true, id: '1004', created: false },
      { ok: false, code: 'NOT_FOUND', message: expect.any(String), retryable: false },
      { ok: false, code: 'INVALID_ID', message: expect.any(String), retryable: false },
    ]);
    expect((await prospects()).find((p) => p.id === 1004)?.attributes).toMatchObject({ title: 'Head of Sales', emails: [] });
  });

  describe('sequence status, set from a Lead or Contact', () => {
    const statesOf = async (prospectId: number): Promise<string[]> => {
      const all = ((await (await fetch(`${sandbox.url}/__sandbox/records/sequenceState`)).json()) as { records: { id: number; attributes: Record<string, unknown>; relationships: { prospect: { id: number } } }[] }).records;
      return all.filter((s) => s.relationships.prospect.id === prospectId).sort((a, b) => a.id - b.id).map((s) => String(s.attributes['state']));
    };
    const actionCalls = async (): Promise<number> => ((await (await fetch(`${sandbox.url}/__sandbox/calls`)).json()) as { counts: Record<string, number> }).counts['sequenceStateAction'] ?? 0;

    it('pauses the active sequence, writes the other fields as attributes, and reads back as the status written', async () => {
      const [result] = await writer.update!('prospect', [{ id: '1001', fields: { title: 'CIO', sequenceState: 'paused' } }]);

      expect(result).toEqual({ ok: true, id: '1001', created: false });
      expect(await statesOf(1001)).toEqual(['paused']);
      expect((await prospects()).find((p) => p.id === 1001)?.attributes).toMatchObject({ title: 'CIO' });
      expect((await prospects()).find((p) => p.id === 1001)?.attributes).not.toHaveProperty('sequenceState');
      expect((await reader.read('prospect', '1001', ['sequenceState']))?.values['sequenceState']).toBe('paused');
    });

    it('does nothing when the prospect already holds the status, so a redelivery makes no second action', async () => {
      await writer.update!('prospect', [{ id: '1001', fields: { sequenceState: 'finished' } }]);
      const calls = await actionCalls();
      const [again] = await writer.upsert('prospect', 'externalId', [{ externalId: '003Dn000000000BIAQ', fields: { sequenceState: 'finished' } }]);

      expect(again).toEqual({ ok: true, id: '1001', created: false });
      expect(await actionCalls()).toBe(calls);
      expect(await statesOf(1001)).toEqual(['finished']);
    });

    it('resumes the paused sequence of a prospect whose latest sequence finished', async () => {
      expect(await statesOf(1002)).toEqual(['paused', 'finished']);
      const [result] = await writer.update!('prospect', [{ id: '1002', fields: { sequenceState: 'active' } }]);

      expect(result).toMatchObject({ ok: true });
      expect(await statesOf(1002)).toEqual(['active', 'finished']);
      expect((await reader.read('prospect', '1002', ['sequenceState']))?.values['sequenceState']).toBe('active');
    });

    it('pauses every sequence still running, even when the latest one is already paused', async () => {
      const token = await (await fetch(`${sandbox.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'refresh_token', client_id: APP.clientId, client_secret: APP.clientSecret, refresh_token: APP.refreshToken }) })).json() as { access_token: string };
      // Prospect 1005 is active in one sequence; a second one is added, then paused by hand, so it is the latest.
      const added = await (await fetch(`${sandbox.url}/api/v2/sequenceStates`, { method: 'POST', headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/vnd.api+json' }, body: JSON.stringify({ data: { type: 'sequenceState', relationships: { prospect: { data: { type: 'prospect', id: 1005 } }, sequence: { data: { type: 'sequence', id: 2 } } } } }) })).json() as { data: { id: number } };
      await fetch(`${sandbox.url}/api/v2/sequenceStates/${added.data.id}/actions/pause`, { method: 'POST', headers: { authorization: `Bearer ${token.access_token}` } });
      expect(await statesOf(1005)).toEqual(['active', 'paused']);

      const [result] = await writer.update!('prospect', [{ id: '1005', fields: { sequenceState: 'paused' } }]);

      expect(result).toEqual({ ok: true, id: '1005', created: false });
      expect(await statesOf(1005)).toEqual(['paused', 'paused']);
    });

    it('writes the rest of the record and reports the status Outreach keeps where it cannot reach the one written', async () => {
      const calls = await actionCalls();
      const results = await writer.update!('prospect', [
        { id: '1003', fields: { title: 'COO', sequenceState: 'active' } },
        { id: '1004', fields: { sequenceState: 'paused' } },
        { id: '1005', fields: { sequenceState: 'bounced' } },
        { id: '1005', fields: { sequenceState: null } },
      ]);

      expect(results).toEqual([
        { ok: true, id: '1003', created: false, kept: { sequenceState: 'finished' } },
        { ok: true, id: '1004', created: false, kept: { sequenceState: null } },
        { ok: true, id: '1005', created: false, kept: { sequenceState: 'active' } },
        { ok: true, id: '1005', created: false, kept: { sequenceState: 'active' } },
      ]);
      expect(await actionCalls()).toBe(calls);
      expect((await prospects()).find((p) => p.id === 1003)?.attributes['title']).toBe('COO');
      expect([await statesOf(1003), await statesOf(1005)]).toEqual([['finished'], ['active']]);
    });

    it('creates a prospect with a status it cannot have yet (it is in no sequence) and says so', async () => {
      const [result] = await writer.upsert('prospect', 'externalId', [{ externalId: '003NEWSEQ00000001AA', fields: { lastName: 'Lovelace', sequenceState: 'active' } }]);
      expect(result).toEqual({ ok: true, id: expect.stringMatching(/^\d+$/), created: true, kept: { sequenceState: null } });
      expect((await prospects()).filter((p) => p.attributes[OUTREACH_EXTERNAL_ID_ATTRIBUTE] === '003NEWSEQ00000001AA')).toHaveLength(1);
    });

    it('fails the record when Outreach refuses the action itself (403: the app may not act on sequences), not as a kept status', async () => {
      await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: 'sequenceStateAction', kind: 'status', status: 403 }) });
      const [result] = await writer.update!('prospect', [{ id: '1005', fields: { sequenceState: 'paused' } }]);
      expect(result).toMatchObject({ ok: false, retryable: false });
      expect(await statesOf(1005)).toEqual(['active']);
    });

    it('throws for the whole call when the action is rate limited', async () => {
      await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: 'sequenceStateAction', kind: 'status', status: 429, retryAfterSeconds: 2 }) });
      const limited = await writer.update!('prospect', [{ id: '1005', fields: { sequenceState: 'paused' } }]).catch((e: unknown) => e);
      expect(limited).toBeInstanceOf(RetryableError);
      expect(await statesOf(1005)).toEqual(['active']);
    });
  });

  it('refreshes an expired token on a 401 and completes the write', async () => {
    await writer.update!('prospect', [{ id: '1001', fields: { title: 'A' } }]);
    await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: 'updateProspect', kind: 'token-expiry' }) });
    const [result] = await writer.update!('prospect', [{ id: '1001', fields: { title: 'B' } }]);
    const counts = ((await (await fetch(`${sandbox.url}/__sandbox/calls`)).json()) as { counts: Record<string, number> }).counts;
    expect(result).toMatchObject({ ok: true });
    expect(counts['token']).toBe(2);
    expect((await prospects()).find((p) => p.id === 1001)?.attributes['title']).toBe('B');
  });

  it('throws for the whole call on 429 and 5xx, and refuses objects it does not write', async () => {
    await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: 'listProspects', kind: 'status', status: 429, retryAfterSeconds: 4 }) });
    const limited = await writer.upsert('prospect', 'externalId', [{ externalId: 'X', fields: {} }]).catch((e: unknown) => e);
    await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: 'createProspect', kind: 'status', status: 500 }) });
    const failed = await writer.upsert('prospect', 'externalId', [{ externalId: 'Y', fields: {} }]).catch((e: unknown) => e);

    expect(limited).toBeInstanceOf(RetryableError);
    expect((limited as RetryableError).retryAfterMs).toBe(4000);
    expect(failed).toBeInstanceOf(RetryableError);
    await expect(writer.upsert('account', 'externalId', [])).rejects.toBeInstanceOf(PermanentError);
  });
});
