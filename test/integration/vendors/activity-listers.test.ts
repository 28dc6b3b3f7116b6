import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gongCrm } from '#adapters/vendors/gong/connector';
import { clearOutreachTokenCache } from '#adapters/vendors/outreach/client';
import { outreachCrm } from '#adapters/vendors/outreach/connector';
import { startGongSandbox, type GongSandbox } from '#local/sandboxes/gong/server';
import { startOutreachSandbox, type OutreachSandbox } from '#local/sandboxes/outreach/server';
import type { ListedRecord, RecordLister } from '#ports/crm';
import { call } from '../sandboxes/support.ts';

const APP = { clientId: 'lister-app', clientSecret: 'lister-app-secret', refreshToken: 'lister-refresh' };
const GONG_KEY = { accessKey: 'lister-key', accessKeySecret: 'lister-key-secret' };

async function all(lister: RecordLister, object: string, modifiedSince?: number): Promise<{ pages: number; records: ListedRecord[] }> {
  let pages = 0;
  const records: ListedRecord[] = [];
  for await (const page of lister.list(object, [], modifiedSince === undefined ? {} : { modifiedSince })) {
    pages++;
    records.push(...page);
  }
  return { pages, records };
}

describe('full reads of activity, against the Outreach and Gong sandboxes', () => {
  let outreach: OutreachSandbox;
  let gong: GongSandbox;
  beforeAll(async () => {
    [outreach, gong] = await Promise.all([startOutreachSandbox({ ...APP, seed: false }), startGongSandbox({ ...GONG_KEY, seed: false })]);
  });
  afterAll(async () => {
    await Promise.all([outreach.close(), gong.close()]);
  });

  it('lists every Outreach mailing and call 1,000 a page, as the activity values the reader gives, and no prospects', async () => {
    // Prepare: 1,200 e-mails and 30 calls on one prospect, no webhook sent.
    clearOutreachTokenCache();
    const token = ((await call(outreach.url, '/oauth/token', { method: 'POST', body: { grant_type: 'refresh_token', client_id: APP.clientId, client_secret: APP.clientSecret, refresh_token: APP.refreshToken } })).json as { access_token: string }).access_token;
    const created = await fetch(`${outreach.url}/api/v2/prospects`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.api+json' }, body: JSON.stringify({ data: { type: 'prospect', attributes: { firstName: 'Ada', lastName: 'Byron', emails: ['ada@history.test'] } } }) });
    const prospectId = ((await created.json()) as { data: { id: number } }).data.id;
    for (let i = 0; i < 1_200; i++) await call(outreach.url, '/__sandbox/mailings', { method: 'POST', body: { prospectId: Number(prospectId), subject: `Note ${i}`, deliveredAt: '2026-05-01T09:00:00.000Z', silent: true } });
    for (let i = 0; i < 30; i++) await call(outreach.url, '/__sandbox/logged-calls', { method: 'POST', body: { prospectId: Number(prospectId), dialedAt: '2026-05-02T09:00:00.000Z', completedAt: '2026-05-02T09:03:00.000Z', silent: true } });
    const lister = outreachCrm.lister!({ webhookSecret: 'unused', baseUrl: outreach.url, ...APP }) as RecordLister;

    // Act
    const mailings = await all(lister, 'mailing');
    const calls = await all(lister, 'call');
    const none = await all(lister, 'call', Date.now() + 60_000);

    // Assess
    expect(lister.objectTypes).toEqual(['mailing', 'call']);
    expect(mailings.pages).toBe(2);
    expect(new Set(mailings.records.map((r) => r.id)).size).toBe(1_200);
    expect(mailings.records[0]?.record.values).toEqual({ subject: 'Note 0', kind: 'mailing', occurredAt: '2026-05-01T09:00:00.000Z', prospectId: String(prospectId) });
    expect(calls.records).toHaveLength(30);
    expect(calls.records[0]?.record.values).toMatchObject({ kind: 'call', duration: 180, prospectId: String(prospectId) });
    expect(none.records).toHaveLength(0);
    await expect(all(lister, 'prospect')).rejects.toThrow('Outreach lists mailing and call in full, not prospect');
  });

  it('lists every Gong call 100 a page by cursor, with the Salesforce Contact and Opportunity it names', async () => {
    // Prepare: 230 calls from before the rule existed.
    for (let i = 0; i < 230; i++) {
      await call(gong.url, '/__sandbox/calls', { method: 'POST', body: { title: `Call ${i}`, started: new Date(Date.parse('2026-04-01T10:00:00.000Z') + i * 60_000).toISOString(), duration: 600 + i, salesforceContactIds: ['003Dn000000000BIAQ'], salesforceOpportunityId: '006Dn000000000ZIAQ', media: 'Video', silent: true } });
    }
    const before = ((await call(gong.url, '/__sandbox/calls')).json as { calls: unknown[] }).calls.length;
    const lister = gongCrm.lister!({ baseUrl: gong.url, ...GONG_KEY }) as RecordLister;

    // Act
    const { pages, records } = await all(lister, 'call');
    const later = await all(lister, 'call', Date.parse('2026-04-01T13:00:00.000Z'));

    // Assess
    expect(pages).toBe(3);
    expect(new Set(records.map((r) => r.id)).size).toBe(230);
    expect(records[0]?.record.values).toEqual({ title: 'Call 0', started: '2026-04-01T10:00:00.000Z', duration: 600, kind: 'meeting', url: expect.any(String), contactId: '003Dn000000000BIAQ', opportunityId: '006Dn000000000ZIAQ', accountId: null });
    expect(later.records).toHaveLength(230 - 180);
    const used = ((await call(gong.url, '/__sandbox/calls')).json as { calls: unknown[] }).calls.length - before;
    expect(used).toBe(3 + 1); // three pages, then one for the later calls
  });

  it('has no Gong lister while the gong-api secret is the placeholder the stack creates, refuses half a key, and fails on a key Gong refuses', async () => {
    expect(gongCrm.lister!({ note: 'replace with the gong-api credentials', placeholder: 'Xy12' })).toBeUndefined();
    expect(() => gongCrm.lister!({ accessKey: 'only-half' })).toThrow(/accessKeySecret/);
    const refused = gongCrm.lister!({ baseUrl: gong.url, accessKey: 'wrong', accessKeySecret: 'wrong' }) as RecordLister;
    await expect(all(refused, 'call')).rejects.toThrow(/Gong refused the API key \(401\)/);
  });
});
