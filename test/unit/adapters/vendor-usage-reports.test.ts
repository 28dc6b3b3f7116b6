import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hubspotUsage } from '#adapters/vendors/hubspot/deadline-agent';
import { dailyFromLimits, isTotalRequestsExceeded, limitsProbe, parseLimitInfo } from '#adapters/vendors/salesforce/api-usage';

const usage = fc.record({ used: fc.nat({ max: 10_000_000 }), limit: fc.integer({ min: 1, max: 10_000_000 }) });

describe('parseLimitInfo', () => {
  it('reads used/limit from api-usage wherever it stands among the header’s parts', () => {
    fc.assert(
      fc.property(usage, fc.constantFrom('', 'api-bursts=1/750; ', 'per-app-api-usage=17/250(appName=x); '), fc.constantFrom('', '; api-bursts=1/750', '; per-app-api-usage=17/250(appName=x)'), ({ used, limit }, before, after) => {
        expect(parseLimitInfo(`${before}api-usage=${used}/${limit}${after}`)).toEqual({ used, limit });
      }),
    );
  });

  it('never takes per-app-api-usage for the org’s usage', () => {
    expect(parseLimitInfo('per-app-api-usage=17/250(appName=x)')).toBeUndefined();
  });

  it('rejects a missing or unreadable header', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      const parsed = parseLimitInfo(text);
      if (parsed) expect(text).toMatch(/api-usage=\d+\/\d+/);
    }));
    expect(parseLimitInfo(undefined)).toBeUndefined();
    expect(parseLimitInfo('api-usage=5/0')).toBeUndefined();
  });
});

describe('dailyFromLimits', () => {
  it('reads DailyApiRequests as used = Max - Remaining, numbers or strings', () => {
    fc.assert(
      fc.property(usage, fc.boolean(), ({ used, limit }, asStrings) => {
        const remaining = Math.max(0, limit - used);
        const body = { DailyApiRequests: asStrings ? { Max: String(limit), Remaining: String(remaining) } : { Max: limit, Remaining: remaining }, DailyBulkApiBatches: { Max: 15_000, Remaining: 15_000 } };
        expect(dailyFromLimits(JSON.stringify(body))).toEqual({ used: limit - remaining, limit });
      }),
    );
  });

  it('rejects a body without DailyApiRequests, or not JSON', () => {
    expect(dailyFromLimits('{"DailyBulkApiBatches":{"Max":1,"Remaining":1}}')).toBeUndefined();
    expect(dailyFromLimits('<html>')).toBeUndefined();
  });
});

describe('isTotalRequestsExceeded', () => {
  it('tells the daily allocation’s refusal from the concurrency one', () => {
    expect(isTotalRequestsExceeded('[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]')).toBe(true);
    expect(isTotalRequestsExceeded('[{"message":"ConcurrentPerOrgLongTxn Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]')).toBe(false);
    expect(isTotalRequestsExceeded('[{"message":"no","errorCode":"INSUFFICIENT_ACCESS"}]')).toBe(false);
  });
});

describe('hubspotUsage', () => {
  it('reads the burst window and the daily allocation, whatever the headers’ case', () => {
    fc.assert(
      fc.property(usage, fc.integer({ min: 1, max: 1_000 }), fc.boolean(), ({ used, limit }, max, lower) => {
        const name = (n: string) => (lower ? n.toLowerCase() : n);
        const remaining = Math.max(0, limit - used);
        const headers = {
          [name('X-HubSpot-RateLimit-Max')]: String(max),
          [name('X-HubSpot-RateLimit-Remaining')]: '3',
          [name('X-HubSpot-RateLimit-Interval-Milliseconds')]: '10000',
          [name('X-HubSpot-RateLimit-Daily')]: String(limit),
          [name('X-HubSpot-RateLimit-Daily-Remaining')]: String(remaining),
        };
        expect(hubspotUsage(headers)).toEqual({ burst: { max, intervalMs: 10_000 }, daily: { used: limit - remaining, limit } });
      }),
    );
  });

  it('leaves out what an answer does not report (daily headers are missing on some OAuth-app calls)', () => {
    expect(hubspotUsage({ 'x-hubspot-ratelimit-max': '100', 'x-hubspot-ratelimit-interval-milliseconds': '10000' })).toEqual({ burst: { max: 100, intervalMs: 10_000 } });
    expect(hubspotUsage({})).toEqual({});
  });
});

describe('limitsProbe', () => {
  const request = { method: 'GET' as const, url: 'https://acme.my.salesforce.com/services/data/v62.0/query?q=x', headers: { Authorization: 'Bearer old' } };
  const answering = (statusCode: number, headers: Record<string, string> = {}, body = '') => (async () => ({ statusCode, headers, body })) as unknown as Parameters<typeof limitsProbe>[1];

  it('reads the usage from the answer of GET /limits', async () => {
    const probe = limitsProbe(request, answering(200, { 'sforce-limit-info': 'api-usage=7400/15000' }));
    await expect(probe?.()).resolves.toEqual({ daily: { used: 7_400, limit: 15_000 } });
  });

  it('sends the call itself as the probe when the access token expired during the pause, so the token is refreshed', async () => {
    const probe = limitsProbe(request, answering(401));
    await expect(probe?.()).resolves.toBe('send-the-call');
  });

  it('tells nothing on another refusal', async () => {
    const probe = limitsProbe(request, answering(503));
    await expect(probe?.()).resolves.toBeUndefined();
  });
});
