import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countVendorMetricsIn } from '#adapters/vendors/vendor-metrics';
import { clearOutreachTokenCache } from '#adapters/vendors/outreach/client';
import { outreachCrm } from '#adapters/vendors/outreach/connector';
import { createSalesforceConnection } from '#adapters/vendors/salesforce/connection';
import { salesforceReader } from '#adapters/vendors/salesforce/reader';
import { startSalesforceSandbox, type SalesforceSandbox } from '#local/sandboxes/index';
import { startOutreachSandbox, type OutreachSandbox } from '#local/sandboxes/outreach/server';
import { MetricName } from '#ports/metrics';
import { CountingMetrics } from '#test/support/fakes';

/** The token refreshes of the real clients against the sandboxes' OAuth endpoints, counted as the alarms read them. */
let metrics: CountingMetrics;
afterEach(() => {
  countVendorMetricsIn(undefined);
  clearOutreachTokenCache();
});

describe('Salesforce token refreshes (jsforce) against the sandbox', () => {
  const CREDS = { clientId: 'refresh-client', clientSecret: 'refresh-secret', refreshToken: 'refresh-grant' };
  let sandbox: SalesforceSandbox;
  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ ...CREDS, accessToken: 'refresh-token' });
  });
  afterAll(() => sandbox.close());

  it('counts a refused refresh (revoked grant) as OAuthRefreshFailures {vendor: salesforce}', async () => {
    metrics = new CountingMetrics();
    countVendorMetricsIn(metrics);
    // No access token: the first call is refused 401, and jsforce refreshes with a grant the org no longer knows.
    const connection = createSalesforceConnection({ instanceUrl: sandbox.url, loginUrl: sandbox.url, ...CREDS, refreshToken: 'revoked-grant' });

    const error = await salesforceReader(connection).read('Contact', '003000000000001AAA', ['Email']).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(metrics.values(MetricName.OAuthRefreshFailures, { vendor: 'salesforce' })).toEqual([1]);
  });

  it('counts nothing when the refresh succeeds', async () => {
    metrics = new CountingMetrics();
    countVendorMetricsIn(metrics);
    const connection = createSalesforceConnection({ instanceUrl: sandbox.url, loginUrl: sandbox.url, ...CREDS });

    await salesforceReader(connection).read('Contact', '003000000000001AAA', ['Email']).catch(() => undefined);

    expect(connection.accessToken).toBeTruthy();
    expect(metrics.byDimensions.size).toBe(0);
  });
});

describe('Outreach token refreshes against the sandbox', () => {
  const APP = { clientId: 'refresh-app', clientSecret: 'refresh-app-secret', refreshToken: 'refresh-app-grant' };
  let sandbox: OutreachSandbox;
  beforeAll(async () => {
    sandbox = await startOutreachSandbox({ ...APP });
  });
  afterAll(() => sandbox.close());
  const secret = (over: Record<string, unknown> = {}) => ({ webhookSecret: 'unused', baseUrl: sandbox.url, ...APP, ...over });

  it('counts a refused refresh token as OAuthRefreshFailures {vendor: outreach}', async () => {
    metrics = new CountingMetrics();
    countVendorMetricsIn(metrics);

    await outreachCrm.reader!(secret({ refreshToken: 'revoked' })).read('prospect', '1001', []).catch(() => undefined);

    expect(metrics.values(MetricName.OAuthRefreshFailures, { vendor: 'outreach' })).toEqual([1]);
  });

  it('counts no failure when the refresh succeeds, only the API call itself', async () => {
    metrics = new CountingMetrics();
    countVendorMetricsIn(metrics);

    await outreachCrm.reader!(secret()).read('prospect', '1001', []);

    expect([...metrics.byDimensions.keys()]).toEqual([`${MetricName.VendorCalls} vendor=outreach`]);
  });
});
