import { Signature } from '@hubspot/api-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hubspotV1Signature, hubspotV2Signature, hubspotV3Signature, verifyHubspotSignature } from '#adapters/vendors/hubspot/verify-signature';
import { hubspotWebhooks } from '#adapters/vendors/hubspot/webhook-source';
import type { InboundRequest } from '#ports/webhook-source';

// HubSpot's own test vectors for the legacy signatures (vendor-apis §2.9).
const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const V1_BODY = '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
const V1_SIGNATURE = '232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de';
const V2_URI = 'https://www.example.com/webhook_uri';
const V2_GET_SIGNATURE = 'eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e';
const V2_POST_BODY = '{"example_field":"example_value"}';
const V2_POST_SIGNATURE = '9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900';
const NOW = 1_764_000_000_000;

const legacy = (version: 'v1' | 'v2', signature: string, body: string, method = 'POST', url = V2_URI): InboundRequest => ({
  method,
  url,
  rawBody: body,
  headers: { 'x-hubspot-signature': signature, 'x-hubspot-signature-version': version },
});

describe('HubSpot v1/v2 signatures', () => {
  it('reproduces the documented v1 vector, as does the SDK', () => {
    expect(hubspotV1Signature(SECRET, V1_BODY)).toBe(V1_SIGNATURE);
    expect(Signature.getSignature('POST', 'v1', { clientSecret: SECRET, requestBody: V1_BODY } as never)).toBe(V1_SIGNATURE);
    expect(Signature.isValid({ signatureVersion: 'v1', signature: V1_SIGNATURE, clientSecret: SECRET, requestBody: V1_BODY })).toBe(true);
  });

  it('reproduces the documented v2 vectors (GET without body, POST with body), as does the SDK', () => {
    expect(hubspotV2Signature(SECRET, 'GET', V2_URI, '')).toBe(V2_GET_SIGNATURE);
    expect(hubspotV2Signature(SECRET, 'POST', V2_URI, V2_POST_BODY)).toBe(V2_POST_SIGNATURE);
    expect(Signature.getSignature('GET', 'v2', { clientSecret: SECRET, requestBody: '', url: V2_URI } as never)).toBe(V2_GET_SIGNATURE);
    expect(Signature.getSignature('POST', 'v2', { clientSecret: SECRET, requestBody: V2_POST_BODY, url: V2_URI } as never)).toBe(V2_POST_SIGNATURE);
    expect(Signature.isValid({ signatureVersion: 'v2', method: 'GET', signature: V2_GET_SIGNATURE, clientSecret: SECRET, requestBody: '', url: V2_URI })).toBe(true);
    expect(Signature.isValid({ signatureVersion: 'v2', method: 'POST', signature: V2_POST_SIGNATURE, clientSecret: SECRET, requestBody: V2_POST_BODY, url: V2_URI })).toBe(true);
  });

  it('agrees with the SDK for any body, URL and secret', () => {
    fc.assert(
      fc.property(fc.string(), fc.webUrl({ withQueryParameters: true }), fc.string({ minLength: 1 }), fc.constantFrom('GET', 'POST', 'PUT'), (body, url, secret, method) => {
        expect(hubspotV1Signature(secret, body)).toBe(Signature.getSignature(method, 'v1', { clientSecret: secret, requestBody: body } as never));
        expect(hubspotV2Signature(secret, method, url, body)).toBe(Signature.getSignature(method, 'v2', { clientSecret: secret, requestBody: body, url } as never));
      }),
      { numRuns: 300 },
    );
  });
});

describe('HubSpot signature policy', () => {
  it('refuses a v1-only or v2-only request by default with a 401-class reason naming the fix', () => {
    for (const request of [legacy('v1', V1_SIGNATURE, V1_BODY), legacy('v2', V2_POST_SIGNATURE, V2_POST_BODY)]) {
      const outcome = verifyHubspotSignature(request, [SECRET], NOW);
      expect(outcome).toMatchObject({ ok: false, reason: 'missing-signature' });
      expect(!outcome.ok && outcome.message).toContain('acceptLegacySignatures');
      expect(!outcome.ok && outcome.message).toContain('can be replayed');
    }
  });

  it('accepts the documented v1 and v2 requests when acceptLegacySignatures is set (the previous secret too)', () => {
    const policy = { acceptLegacySignatures: true };
    expect(verifyHubspotSignature(legacy('v1', V1_SIGNATURE, V1_BODY), [SECRET], NOW, policy)).toEqual({ ok: true });
    expect(verifyHubspotSignature(legacy('v2', V2_GET_SIGNATURE, '', 'GET'), [SECRET], NOW, policy)).toEqual({ ok: true });
    expect(verifyHubspotSignature(legacy('v2', V2_POST_SIGNATURE, V2_POST_BODY), ['rotated', SECRET], NOW, policy)).toEqual({ ok: true });
    // Without a version header the signature is v1, as HubSpot's first scheme and the SDK default.
    expect(verifyHubspotSignature({ ...legacy('v1', V1_SIGNATURE, V1_BODY), headers: { 'x-hubspot-signature': V1_SIGNATURE } }, [SECRET], NOW, policy).ok).toBe(true);
  });

  it('rejects a legacy signature that does not match, has the wrong URI, or names an unknown version', () => {
    const policy = { acceptLegacySignatures: true };
    expect(verifyHubspotSignature(legacy('v1', V1_SIGNATURE, `${V1_BODY} `), [SECRET], NOW, policy)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifyHubspotSignature(legacy('v2', V2_POST_SIGNATURE, V2_POST_BODY, 'POST', `${V2_URI}?a=1`), [SECRET], NOW, policy).ok).toBe(false);
    expect(verifyHubspotSignature(legacy('v1', V1_SIGNATURE.toUpperCase().slice(1), V1_BODY), [SECRET], NOW, policy).ok).toBe(false);
    const v4 = { ...legacy('v1', V1_SIGNATURE, V1_BODY), headers: { 'x-hubspot-signature': V1_SIGNATURE, 'x-hubspot-signature-version': 'v4' } };
    expect(verifyHubspotSignature(v4, [SECRET], NOW, policy)).toMatchObject({ ok: false, reason: 'bad-signature', message: "X-HubSpot-Signature-Version 'v4' is not one of v1, v2, v3." });
  });

  it('lets v3 decide alone when its headers are present: a valid v1 beside a bad v3 fails, even with legacy accepted', () => {
    const ts = String(NOW);
    const request: InboundRequest = {
      method: 'POST',
      url: V2_URI,
      rawBody: V1_BODY,
      headers: { 'x-hubspot-signature': V1_SIGNATURE, 'x-hubspot-signature-version': 'v1', 'x-hubspot-signature-v3': hubspotV3Signature(SECRET, 'POST', V2_URI, '[]', ts), 'x-hubspot-request-timestamp': ts },
    };
    expect(verifyHubspotSignature(request, [SECRET], NOW, { acceptLegacySignatures: true })).toMatchObject({ ok: false, reason: 'bad-signature' });
    const onlyTimestamp = { ...request, headers: { 'x-hubspot-signature': V1_SIGNATURE, 'x-hubspot-request-timestamp': ts } };
    expect(verifyHubspotSignature(onlyTimestamp, [SECRET], NOW, { acceptLegacySignatures: true })).toMatchObject({ ok: false, reason: 'missing-signature' });
  });

  it('reads acceptLegacySignatures from the hubspot secret in the webhook connector', async () => {
    const request = legacy('v1', V1_SIGNATURE, V1_BODY);
    expect(await hubspotWebhooks.verify({ accessToken: 't', clientSecret: SECRET }, request, NOW)).toMatchObject({ ok: false, reason: 'missing-signature' });
    expect(await hubspotWebhooks.verify({ accessToken: 't', clientSecret: SECRET, acceptLegacySignatures: true }, request, NOW)).toEqual({ ok: true });
  });
});

describe('HubSpot v3 signature properties', () => {
  const signed = (body: string, url: string): InboundRequest => {
    const ts = String(NOW);
    return { method: 'POST', url, rawBody: body, headers: { 'x-hubspot-signature-v3': hubspotV3Signature(SECRET, 'POST', url, body, ts), 'x-hubspot-request-timestamp': ts } };
  };
  /** Replaces the character at `index` with a different one. */
  const mutate = (s: string, index: number, replacement: string): string => `${s.slice(0, index)}${replacement}${s.slice(index + 1)}`;

  it('verifies any body and URI it signed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.webUrl({ withQueryParameters: true, withFragments: false }), (body, url) => {
        expect(verifyHubspotSignature(signed(body, url), [SECRET], NOW)).toEqual({ ok: true });
      }),
      { numRuns: 500 },
    );
  });

  it('fails when any single byte of an ASCII body changes, or any character of a Unicode one', () => {
    const ascii = fc.tuple(fc.string({ minLength: 1 }), fc.integer({ min: 0, max: 127 }).map((b) => String.fromCharCode(b)));
    const unicode = fc.tuple(fc.string({ minLength: 1, unit: 'binary-ascii' }), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }));
    fc.assert(
      fc.property(fc.oneof(ascii, unicode), fc.nat(), ([body, c], at) => {
        const index = at % body.length;
        fc.pre(body[index] !== c);
        const request = signed(body, V2_URI);
        expect(verifyHubspotSignature({ ...request, rawBody: mutate(body, index, c) }, [SECRET], NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
      }),
      { numRuns: 500 },
    );
  });

  it('fails when any single character of the URI changes (other than into an escape HubSpot decodes)', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: false }), fc.nat(), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-_.~/?=&'), (url, at, c) => {
        const index = at % url.length;
        fc.pre(url[index] !== c);
        const request = signed('[]', url);
        expect(verifyHubspotSignature({ ...request, url: mutate(url, index, c) }, [SECRET], NOW).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('fails when any single character of the signature changes', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'), (body, at, c) => {
        const request = signed(body, V2_URI);
        const signature = String(request.headers['x-hubspot-signature-v3']);
        // The last character before '=' carries padding bits that decode identically for some replacements; stay before it.
        const index = at % (signature.length - 2);
        fc.pre(signature[index] !== c);
        expect(verifyHubspotSignature({ ...request, headers: { ...request.headers, 'x-hubspot-signature-v3': mutate(signature, index, c) } }, [SECRET], NOW).ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
