import { Dimension, MetricName, type Metrics } from '#ports/metrics';

/**
 * Where the vendors' own counts go: failed OAuth token refreshes, and the calls of the vendors whose calls no shared
 * budget takes (Outreach, Gong, ZoomInfo; Salesforce's and HubSpot's are counted by their budgets,
 * dynamodb-vendor-budget.ts). Set once per process by the function's wiring (processor-deps.ts, poller-deps.ts,
 * sync-run-deps.ts); read by the vendors' clients, which their readers and writers build without a way to pass it in,
 * as with vendor-budgets.ts. Unset: nothing is counted (tests, the CLI).
 */
let sink: Metrics | undefined;

/** Counts the vendors' refresh failures and calls in `metrics` from now on; `undefined` stops counting them. */
export function countVendorMetricsIn(metrics: Metrics | undefined): void {
  sink = metrics;
}

/** One token refresh of `vendor` failed: refused (a revoked grant, changed app credentials) or unanswered. */
export function oauthRefreshFailed(vendor: string): void {
  sink?.countBy(MetricName.OAuthRefreshFailures, { [Dimension.vendor]: vendor });
}

/** One call to `vendor`'s API went out (answered or not): `VendorCalls`, for the health report's quota line. */
export function vendorCalled(vendor: string): void {
  sink?.countBy(MetricName.VendorCalls, { [Dimension.vendor]: vendor });
}
