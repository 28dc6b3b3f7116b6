import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Contract } from '#config/contract-schema';
import { dailyShareOf } from '#config/vendor-limits';
import { BudgetMetric, MetricName, type BudgetedVendor, type Metrics } from '#ports/metrics';
import { DynamoDbVendorBudget } from './aws/dynamodb-vendor-budget.ts';
import { useVendorBudget } from './vendors/vendor-budgets.ts';

/**
 * HubSpot's burst window until an answer reports the account's own (`X-HubSpot-RateLimit-Max` per
 * `-Interval-Milliseconds`): 100 calls per 10 s, the lowest tier's and a private app's (vendor-apis §2.7).
 */
const HUBSPOT_DEFAULT_BURST = { max: 100, intervalMs: 10_000 } as const;

/**
 * Takes every Salesforce and HubSpot call this process makes from the vendor's shared budget in the state table
 * (`budget#<vendor>`), for the vendors in `vendors`: the SDK hooks (Salesforce's transport, HubSpot's middleware)
 * read it from vendor-budgets.ts. A call the budget refuses rejects with `VendorPaused`, which the vendor's error
 * classifier passes through unchanged and the rate-limit gate does not retry.
 */
export function budgetVendorCalls(vendors: readonly string[], contract: Contract, documents: DynamoDBDocumentClient, stateTable: string, metrics: Metrics, probeIntervalMs?: number): void {
  for (const vendor of Object.keys(BudgetMetric) as BudgetedVendor[]) {
    // Only sets: the local runner builds the processor and the pollers in one process.
    if (!vendors.includes(vendor)) continue;
    const budget = new DynamoDbVendorBudget(documents, stateTable, {
      vendor,
      dailyShare: dailyShareOf(contract, vendor),
      ...(probeIntervalMs ? { probeIntervalMs } : {}),
      ...(vendor === 'hubspot' ? { burst: HUBSPOT_DEFAULT_BURST } : {}),
      metrics: { sink: metrics, name: BudgetMetric[vendor] },
    });
    useVendorBudget(vendor, budget);
  }
}

/**
 * ZoomInfo's burst limits (vendor-apis §3): 25 requests a second and 1,500 a minute per account. The budget counts
 * fixed windows of half the maximum (12 a second, 720 a minute at most), which keeps both with room for the
 * account's other integrations.
 */
const ENRICHER_BURSTS: Readonly<Record<string, { max: number; intervalMs: number }>> = { zoominfo: { max: 25, intervalMs: 1_000 } };

/**
 * Takes every request of the data vendors in `vendors` (the processors' lookups and the batch's chunks alike) from
 * one budget in the state table (`budget#<vendor>`), so no number of concurrent functions bursts past the vendor's
 * limits. Data vendors report no daily allocation: their budget is the burst window alone (credits are counted by
 * the credit ledger).
 */
export function budgetEnricherCalls(vendors: readonly string[], documents: DynamoDBDocumentClient, stateTable: string, metrics: Metrics): void {
  for (const vendor of vendors) {
    const burst = ENRICHER_BURSTS[vendor];
    if (!burst) continue;
    useVendorBudget(vendor, new DynamoDbVendorBudget(documents, stateTable, { vendor, dailyShare: 1, burst, metrics: { sink: metrics, name: MetricName.VendorCalls } }));
  }
}
