import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, METRICS_SERVICE, type MetricDimensions, type MetricName, type Metrics } from '#ports/metrics';

/**
 * CloudWatch EMF metrics through Powertools: namespace `Syncline`, dimension `service=syncline`. A Powertools
 * instance writes one dimension set per document, so each set of dimensions (one integration, one vendor) keeps
 * an instance of its own, and `flush` writes one document per set used in the invocation: a batch of 100 changes of
 * one integration costs one document, not 100.
 */
export class EmfMetrics implements Metrics {
  readonly powertools = new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
  private readonly dimensioned = new Map<string, PowertoolsMetrics>();

  count(name: MetricName, value = 1): void {
    this.powertools.addMetric(name, MetricUnit.Count, value);
  }

  countBy(name: MetricName, dimensions: MetricDimensions, value = 1): void {
    this.of(dimensions).addMetric(name, MetricUnit.Count, value);
  }

  timing(name: MetricName, dimensions: MetricDimensions, ms: number): void {
    this.of(dimensions).addMetric(name, MetricUnit.Milliseconds, Math.max(0, Math.round(ms)));
  }

  /** Writes the EMF documents; call at the end of each invocation. */
  flush(): void {
    this.powertools.publishStoredMetrics();
    for (const metrics of this.dimensioned.values()) metrics.publishStoredMetrics();
    this.dimensioned.clear();
  }

  private of(dimensions: MetricDimensions): PowertoolsMetrics {
    const defined = Object.fromEntries(Object.entries(dimensions).filter((e): e is [string, string] => typeof e[1] === 'string').sort(([a], [b]) => a.localeCompare(b)));
    const key = JSON.stringify(defined);
    let metrics = this.dimensioned.get(key);
    if (!metrics) {
      metrics = new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE, defaultDimensions: defined });
      this.dimensioned.set(key, metrics);
    }
    return metrics;
  }
}
