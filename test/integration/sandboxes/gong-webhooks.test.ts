import { afterEach, describe, expect, it } from 'vitest';
import { parseGongWebhook } from '#adapters/vendors/gong/parse-webhook';
import { gongWebhooks } from '#adapters/vendors/gong/webhook-source';
import { SEEDED_SALESFORCE } from '#local/sandboxes/gong/seed';
import { startGongSandbox, type GongSandbox, type GongSandboxOptions } from '#local/sandboxes/gong/server';
import type { InboundRequest } from '#ports/webhook-source';
import { call, startReceiver, waitFor, type ReceivedRequest, type Receiver } from './support.ts';

const TOKEN = 'tok_0123456789abcdef0123456789abcdef';
const sf = SEEDED_SALESFORCE;

/** The request as the webhook function would see it: the URL rebuilt from the receiver's origin and the path called. */
function inbound(req: ReceivedRequest, receiver: Receiver): InboundRequest {
  return {
    method: req.method,
    url: new URL(req.url, receiver.url).toString(),
    rawBody: req.body,
    headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v])),
  };
}

const newCall = {
  title: 'Northwind renewal: negotiation',
  started: '2024-04-02T16:00:00.123456+02:00',
  duration: 1800,
  salesforceOpportunityId: sf.northwindOpportunity,
  salesforceAccountId: sf.northwindAccount,
  salesforceContactIds: [sf.northwindContact],
  trackers: [{ name: 'Competitor: Globex', count: 2 }, { name: 'Next steps', count: 1 }],
  talkRatio: 0.52,
};

describe('Gong sandbox webhooks', () => {
  let sandbox: GongSandbox | undefined;
  let receiver: Receiver | undefined;

  async function start(respond?: (i: number) => number, options: Partial<GongSandboxOptions> = {}, query = ''): Promise<{ sandbox: GongSandbox; receiver: Receiver }> {
    receiver = await startReceiver(respond);
    sandbox = await startGongSandbox({ webhookUrl: receiver.url + query, webhookRetryBaseMs: 30, ...options });
    return { sandbox, receiver };
  }

  afterEach(async () => {
    await sandbox?.close();
    await receiver?.close();
    sandbox = undefined;
    receiver = undefined;
  });

  it('delivers a created call with a signed JWT that our verifier accepts with the sandbox public key, and parses it', async () => {
    const { sandbox, receiver } = await start();
    const created = await call(sandbox.url, '/__sandbox/calls', { method: 'POST', body: newCall });
    expect(created.status).toBe(200);
    const [req] = receiver.requests as [ReceivedRequest];
    const request = inbound(req, receiver);
    expect(req.headers['content-type']).toBe('application/json');
    expect(await gongWebhooks.verify({ publicKey: sandbox.publicKeyPem }, request, Date.now())).toEqual({ ok: true });
    const pem = ((await call(sandbox.url, '/__sandbox/public-key')).json as { publicKeyPem: string }).publicKeyPem;
    expect(pem).toBe(sandbox.publicKeyPem);
    expect(await gongWebhooks.verify({ publicKey: pem }, { ...request, rawBody: req.body.replace('negotiation', 'negotiatioN') }, Date.now())).toMatchObject({ ok: false, reason: 'bad-signature' });
    const other = await startGongSandbox({ seed: false });
    expect(await gongWebhooks.verify({ publicKey: other.publicKeyPem }, request, Date.now())).toMatchObject({ ok: false, reason: 'bad-signature' });
    await other.close();

    const callId = (created.json as { call: { metaData: { id: string } } }).call.metaData.id;
    const parsed = parseGongWebhook(req.body);
    expect(parsed).toMatchObject({
      ok: true,
      skipped: [],
      events: [
        { objectType: 'call', sourceId: callId, eventId: `${callId}:call`, occurredAt: '2024-04-02T14:00:00.123Z', fields: { kind: 'meeting', duration: 1800, opportunityId: sf.northwindOpportunity, accountId: sf.northwindAccount, contactId: sf.northwindContact } },
        { objectType: 'opportunity', sourceId: sf.northwindOpportunity, fields: { talkRatio: 0.52, competitorMentioned: 'Globex' } },
        { objectType: 'contact', sourceId: sf.northwindContact },
      ],
    });
  });

  it('writes body_sha256 as base64 and prefixes Bearer when asked, and our verifier still accepts', async () => {
    const { sandbox, receiver } = await start(undefined, { bodyHashEncoding: 'base64', authorizationPrefix: 'Bearer ' });
    await call(sandbox.url, '/__sandbox/calls', { method: 'POST', body: newCall });
    const [req] = receiver.requests as [ReceivedRequest];
    expect(String(req.headers['authorization'])).toMatch(/^Bearer ey/);
    const claims = JSON.parse(Buffer.from(String(req.headers['authorization']).split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ webhook_url: receiver.url, body_sha256: expect.stringMatching(/=$/) });
    expect((claims['exp'] as number) - (claims['iat'] as number)).toBe(300);
    expect(await gongWebhooks.verify({ publicKey: sandbox.publicKeyPem }, inbound(req, receiver), Date.now())).toEqual({ ok: true });
  });

  it('sends no Authorization header in url-token mode; the token in the URL authenticates', async () => {
    const { sandbox, receiver } = await start(undefined, { auth: 'url-token' }, `?token=${TOKEN}`);
    await call(sandbox.url, '/__sandbox/calls', { method: 'POST', body: newCall });
    const [req] = receiver.requests as [ReceivedRequest];
    expect(req.headers['authorization']).toBeUndefined();
    expect(await gongWebhooks.verify({ urlToken: TOKEN }, inbound(req, receiver), Date.now())).toEqual({ ok: true });
    expect(await gongWebhooks.verify({ urlToken: TOKEN.replace('0', '1') }, inbound(req, receiver), Date.now())).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(() => sandbox.setWebhookUrl(receiver.url)).toThrow(/token/);
  });

  it('retries a 500 with a freshly signed JWT and stops at the first 200', async () => {
    const { sandbox, receiver } = await start((i) => (i === 0 ? 500 : 200));
    await call(sandbox.url, '/__sandbox/calls', { method: 'POST', body: newCall });
    await waitFor(() => receiver.requests.length === 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.requests).toHaveLength(2);
    for (const req of receiver.requests) expect(await gongWebhooks.verify({ publicKey: sandbox.publicKeyPem }, inbound(req, receiver), Date.now())).toEqual({ ok: true });
    const log = (await call(sandbox.url, '/__sandbox/webhooks')).json as { deliveries: Array<{ attempts: Array<{ status: number }> }> };
    expect(log.deliveries[0]?.attempts.map((a) => a.status)).toEqual([500, 200]);
  });

  it('delivers a seeded call on request and, after a key rotation, verifies only with the previous key kept', async () => {
    const { sandbox, receiver } = await start();
    const seeded = (await call(sandbox.url, '/__sandbox/records/calls')).json as { records: Array<{ metaData: { id: string } }> };
    expect(seeded.records).toHaveLength(2);
    const rotated = (await call(sandbox.url, '/__sandbox/public-key/rotate', { method: 'POST' })).json as { publicKeyPem: string; previousPublicKeyPem: string };
    expect(rotated.previousPublicKeyPem).toBe(sandbox.publicKeyPem);
    await call(sandbox.url, `/__sandbox/calls/${seeded.records[0]?.metaData.id}/deliver`, { method: 'POST' });
    const [req] = receiver.requests as [ReceivedRequest];
    expect(await gongWebhooks.verify({ publicKey: sandbox.publicKeyPem }, inbound(req, receiver), Date.now())).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(await gongWebhooks.verify({ publicKey: sandbox.publicKeyPem, previousPublicKey: rotated.publicKeyPem }, inbound(req, receiver), Date.now())).toEqual({ ok: true });
    expect(parseGongWebhook(req.body)).toMatchObject({ ok: true, events: [{ objectType: 'call' }, { objectType: 'opportunity', sourceId: sf.northwindOpportunity, fields: { competitorMentioned: 'Globex' } }, { objectType: 'contact' }] });
  });

  it('marks test deliveries isTest, which the connector skips', async () => {
    const { sandbox, receiver } = await start();
    await call(sandbox.url, '/__sandbox/calls', { method: 'POST', body: { ...newCall, isTest: true } });
    const [req] = receiver.requests as [ReceivedRequest];
    expect(parseGongWebhook(req.body)).toEqual({ ok: true, events: [], skipped: [{ index: 0, reason: 'test delivery' }] });
  });

  it('refuses invalid trigger bodies and serves calls over the basic-auth API, with faults', async () => {
    const { sandbox } = await start();
    const bad = await call(sandbox.url, '/__sandbox/calls', { method: 'POST', body: { title: 'x', started: 'soon', duration: 1 } });
    expect(bad.status).toBe(400);
    expect((bad.json as { error: string }).error).toContain('started');
    const basic = { authorization: `Basic ${Buffer.from('sandbox-access-key:sandbox-access-secret').toString('base64')}` };
    const list = await call(sandbox.url, '/v2/calls?fromDateTime=2024-03-05T00:00:00Z', { headers: basic });
    expect((list.json as { calls: Array<{ title: string }> }).calls.map((c) => c.title)).toEqual(['Contoso lab expansion: discovery']);
    expect((await call(sandbox.url, '/v2/calls', {})).status).toBe(401);
    await call(sandbox.url, '/__sandbox/faults', { method: 'POST', body: { endpoint: 'getCall', kind: 'status', status: 429 } });
    const limited = await call(sandbox.url, '/v2/calls/1', { headers: basic });
    expect(limited.status).toBe(429);
    expect(limited.json).toMatchObject({ errors: [expect.any(String)] });
    expect((await call(sandbox.url, '/v2/calls/1', { headers: basic })).status).toBe(404);
  });
});
