import { afterEach, describe, expect, it } from 'vitest';
import { countVendorMetricsIn } from '#adapters/vendors/vendor-metrics';
import { clearOutreachTokenCache, OutreachClient } from '#adapters/vendors/outreach/client';
import { PermanentError, RetryableError } from '#domain/errors';
import { MetricName } from '#ports/metrics';
import { CountingMetrics } from '#test/support/fakes';

const CREDENTIALS = { baseUrl: 'https://outreach.test', clientId: 'app', clientSecret: 'app-secret', refreshToken: 'grant' };

/** Outreach's token endpoint answering `token`, and its API answering 200 to a bearer it issued. */
function outreach(token: { status: number; body: unknown }): { fetch: typeof fetch; tokenCalls: () => number } {
  let tokenCalls = 0;
  const fetchFake = (async (url: string | URL) => {
    if (String(url).endsWith('/oauth/token')) {
      tokenCalls++;
      return new Response(JSON.stringify(token.body), { status: token.status });
    }
    return new Response(JSON.stringify({ data: [] }), { status: 200 });
  }) as typeof fetch;
  return { fetch: fetchFake, tokenCalls: () => tokenCalls };
}

afterEach(() => {
  countVendorMetricsIn(undefined);
  clearOutreachTokenCache();
});

describe('OutreachClient token refresh failures', () => {
  it('counts a refused refresh once as OAuthRefreshFailures {vendor: outreach}, however many requests waited on it', async () => {
    const metrics = new CountingMetrics();
    countVendorMetricsIn(metrics);
    const api = outreach({ status: 400, body: { error: 'invalid_grant' } });
    const client = new OutreachClient(CREDENTIALS, { fetch: api.fetch });

    const outcomes = await Promise.all([client.request('GET', '/api/v2/prospects/1'), client.request('GET', '/api/v2/prospects/2')].map((p) => p.catch((e: unknown) => e)));

    expect(outcomes.every((o) => o instanceof PermanentError)).toBe(true);
    expect(api.tokenCalls()).toBe(1);
    expect(metrics.values(MetricName.OAuthRefreshFailures, { vendor: 'outreach' })).toEqual([1]);
  });

  it('counts a refresh the token endpoint did not serve (503) as a failure too', async () => {
    const metrics = new CountingMetrics();
    countVendorMetricsIn(metrics);
    const client = new OutreachClient(CREDENTIALS, { fetch: outreach({ status: 503, body: {} }).fetch });

    await expect(client.request('GET', '/api/v2/prospects/1')).rejects.toBeInstanceOf(RetryableError);

    expect(metrics.values(MetricName.OAuthRefreshFailures, { vendor: 'outreach' })).toEqual([1]);
  });

  it('counts no failure when the refresh succeeds, and the API call as one of VendorCalls {vendor: outreach}', async () => {
    const metrics = new CountingMetrics();
    countVendorMetricsIn(metrics);
    const client = new OutreachClient(CREDENTIALS, { fetch: outreach({ status: 200, body: { access_token: 'fresh', expires_in: 7200 } }).fetch });

    await expect(client.request('GET', '/api/v2/prospects/1')).resolves.toMatchObject({ status: 200 });

    expect([...metrics.byDimensions.keys()]).toEqual([`${MetricName.VendorCalls} vendor=outreach`]);
    expect(metrics.values(MetricName.VendorCalls, { vendor: 'outreach' })).toEqual([1]);
  });
});
