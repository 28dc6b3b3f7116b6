import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outreachWebhooks } from '#adapters/vendors/outreach/webhook-source';
import { outreachSignature, verifyOutreachSignature } from '#adapters/vendors/outreach/verify-signature';
import type { InboundRequest } from '#ports/webhook-source';

const SECRET = 'outreach-webhook-secret';
const URL_ = 'https://hub.example.com/webhooks/outreach';

function signed(body: string, secret = SECRET): InboundRequest {
  return { method: 'POST', url: URL_, rawBody: body, headers: { 'outreach-webhook-signature': outreachSignature(secret, body) } };
}

describe('verifyOutreachSignature', () => {
  it('computes the hex HMAC-SHA256 of the raw body, as node:crypto does independently', () => {
    const body = '{"data":{"type":"prospect","id":1},"meta":{"eventName":"prospect.created"}}';
    expect(outreachSignature(SECRET, body)).toBe(createHmac('sha256', SECRET).update(Buffer.from(body, 'utf8')).digest('hex'));
  });

  it('accepts any body signed with the secret, whatever the secret', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ minLength: 1 }), (body, secret) => {
        expect(verifyOutreachSignature(signed(body, secret), [secret])).toEqual({ ok: true });
      }),
      { numRuns: 500 },
    );
  });

  it('rejects the body once any one of its bytes is flipped', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (bytes, at, mask) => {
        const body = Buffer.from(bytes).toString('latin1');
        const request = signed(body);
        const flipped = Buffer.from(body, 'latin1');
        const i = at % flipped.length;
        flipped[i] = (flipped[i] ?? 0) ^ mask;
        expect(verifyOutreachSignature({ ...request, rawBody: flipped.toString('latin1') }, [SECRET])).toMatchObject({ ok: false, reason: 'bad-signature' });
      }),
      { numRuns: 500 },
    );
  });

  it('rejects a signature with any one hex digit changed', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 63 }), (body, at) => {
        const request = signed(body);
        const signature = String(request.headers['outreach-webhook-signature']);
        const digit = signature.charAt(at) === '0' ? '1' : '0';
        const changed = signature.slice(0, at) + digit + signature.slice(at + 1);
        expect(verifyOutreachSignature({ ...request, headers: { 'outreach-webhook-signature': changed } }, [SECRET]).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('accepts the previous secret during a rotation and rejects an unknown one', () => {
    expect(verifyOutreachSignature(signed('{}', 'old'), ['new', 'old']).ok).toBe(true);
    expect(verifyOutreachSignature(signed('{}', 'other'), ['new', 'old'])).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a missing header, a truncated digest and characters outside hex', () => {
    const request = signed('{}');
    const signature = String(request.headers['outreach-webhook-signature']);
    expect(verifyOutreachSignature({ ...request, headers: {} }, [SECRET])).toMatchObject({ ok: false, reason: 'missing-signature' });
    expect(verifyOutreachSignature({ ...request, headers: { 'outreach-webhook-signature': signature.slice(0, 62) } }, [SECRET]).ok).toBe(false);
    expect(verifyOutreachSignature({ ...request, headers: { 'outreach-webhook-signature': `${signature.slice(0, 63)}g` } }, [SECRET]).ok).toBe(false);
    expect(verifyOutreachSignature({ ...request, headers: { 'outreach-webhook-signature': `sha256=${signature}` } }, [SECRET]).ok).toBe(false);
  });

  it('has no replay window: the same signed bytes verify whenever they arrive', async () => {
    const request = signed('{"meta":{"deliveredAt":"2020-01-01T00:00:00.000Z"}}');
    expect(await outreachWebhooks.verify({ webhookSecret: SECRET }, request, Date.parse('2030-01-01T00:00:00Z'))).toEqual({ ok: true });
  });

  it('takes the current and previous secret from the connector secret, without the OAuth fields', async () => {
    expect(await outreachWebhooks.verify({ webhookSecret: 'new', previousWebhookSecret: 'old' }, signed('{}', 'old'), 0)).toEqual({ ok: true });
    expect(await outreachWebhooks.verify({ webhookSecret: 'new' }, signed('{}', 'old'), 0)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });
});
