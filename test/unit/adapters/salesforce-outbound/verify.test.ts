import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { salesforceOutboundWebhooks } from '#adapters/vendors/salesforce/outbound-message/webhook-source';
import type { InboundRequest } from '#ports/webhook-source';
import { ORG_ID, contactFields, envelope, notificationId } from './fixtures.ts';

const TOKEN = 'tok_0123456789abcdefghijklmnop';
const PREVIOUS = 'tok_previous_0123456789abcdefgh';
const SECRET = { organizationId: ORG_ID, outboundMessageToken: TOKEN, previousOutboundMessageToken: PREVIOUS, clientId: 'oauth-fields-are-ignored', refreshToken: 'r' };
const BODY = envelope([{ id: notificationId(1), fields: contactFields('0035e00000AbCdEAAV') }]);

function request(overrides: Partial<InboundRequest> & { token?: string | null } = {}): InboundRequest {
  const { token = TOKEN, ...rest } = overrides;
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return { method: 'POST', url: `https://api.example.com/webhooks/salesforce${query}`, headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, rawBody: BODY, ...rest };
}

const verify = (req: InboundRequest, secret: Record<string, unknown> = SECRET) => salesforceOutboundWebhooks.verify(secret, req, Date.now());

describe('salesforceOutboundWebhooks.verify', () => {
  it('accepts the current token and, during a rotation, the previous one', async () => {
    expect(await verify(request())).toEqual({ ok: true });
    expect(await verify(request({ token: PREVIOUS }))).toEqual({ ok: true });
  });

  it('compares the org id on its first 15 characters', async () => {
    expect(await verify(request(), { ...SECRET, organizationId: ORG_ID.slice(0, 15) })).toEqual({ ok: true });
    expect(await verify(request({ rawBody: BODY.replace(ORG_ID, ORG_ID.slice(0, 15)) }))).toEqual({ ok: true });
  });

  it('rejects a request without the token as missing-signature', async () => {
    expect(await verify(request({ token: null }))).toMatchObject({ ok: false, reason: 'missing-signature' });
    expect(await verify(request({ token: '' }))).toMatchObject({ ok: false, reason: 'missing-signature' });
  });

  it('rejects a wrong token as bad-signature', async () => {
    expect(await verify(request({ token: `${TOKEN}x` }))).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects another org as bad-signature, even one differing only in case', async () => {
    const other = BODY.replace(ORG_ID, '00D5e000000ZZZZEAI');
    expect(await verify(request({ rawBody: other }))).toMatchObject({ ok: false, reason: 'bad-signature', message: expect.stringContaining('OrganizationId') });
    expect(await verify(request({ rawBody: BODY.replace(ORG_ID, ORG_ID.toLowerCase().replace('00d', '00D')) }))).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a non-XML content type or body as malformed-body', async () => {
    expect(await verify(request({ headers: { 'content-type': 'application/json' } }))).toMatchObject({ ok: false, reason: 'malformed-body' });
    expect(await verify(request({ headers: {} }))).toMatchObject({ ok: false, reason: 'malformed-body' });
    expect(await verify(request({ rawBody: '<!DOCTYPE x><x/>' }))).toMatchObject({ ok: false, reason: 'malformed-body', message: expect.stringContaining('DOCTYPE') });
  });

  it('fails on a secret without the Outbound Message keys', () => {
    expect(() => verify(request(), { organizationId: ORG_ID })).toThrow(/outboundMessageToken/);
    expect(() => verify(request(), { ...SECRET, outboundMessageToken: 'short' })).toThrow(/at least 24/);
  });

  it('rejects any other token', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 64 }), async (token) => {
        fc.pre(token !== TOKEN && token !== PREVIOUS);
        expect(await verify(request({ token }))).toMatchObject({ ok: false, reason: 'bad-signature' });
      }),
    );
  });
});
