import fc from 'fast-check';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { stripeWebhooks } from '#adapters/vendors/stripe/webhook-source';
import { parseStripeSignatureHeader, stripeV1Signature, verifyStripeSignature } from '#adapters/vendors/stripe/verify-signature';
import type { InboundRequest } from '#ports/webhook-source';

const SECRET = 'whsec_test_current';
const OLD = 'whsec_test_previous';
const NOW_S = 1_764_000_000;
const NOW = NOW_S * 1000;
const stripe = new Stripe('sk_test_x');

function request(body: string, header: string | undefined): InboundRequest {
  return { method: 'POST', url: 'https://hooks.example.com/webhooks/stripe', rawBody: body, headers: header === undefined ? {} : { 'stripe-signature': header } };
}

const sdkHeader = (payload: string, secret = SECRET, timestamp = NOW_S): string => stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

describe('verifyStripeSignature', () => {
  it('accepts any body signed by the official stripe package', () => {
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^whsec_[A-Za-z0-9]{1,40}$/), fc.integer({ min: -300, max: 300 }), (body, secret, skew) => {
        expect(verifyStripeSignature(request(body, sdkHeader(body, secret, NOW_S + skew)), [secret], NOW)).toEqual({ ok: true });
      }),
      { numRuns: 500 },
    );
  });

  it('computes the same v1 signature as stripe-node for any body and secret', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (body, secret) => {
        const header = parseStripeSignatureHeader(Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: NOW_S }));
        expect(header).toEqual({ timestamp: String(NOW_S), v1: [stripeV1Signature(secret, NOW_S, body)] });
      }),
      { numRuns: 300 },
    );
  });

  it('rejects any change to the signed body', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), fc.nat(), (body, extra, at) => {
        const cut = body.length === 0 ? 0 : at % (body.length + 1);
        const tampered = body.slice(0, cut) + extra + body.slice(cut);
        expect(verifyStripeSignature(request(tampered, sdkHeader(body)), [SECRET], NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
      }),
      { numRuns: 500 },
    );
  });

  it('rejects a timestamp older than 300 s, and (unlike Stripe) one more than 300 s ahead', () => {
    expect(verifyStripeSignature(request('{}', sdkHeader('{}', SECRET, NOW_S - 301)), [SECRET], NOW)).toMatchObject({ ok: false, reason: 'stale-timestamp' });
    expect(verifyStripeSignature(request('{}', sdkHeader('{}', SECRET, NOW_S + 301)), [SECRET], NOW)).toMatchObject({ ok: false, reason: 'stale-timestamp' });
    expect(verifyStripeSignature(request('{}', sdkHeader('{}', SECRET, NOW_S - 300)), [SECRET], NOW)).toEqual({ ok: true });
  });

  it('accepts the previous secret during a rotation, and a header carrying two v1 entries', () => {
    expect(verifyStripeSignature(request('{}', sdkHeader('{}', OLD)), [SECRET, OLD], NOW)).toEqual({ ok: true });
    const both = `t=${NOW_S},v1=${stripeV1Signature('whsec_new', NOW_S, '{}')},v1=${stripeV1Signature(SECRET, NOW_S, '{}')}`;
    expect(verifyStripeSignature(request('{}', both), [SECRET], NOW)).toEqual({ ok: true });
    expect(verifyStripeSignature(request('{}', sdkHeader('{}', OLD)), [SECRET], NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('ignores v0 and unknown schemes, as stripe-node does', () => {
    const header = `t=${NOW_S},v0=${stripeV1Signature(SECRET, NOW_S, '{}')}`;
    expect(verifyStripeSignature(request('{}', header), [SECRET], NOW)).toMatchObject({ ok: false, reason: 'missing-signature' });
  });

  it('rejects missing headers, a header without t or v1, a non-numeric timestamp and non-hex signatures', () => {
    const sig = stripeV1Signature(SECRET, NOW_S, '{}');
    expect(verifyStripeSignature(request('{}', undefined), [SECRET], NOW)).toMatchObject({ ok: false, reason: 'missing-signature' });
    expect(verifyStripeSignature(request('{}', `v1=${sig}`), [SECRET], NOW)).toMatchObject({ ok: false, reason: 'missing-signature' });
    expect(verifyStripeSignature(request('{}', `t=${NOW_S}`), [SECRET], NOW)).toMatchObject({ ok: false, reason: 'missing-signature' });
    expect(verifyStripeSignature(request('{}', `t=17e8,v1=${sig}`), [SECRET], NOW)).toMatchObject({ ok: false, reason: 'stale-timestamp' });
    expect(verifyStripeSignature(request('{}', `t=${NOW_S},v1=${sig.slice(0, 62)}zz`), [SECRET], NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifyStripeSignature(request('{}', `t=${NOW_S},v1=${sig}00`), [SECRET], NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('never throws for any header text', () => {
    fc.assert(
      fc.property(fc.string(), (header) => {
        expect(verifyStripeSignature(request('{}', header), [SECRET], NOW).ok).toBe(false);
      }),
    );
  });
});

describe('stripeWebhooks connector', () => {
  it('verifies with the current and previous secrets from the secret', async () => {
    expect(await stripeWebhooks.verify({ webhookSecret: SECRET, previousWebhookSecret: OLD }, request('{}', sdkHeader('{}', OLD)), NOW)).toEqual({ ok: true });
    expect(await stripeWebhooks.verify({ webhookSecret: SECRET }, request('{}', sdkHeader('{}', OLD)), NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('fails on a secret that is not a whsec_ endpoint secret (a configuration error, not a request error)', () => {
    expect(() => stripeWebhooks.verify({ webhookSecret: 'sk_live_oops' }, request('{}', sdkHeader('{}')), NOW)).toThrow(/whsec_/);
  });
});
