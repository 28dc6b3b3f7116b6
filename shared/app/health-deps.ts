import type { EnrichmentHealth } from './health-types.ts';
import type { SyncPlan } from '#domain/mapping';
import type { Clock } from '#ports/clock';
import type { MetricsReader } from '#ports/metrics-reader';
import type { QueueDepths } from '#ports/queue-depths';
import type { QuarantineStore, ReviewStore } from '#ports/stores';

/** What `healthReport` (shared/app/health-report.ts) reads. */
export interface HealthDeps {
  plan: Pick<SyncPlan, 'syncs' | 'objects'>;
  metrics: MetricsReader;
  queues: QueueDepths;
  quarantine: Pick<QuarantineStore, 'list'>;
  reviews: Pick<ReviewStore, 'list'>;
  /** The data vendors' credits and last batch runs, where the contract enables one. */
  enrichment?: () => Promise<EnrichmentHealth[]>;
  /** Connectors an operator paused. */
  paused?: () => Promise<readonly string[]>;
  /** A vendor's display name (`hubspot` → `HubSpot`). */
  titleOf?: (vendor: string) => string;
  /** The enabled connectors, whose API calls the quota line counts (default: the systems the syncs name). */
  vendors?: readonly string[];
  /** Vendors with a daily allocation whose use is a metric (`SalesforceBudgetUsed`, ...). */
  budgeted?: readonly string[];
  clock: Clock;
}
