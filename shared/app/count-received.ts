import type { ChangeEvent } from '#domain/change-event';
import { Dimension, MetricName, type Metrics } from '#ports/metrics';

/**
 * Counts changes a source reported: `ChangesReceived` in all, and `ChangesReceivedFrom` per source and vendor object
 * type, which the health report and the per-integration stoppage alarms set against what went through.
 */
export function countReceived(metrics: Metrics, events: readonly Pick<ChangeEvent, 'source' | 'objectType'>[]): void {
  if (events.length === 0) return;
  metrics.count(MetricName.ChangesReceived, events.length);
  const counts = new Map<string, { source: string; objectType: string; n: number }>();
  for (const { source, objectType } of events) {
    const key = `${source}\u0000${objectType}`;
    const known = counts.get(key);
    if (known) known.n++;
    else counts.set(key, { source, objectType, n: 1 });
  }
  for (const { source, objectType, n } of counts.values()) metrics.countBy(MetricName.ChangesReceivedFrom, { [Dimension.source]: source, [Dimension.sourceObject]: objectType }, n);
}
