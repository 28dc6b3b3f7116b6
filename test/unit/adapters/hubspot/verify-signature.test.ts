import { Signature } from '@hubspot/api-client';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hubspotSigningUri, hubspotV3Signature, verifyHubspotSignature } from '#adapters/vendors/hubspot/verify-signature';
import type { InboundRequest } from '#ports/webhook-source';

const SECRET = 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy';
const NOW = 1_764_000_000_000;
const URL_ = 'https://hub.example.com/webhooks/hubspot';

function signed(body: string, timestamp = NOW, secret = SECRET, url = URL_): InboundRequest {
  const ts = String(timestamp);
  return { method: 'POST', url, rawBody: body, headers: { 'x-hubspot-signature-v3': hubspotV3Signature(secret, 'POST', url, body, ts), 'x-hubspot-request-timestamp': ts } };
}

describe('verifyHubspotSignature (v3)', () => {
  it('agrees with the official SDK helper for any body, URL and secret', () => {
    fc.assert(
      fc.property(fc.string(), fc.webUrl({ withQueryParameters: true }), fc.string({ minLength: 1 }), (body, url, secret) => {
        const timestamp = String(NOW);
        const ours = hubspotV3Signature(secret, 'POST', url, body, timestamp);
        // The SDK neither decodes the URI nor checks the clock against ours, so compare on URLs without escapes.
        const sdk = Signature.getSignature('POST', 'v3', { clientSecret: secret, requestBody: body, url: hubspotSigningUri(url), timestamp: Number(timestamp) } as never);
        expect(ours).toBe(sdk);
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts a correctly signed request within the window, on either side of now', () => {
    expect(verifyHubspotSignature(signed('[]'), [SECRET], NOW)).toEqual({ ok: true });
    expect(verifyHubspotSignature(signed('[]', NOW - 299_000), [SECRET], NOW).ok).toBe(true);
    expect(verifyHubspotSignature(signed('[]', NOW + 299_000), [SECRET], NOW).ok).toBe(true);
  });

  it('accepts the previous secret during a rotation', () => {
    expect(verifyHubspotSignature(signed('[]', NOW, 'old'), ['new', 'old'], NOW).ok).toBe(true);
  });

  it('rejects any change to body, URL, method or timestamp', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (body, extra) => {
        const request = signed(body);
        expect(verifyHubspotSignature({ ...request, rawBody: body + extra }, [SECRET], NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
        expect(verifyHubspotSignature({ ...request, url: `${URL_}/x` }, [SECRET], NOW).ok).toBe(false);
        expect(verifyHubspotSignature({ ...request, method: 'PUT' }, [SECRET], NOW).ok).toBe(false);
        const ts = String(NOW - 1);
        expect(verifyHubspotSignature({ ...request, headers: { ...request.headers, 'x-hubspot-request-timestamp': ts } }, [SECRET], NOW).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a stale or future timestamp even when the signature is right', () => {
    expect(verifyHubspotSignature(signed('[]', NOW - 301_000), [SECRET], NOW)).toMatchObject({ ok: false, reason: 'stale-timestamp' });
    expect(verifyHubspotSignature(signed('[]', NOW + 301_000), [SECRET], NOW)).toMatchObject({ ok: false, reason: 'stale-timestamp' });
  });

  it('rejects missing headers, a non-numeric timestamp and a signature with characters outside base64', () => {
    const request = signed('[]');
    expect(verifyHubspotSignature({ ...request, headers: {} }, [SECRET], NOW)).toMatchObject({ ok: false, reason: 'missing-signature' });
    expect(verifyHubspotSignature({ ...request, headers: { ...request.headers, 'x-hubspot-request-timestamp': '1e12' } }, [SECRET], NOW)).toMatchObject({ ok: false, reason: 'stale-timestamp' });
    const padded = `${request.headers['x-hubspot-signature-v3']}!`;
    expect(verifyHubspotSignature({ ...request, headers: { ...request.headers, 'x-hubspot-signature-v3': padded } }, [SECRET], NOW).ok).toBe(false);
  });

  it('decodes only the escapes HubSpot decodes before signing', () => {
    expect(hubspotSigningUri('https://h/p%3Aa%2Fb?q=%40x%20y')).toBe('https://h/p:a/b?q=@x%20y');
  });
});
