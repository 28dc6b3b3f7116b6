import { MetricName, type Metrics } from '#ports/metrics';
import type { HealthDeps } from './health-deps.ts';

/** What waits for a person, as the health function measures it on its schedule. */
export interface HealthGauges {
  /** Changes in the quarantine. */
  quarantined: number;
  /** Items in the review queue. */
  inReview: number;
  /** Connectors an operator paused. */
  connectorsPaused: number;
}

/**
 * Measures the quarantine, the review queue and the paused set, and emits each size as a gauge (`QuarantineSize`,
 * `ReviewSize`, `ConnectorsPaused`): the counters of changes entering them say nothing of how many still wait. Reads
 * the same stores as `healthReport`, and nothing from CloudWatch: a run costs no GetMetricData request, and a
 * CloudWatch outage does not stop the gauges. A store that cannot be read rejects, and no gauge is emitted, rather
 * than a 0 that would read as "nothing waits". The caller flushes `metrics`.
 */
export async function emitHealthGauges(deps: Pick<HealthDeps, 'quarantine' | 'reviews' | 'paused'>, metrics: Metrics): Promise<HealthGauges> {
  const [quarantined, reviews, paused] = await Promise.all([deps.quarantine.list(), deps.reviews.list(), deps.paused?.() ?? ([] as readonly string[])]);
  const gauges = { quarantined: quarantined.length, inReview: reviews.length, connectorsPaused: paused.length };
  metrics.count(MetricName.QuarantineSize, gauges.quarantined);
  metrics.count(MetricName.ReviewSize, gauges.inReview);
  metrics.count(MetricName.ConnectorsPaused, gauges.connectorsPaused);
  return gauges;
}
